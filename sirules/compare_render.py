"""Rendering ``sirules compare``: plain text, rich terminal tables, markdown, csv, json and html.

Each report is first laid out as a small document (headings, paragraphs and tables whose cells are
paragraphs of styled fragments); one writer per format turns that document into text, so every
format shows the same thing. CSV and JSON are written from the data of :mod:`sirules.compare`
directly. Nothing here imports rich except :func:`print_rich`, which runs only on a terminal.
"""

from __future__ import annotations

import csv
import html
import io
import json
import textwrap

import attrs

from .compare_changes import ChangeSet
from .compare_data import TOPICS, Comparison
from .compare_matrix import VERDICTS, Matrix

FORMATS = ("text", "markdown", "csv", "json", "html")
LAYOUTS = ("auto", "table", "list")

# ---- the document ------------------------------------------------------------------------


@attrs.frozen
class Frag:
    text: str
    style: str | None = None           # cite | dim | mark | strong | a verdict | a direction


@attrs.frozen
class Row:
    cells: tuple                       # one tuple of paragraphs (tuples of Frag) per column
    mark: bool = False                 # the guidelines differ here
    group: bool = False                # a heading row spanning the table (only cells[0] is used)


@attrs.frozen
class Table:
    header: tuple[str, ...]
    rows: tuple[Row, ...]
    min_width: int = 16                # narrowest useful value column; narrower pages the table
    label_max: int = 24                # widest first column
    spaced: bool = True                # a blank line after a row that takes several lines
    css: str = ""                      # a class for the html table


@attrs.frozen
class Heading:
    text: str
    level: int = 2


@attrs.frozen
class Text:
    frags: tuple[Frag, ...]


W = {
    "en": {"heading": "Comparing {n} guidelines", "guideline": "guideline", "title": "title", "file": "file",
           "concept": "concept",
           "legend": "≠ marks a concept where the guidelines differ. Every value cites its clause: § section "
                     "and line of the guideline file. Values are compared by their canonical keys, so a guideline "
                     "written with Swedish keywords compares with one written in English.",
           "none": "not stated", "page": "page {i} of {n}", "changes": "Changes from {a} to {b}",
           "counts": "{n} changes: {t} tightened, {l} loosened, {o} other",
           "no_changes": "No differences.", "change": "change",
           "added": "added", "removed": "removed", "changed": "changed", "tightened": "tightened",
           "loosened": "loosened", "behaviour": "{m} applications through {n} guidelines",
           "application": "application", "summary": "Summary", "agree": "The guidelines give the same verdict "
                                                                        "on {u} of {m} applications and differ on {d}.",
           "pairs": "Same verdict, pair by pair (out of {m} applications)", "verdicts": "Verdicts per guideline",
           "disagreements": "Disagreements and unreadable applications: the rules that decide them", "verdict": "verdict",
           "deciding": "deciding rules and missing parts", "accepted": "accepted", "rejected": "rejected",
           "incomplete": "incomplete", "error": "error",
           "codes": "acc accepted, REJ rejected, inc incomplete, ERR the guideline cannot read the application; "
                    "≠ marks an application the guidelines disagree on.",
           "not_in_force": "not in force", "date": "as in force on {d}"},
    "sv": {"heading": "Jämförelse av {n} riktlinjer", "guideline": "riktlinje", "title": "titel", "file": "fil",
           "concept": "begrepp",
           "legend": "≠ markerar ett begrepp där riktlinjerna skiljer sig åt. Varje värde hänvisar till sin "
                     "klausul: § avsnitt och rad i riktlinjens fil. Värdena jämförs med sina kanoniska nycklar, så "
                     "en riktlinje med svenska nyckelord kan jämföras med en på engelska.",
           "none": "anges inte", "page": "sida {i} av {n}", "changes": "Ändringar från {a} till {b}",
           "counts": "{n} ändringar: {t} skärpta, {l} lättade, {o} övriga",
           "no_changes": "Inga skillnader.", "change": "ändring",
           "added": "tillagd", "removed": "borttagen", "changed": "ändrad", "tightened": "skärpt",
           "loosened": "lättad", "behaviour": "{m} ansökningar genom {n} riktlinjer",
           "application": "ansökan", "summary": "Sammanfattning", "agree": "Riktlinjerna ger samma besked om {u} "
                                                                          "av {m} ansökningar och olika om {d}.",
           "pairs": "Samma besked, par för par (av {m} ansökningar)", "verdicts": "Besked per riktlinje",
           "disagreements": "Oenigheter och oläsbara ansökningar: reglerna som avgör dem", "verdict": "besked",
           "deciding": "avgörande regler och delar som saknas", "accepted": "beviljas", "rejected": "avslås",
           "incomplete": "ofullständig", "error": "fel",
           "codes": "acc beviljas, REJ avslås, inc ofullständig, ERR riktlinjen kan inte läsa ansökan; "
                    "≠ markerar en ansökan där riktlinjerna ger olika besked.",
           "not_in_force": "inte i kraft", "date": "i kraft {d}"},
}
CODES = {"accepted": "acc", "rejected": "REJ", "incomplete": "inc", "error": "ERR"}


