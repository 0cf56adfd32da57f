"""Where a key is in the application's text, for the spans of diagnostics, and the "did you mean"
for unknown words."""

from __future__ import annotations

import re

from ...language.source import Span


# compiled when a span is first asked for (an application without problems never needs them)
_KEY_AT_START = r'^\s*(?:\[\[?\s*)?["\']?([^"\'\s=:\[\]]+)["\']?\s*(?:[=:]|\]\]?)'
_SIMPLE_KEY = r'[^"\'\s=:\[\]]+'


class Locator:
    """Finds the line of a key in the file text (best effort).

    Lines are indexed once by the key they start with, so a file with thousands of unknown keys
    costs linear time, and "did you mean" is worked out for the first 100 unknown words only.
    """

    def __init__(self, path: str, text: str):
        self.path = path
        self.lines = text.splitlines()
        self._index: dict[str, int] | None = None
        self._suggestions = 100

    def close(self, word: str, choices) -> list[str]:
        if self._suggestions <= 0:
            return []
        self._suggestions -= 1
        import difflib
        return difflib.get_close_matches(word, choices, n=1, cutoff=0.6)

    def _lines_of(self, key: str):
        if re.fullmatch(_SIMPLE_KEY, key):
            if self._index is None:
                self._index = {}
                key_at_start = re.compile(_KEY_AT_START).match
                for i, line in enumerate(self.lines, 1):
                    m = key_at_start(line)
                    if m:
                        self._index.setdefault(m.group(1), i)
            i = self._index.get(key)
            return [(i, self.lines[i - 1])] if i else []
        pat = re.compile(r'^\s*(?:\[\[?\s*)?["\']?' + re.escape(key) + r'["\']?\s*(?:[=:]|\]\]?)')
        return ((i, line) for i, line in enumerate(self.lines, 1) if pat.search(line))

    def span(self, key: str, value=None) -> Span:
        for i, line in self._lines_of(str(key)):
            col = line.index(str(key)) + 1
            if value is not None and str(value) in line:
                col = line.index(str(value)) + 1
                return Span(self.path, i, col, i, col + len(str(value)))
            return Span(self.path, i, col, i, col + len(str(key)))
        return Span(self.path, 1, 1, 1, 1)
