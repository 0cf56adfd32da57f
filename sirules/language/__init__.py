"""Text -> checked model: floor 1, the ground every other package stands on.

Source files and spans (``source``), keywords and the grammar (``keywords``, ``syntax``), the
parse loop over lark's tables (``lalr``; the tables are taken from lark in ``lalr_tables``), the
syntax nodes and their builder (``nodes``, ``build``), the analyser (the package ``analyse``, one
module per pass) and the vocabulary of names and settings it checks against (``vocabulary``), the
compiled model and its light copy (``model``, ``modelview``), the exact money type (``money``),
diagnostics and the one error type (``diagnostics``), limits, the cache folder and atomic file
writes (``limits``, ``cache``, ``fileio``).

Imports: the standard library, lark, attrs; nothing else of sirules.
"""
