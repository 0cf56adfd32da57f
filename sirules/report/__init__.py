"""Rendering at the edge: floor 3.

Results, diagnostics, obligations and suggestions as plain text and JSON (``render``), and as rich
tables on a terminal (``richtext``; rich is imported here and in :mod:`sirules.cli` only).

Imports: :mod:`sirules.language`, :mod:`sirules.engine`; not its neighbours on floor 3.
"""