def _p(text: str, style: str | None = None) -> tuple:
    """A paragraph of one fragment."""
    return (Frag(text, style),)


def _c(text: str, style: str | None = None) -> tuple:
    """A cell of one paragraph."""
    return (_p(text, style),)


# ---- documents -----------------------------------------------------------------------------

def _columns_table(columns, lang: str) -> Table:
    w = W[lang]
    rows = []
    for c in columns:
        about = [c.title + (f" ({c.body})" if c.body else "")]
        about += [w["date"].format(d=c.on.isoformat())] if c.on else []
        cell = (_p("; ".join(about)), _p(c.path, "dim")) + tuple(_p(n, "mark") for n in c.notes)
        rows.append(Row((_c(c.label, "strong"), cell)))
    return Table((w["guideline"], f"{w['title']} / {w['file']}"), tuple(rows), min_width=20, label_max=30,
                 spaced=False)


def _cell(cell, lang: str, short: bool) -> tuple:
    """Items as paragraphs; consecutive parts or settings from one line share their citation."""
    if not cell.items:
        return (_p("—", "dim"),)
    paras, run = [], []

    def flush():
        if run:
            cite = run[0].cite(lang, short)
            text = ", ".join(i.text for i in run)
            paras.append((Frag(text),) + ((Frag(f" ({cite})", "cite"),) if cite else ()))
            run.clear()
    for item in cell.items:
        joinable = item.strength in ("part", None) and item.line
        if run and not (joinable and run[0].line == item.line and run[0].strength == item.strength):
            flush()
        run.append(item)
        if not joinable:
            flush()
    flush()
    return tuple(paras)


def _wanted(comp: Comparison, differences: bool):
    return [c for c in comp.concepts if c.differs or not differences]


def structure_doc(comp: Comparison, layout: str = "table", short: bool = False,
                  differences: bool = False) -> list:
    w = W[comp.lang]
    doc = [Heading(w["heading"].format(n=len(comp.columns)), 1), _columns_table(comp.columns, comp.lang),
           Text(_p(w["legend"]))]
    concepts = _wanted(comp, differences)
    if not concepts:
        return doc + [Text(_p(w["no_changes"]))]
    if layout == "list":
        return doc + _list_layout(comp, concepts, short)
    rows, topic = [], None
    for c in concepts:
        if c.topic != topic:
            topic = c.topic
            rows.append(Row((_c(comp.topic_label(topic), "strong"),), group=True))
        rows.append(Row((_c(c.label),) + tuple(_cell(cell, comp.lang, short) for cell in c.cells), mark=c.differs))
    return doc + [Table((w["concept"],) + tuple(col.label for col in comp.columns), tuple(rows))]


