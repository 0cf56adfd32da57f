"""Rendering at the edge: floor 3.

Results and diagnostics as plain text and JSON (``render``, which also gives the names of the
modules below), obligations (``obligations``), the socio-economic calculation (``calculation``) and
suggestions (``suggestions``) as text and CSV, and all of them as rich tables on a terminal
(``richtext``; rich is imported here and in :mod:`sirules.cli` only).

Imports: :mod:`sirules.language`, :mod:`sirules.engine`; not its neighbours on floor 3.
"""
