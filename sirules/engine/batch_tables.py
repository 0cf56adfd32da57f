"""The tables ``--batch`` reads besides JSON Lines: CSV with ``,`` or ``;`` (Swedish Excel's; told
from the heading row, or given with ``--delimiter``) and Excel workbooks (one application per row of
the first sheet, with the headings of the CSV form: ``belopp``, ``sökande.typ``…).

A cell holds a value as a person writes it: ``ja``/``nej`` (and Swedish Excel's ``SANT``/``FALSKT``),
a whole number, a decimal with a comma or a point (read by the readers of money and numbers), a date,
a JSON list or table (``["barn", "unga"]``). A cell that cannot be read is an error of its row that
names the sheet, the row and the column, and the other rows go on; :meth:`Table.cell_of` says which
cell an error of a row's check is about, from the key its message names.
"""

from __future__ import annotations

from sirules.language.i18n import Text, later

import json
import re
from typing import Iterator

from ..language.diagnostics import SirulesError, error

_TRUE = frozenset(("true", "ja", "yes", "sant"))
_BOOL = _TRUE | frozenset(("false", "nej", "no", "falskt"))
_KEY_IN_MESSAGE = re.compile(r'"([^"]+)"')


def sniff_delimiter(header: str) -> str:
    """``;`` when the heading row has more semicolons than commas outside quotes, else ``,``."""
    bare = re.sub(r'"(?:[^"]|"")*"', "", header)
    return ";" if bare.count(";") > bare.count(",") else ","


class Table:
    """Where the rows of a table come from, to name the cell of an error: the sheet (None for CSV) and
    the headings, in order."""

    def __init__(self, sheet: str | None = None, lang: str | None = None):
        self.sheet, self.lang = sheet, lang          # lang: of the messages (the guideline's)
        self.headings: list[str] = []
        self.bad: dict[int, dict] = {}            # row -> the cell that could not be read

    def cell(self, row: int, col: int) -> dict:
        from .application.workbook import col_letter
        out = {"row": row, "column": col_letter(col)}
        if self.sheet is not None:
            out = {"sheet": self.sheet, **out}
        if 0 < col <= len(self.headings) and self.headings[col - 1]:
            out["heading"] = self.headings[col - 1]
        return out

    def cell_of(self, row: int, message: str, spelling=None) -> dict | None:
        """The cell an error of row ``row`` is about: the first key its message names that a heading
        gives (in either spelling), or the cell that could not be read."""
        if row in self.bad:
            return self.bad[row]
        m = _KEY_IN_MESSAGE.search(message)
        if not m:
            return None
        key = m.group(1).replace("[0]", "")
        for col, h in enumerate(self.headings, 1):
            if h and (h == key or (spelling is not None and _english(h, spelling) == key)):
                return self.cell(row, col)
        return None


def _english(heading: str, sp) -> str:
    parts = heading.split(".")
    first = sp.top_sv.get(parts[0], parts[0])
    rest = [sp.fields_sv.get(p, p) for p in parts[1:]] if first in ("applicant", "participants") else parts[1:]
    return ".".join([first, *rest])


def value(s):
    """A CSV cell as a value: yes/no, a whole number, JSON, or the text as written."""
    s = s.strip()
    if not s:
        return None
    if s[:1] in "[{":
        try:
            return json.loads(s)
        except json.JSONDecodeError as exc:
            raise ValueError(later("a cell that starts with {start} is read as JSON, and is not JSON (character {pos})",
                                   start=s[:1], pos=exc.pos + 1)) from None
    low = s.lower()
    if low in _BOOL:
        return low in _TRUE
    if s.lstrip("-").isdigit() and s.lstrip("-").isascii():
        return int(s)
    return s


def why(exc: Exception) -> str:
    """What a ValueError says: its text to translate when it is one (:func:`later`), else its first
    200 characters."""
    said = exc.args[0] if exc.args else ""
    if isinstance(exc, json.JSONDecodeError):
        return later("not valid JSON at character {pos}", pos=exc.pos + 1)
    return said if isinstance(said, Text) else str(exc)[:200]


def unflatten(row) -> dict:
    """The application of one row: ``sökande.typ`` goes inside ``sökande``. ``row`` is (heading,
    value) pairs, the values already read."""
    out: dict = {}
    for key, v in row:
        if key is None:
            raise ValueError(later("more values than column headings"))
        if v is None:
            continue
        target = out
        parts = key.split(".")
        for p in parts[:-1]:
            target = target.setdefault(p, {})
            if type(target) is not dict:
                raise ValueError(later("the heading {key} goes inside {inside}, which another heading gives a value",
                                       key=repr(key), inside=repr(p)))
        if type(target.get(parts[-1])) is dict:
            raise ValueError(later("the heading {key} gives a value to what other headings ({name}.…) fill in",
                                   key=repr(key), name=key))
        target[parts[-1]] = v
    return out


def xlsx_rows(path: str, table: Table) -> Iterator[tuple[int, object]]:
    """(row, raw dict or SirulesError) for each row of the first sheet of a workbook."""
    from ..language import limits
    from ..language.fileio import read_input
    from .application.workbook import CellError, cell_value, open_workbook, sheet_key
    most = limits.get("APPLICATION_BYTES", 5_000_000) * 20

    def too_large(size):
        return SirulesError([error("SIR401", later("{file} is {size}; the limit on a batch workbook is {most} bytes", file=path,
                                                 size=size, most=most),
                                   hint=limits.hint("APPLICATION_BYTES"))])
    wb = open_workbook(read_input(path, most, later("a batch file (.jsonl, .csv or .xlsx)"), too_large), path)
    try:
        ws = next((w for w in wb.worksheets if not w.title.startswith("_") and sheet_key(w.title) != "readme"),
                  None)
        if ws is None:
            return
        table.sheet = ws.title
        for n, cells in enumerate(ws.iter_rows(values_only=True), 1):
            if n == 1:
                table.headings = [None if c is None else str(c).strip() for c in cells]
                continue
            if all(c is None or c == "" for c in cells):
                continue
            try:
                got = []
                for i, c in enumerate(cells, 1):
                    v = cell_value(c, ws.title, n, i, table.lang)
                    if type(v) is str:
                        try:
                            v = value(v)
                        except ValueError as exc:         # a cell that starts like JSON and is not
                            raise CellError(ws.title, n, i, why(exc)) from None
                    h = table.headings[i - 1] if i <= len(table.headings) else None
                    if h is None and v is not None:
                        raise CellError(ws.title, n, i, later("a value in a column without a heading"))
                    if h is not None:
                        got.append((h, v))
                yield n, unflatten(got)
            except CellError as exc:
                table.bad[n] = table.cell(n, exc.col)
                yield n, SirulesError([error("SIR431", later("{where}: {why}", where=exc.where(table.lang), why=exc.why))])
            except ValueError as exc:
                yield n, SirulesError([error("SIR431", later("sheet {sheet}, row {n}: {why}", sheet=ws.title, n=n, why=why(exc)))])
    finally:
        wb.close()
