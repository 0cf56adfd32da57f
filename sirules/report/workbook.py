"""Excel workbooks written by sirules: the shared pieces (openpyxl imported only here, inside the
functions), and the application workbook of ``sirules template --format xlsx``.

Every text cell goes through :func:`~sirules.report.cells.csv_cell`, so a text from a file that
starts like a formula (``=cmd|…``) is written as text with a ``'`` in front, never as a formula
(openpyxl would store a text starting with ``=`` as one). Amounts are written in kronor, as
numbers, with the number format :data:`KRONOR` (Excel shows its digit grouping in the reader's
own way: ``2 400 000 kr`` in Swedish).

The application workbook has the sheets :data:`sirules.engine.application.workbook.SHEETS` names,
in the guideline's language: the facts (key, value, what it is, the form it takes, the clauses that
ask), the applicant and the partners, the yearly budget, the savings (and the repayment plan when
the guideline's model reads one) and the parts; yes/no, choices and kinds have a drop-down list
(data validation). ``values`` fills it in with an application (its keys in the guideline's
language), which reads back to the same application.
"""

from __future__ import annotations

import datetime

from ..engine.application.workbook import HEADINGS, ROLE_HEADING, ROLES, SHEETS
from ..language import vocabulary as voc
from ..language.i18n import tr
from .cells import csv_cell

#: kronor as a whole number, and with öre
KRONOR = '#,##0 "kr"'
KRONOR_ORE = '#,##0.00 "kr"'
DATE = "yyyy-mm-dd"


def new_workbook():
    import openpyxl
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    return wb


def kronor(ore: int):
    """öre as kronor, exactly: an int when whole, else a Decimal with two decimals (never a float)."""
    from decimal import Decimal
    return ore // 100 if ore % 100 == 0 else Decimal(ore) / 100


def put(ws, row: int, col: int, value, fmt: str | None = None):
    """A cell: text neutralised (no formula), a date with the date format, ``fmt`` for numbers."""
    if isinstance(value, (list, tuple)):
        value = "; ".join(str(v) for v in value)
    cell = ws.cell(row=row, column=col, value=csv_cell(value) if isinstance(value, str) else value)
    if isinstance(value, datetime.date):
        cell.number_format = DATE
    elif fmt and isinstance(value, (int, float)) and not isinstance(value, bool):
        cell.number_format = fmt
    return cell


def put_money(ws, row: int, col: int, ore):
    if ore is None:
        return None
    return put(ws, row, col, kronor(ore), KRONOR if ore % 100 == 0 else KRONOR_ORE)


def heading_row(ws, headings, row: int = 1, widths=None) -> None:
    from openpyxl.styles import Font
    for i, h in enumerate(headings, 1):
        put(ws, row, i, h).font = Font(bold=True)
    ws.freeze_panes = ws.cell(row=row + 1, column=1)
    for i, w in enumerate(widths or (), 1):
        ws.column_dimensions[_letter(i)].width = w


def _letter(col: int) -> str:
    from ..engine.application.workbook import col_letter
    return col_letter(col)


def to_bytes(wb) -> bytes:
    import io
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def sheet_name(key: str, lang: str | None) -> str:
    return SHEETS[key][1 if lang == "sv" else 0]


def _choice_list(wb, ws, col: int, first: int, last: int, words, name: str) -> None:
    """A drop-down list of ``words`` on column ``col``, rows ``first``..``last``."""
    from openpyxl.worksheet.datavalidation import DataValidation
    words = [w for w in dict.fromkeys(str(w) for w in words) if w]
    if not words:
        return
    inline = ",".join(words)
    if len(inline) <= 250 and '"' not in inline:
        formula = f'"{inline}"'
    else:                                   # a long list: on the hidden sheet of lists
        lists = wb["_lists"] if "_lists" in wb.sheetnames else wb.create_sheet("_lists")
        lists.sheet_state = "hidden"
        c = lists.max_column + 1 if lists.max_row > 1 or lists.cell(1, 1).value else 1
        for i, w in enumerate(words, 1):
            put(lists, i, c, w)
        formula = f"_lists!${_letter(c)}$1:${_letter(c)}${len(words)}"
    dv = DataValidation(type="list", formula1=formula, allow_blank=True)
    dv.add(f"{_letter(col)}{first}:{_letter(col)}{last}")
    ws.add_data_validation(dv)


