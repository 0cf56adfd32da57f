"""`sirules fund export --format xlsx`: a workbook for officers, read back with openpyxl."""

import datetime
import os
from decimal import Decimal

import pytest

from tests.cli_helpers import ROOT, run

try:
    import openpyxl
except ImportError:                               # in CI (.[test] has it) a missing openpyxl is a failure
    if os.environ.get("SIRULES_CI"):
        raise
    pytest.skip("the Excel export needs openpyxl: pip install 'sirules[excel]'", allow_module_level=True)

NORRKOPING = os.path.join(ROOT, "guidelines", "norrkoping.sir")
REFLOW = os.path.join(ROOT, "examples", "norrkoping", "accepted-2019-reflow.toml")
SHORT = os.path.join(ROOT, "examples", "norrkoping", "outcomes", "2019-reflow-short.toml")


def test_the_workbook_holds_the_register(tmp_path):
    db = str(tmp_path / "r.db")
    hostile = tmp_path / "hostile.toml"
    hostile.write_text(open(REFLOW, encoding="utf-8").read().replace(
        'title = "', 'title = "=HYPERLINK(\\"http://example.invalid\\") ', 1), encoding="utf-8")
    for argv in (("init", NORRKOPING, "--date", "2019-01-01"), ("submit", REFLOW, str(hostile), "--date", "2019-05-01"),
                 ("decide", "1", "--grant", "4 199 999,50 kr", "--date", "2019-06-01", "--by", "=KS"),
                 ("pay", "1", "4 199 999,50 kr", "--date", "2019-09-01"),
                 ("outcome", "1", SHORT, "--date", "2024-03-01")):
        code, _, err = run("fund", *argv, "--db", db)
        assert code == 0, err
    out = tmp_path / "register.xlsx"
    code, text, err = run("fund", "export", "--db", db, "--format", "xlsx", "--output", str(out))
    assert code == 0, err
    wb = openpyxl.load_workbook(out)
    apps, decisions, journal, status = wb.worksheets
    assert [ws.max_row - 1 for ws in wb.worksheets] == [2, 1, 7, 4]          # years with movements: 2019, 2021-2023
    assert apps.cell(3, 3).value.startswith("'=HYPERLINK")               # a text, never a formula
    assert apps.cell(2, 4).value == 4_200_000 and apps.cell(2, 5).value.date() == datetime.date(2019, 5, 1)
    assert Decimal(str(decisions.cell(2, 3).value)) == Decimal("4199999.50")     # kronor, öre kept
    assert decisions.cell(2, 5).value == "'=KS"
    assert decisions.cell(2, 3).number_format == '#,##0.00\\ "kr"'
    kinds = [journal.cell(r, 3).value for r in range(2, journal.max_row + 1)]
    # Norrköping's guideline is Swedish: so are the verdicts, decisions, kinds, clauses and notes (codes in the JSON)
    assert kinds == ["kapital", "beviljande", "utbetalning", "återbetalning", "återbetalning", "återbetalning",
                     "nedskrivning"]
    assert (apps.cell(2, 6).value, decisions.cell(2, 2).value) == ("godkänd", "beviljande")
    assert journal.cell(2, 7).value.startswith("fond, rad ") and journal.cell(5, 7).value.endswith(", rad 106")
    assert journal.cell(2, 8).value == "fondens storlek enligt riktlinjen"
    years = {status.cell(r, 1).value: status.cell(r, 4).value for r in range(2, status.max_row + 1)}
    assert years[2023] == 900_000
    assert str(out) in text


def test_a_workbook_is_not_written_to_the_terminal(tmp_path):
    db = str(tmp_path / "r.db")
    run("fund", "init", NORRKOPING, "--db", db)
    code, out, err = run("fund", "export", "--db", db, "--format", "xlsx")
    assert code == 2 and out == "" and "SIR623" in err
