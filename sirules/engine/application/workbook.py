"""Reading an application from an Excel workbook (``.xlsx``), openpyxl imported only here and only
when a workbook is read.

The workbook is the one ``sirules template GUIDELINE --format xlsx`` writes (``report/workbook``
writes it; the sheet names and columns are agreed here, in :data:`SHEETS`):

- the facts sheet: a key in column A, its value in column B (further columns are help and are not
  read); a dotted key (``expect.verdict``) goes inside a table, as in TOML;
- the participants sheet: a heading row of field names, then one row per participant, the first
  column saying ``applicant`` / ``sökande`` or ``participant`` / ``deltagare``;
- the budget sheet: year and amount; the parts sheet: the part's key and its text;
- any other sheet (savings, a repayment plan): a heading row of keys, then one table per row,
  under the key the sheet's name gives (``Besparingar`` is ``savings``).

Sheets whose name starts with ``_`` (lists for the data validation) and the read-me sheet are not
read. A cell is turned into the value a TOML file would hold (a whole number of a float such as
``2400000.0`` an ``int``, a date cell a date, a decimal a text, which the readers of money and
numbers take with a decimal comma or point); a cell that cannot be (an error value such as
``#VALUE!``, a time) is an error that names the sheet, the row and the column.
"""

from __future__ import annotations

import datetime

from ...language import limits
from ...language.diagnostics import SirulesError, error
from ...language.i18n import later, tr
from ...language.source import Span

#: sheet -> (English name, Swedish name); the reader takes either
SHEETS = {
    "readme": ("Read me", "Läs mig"),
    "facts": ("Facts", "Uppgifter"),
    "participants": ("Participants", "Deltagare"),
    "budget": ("Budget", "Budget"),
    "savings": ("Savings", "Besparingar"),
    "parts": ("Parts", "Delar"),
    "repayment_plan": ("Repayment plan", "Återbetalningsplan"),
    "expected_outcomes": ("Expected outcomes", "Förväntade utfall"),
}
#: the first column of the participants sheet: who the row is
ROLES = {"applicant": ("applicant", "sökande"), "participant": ("participant", "deltagare")}
ROLE_HEADING = ("role", "roll")
#: the headings of the facts sheet, the budget sheet and the parts sheet, per language
HEADINGS = {
    "facts": (("key", "value", "what it is", "form", "asked by"),
              ("nyckel", "värde", "vad det är", "form", "frågas av")),
    "budget": (("year", "amount (kr)"), ("år", "belopp (kr)")),
    "parts": (("key", "text", "what it is", "asked by"), ("nyckel", "text", "vad det är", "frågas av")),
}

_BY_NAME = {name.casefold(): key for key, names in SHEETS.items() for name in names}
#: the formula starts a writer neutralises with a quote (report/cells.FORMULA_START, which is above)
_NEUTRALISED = ("'=", "'+", "'-", "'@")


def is_workbook(path: str) -> bool:
    return path.lower().endswith((".xlsx", ".xlsm"))


def sheet_key(title: str) -> str | None:
    """The sheet a title names (either language), or None for a sheet of the user's own."""
    return _BY_NAME.get(title.strip().casefold())


def col_letter(col: int) -> str:
    out = ""
    while col:
        col, r = divmod(col - 1, 26)
        out = chr(65 + r) + out
    return out


class CellError(Exception):
    """A cell that cannot be read: its sheet, row and column (1-based) and why."""

    def __init__(self, sheet: str, row: int, col: int, why: str):
        super().__init__(why)
        self.sheet, self.row, self.col, self.why = sheet, row, col, why

    def where(self, lang: str | None) -> str:
        return tr("sheet {sheet}, row {row}, column {column}", lang, sheet=self.sheet, row=self.row,
                  column=col_letter(self.col))

    def diagnostic(self, path: str, lang: str | None):
        return error("SIR431", later("{where}: {why}", where=self.where(lang), why=self.why),
                     Span(path, self.row, self.col, self.row, self.col + 1),
                     tr("write a number, a date or a text in the cell (not a formula that fails)", lang))


def cell_value(value, sheet: str = "", row: int = 0, col: int = 0, lang: str | None = None):
    """A cell's value as TOML would hold it; None for an empty cell; CellError when it has none."""
    if value is None or type(value) is bool or type(value) is int:
        return value
    if type(value) is str:
        s = value.strip()
        if not s:
            return None
        if s.startswith(_NEUTRALISED):       # a text a writer kept from running as a formula
            return s[1:]
        if s.startswith("#") and s.upper() in _ERRORS:
            raise CellError(sheet, row, col, tr("the cell holds the error value {value}", lang, value=s))
        return s
    if isinstance(value, float):
        if value != value or value in (float("inf"), float("-inf")):
            raise CellError(sheet, row, col, tr("the cell holds no number", lang))
        if value.is_integer() and abs(value) < 1e15:
            return int(value)
        from decimal import Decimal
        return format(Decimal(repr(value)), "f")
    if isinstance(value, datetime.datetime):
        if value.time() != datetime.time():
            raise CellError(sheet, row, col, tr("the cell holds a time of day; write a date", lang))
        return value.date()
    if isinstance(value, datetime.date):
        return value
    raise CellError(sheet, row, col, tr("the cell holds a {kind}, which is not a value an application takes",
                                        lang, kind=type(value).__name__))


_ERRORS = frozenset(("#NULL!", "#DIV/0!", "#VALUE!", "#REF!", "#NAME?", "#NUM!", "#N/A", "#GETTING_DATA",
                     "#SPILL!", "#CALC!"))


