"""What Python's TOML, JSON and YAML readers say about a file they cannot read, in the guideline's language.

``tomllib``, ``json`` and PyYAML (with libyaml's parser or its own) say it in English (``Expected '=' after a key in a key/value pair``); their
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
    # PyYAML's problems (libyaml's words, then PyYAML's own where they differ)
    mark("mapping values are not allowed in this context"), mark("mapping values are not allowed here"),
    mark("did not find expected key"), mark("did not find expected node content"),
    mark("could not find expected ':'"), mark("found unexpected end of stream"), mark("found undefined alias"),
    mark("found character that cannot start any token"), mark("found unknown escape character"),
    mark("did not find expected ',' or ']'"), mark("did not find expected ',' or '}'"),
    mark("did not find expected '-' indicator"), mark("found unexpected ':'"),
    mark("found a tab character that violates indentation"),
    mark("found a tab character where an indentation space is expected"),
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
    (re.compile(r"found undefined alias (.+)"), mark("found undefined alias {value}")),
    (re.compile(r"found character (.+) that cannot start any token"),
     mark("found character {value} that cannot start any token")),
    (re.compile(r"found unknown escape character (.+)"), mark("found unknown escape character {value}")),
    (re.compile(r"expected (.+), but found (.+)"), mark("expected {value}, but found {other}")),
    (re.compile(r"expected (.+), but got (.+)"), mark("expected {value}, but found {other}")),
)


def said(message: str) -> str:
    """``message`` of tomllib, json or PyYAML as a text to translate (English as it was until shown)."""
    if message in FIXED:
        return later(message)
    for pattern, msgid in WITH_VALUE:
        m = pattern.fullmatch(message)
        if m:
            return later(msgid, value=m.group(1), **({"other": m.group(2)} if m.lastindex == 2 else {}))
    return message
