"""Writing a ``sirules compare`` document for a terminal: plain text, and rich tables on a terminal.

Both draw tables with :func:`layout_table`, which fits the columns to the width and pages a table
too wide for it. Nothing here imports rich except :func:`print_rich`, which runs only on a terminal.
"""

from __future__ import annotations

import textwrap

from ..language.printable import printable
from .doc import W, Heading, Table, Text

# ---- plain text ----------------------------------------------------------------------------

def _plain(para) -> str:
    """A paragraph's text, with control characters from a file shown (:func:`printable`)."""
    return printable("".join(f.text for f in para))


def _wrap(text: str, width: int) -> list[str]:
    return textwrap.wrap(text, width=max(1, width), break_long_words=True, break_on_hyphens=False) or [""]


def _fit(total: int, natural: list[int], minimum: int) -> list[int]:
    """Share ``total`` among columns: narrow ones keep their natural width, the rest split what is left."""
    if sum(natural) <= total:
        return list(natural)
    widths = [0] * len(natural)
    left, todo = total, sorted(range(len(natural)), key=lambda i: natural[i])
    while todo:
        share = max(minimum, left // len(todo))
        i = todo.pop(0)
        widths[i] = min(natural[i], share) if natural[i] <= share else share
        left -= widths[i]
    return widths


def layout_table(t: Table, width: int) -> tuple[int, int, list[list[tuple[int, int]]]]:
    """(mark width, label width, pages of (column index, width)) for a table drawn ``width`` wide."""
    body = [r for r in t.rows if not r.group]
    mark = 2 if any(r.mark for r in t.rows) else 0
    label_w = min(t.label_max, max([len(t.header[0])] + [len(_plain(p)) for r in body for p in r.cells[0]]))
    label_w = max(label_w, 1)
    n = len(t.header) - 1
    natural = []
    for j in range(1, n + 1):
        lens = [len(t.header[j])] + [len(_plain(p)) for r in body for p in r.cells[j]]
        natural.append(max(1, min(max(lens), 200)))
    avail = width - mark - label_w
    if n and avail < n * (t.min_width + 2) and label_w > 20:     # a narrower first column saves a page
        label_w = max(20, width - mark - n * (t.min_width + 2))
        avail = width - mark - label_w
    per_page = max(1, min(n, avail // (t.min_width + 2)))
    if sum(natural) + 2 * n <= avail:
        per_page = n
    pages_n = -(-n // per_page) if n else 1
    per_page = -(-n // pages_n) if n else 0
    pages = []
    for p in range(pages_n):
        idx = list(range(1 + p * per_page, 1 + min(n, (p + 1) * per_page)))
        room = avail - 2 * len(idx)
        widths = _fit(room, [natural[j - 1] for j in idx], min(t.min_width, max(1, room // max(1, len(idx)))))
        pages.append(list(zip(idx, widths)))
    return mark, label_w, pages


def _text_table(t: Table, width: int, lang: str) -> list[str]:
    mark, label_w, pages = layout_table(t, width)
    out = []
    for p, cols in enumerate(pages):
        if len(pages) > 1:
            out.append(f"({W[lang]['page'].format(i=p + 1, n=len(pages))})")
        spec = [(0, label_w)] + cols
        head = _text_row(tuple((printable(t.header[j]),) for j, _ in spec), spec, mark, False)
        if any(t.header):
            out.extend(head)
            out.append(" " * mark + "  ".join("-" * w for _, w in spec))
        for r in t.rows:
            if r.group:
                if out and out[-1] != "" and not out[-1].startswith(("-", " " * mark + "-")):
                    out.append("")
                out.append(("≠ " if r.mark else " " * mark) + _plain(r.cells[0][0]))
                continue
            cells = tuple(tuple(_plain(p) for p in r.cells[j]) for j, _ in spec)
            lines = _text_row(cells, spec, mark, r.mark)
            out.extend(lines)
            if len(lines) > 1 and len(spec) > 2 and t.spaced:
                out.append("")
        out.append("")
    return out


def _text_row(cells, spec, mark: int, marked: bool) -> list[str]:
    wrapped = []
    for paras, (_, w) in zip(cells, spec):
        lines = [line for para in paras for line in _wrap(para, w)]
        wrapped.append(lines)
    height = max(len(c) for c in wrapped)
    out = []
    for k in range(height):
        prefix = ("≠ " if marked and k == 0 else "  ") if mark else ""
        parts = [(c[k] if k < len(c) else "").ljust(w) for c, (_, w) in zip(wrapped, spec)]
        out.append((prefix + "  ".join(parts)).rstrip())
    return out


def to_text(doc: list, width: int = 100, lang: str = "en") -> str:
    out: list[str] = []
    for block in doc:
        if isinstance(block, Heading):
            if out and out[-1] != "":
                out.append("")
            heading = printable(block.text)
            out.append(heading)
            out.append(("=" if block.level == 1 else "-") * min(width, len(heading)))
        elif isinstance(block, Text):
            out.extend(_wrap(_plain(block.frags), width))
            out.append("")
        elif isinstance(block, Table):
            out.extend(_text_table(block, width, lang))
    lines = [line for k, line in enumerate(out) if line or (k and out[k - 1])]   # no double blank lines
    while lines and lines[-1] == "":
        lines.pop()
    return "\n".join(printable(line) for line in lines) + "\n"


# ---- rich ----------------------------------------------------------------------------------

RICH = {"cite": "dim", "dim": "dim", "mark": "bold yellow", "strong": "bold", "accepted": "green",
        "rejected": "bold red", "incomplete": "yellow", "error": "bold magenta", "tightened": "bold red",
        "loosened": "bold green"}


def print_rich(doc: list, console, lang: str = "en") -> None:
    """Draw the document on a terminal (the only place rich is used)."""
    from rich.text import Text as RText

    def text(paras) -> RText:
        t = RText()
        for k, para in enumerate(paras):
            if k:
                t.append("\n")
            for f in para:
                t.append(printable(f.text), RICH.get(f.style or "", ""))
        return t

    for block in doc:
        if isinstance(block, Heading):
            console.print()
            console.print(RText(printable(block.text), "bold underline" if block.level == 1 else "bold"))
        elif isinstance(block, Text):
            console.print(text((block.frags,)))
            console.print()
        elif isinstance(block, Table):
            _rich_table(block, console, lang, text)
            console.print()


def _rich_table(block: Table, console, lang: str, text) -> None:
    """One rich table per group of rows, all with the same column widths; a group's heading is the
    table's title, so a long heading is never squeezed into the first column."""
    from rich import box
    from rich.table import Table as RTable
    from rich.text import Text as RText

    mark, label_w, pages = layout_table(block, console.width - 2 * (len(block.header) + 1))
    for p, cols in enumerate(pages):
        segments: list = []
        for r in block.rows:
            if r.group:
                segments.append((r, []))
            elif segments:
                segments[-1][1].append(r)
            else:
                segments.append((None, [r]))
        if len(pages) > 1:
            console.print(RText(W[lang]["page"].format(i=p + 1, n=len(pages)), "dim"))
        def new(header: bool, title=None, cols=cols) -> RTable:
            rt = RTable(box=box.SIMPLE_HEAD, show_header=header, pad_edge=False, title=title,
                        title_justify="left", show_edge=False)
            if mark:
                rt.add_column("", width=1, no_wrap=True)
            rt.add_column(RText(printable(block.header[0])), width=label_w, overflow="fold")
            for j, w in cols:
                rt.add_column(RText(printable(block.header[j])), width=w, overflow="fold")
            return rt

        if any(block.header) and segments and segments[0][0] is not None:
            console.print(new(True))                  # the column headings above the first group
        for k, (group, rows) in enumerate(segments):
            title = RText(("≠ " if group.mark else "") + _plain(group.cells[0][0]), "bold") if group else None
            if k and title is not None:
                console.print()
            rt = new(k == 0 and group is None and any(block.header), title)
            for r in rows:
                flag = [RText("≠", "bold yellow") if r.mark else RText("")] if mark else []
                rt.add_row(*flag, text(r.cells[0]), *[text(r.cells[j]) for j, _ in cols])
            console.print(rt)
