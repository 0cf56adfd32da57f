"""Nodes to canonical text: ``sirules fmt``.

One canonical layout; every comment kept (comments inside a multi-line statement
move to the line above it); optional translation of keywords and standard names
between Swedish and English. ``parse(format(g)) == g`` and ``format`` is stable.

The package: :mod:`.items` writes the statements, :mod:`.expressions` the expressions and the
words of the target language, :mod:`.layout` places the lines, blank lines and comments.
"""

from __future__ import annotations

from ...language import nodes as n
from .items import _Formatter
from .layout import INDENT, WIDTH  # noqa: F401  (the layout's constants, as before the split)


def format_guideline(g: n.Guideline, lang: str | None = None, text: str | None = None) -> str:
    """The guideline in the canonical layout; ``text``, the source it was parsed from, tells where
    its blank lines are (without it, a gap between two statements' lines counts as one)."""
    return _Formatter(g, lang or g.lang, text).run()
