"""The document of a ``sirules compare`` report, and the three reports laid out as documents.

A report is first laid out as a small document: headings, paragraphs and tables whose cells are
paragraphs of styled fragments. One writer per format turns that document into text, so every
format shows the same thing: :mod:`sirules.compare.text` (plain text and rich terminal tables),
:mod:`sirules.compare.markdown` and :mod:`sirules.compare.html`. :data:`W` holds the words of the
reports in each language. The entry points are in :mod:`sirules.compare.render`.
"""

from __future__ import annotations

import attrs

from ..language.i18n import Tables, mark
from .changes import ChangeSet
from .data import TOPICS, Comparison
from .matrix import VERDICTS, Matrix

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


W = Tables({
    "heading": mark("Comparing {n} guidelines"), "guideline": mark("guideline"), "title": mark("title"),
    "file": mark("file"), "concept": mark("concept"),
    "legend": mark("≠ marks a concept where the guidelines differ. Every value cites its clause: § section and line "
                   "of the guideline file. Values are compared by their canonical keys, so a guideline written with "
                   "Swedish keywords compares with one written in English."),
    "none": mark("not stated"), "page": mark("page {i} of {n}"), "changes": mark("Changes from {a} to {b}"),
    "counts": mark("{n} changes: {t} tightened, {l} loosened, {o} other"), "no_changes": mark("No differences."),
    "change": mark("change"), "added": mark("added"), "removed": mark("removed"), "changed": mark("changed"),
    "tightened": mark("tightened"), "loosened": mark("loosened"),
    "behaviour": mark("{m} applications through {n} guidelines"), "application": mark("application"),
    "summary": mark("Summary"),
    "agree": mark("The guidelines give the same verdict on {u} of {m} applications and differ on {d}."),
    "pairs": mark("Same verdict, pair by pair (out of {m} applications)"), "verdicts": mark("Verdicts per guideline"),
    "disagreements": mark("Disagreements and unreadable applications: the rules that decide them"),
    "verdict": mark("verdict"), "deciding": mark("deciding rules and missing parts"), "accepted": mark("accepted"),
    "rejected": mark("rejected"), "incomplete": mark("incomplete"), "error": mark("error"),
    "codes": mark("acc accepted, REJ rejected, inc incomplete, ERR the guideline cannot read the application; "
                  "≠ marks an application the guidelines disagree on."),
    "not_in_force": mark("not in force"), "date": mark("as in force on {d}"),
}, sv={"none": "anges inte", "verdict": "besked", "accepted": "beviljas", "rejected": "avslås"})
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


def wanted(comp: Comparison, differences: bool):
    """The concepts a structure report shows (only those that differ, with ``--differences``)."""
    return [c for c in comp.concepts if c.differs or not differences]


def structure_doc(comp: Comparison, layout: str = "table", short: bool = False,
                  differences: bool = False) -> list:
    w = W[comp.lang]
    doc = [Heading(w["heading"].format(n=len(comp.columns)), 1), _columns_table(comp.columns, comp.lang),
           Text(_p(w["legend"]))]
    concepts = wanted(comp, differences)
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
    from ..report.render import strength_word
    out = []
    for d in o.deciding:
        cite = d.cite(lang, short)
        head = f"{strength_word(d.strength, lang)} {d.rule}"
        out.append((Frag(head, "strong"), Frag(f" ({cite})" if cite else "", "cite"), Frag(f": {d.message}")))
    return tuple(out)


def behaviour_doc(mx: Matrix, compact: bool = False, short: bool = False) -> list:
    w = W[mx.lang]
    n, total = len(mx.columns), len(mx.rows)
    doc = [Heading(w["behaviour"].format(m=total, n=n), 1)]
    disagree = set(mx.disagreements)
    doc += _verdict_table(mx, compact, disagree)
    from .money_doc import money_table, summary_sentences
    doc += money_table(mx, compact)
    doc.append(Heading(w["summary"], 2))
    doc.append(Text(_p(w["agree"].format(u=total - len(disagree), m=total, d=len(disagree)))))
    doc += summary_sentences(mx)
    counts = [Row((_c(c.label),) + tuple(_c(str(mx.counts(j)[v]), v if mx.counts(j)[v] else "dim")
                                         for v in VERDICTS)) for j, c in enumerate(mx.columns)]
    doc.append(Table((w["guideline"],) + tuple(w[v] for v in VERDICTS), tuple(counts), min_width=6))
    if n > 2:
        doc.append(Heading(w["pairs"].format(m=total), 3))
        pairs = [Row((_c(f"{i + 1} {c.label}"),) + tuple(_c(str(mx.agreement(i, j)), "dim" if i == j else None)
                                                         for j in range(n))) for i, c in enumerate(mx.columns)]
        doc.append(Table(("",) + tuple(str(i + 1) for i in range(n)), tuple(pairs), min_width=3, label_max=28))
    details = sorted(disagree | {i for i, row in enumerate(mx.rows) if any(o.verdict == "error" for o in row)})
    if details:
        doc.append(Heading(w["disagreements"], 2))
        for i in details:
            doc.append(Heading(mx.applications[i], 3))
            rows = [Row((_c(c.label), _verdict_cell(o, mx.lang, False), _decider_paras(o, mx.lang, short)))
                    for c, o in zip(mx.columns, mx.rows[i])]
            doc.append(Table((w["guideline"], w["verdict"], w["deciding"]), tuple(rows), min_width=10))
    return doc


def _verdict_cell(o, lang: str, compact: bool) -> tuple:
    """The verdict; an incomplete one that only this guideline's own questions decide is shown as
    not answered, apart from a real difference."""
    if not o.answered:
        from ..language.i18n import tr
        return _c("n/a" if compact else tr("not answered", lang), "dim")
    return _c(CODES[o.verdict] if compact else W[lang][o.verdict], o.verdict)


def _verdict_table(mx: Matrix, compact: bool, disagree: set) -> list:
    """The legend of the guidelines and the table of every application's verdicts (numbered
    columns and one-letter codes when ``compact``)."""
    w = W[mx.lang]
    cols = mx.columns
    legend = _columns_table(cols, mx.lang)
    if compact:
        legend = attrs.evolve(legend, header=("#",) + legend.header,
                              rows=tuple(attrs.evolve(r, cells=(_c(str(i + 1)),) + r.cells)
                                         for i, r in enumerate(legend.rows)))
    names = tuple(str(i + 1) for i in range(len(cols))) if compact else tuple(c.label for c in cols)
    rows = []
    money = set(mx.money_differences)
    for i, (app, row) in enumerate(zip(mx.applications, mx.rows)):
        cells = tuple(_verdict_cell(o, mx.lang, compact) for o in row)
        label = ((Frag(app), Frag(" ≠ kr", "mark")),) if i in money else _c(app)
        rows.append(Row((label,) + cells, mark=i in disagree))
    out = [legend, Table((w["application"],) + names, tuple(rows), min_width=3 if compact else 10, label_max=48,
                         spaced=False, css="matrix")]
    if compact:
        out.append(Text(_p(w["codes"], "dim")))
    if money:
        from ..language.i18n import tr
        out.append(Text(_p(tr("≠ kr marks an application where a grant means different money under the "
                              "guidelines (the money table below says how).", mx.lang), "dim")))
    if compact and any(not o.answered for row in mx.rows for o in row):
        from ..language.i18n import tr
        out.append(Text(_p(tr("n/a not answered: the verdict comes only from questions that this guideline "
                              "alone asks and the application does not answer.", mx.lang), "dim")))
    return out
