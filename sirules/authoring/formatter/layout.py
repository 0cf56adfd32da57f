"""The lines of formatted text, with the source's comments placed around the statements: a comment
before a statement stays before it, one at the end of its line stays there, one inside a
multi-line statement moves above it, and a blank line of the source stays one blank line."""

from __future__ import annotations

WIDTH = 100
INDENT = "  "


class Layout:
    """The output lines so far and the source's comments not yet placed."""

    def __init__(self, comments, text: str | None = None):
        self.out: list[str] = []
        # the source's blank lines, where the source is known: a statement's span ends at its last
        # token, so a line holding only its closing parenthesis would otherwise count as a gap
        self.blanks = None if text is None else {i for i, line in enumerate(text.splitlines(), 1) if not line.strip()}
        self.comments = sorted((line, col, text.rstrip()) for line, col, text in comments)  # no trailing blanks
        self.ci = 0
        self.prev_end = 0            # source line where the last emitted statement ended
        self.last_src = 0            # source line of the last thing emitted (statement or comment)

    def statement(self, lines: list[str], span, indent: str = "") -> None:
        """Emit a statement's lines with the comments around it."""
        if span is not None:
            start, scol, end = span.line, span.column, span.end_line
            while self.ci < len(self.comments):
                line, col, text = self.comments[self.ci]
                if line < start or (line == start and col < scol):
                    self.comment(line, text, indent)
                elif line < end:                 # inside a multi-line statement: move above it
                    self.out.append(indent + text)
                else:
                    break
                self.ci += 1
            if self.last_src and self._blank_between(self.last_src, start):
                self.blank()
            self.prev_end = end
            self.last_src = end
        self.out.extend(indent + line if line else "" for line in lines)

    def indented_comments(self, span) -> None:
        """Indented comments after the last line of a block belong to the block."""
        if span is None:
            return
        while self.ci < len(self.comments):
            line, col, text = self.comments[self.ci]
            if line >= span.line or col == 1:
                break
            self.comment(line, text, INDENT)
            self.ci += 1

    def comment(self, line: int, text: str, indent: str) -> None:
        if line == self.prev_end and self.out and self.out[-1].strip() and not self.out[-1].lstrip().startswith("#"):
            self.out[-1] += "  " + text
        else:
            if self.last_src and self._blank_between(self.last_src, line):
                self.blank()
            self.out.append(indent + text)
        self.last_src = line

    def blank(self) -> None:
        # a comment at the end of the last statement's line stays on it, before the blank line
        while self.ci < len(self.comments) and self.prev_end and self.comments[self.ci][0] == self.prev_end:
            self.comment(self.prev_end, self.comments[self.ci][2], "")
            self.ci += 1
        if self.out and self.out[-1] != "":
            self.out.append("")

    def _blank_between(self, a: int, b: int) -> bool:
        """Is there a blank line in the source between lines ``a`` and ``b``?"""
        if self.blanks is None:
            return b - a > 1
        return any(i in self.blanks for i in range(a + 1, b))

    def gap(self, span) -> bool:
        """Was there a blank line in the source before this statement?"""
        if span is None or not self.prev_end:
            return True
        if self.blanks is not None:
            return any(i in self.blanks for i in range(self.prev_end + 1, span.line))
        return span.line - self.prev_end > 1 and not self._only_comments(self.prev_end + 1, span.line - 1)

    def _only_comments(self, a: int, b: int) -> bool:
        lines = {c[0] for c in self.comments}
        return all(i in lines for i in range(a, b + 1))

    def text(self) -> str:
        """The whole text, with the comments after the last statement."""
        while self.ci < len(self.comments):
            line, _, text = self.comments[self.ci]
            self.comment(line, text, "")
            self.ci += 1
        return "\n".join(self.out).rstrip("\n") + "\n"