def _list_layout(comp: Comparison, concepts, short: bool) -> list:
    """Concepts down the page, one line per guideline: readable however many guidelines there are."""
    w = W[comp.lang]
    out, topic, rows = [], None, []
    for c in concepts:
        if c.topic != topic:
            if rows:
                out.append(Table(("", ""), tuple(rows), min_width=20))
            topic, rows = c.topic, []
            out.append(Heading(comp.topic_label(topic), 2))
        rows.append(Row((_c(c.label, "strong"),), mark=c.differs, group=True))
        groups: dict = {}
        for j, cell in enumerate(c.cells):
            if cell.items:
                groups.setdefault(cell.key, []).append(j)
        for js in groups.values():
            for j in js:
                rows.append(Row((_c("  " + comp.columns[j].label), _cell(c.cells[j], comp.lang, short))))
        empty = [comp.columns[j].label for j, cell in enumerate(c.cells) if not cell.items]
        if empty:
            rows.append(Row((_c("  —", "dim"), _c(f"{w['none']}: " + ", ".join(empty), "dim"))))
    if rows:
        out.append(Table(("", ""), tuple(rows), min_width=20))
    return out


def _item_paras(item, lang: str, short: bool) -> tuple:
    if item is None:
        return (_p("—", "dim"),)
    cite = item.cite(lang, short)
    return ((Frag(item.text),) + ((Frag(f" ({cite})", "cite"),) if cite else ()),)


def changes_doc(sets: list[ChangeSet], short: bool = False) -> list:
    doc = []
    for cs in sets:
        w = W[cs.lang]
        doc.append(Heading(w["changes"].format(a=cs.old.label, b=cs.new.label), 1))
        doc.append(_columns_table((cs.old, cs.new), cs.lang))
        k = cs.counts()
        doc.append(Text(_p(w["counts"].format(n=len(cs.changes), t=k["tightened"], l=k["loosened"], o=k["other"])
                           if cs.changes else w["no_changes"])))
        rows, topic = [], None
        for ch in cs.changes:
            if ch.topic != topic:
                topic = ch.topic
                rows.append(Row((_c(TOPICS[cs.lang][topic], "strong"),), group=True))
            kind = (_p(w[ch.direction], ch.direction),) if ch.direction else ()
            kind += (_p(w[ch.what], "dim" if ch.direction else None),)
            rows.append(Row((kind, _c(ch.label), _item_paras(ch.old, cs.lang, short),
                             _item_paras(ch.new, cs.lang, short))))
        if rows:
            doc.append(Table((w["change"], w["concept"], cs.old.label, cs.new.label), tuple(rows),
                             min_width=14, label_max=10))
    return doc


def _decider_paras(o, lang: str, short: bool) -> tuple:
    if o.verdict == "error":
        return (_p(o.error or "", "error"),)
    if not o.deciding:
        return (_p("—", "dim"),)
    from .render import STRENGTH
    out = []
    for d in o.deciding:
        cite = d.cite(lang, short)
        head = f"{STRENGTH[lang].get(d.strength, d.strength)} {d.rule}"
        out.append((Frag(head, "strong"), Frag(f" ({cite})" if cite else "", "cite"), Frag(f": {d.message}")))
    return tuple(out)


