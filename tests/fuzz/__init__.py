"""Fuzzing sirules: a campaign runner (``python -m tests.fuzz``) and regression cases.

See :mod:`tests.fuzz.runner` for the campaign, :mod:`tests.fuzz.targets` for what is
fed to sirules, and ``tests/fuzz/cases/`` for the inputs that once crashed it.
"""
