"""The Pygments lexer for sirules guidelines, for the docs: it lives in :mod:`sirules.lexer`."""

from sirules.lexer import SirLexer

__all__ = ["SirLexer"]
