"""Rendering ``sirules compare``: plain text, rich terminal tables, markdown, csv, json and html.

Each report is first laid out as a small document (headings, paragraphs and tables whose cells are
paragraphs of styled fragments) by :mod:`sirules.compare.doc`; one writer per format turns that
document into text, so every format shows the same thing: :mod:`sirules.compare.text` (plain text,
and rich on a terminal), :mod:`sirules.compare.markdown` and :mod:`sirules.compare.html`. CSV and
JSON are written here, from the data of :mod:`sirules.compare` directly. This module holds the
entry points (:func:`render`, :func:`document`) and is where the rest is imported from. Nothing
imports rich except :func:`print_rich`, which runs only on a terminal.
"""

from __future__ import annotations

import json

from ..language.printable import json_safe
from ..report.cells import csv_text
from .changes import ChangeSet
from .data import Comparison
from .doc import CODES, W, Frag, Heading, Row, Table, Text, behaviour_doc, changes_doc, structure_doc, wanted
from .html import CSS, to_html
from .markdown import to_markdown
from .matrix import Matrix
from .text import RICH, layout_table, print_rich, to_text

FORMATS = ("text", "markdown", "csv", "json", "html")
LAYOUTS = ("auto", "table", "list")

__all__ = ["CODES", "CSS", "FORMATS", "LAYOUTS", "RICH", "W", "Frag", "Heading", "Row", "Table", "Text",
           "behaviour_csv", "behaviour_doc", "changes_csv", "changes_doc", "document", "layout_table",
           "print_rich", "render", "structure_csv", "structure_doc", "to_html", "to_json", "to_markdown",
           "to_text"]


# ---- csv -----------------------------------------------------------------------------------

def _csv(header, rows) -> str:
    return csv_text(header, rows)


def structure_csv(comp: Comparison, differences: bool = False) -> str:
    """One row per value (an empty cell is one row with no text)."""
    rows = []
    for c in wanted(comp, differences):
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
            m = o.money
            rows.append([app, path, c.label, o.verdict, o.score, "; ".join(d.rule for d in o.deciding),
                         "; ".join(str(d.line) for d in o.deciding),
                         " | ".join(d.message for d in o.deciding) if o.deciding else (o.error or ""),
                         "; ".join(o.unanswered)]
                        + ([m.model, m.granted, m.returned, m.shortfall, m.carried_by or "", m.net] if m is not None
                           else ["", "", "", "", "", ""]))
    return _csv(["application", "path", "guideline", "verdict", "score", "deciding", "lines", "why", "unanswered",
                 "repayment_model", "granted_ore", "returned_ore", "shortfall_ore", "shortfall_carried_by",
                 "fund_net_ore"], rows)


# ---- entry points --------------------------------------------------------------------------

def to_json(report: str, data) -> str:
    if isinstance(data, list):
        body = {"report": report, "lang": data[0].lang if data else "en", "sets": [d.to_json() for d in data]}
    else:
        body = {"report": report, **data.to_json()}
    return json_safe(json.dumps(body, ensure_ascii=False, indent=2, default=str)) + "\n"


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
    if fmt == "html" and report == "behaviour":
        from .money_doc import heat_map
        figure = heat_map(data)
        if figure is not None:
            at = next((k for k, b in enumerate(doc) if isinstance(b, Heading) and b.level == 2
                       and b.text == W[data.lang]["summary"]), len(doc))
            doc.insert(at, figure)
    if fmt == "markdown":
        return to_markdown(doc, lang)
    if fmt == "html":
        return to_html(doc, lang)
    return to_text(doc, width, lang)