def _yes_no(lang) -> tuple[str, str]:
    return ("ja", "nej") if lang == "sv" else ("yes", "no")


def application_workbook(sk, note, values: dict | None = None) -> bytes:
    """The workbook of an application for the skeleton ``sk`` (from ``authoring.template``), with
    ``note(entry)`` saying what each value takes; filled in with ``values`` when given."""
    from ..engine.application.spelling import Spelling
    g = sk.guideline
    lang = g.lang
    sp = Spelling(k for k in g.facts if k not in voc.FACTS)
    values = dict(sp.english(values)) if values else {}      # either spelling in, the guideline's out
    wb = new_workbook()
    _readme(wb, g, lang)
    _facts_sheet(wb, sk, note, sp, lang, values)
    _participants_sheet(wb, sk, sp, lang, values)
    _budget_sheet(wb, sp, lang, values)
    for t in sk.tables:
        if t.key in ("savings", "repayment_plan", "expected_outcomes"):
            _rows_sheet(wb, t.key, sp, lang, values.pop(t.key, None))
    for key in ("savings", "repayment_plan", "expected_outcomes"):
        if key in values:
            _rows_sheet(wb, key, sp, lang, values.pop(key))
    _parts_sheet(wb, sk, sp, lang, values)
    for key, rows in list(values.items()):          # tables of the application's own (not the facts)
        if isinstance(rows, list) and rows and all(isinstance(r, dict) for r in rows):
            _rows_sheet(wb, key, sp, lang, values.pop(key), title=sp.spell(str(key), "top", lang)[:31])
    return to_bytes(wb)


def _readme(wb, g, lang) -> None:
    ws = wb.create_sheet(sheet_name("readme", lang))
    lines = [tr("Application for {title}", lang, title=g.title),
             tr("Made by sirules template. Fill in the value column of each sheet; a value left empty is not "
                "given. The applicant is the participant whose role is applicant; add a row for each partner.",
                lang),
             tr("Read it back with: sirules check GUIDELINE FILE.xlsx", lang)]
    for i, line in enumerate(lines, 1):
        put(ws, i, 1, line)
    ws.column_dimensions["A"].width = 110


def _facts_sheet(wb, sk, note, sp, lang, values) -> None:
    ws = wb.create_sheet(sheet_name("facts", lang))
    heading_row(ws, HEADINGS["facts"][lang == "sv"], widths=(24, 22, 40, 40, 60))
    yes, no = _yes_no(lang)
    row = 1
    for e in sk.facts:
        row += 1
        key = sp.spell(e.key, "top", lang)
        put(ws, row, 1, key)
        _value(ws, row, 2, values.pop(e.key, None), e.type)
        put(ws, row, 3, e.label)
        put(ws, row, 4, tr(note(e), lang))
        put(ws, row, 5, "; ".join(str(a) for a in e.asks))
        if e.type == "bool":
            _choice_list(wb, ws, 2, row, row, (yes, no), key)
        elif e.type == "choice" and e.choices:
            _choice_list(wb, ws, 2, row, row, e.choices, key)
    for key, value in _flat(values, ("applicant", "participants", "parts", "budget")):
        row += 1
        first, dot, rest = key.partition(".")
        put(ws, row, 1, sp.spell(first, "top", lang) + dot + rest)
        _value(ws, row, 2, value, None)


_TABLES = frozenset(("applicant", "participants", "parts", "budget"))


def _flat(values: dict, skip, prefix: str = ""):
    """(dotted key, value) of what is left of ``values`` for the facts sheet (not the tables)."""
    for key in list(values):
        value = values[key]
        if not prefix and (key in _TABLES or (isinstance(value, list) and value
                                              and all(isinstance(r, dict) for r in value))):
            continue
        if not prefix:
            values.pop(key)
        if isinstance(value, dict):
            yield from _flat(value, skip, f"{prefix}{key}.")
        else:
            yield f"{prefix}{key}", value


def _value(ws, row: int, col: int, value, kind) -> None:
    if value is None:
        if kind == "date":
            ws.cell(row=row, column=col).number_format = DATE
        elif kind == "money":
            ws.cell(row=row, column=col).number_format = KRONOR
        return
    if isinstance(value, bool):
        put(ws, row, col, value)
    elif isinstance(value, int) and kind == "money":
        put(ws, row, col, value, KRONOR)
    else:
        put(ws, row, col, value)


