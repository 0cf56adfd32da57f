"""The Pygments lexer for sirules guidelines, for the docs: it lives in :mod:`sirules.authoring.lexer`."""

from sirules.authoring.lexer import SirLexer

__all__ = ["SirLexer"]
