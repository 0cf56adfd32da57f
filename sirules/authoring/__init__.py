"""Tools for the people who write guidelines: floor 3.

The formatter (``formatter``), lint (``lint``), application templates and the JSON schema
(``template``, ``schema``), the Pygments lexer (``lexer``) and the runner of a guideline's own
tests (``testing``, behind ``sirules test``).

Imports: :mod:`sirules.language`, :mod:`sirules.engine`; not its neighbours on floor 3.
"""