def _participants_sheet(wb, sk, sp, lang, values) -> None:
    ws = wb.create_sheet(sheet_name("participants", lang))
    fields = list(dict.fromkeys([*(e for e in sk.applicant), *(e for e in sk.participants)]))
    keys = list(dict.fromkeys(sp.spell(e.key, "field", lang) for e in fields))
    app = values.pop("applicant", None)
    partners = values.pop("participants", None) or []
    spelled = lambda p: {sp.spell(k, "field", lang): v for k, v in p.items()}  # noqa: E731
    app = spelled(app) if isinstance(app, dict) else None
    partners = [spelled(p) for p in partners if isinstance(p, dict)]
    for p in ([app] if app else []) + partners:
        keys += [k for k in p if k not in keys]
    heading_row(ws, [ROLE_HEADING[lang == "sv"], *keys], widths=(14, *([26] * len(keys))))
    applicant, partner = ROLES["applicant"][lang == "sv"], ROLES["participant"][lang == "sv"]
    rows = [(applicant, app if isinstance(app, dict) else {})]
    rows += [(partner, p) for p in partners if isinstance(p, dict)]
    rows += [(partner, {})] * max(0, 10 - len(rows))      # room for partners, with the role given
    for r, (role, p) in enumerate(rows, 2):
        put(ws, r, 1, role)
        for c, k in enumerate(keys, 2):
            if p.get(k) is not None:
                put(ws, r, c, p[k])
    last = max(50, len(rows) + 1)
    _choice_list(wb, ws, 1, 2, last, (applicant, partner), "role")
    yes, no = _yes_no(lang)
    by_key = {sp.spell(e.key, "field", lang): e for e in fields}
    for c, k in enumerate(keys, 2):
        e = by_key.get(k)
        if e is None:
            continue
        if e.type == "bool":
            _choice_list(wb, ws, c, 2, last, (yes, no), k)
        elif e.type == "kind":
            kinds = e.choices or tuple(voc.KINDS)
            _choice_list(wb, ws, c, 2, last, [voc.KINDS[x].name(lang) if x in voc.KINDS else x for x in kinds], k)


def _budget_sheet(wb, sp, lang, values) -> None:
    ws = wb.create_sheet(sheet_name("budget", lang))
    heading_row(ws, HEADINGS["budget"][lang == "sv"], widths=(10, 18))
    budget = values.pop("budget", None)
    for r, (year, amount) in enumerate((budget or {}).items(), 2):
        put(ws, r, 1, int(year) if str(year).isdigit() else year)
        put(ws, r, 2, amount, KRONOR if isinstance(amount, int) else None)


def _rows_sheet(wb, key: str, sp, lang, rows, title: str | None = None) -> None:
    title = title or sheet_name(key, lang)
    if title in wb.sheetnames:
        return
    ws = wb.create_sheet(title)
    from ..engine.application.spelling import ROWS
    keys = [sp.spell(k, key, lang) for k in ROWS.get(key, {}) if k != "actor_kind"]
    rows = [{sp.spell(k, key, lang): v for k, v in r.items()} for r in rows or []]
    for r in rows:
        keys += [k for k in r if k not in keys]
    heading_row(ws, keys, widths=[18] * len(keys))
    for i, r in enumerate(rows or [], 2):
        for c, k in enumerate(keys, 1):
            v = r.get(k)
            if v is not None:
                put(ws, i, c, v, KRONOR if k in ("amount", "belopp") and isinstance(v, int) else None)


def _parts_sheet(wb, sk, sp, lang, values) -> None:
    ws = wb.create_sheet(sheet_name("parts", lang))
    heading_row(ws, HEADINGS["parts"][lang == "sv"], widths=(26, 80, 30, 60))
    given = values.pop("parts", None) or {}
    given = {sp.spell(k, "part", lang): v for k, v in given.items()} if isinstance(given, dict) else {}
    row = 1
    for e in sk.parts:
        row += 1
        key = sp.spell(e.key, "part", lang)
        put(ws, row, 1, key)
        if given.get(key) is not None:
            put(ws, row, 2, given.pop(key))
        put(ws, row, 3, e.label)
        put(ws, row, 4, "; ".join(str(a) for a in e.asks))
    for key, text in given.items():
        if text is not None:
            row += 1
            put(ws, row, 1, key)
            put(ws, row, 2, text)
