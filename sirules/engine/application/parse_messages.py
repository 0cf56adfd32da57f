"""What Python's TOML and JSON readers say about a file they cannot read, in the guideline's language.

``tomllib`` and ``json`` say it in English (``Expected '=' after a key in a key/value pair``); their
messages are few and fixed, so each is a msgid of the catalogue here, and :func:`said` gives the
:func:`~sirules.language.i18n.later` text of one (its place is already cut off: the diagnostic's span
shows it). A message not known here (a newer Python's) is shown as it is.
"""

from __future__ import annotations

import re

from ...language.i18n import later, mark

#: tomllib's and json's messages without a value
FIXED = frozenset((
    mark("Cannot overwrite a value"), mark("Escaped character is not a Unicode scalar value"),
    mark("Expected '=' after a key in a key/value pair"), mark("Expected ']' at the end of a table declaration"),
    mark("Expected ']]' at the end of an array declaration"), mark("Invalid date or datetime"),
    mark("Invalid hex value"), mark("Invalid initial character for a key part"), mark("Invalid statement"),
    mark("Invalid value"), mark("Unclosed array"), mark("Unclosed inline table"), mark("Unescaped '\\' in a string"),
    mark("Unterminated string"),
    mark("Expecting ',' delimiter"), mark("Expecting ':' delimiter"), mark("Expecting value"), mark("Extra data"),
    mark("Unterminated string starting at"), mark("Expecting property name enclosed in double quotes"),
    mark("Invalid control character at"), mark("Invalid \\escape"), mark("Invalid \\uXXXX escape"),
))

#: tomllib's messages with a value: (pattern, msgid)
WITH_VALUE = (
    (re.compile(r"Cannot declare (.+) twice"), mark("Cannot declare {value} twice")),
    (re.compile(r"Cannot mutate immutable namespace (.+)"), mark("Cannot mutate immutable namespace {value}")),
    (re.compile(r"Cannot redefine namespace (.+)"), mark("Cannot redefine namespace {value}")),
    (re.compile(r"Duplicate inline table key (.+)"), mark("Duplicate inline table key {value}")),
    (re.compile(r"Found invalid character (.+)"), mark("Found invalid character {value}")),
    (re.compile(r"Illegal character (.+)"), mark("Illegal character {value}")),
    (re.compile(r"Expected (.+)"), mark("Expected {value}")),
)


def said(message: str) -> str:
    """``message`` of tomllib or json as a text to translate (English as it was until shown)."""
    if message in FIXED:
        return later(message)
    for pattern, msgid in WITH_VALUE:
        m = pattern.fullmatch(message)
        if m:
            return later(msgid, value=m.group(1))
    return message