def behaviour_doc(mx: Matrix, compact: bool = False, short: bool = False) -> list:
    w = W[mx.lang]
    n, total = len(mx.columns), len(mx.rows)
    doc = [Heading(w["behaviour"].format(m=total, n=n), 1)]
    numbered = compact
    cols = mx.columns
    legend = _columns_table(cols, mx.lang)
    if numbered:
        legend = attrs.evolve(legend, header=("#",) + legend.header,
                              rows=tuple(attrs.evolve(r, cells=(_c(str(i + 1)),) + r.cells)
                                         for i, r in enumerate(legend.rows)))
    doc.append(legend)
    names = tuple(str(i + 1) for i in range(n)) if numbered else tuple(c.label for c in cols)
    rows = []
    disagree = set(mx.disagreements)
    for i, (app, row) in enumerate(zip(mx.applications, mx.rows)):
        cells = tuple(_c(CODES[o.verdict] if compact else w[o.verdict], o.verdict) for o in row)
        rows.append(Row((_c(app),) + cells, mark=i in disagree))
    doc.append(Table((w["application"],) + names, tuple(rows), min_width=3 if compact else 10, label_max=48,
                     spaced=False, css="matrix"))
    if compact:
        doc.append(Text(_p(w["codes"], "dim")))
    # summary
    doc.append(Heading(w["summary"], 2))
    doc.append(Text(_p(w["agree"].format(u=total - len(disagree), m=total, d=len(disagree)))))
    counts = [Row((_c(c.label),) + tuple(_c(str(mx.counts(j)[v]), v if mx.counts(j)[v] else "dim")
                                         for v in VERDICTS)) for j, c in enumerate(cols)]
    doc.append(Table((w["guideline"],) + tuple(w[v] for v in VERDICTS), tuple(counts), min_width=6))
    if n > 2:
        doc.append(Heading(w["pairs"].format(m=total), 3))
        pairs = [Row((_c(f"{i + 1} {c.label}"),) + tuple(_c(str(mx.agreement(i, j)), "dim" if i == j else None)
                                                         for j in range(n))) for i, c in enumerate(cols)]
        doc.append(Table(("",) + tuple(str(i + 1) for i in range(n)), tuple(pairs), min_width=3, label_max=28))
    details = sorted(disagree | {i for i, row in enumerate(mx.rows) if any(o.verdict == "error" for o in row)})
    if details:
        doc.append(Heading(w["disagreements"], 2))
        for i in details:
            doc.append(Heading(mx.applications[i], 3))
            rows = [Row((_c(c.label), _c(w[o.verdict], o.verdict), _decider_paras(o, mx.lang, short)))
                    for c, o in zip(cols, mx.rows[i])]
            doc.append(Table((w["guideline"], w["verdict"], w["deciding"]), tuple(rows), min_width=10))
    return doc


# ---- plain text ----------------------------------------------------------------------------

def _plain(para) -> str:
    return "".join(f.text for f in para)


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
        head = _text_row(tuple((t.header[j],) for j, _ in spec), spec, mark, False)
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
            out.append(block.text)
            out.append(("=" if block.level == 1 else "-") * min(width, len(block.text)))
        elif isinstance(block, Text):
            out.extend(_wrap(_plain(block.frags), width))
            out.append("")
        elif isinstance(block, Table):
            out.extend(_text_table(block, width, lang))
    lines = [line for k, line in enumerate(out) if line or (k and out[k - 1])]   # no double blank lines
    while lines and lines[-1] == "":
        lines.pop()
    return "\n".join(lines) + "\n"


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
                t.append(f.text, RICH.get(f.style or "", ""))
        return t

    for block in doc:
        if isinstance(block, Heading):
            console.print()
            console.print(RText(block.text, "bold underline" if block.level == 1 else "bold"))
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
            rt.add_column(block.header[0], width=label_w, overflow="fold")
            for j, w in cols:
                rt.add_column(block.header[j], width=w, overflow="fold")
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


# ---- markdown ------------------------------------------------------------------------------

def _md(text: str) -> str:
    for ch in "\\`*<>|":
        text = text.replace(ch, "\\" + ch)
    return text


def _md_para(para) -> str:
    return "".join(_md(f.text) if f.style != "strong" else f"**{_md(f.text)}**" for f in para)


def to_markdown(doc: list, lang: str = "en") -> str:
    out: list[str] = []
    for block in doc:
        if isinstance(block, Heading):
            out += ["#" * block.level + " " + _md(block.text), ""]
        elif isinstance(block, Text):
            out += [_md_para(block.frags), ""]
        elif isinstance(block, Table):
            n = len(block.header)
            out.append("| " + " | ".join(_md(h) for h in block.header) + " |")
            out.append("|" + "---|" * n)
            for r in block.rows:
                if r.group:
                    para = r.cells[0][0]
                    label = _md_para(para) if any(f.style == "strong" for f in para) else f"**{_md_para(para)}**"
                    out.append(f"| {'≠ ' if r.mark else ''}{label} |" + " |" * (n - 1))
                    continue
                cells = ["<br>".join(_md_para(p) for p in cell) for cell in r.cells]
                if r.mark:
                    cells[0] = "≠ " + cells[0]
                out.append("| " + " | ".join(cells) + " |")
            out.append("")
    while out and out[-1] == "":
        out.pop()
    return "\n".join(out) + "\n"