def open_workbook(data: bytes, path: str, lang: str | None = None):
    """An openpyxl workbook (read-only, cached values of formulas) of the bytes of ``path``."""
    import io
    import zipfile
    try:
        import openpyxl
    except ImportError:
        raise SirulesError([error("SIR430", tr("{path} is an Excel workbook, and reading one needs openpyxl",
                                               lang, path=path), Span(path, 1, 1, 1, 1),
                                  tr("install it: pip install 'sirules[excel]'", lang))]) from None
    try:
        import warnings
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")       # openpyxl warns of extensions it does not read
            return openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError, TypeError, IndexError) as exc:
        raise SirulesError([error("SIR430", tr("{path} is not an Excel workbook sirules can read: {why}", lang,
                                               path=path, why=str(exc)[:200]), Span(path, 1, 1, 1, 1),
                                  tr("save it from Excel as an .xlsx workbook", lang))]) from None


def rows_of(ws, most: int):
    """(row number, [values]) of the rows of a sheet that hold anything, at most ``most`` cells in all."""
    seen = 0
    for n, row in enumerate(ws.iter_rows(values_only=True), 1):
        seen += len(row)
        if seen > most:
            raise SirulesError([error("SIR401", later("sheet {sheet} holds more than {most} cells",
                                                      sheet=ws.title, most=most),
                                      hint=limits.hint("APPLICATION_VALUES"))])
        if any(v is not None and v != "" for v in row):
            yield n, list(row)


def read_workbook(data: bytes, path: str, types=None, lang: str | None = None) -> dict:
    """The raw application of a workbook's bytes; ``types`` (key -> type of a fact, or None) splits a
    list of words written in one cell (``barn; unga``)."""
    wb = open_workbook(data, path, lang)
    most = limits.get("APPLICATION_VALUES", 100_000)
    raw: dict = {}
    problems: list = []
    swedish = False
    try:
        for ws in wb.worksheets:
            key = sheet_key(ws.title)
            if key is not None and SHEETS[key][0] != SHEETS[key][1]:
                swedish = swedish or ws.title.strip().casefold() == SHEETS[key][1].casefold()
            if ws.title.startswith("_") or key == "readme":
                continue
            try:
                _read_sheet(ws, key, raw, most, lang, types)
            except CellError as exc:
                problems.append(exc.diagnostic(path, lang))
    finally:
        wb.close()
    if problems:
        raise SirulesError(problems)
    if swedish:                    # a Swedish workbook's tables under their Swedish keys, as its facts are
        from .form import STRUCTURAL
        raw = {STRUCTURAL.get(k, k): v for k, v in raw.items()}
    return raw


def _read_sheet(ws, key, raw, most, lang, types) -> None:
    title = ws.title
    if key == "facts":
        for n, row in rows_of(ws, most):
            if n == 1 or not row or row[0] is None:
                continue
            name = cell_value(row[0], title, n, 1, lang)
            value = cell_value(row[1] if len(row) > 1 else None, title, n, 2, lang)
            if value is None or name is None:
                continue
            if types is not None and type(value) is str and types(str(name)) == "tags":
                value = [w.strip() for w in value.replace("\n", ";").split(";") if w.strip()]
            _put(raw, str(name).split("."), value, title, n)
    elif key in ("budget", "parts"):
        table: dict = {}
        for n, row in rows_of(ws, most):
            if n == 1 or len(row) < 2:
                continue
            name = cell_value(row[0], title, n, 1, lang)
            value = cell_value(row[1], title, n, 2, lang)
            if name is not None and value is not None:
                table[str(name)] = value
        if table:                            # an empty sheet is a table not given
            raw[key] = table
    elif key == "participants":
        _participants(ws, raw, most, lang)
    else:
        rows = _table_rows(ws, most, lang)
        if rows:
            raw[key or title.strip()] = rows


def _put(raw: dict, parts: list, value, sheet: str, row: int) -> None:
    target = raw
    for p in parts[:-1]:
        target = target.setdefault(p, {})
        if type(target) is not dict:
            raise CellError(sheet, row, 1, later("the key goes inside {name}, which another row gives a value",
                                                 name=p))
    target[parts[-1]] = value


def _headings(ws, row: list, n: int, lang) -> list:
    return [None if v is None else str(cell_value(v, ws.title, n, i, lang)) for i, v in enumerate(row, 1)]


def _table_rows(ws, most: int, lang) -> list:
    out, heads = [], None
    for n, row in rows_of(ws, most):
        if heads is None:
            heads = _headings(ws, row, n, lang)
            continue
        item = {}
        for i, (h, v) in enumerate(zip(heads, row), 1):
            v = cell_value(v, ws.title, n, i, lang)
            if h and v is not None:
                item[h] = v
        if item:
            out.append(item)
    return out


def _participants(ws, raw: dict, most: int, lang) -> None:
    heads = None
    for n, row in rows_of(ws, most):
        if heads is None:
            heads = _headings(ws, row, n, lang)
            continue
        role, item = None, {}
        for i, (h, v) in enumerate(zip(heads, row), 1):
            v = cell_value(v, ws.title, n, i, lang)
            if h is None or v is None:
                continue
            if i == 1 and h.casefold() in ROLE_HEADING:
                role = str(v).casefold()
            else:
                item[h] = v
        if not item:
            continue
        if role in ROLES["applicant"]:
            if "applicant" in raw:
                raise CellError(ws.title, n, 1, tr("a second applicant; there is one", lang))
            raw["applicant"] = item
        elif role is None or role in ROLES["participant"]:
            raw.setdefault("participants", []).append(item)
        else:
            raise CellError(ws.title, n, 1, tr("{role!r} is neither applicant nor participant", lang, role=role))
