"""Text from a file made safe to show: control characters written out instead of obeyed.

A guideline, an application or a file name can hold characters a terminal obeys rather than
shows: an escape sequence (``\\x1b[2K\\r`` clears the line, so ``REJECTED`` can be overwritten
with ``ACCEPTED``), a carriage return, a line break that forges a line of the report, a C1
control, a bidirectional override that shows text in another order than it is read (Trojan
Source). :func:`printable` writes each of them as a visible escape (``\\x1b``, ``\\n``,
``\\u202e``); every writer for a terminal passes text from a file through it (plain text reports,
rich tables, diagnostics, ``compare``). :func:`json_safe` does the same for JSON text, where
``json.dumps`` already escapes the C0 controls but not DEL, C1, the line separators or the
bidirectional controls.

Ordinary text (letters of any script, tabs only where kept) comes back unchanged, mostly at the
cost of one ``str.isprintable()``.
"""

from __future__ import annotations

import re

#: the bidirectional controls: embeddings and overrides, isolates, marks (Trojan Source)
BIDI = "\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"

#: C0 controls, DEL and C1 controls, the line and paragraph separators, the bidirectional
#: controls and lone surrogates (which a strict UTF-8 stream cannot even write)
_UNSAFE_CHARS = "[\x00-\x1f\x7f-\x9f\u2028\u2029" + BIDI + "\ud800-\udfff]"
#: the same without the C0 controls, which json.dumps escapes itself
_JSON_UNSAFE_CHARS = "[\x7f-\x9f\u2028\u2029" + BIDI + "\ud800-\udfff]"
#: the patterns, compiled when first needed (about a millisecond each: the start of every command
#: would pay for them, while ordinary text never needs them)
_COMPILED: dict = {}


def _pattern(chars: str) -> re.Pattern:
    if chars not in _COMPILED:
        _COMPILED[chars] = re.compile(chars)
    return _COMPILED[chars]


_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def _escape(m: re.Match) -> str:
    ch = m.group()
    if ch in _NAMED:
        return _NAMED[ch]
    n = ord(ch)
    return f"\\x{n:02x}" if n < 0x100 else f"\\u{n:04x}"


def printable(text: str, keep: str = "") -> str:
    """``text`` with every control character shown as an escape (``\\x1b``, ``\\n``, ``\\u202e``).

    ``keep`` names characters left as they are: ``keep="\\n"`` for a whole report whose line
    breaks are the program's own (each line's text from a file is escaped already, or holds none).
    """
    if text.isprintable():                                   # the fast way out
        return text
    unsafe = _pattern(_UNSAFE_CHARS)
    if unsafe.search(text) is None:
        return text
    if keep:
        return unsafe.sub(lambda m: m.group() if m.group() in keep else _escape(m), text)
    return unsafe.sub(_escape, text)


def printable_lines(lines) -> str:
    """The lines joined by line breaks, each line passed through :func:`printable` (so a line break
    inside one of them is shown as ``\\n``, not obeyed)."""
    return "\n".join(printable(line) for line in lines)


def json_safe(text: str) -> str:
    """JSON text with the characters :func:`json.dumps` leaves raw (DEL, C1, line separators,
    bidirectional controls, lone surrogates) written as ``\\uXXXX``; the JSON decodes to the same values (these
    characters only occur inside strings)."""
    # every character to escape is one str.isprintable() refuses; line breaks and indentation are
    # the only others a JSON text holds outside its strings
    if text.isprintable() or text.replace("\n", "").isprintable():
        return text
    unsafe = _pattern(_JSON_UNSAFE_CHARS)
    if unsafe.search(text) is None:
        return text
    return unsafe.sub(lambda m: f"\\u{ord(m.group()):04x}", text)
