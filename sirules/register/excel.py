"""The register as an Excel workbook for officers (``sirules fund export --format xlsx``).

Four sheets: the applications, the decisions, the journal and the status per year. Amounts are
numbers in kronor with a number format that Excel shows the Swedish way (``1 500 000,00 kr``,
the separators being the reader's locale); dates are dates; every text from a file or a person
goes through :func:`sirules.report.cells.csv_cell`, as in CSV, so that no cell runs as a formula.
openpyxl (the ``excel`` extra) is imported here only, when a workbook is written.
"""

from __future__ import annotations

import datetime
import io

from ..language.diagnostics import SirulesError, error
from ..language.i18n import later, mark, tr

KRONOR = '#,##0.00\\ "kr"'
DATE = "yyyy-mm-dd"

#: the sheets' headings (and what each column holds: text, money, date or a number)
APPLICATIONS = ((mark("id"), "int"), (mark("file"), "text"), (mark("title"), "text"),
                (mark("amount applied for"), "money"), (mark("submitted"), "date"), (mark("verdict"), "text"),
                (mark("guideline version"), "int"), (mark("risk level"), "text"), (mark("project ends"), "date"),
                (mark("recorded by"), "text"))
DECISIONS = ((mark("application"), "int"), (mark("decision"), "text"), (mark("amount"), "money"),
             (mark("date"), "date"), (mark("by"), "text"), (mark("override"), "text"), (mark("reason"), "text"))
JOURNAL = ((mark("row"), "int"), (mark("date"), "date"), (mark("kind"), "text"), (mark("amount"), "money"),
           (mark("application"), "int"), (mark("reverses row"), "int"), (mark("clause"), "text"),
           (mark("note"), "text"), (mark("by"), "text"), (mark("recorded at"), "text"))
STATUS = ((mark("year"), "int"), (mark("granted"), "money"), (mark("paid"), "money"), (mark("repaid"), "money"),
          (mark("waived"), "money"), (mark("written down"), "money"), (mark("outstanding at year end"), "money"),
          (mark("unpaid at year end"), "money"), (mark("balance at year end"), "money"))


def workbook(engine, lang: str | None = None) -> tuple[bytes, dict]:
    """The workbook's bytes, and how many rows each sheet has."""
    try:
        import openpyxl
    except ImportError:
        raise SirulesError([error("SIR623", later("the Excel export needs openpyxl, which is not installed"),
                                  hint="pip install 'sirules[excel]'")]) from None
    from ..report.render import verdict_word
    from . import status, transfer
    from .render import kind_word
    doc = transfer.export(engine)
    st = status.status(engine)
    lang = lang or st.get("lang")
    decided = {d["application_id"]: d for d in doc["decisions"]}
    sheets = {
        tr("Applications", lang): (APPLICATIONS, [
            (a["id"], a["name"], a["title"], a["amount"], a["submitted"], verdict_word(a["verdict"], lang),
             a["guideline_id"],
             a.get("risk_level"), a.get("ends"), a["recorded_by"]) for a in doc["applications"]]),
        tr("Decisions", lang): (DECISIONS, [
            (d["application_id"], tr(DECISION.get(d["kind"], d["kind"]), lang), d["amount"], d["decided_on"],
             d["decided_by"],
             tr("yes", lang) if d["override"] else "", d["reason"]) for d in decided.values()]),
        tr("Journal", lang): (JOURNAL, [
            (r["id"], r["booked_on"], kind_word(r["kind"], lang), r["amount"], r["application_id"], r["reverses"],
             _clause(r["clause"], lang), _note(r["note"], lang), r["who"], r["recorded_at"]) for r in doc["journal"]]),
        tr("Status per year", lang): (STATUS, [
            (y["year"], y["movements"]["granted"], y["movements"]["paid"], y["movements"]["repaid"],
             y["movements"]["waived"], y["movements"]["written_down"], y["at_end"]["outstanding"],
             y["at_end"]["unpaid"], y["at_end"]["balance"]) for y in st["years"]]),
    }
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    counts = {}
    for title, (columns, rows) in sheets.items():
        ws = wb.create_sheet(title[:31])
        ws.append([tr(name, lang) for name, _ in columns])
        for row in rows:
            ws.append([_cell(v, kind) for v, (_, kind) in zip(row, columns)])
        for col, (_, kind) in enumerate(columns, start=1):
            fmt = KRONOR if kind == "money" else DATE if kind == "date" else None
            if fmt:
                for (cell,) in ws.iter_rows(min_row=2, min_col=col, max_col=col):
                    cell.number_format = fmt
        ws.freeze_panes = "A2"
        counts[title] = len(rows)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue(), counts


#: a decision as the workbook names it (``tr`` it)
DECISION = {"grant": mark("grant"), "deny": mark("denial")}
#: the notes the register books with a row (in English), shown in the workbook's language
NOTES = (mark("the fund's size in the guideline"), mark("outcome corrected"))


def _note(note: str | None, lang: str | None) -> str | None:
    if note in NOTES:
        return tr(note, lang)
    if note and note.startswith("override: "):
        return tr("override: {reason}", lang, reason=note[len("override: "):])
    return note


def _clause(clause: str | None, lang: str | None) -> str | None:
    """A booked row's clause (``§ 6 Återbetalning, line 106``; ``fund, line 30``) in ``lang``."""
    head, sep, line = (clause or "").rpartition(", line ")
    if not sep or not line.isdigit():
        return clause
    return (tr("fund", lang) if head == "fund" else head) + ", " + tr("line {line}", lang, line=line)


def _cell(value, kind: str):
    from ..report.cells import csv_cell
    if value is None:
        return None
    if kind == "money":
        from ..report.workbook import kronor
        return kronor(value)
    if kind == "date":
        return datetime.date.fromisoformat(value) if isinstance(value, str) else value
    if kind == "int":
        return value
    return csv_cell(str(value))