# ---- html ----------------------------------------------------------------------------------

CSS = """
body { font-family: system-ui, -apple-system, "Segoe UI", sans-serif; margin: 1.5rem; color: #1b1b1b; }
h1 { font-size: 1.4rem; } h2 { font-size: 1.15rem; margin-top: 1.6rem; } h3 { font-size: 1rem; }
.scroll { overflow-x: auto; margin-bottom: 1rem; }
table { border-collapse: collapse; font-size: .88rem; }
th, td { border: 1px solid #d0d0d0; padding: .3rem .45rem; vertical-align: top; text-align: left; }
thead th { position: sticky; top: 0; background: #f3f3f3; z-index: 2; }
tbody th { position: sticky; left: 0; background: #fafafa; font-weight: 600; z-index: 1; min-width: 9rem; }
td { min-width: 11rem; max-width: 26rem; }
tr.group th { background: #e8eef7; font-size: .95rem; }
tr.differs > th, tr.differs > td { background: #fff7dc; }
tr.differs > th::before { content: "≠ "; color: #a15c00; }
td p, th p { margin: 0 0 .25rem 0; }
table.matrix td { min-width: 0; text-align: center; }
.cite, .dim { color: #6b6b6b; font-size: .85em; }
.strong { font-weight: 600; }
.mark { color: #a15c00; font-weight: 600; }
.accepted { color: #146c2e; font-weight: 600; } .rejected { color: #b3261e; font-weight: 600; }
.incomplete { color: #8a6100; font-weight: 600; } .error { color: #7b1fa2; font-weight: 600; }
.tightened { color: #b3261e; font-weight: 600; } .loosened { color: #146c2e; font-weight: 600; }
"""


def _h_para(para) -> str:
    return "".join(f'<span class="{html.escape(f.style)}">{html.escape(f.text)}</span>' if f.style
                   else html.escape(f.text) for f in para)


def _h_cell(paras) -> str:
    if len(paras) == 1:
        return _h_para(paras[0])
    return "".join(f"<p>{_h_para(p)}</p>" for p in paras)


def to_html(doc: list, lang: str = "en") -> str:
    title = next((b.text for b in doc if isinstance(b, Heading)), "sirules compare")
    out = ["<!DOCTYPE html>", f'<html lang="{html.escape(lang)}">', "<head>", '<meta charset="utf-8">',
           '<meta name="viewport" content="width=device-width, initial-scale=1">',
           f"<title>{html.escape(title)}</title>", f"<style>{CSS}</style>", "</head>", "<body>"]
    for block in doc:
        if isinstance(block, Heading):
            out.append(f"<h{block.level}>{html.escape(block.text)}</h{block.level}>")
        elif isinstance(block, Text):
            out.append(f"<p>{_h_para(block.frags)}</p>")
        elif isinstance(block, Table):
            n = len(block.header)
            out.append(f'<div class="scroll"><table class="{html.escape(block.css)}">' if block.css
                       else '<div class="scroll"><table>')
            if any(block.header):
                out.append("<thead><tr>" + "".join(f'<th scope="col">{html.escape(h)}</th>' for h in block.header)
                           + "</tr></thead>")
            out.append("<tbody>")
            for r in block.rows:
                cls = " ".join(c for c, on in (("group", r.group), ("differs", r.mark)) if on)
                attr = f' class="{cls}"' if cls else ""
                if r.group:
                    out.append(f'<tr{attr}><th colspan="{n}" scope="rowgroup">{_h_cell(r.cells[0])}</th></tr>')
                    continue
                tds = "".join(f"<td>{_h_cell(c)}</td>" for c in r.cells[1:])
                out.append(f'<tr{attr}><th scope="row">{_h_cell(r.cells[0])}</th>{tds}</tr>')
            out.append("</tbody></table></div>")
    out += ["</body>", "</html>"]
    return "\n".join(out) + "\n"


