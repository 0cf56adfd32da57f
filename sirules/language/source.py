"""Source files and spans: where a piece of text came from.

Neither class uses attrs: every command imports this module, and importing attrs costs more
start-up time than a warm ``sirules check`` spends on everything else.
"""

from __future__ import annotations

import bisect
from collections import namedtuple


class Span(namedtuple("Span", "file line column end_line end_column")):
    """A range in a source file; lines and columns are 1-based, end exclusive. Immutable."""
    __slots__ = ()

    def __str__(self) -> str:
        return f"{self.file}:{self.line}:{self.column}"


class SourceFile:
    """The text of a guideline or application file with a line index. Read-only."""
    __slots__ = ("path", "text", "_starts")

    def __init__(self, path: str, text: str) -> None:
        self.path = path
        self.text = text
        starts = [0]
        find, i = text.find, 0
        while (i := find("\n", i) + 1) > 0:
            starts.append(i)
        self._starts = tuple(starts)

    def __repr__(self) -> str:
        return f"SourceFile(path={self.path!r}, text=<{len(self.text)} characters>)"

    def line_text(self, line: int) -> str:
        """The text of 1-based ``line`` without its newline ('' when out of range)."""
        if line < 1 or line > len(self._starts):
            return ""
        start = self._starts[line - 1]
        end = self._starts[line] - 1 if line < len(self._starts) else len(self.text)
        return self.text[start:end].rstrip("\r")

    def columns(self, line: int, column: int, end_column: int) -> str:
        """The text of 1-based ``line`` from ``column`` up to ``end_column`` (exclusive)."""
        if line < 1 or line > len(self._starts):
            return ""
        start = self._starts[line - 1]
        end = self._starts[line] - 1 if line < len(self._starts) else len(self.text)
        return self.text[start + column - 1:min(end, start + end_column - 1)]

    def position(self, offset: int) -> tuple[int, int]:
        """(line, column) of a 0-based character offset."""
        i = bisect.bisect_right(self._starts, offset) - 1
        return i + 1, offset - self._starts[i] + 1

    def span(self, start: int, end: int) -> Span:
        line, col = self.position(start)
        eline, ecol = self.position(max(start, end))
        return Span(self.path, line, col, eline, ecol)

    def point(self, line: int, column: int, width: int = 1) -> Span:
        return Span(self.path, line, column, line, column + width)


#: texts of the files read in this process, newest last, so that a diagnostic can show a line of a
#: file without opening it again (a named pipe can be read only once; a device never ends)
_kept: dict[str, str] = {}
_kept_size = [0]
_KEEP_CHARACTERS = 16_000_000


def keep(path: str, text: str) -> None:
    """Remember the text read from ``path`` (the oldest are forgotten past 16 million characters)."""
    old = _kept.pop(path, None)
    _kept[path] = text
    _kept_size[0] += len(text) - (len(old) if old is not None else 0)
    while _kept_size[0] > _KEEP_CHARACTERS and len(_kept) > 1:
        _kept_size[0] -= len(_kept.pop(next(iter(_kept))))


def kept(path: str) -> str | None:
    """The text last read from ``path`` in this process, or None."""
    return _kept.get(path)