# ---- csv -----------------------------------------------------------------------------------

def _csv(header, rows) -> str:
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(header)
    w.writerows(rows)
    return buf.getvalue()


def structure_csv(comp: Comparison, differences: bool = False) -> str:
    """One row per value (an empty cell is one row with no text)."""
    rows = []
    for c in _wanted(comp, differences):
        for col, cell in zip(comp.columns, c.cells):
            for i in cell.items or (None,):
                rows.append([c.topic, c.key, c.label, "yes" if c.differs else "no", col.label,
                             i.text if i else "", i.key if i else "", (i.strength or "") if i else "",
                             (i.rule or "") if i else "", i.clause if i else "", (i.line or "") if i else ""])
    return _csv(["topic", "concept", "label", "differs", "guideline", "text", "key", "strength", "rule",
                 "clause", "line"], rows)


def changes_csv(sets: list[ChangeSet]) -> str:
    rows = []
    for cs in sets:
        for ch in cs.changes:
            o, n = ch.old, ch.new
            rows.append([cs.old.label, cs.new.label, ch.topic, ch.concept, ch.label, ch.what, ch.direction or "",
                         o.text if o else "", o.clause if o else "", o.line if o else "",
                         n.text if n else "", n.clause if n else "", n.line if n else ""])
    return _csv(["from", "to", "topic", "concept", "label", "change", "direction", "old", "old_clause",
                 "old_line", "new", "new_clause", "new_line"], rows)


def behaviour_csv(mx: Matrix) -> str:
    rows = []
    for app, path, row in zip(mx.applications, mx.paths, mx.rows):
        for c, o in zip(mx.columns, row):
            rows.append([app, path, c.label, o.verdict, o.score, "; ".join(d.rule for d in o.deciding),
                         "; ".join(str(d.line) for d in o.deciding),
                         " | ".join(d.message for d in o.deciding) if o.deciding else (o.error or "")])
    return _csv(["application", "path", "guideline", "verdict", "score", "deciding", "lines", "why"], rows)


# ---- entry points --------------------------------------------------------------------------

def to_json(report: str, data) -> str:
    if isinstance(data, list):
        body = {"report": report, "lang": data[0].lang if data else "en", "sets": [d.to_json() for d in data]}
    else:
        body = {"report": report, **data.to_json()}
    return json.dumps(body, ensure_ascii=False, indent=2, default=str) + "\n"


def document(report: str, data, layout: str, width: int, compact: bool, differences: bool = False) -> list:
    """The document of a report ("structure", "changes" or "behaviour")."""
    short = compact
    if report == "structure":
        if layout == "auto":
            n = len(data.columns)
            layout = "table" if not compact or 24 + 2 + n * 18 <= width else "list"
        return structure_doc(data, layout, short, differences)
    if report == "changes":
        return changes_doc(data, short)
    return behaviour_doc(data, compact, short)


def render(report: str, data, fmt: str = "text", width: int = 100, layout: str = "auto",
           differences: bool = False) -> str:
    """The whole report as text in one of :data:`FORMATS`."""
    lang = data[0].lang if isinstance(data, list) and data else getattr(data, "lang", "en")
    if fmt == "json":
        return to_json(report, data)
    if fmt == "csv":
        if report == "structure":
            return structure_csv(data, differences)
        return changes_csv(data) if report == "changes" else behaviour_csv(data)
    doc = document(report, data, layout, width, fmt == "text", differences)
    if fmt == "markdown":
        return to_markdown(doc, lang)
    if fmt == "html":
        return to_html(doc, lang)
    return to_text(doc, width, lang)
