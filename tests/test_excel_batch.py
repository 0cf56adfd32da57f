"""--batch from Swedish Excel: CSV with semicolons and decimal commas, workbooks, and bad cells named
by sheet, row and column while the other rows go on."""

import contextlib
import io
import itertools
import json
import os
import sys

import pytest

import sirules
from sirules.cli import main as cli
from tests.cli_helpers import ROOT

sys.path.insert(0, ROOT)
from bench.data import generate  # noqa: E402

BENCH = os.path.join(ROOT, "bench", "bench.sir")
openpyxl = pytest.importorskip("openpyxl")

FACTS_SV = {"id": "id", "title": "titel", "amount": "belopp", "total_cost": "total_kostnad",
            "cofinancing": "medfinansiering", "start": "startdatum", "duration": "längd",
            "preventive": "förebyggande", "new_method": "ny_metod", "ordinary_operations": "ordinarie_verksamhet",
            "evidence_based": "evidensbaserad", "age_from": "ålder_från", "age_to": "ålder_till"}
FIELDS_SV = {"name": "namn", "kind": "typ", "committee": "nämnd", "endorsed": "tillstyrkt"}
from sirules.engine.application.spelling import PARTS as PARTS_SV  # noqa: E402


def _kr(n: int) -> str:
    """An amount as Swedish Excel writes it: a space between thousands, a decimal comma."""
    return f"{n:,}".replace(",", "\u00a0") + ",00"


def _excel_value(v):
    if isinstance(v, bool):
        return "SANT" if v else "FALSKT"
    return v


def swedish_rows(apps):
    """(headings, rows) of applications as a Swedish workbook would hold them."""
    apps = list(apps)
    years = sorted({y for a in apps for y in a.get("budget", {})})
    parts = sorted({p for a in apps for p in a.get("parts", {})})
    heads = [*FACTS_SV.values(), *(f"sökande.{v}" for v in FIELDS_SV.values()), "deltagare",
             *(f"budget.{y}" for y in years), *(f"delar.{PARTS_SV.get(p, p)}" for p in parts)]
    rows = []
    for a in apps:
        row = [_excel_value(a.get(k)) for k in FACTS_SV]
        row = [_kr(v) if k in ("amount", "total_cost", "cofinancing") and isinstance(v, int) else v
               for k, v in zip(FACTS_SV, row)]
        row += [_excel_value(a.get("applicant", {}).get(k)) for k in FIELDS_SV]
        row.append(json.dumps([{FIELDS_SV.get(k, k): v for k, v in p.items()} for p in a.get("participants", [])],
                              ensure_ascii=False))
        row += [_kr(a["budget"][y]) if y in a.get("budget", {}) else None for y in years]
        row += [a.get("parts", {}).get(p) for p in parts]
        rows.append(row)
    return heads, rows, apps


def _batch(*argv):
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        code = cli.main(["check", *argv])
    return code, [json.loads(x) for x in out.getvalue().splitlines()]


def _semicolon_csv(path, heads, rows):
    import csv
    with open(path, "w", encoding="utf-8-sig", newline="") as fh:          # Excel's "CSV UTF-8"
        w = csv.writer(fh, delimiter=";", lineterminator="\r\n")
        w.writerow(heads)
        w.writerows(["" if v is None else v for v in row] for row in rows)


def test_semicolon_csv_of_10000_rows_from_swedish_excel_checks_correctly(tmp_path):
    heads, rows, apps = swedish_rows(itertools.islice(generate(10_000, 7), 10_000))
    path = tmp_path / "ansökningar.csv"
    _semicolon_csv(path, heads, rows)
    code, lines = _batch(BENCH, "--batch", str(path))
    assert len(lines) == 10_000
    g = sirules.load(BENCH)
    for got, app in zip(lines, apps):
        assert "error" not in got, got
        want = g.check_raw(app)
        assert got["verdict"] == want.verdict
        assert [f["outcome"] for f in got["findings"]] == [
            "permitted" if f.rule.strength == "may" else f.outcome for f in want.findings]
    assert {x["verdict"] for x in lines} >= {"accepted", "rejected"}


def test_delimiter_told_from_the_headings_or_given(tmp_path):
    heads, rows, apps = swedish_rows(itertools.islice(generate(20, 3), 20))
    path = tmp_path / "a.csv"
    _semicolon_csv(path, heads, rows)
    _, told = _batch(BENCH, "--batch", str(path))
    _, given = _batch(BENCH, "--batch", str(path), "--delimiter", ";")
    assert told == given and all("verdict" in x for x in told)
    _, wrong = _batch(BENCH, "--batch", str(path), "--delimiter", ",")
    assert all("verdict" not in x or x["findings"] != told[i]["findings"] for i, x in enumerate(wrong))


def test_workbook_batch_and_bad_cells_by_sheet_row_and_column(tmp_path):
    heads, rows, apps = swedish_rows(itertools.islice(generate(30, 5), 30))
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Ansökningar"
    ws.append(heads)
    for row in rows:
        ws.append(row)
    col = heads.index("belopp") + 1
    ws.cell(5, col, "#VALUE!")                 # row 5: an error value in Excel
    ws.cell(8, col, "massor")                   # row 8: a text that is no amount
    ws.cell(11, heads.index("deltagare") + 1, "[{not json")
    wb.save(tmp_path / "a.xlsx")
    code, lines = _batch(BENCH, "--batch", str(tmp_path / "a.xlsx"))
    assert len(lines) == 30 and [x["line"] for x in lines] == list(range(2, 32))
    by_row = {x["line"]: x for x in lines}
    letter = openpyxl.utils.get_column_letter(col)
    for row in (5, 8):
        cell = by_row[row]["error"]["cell"]
        assert cell == {"sheet": "Ansökningar", "row": row, "column": letter, "heading": "belopp"}
    assert by_row[11]["error"]["cell"]["heading"] == "deltagare"
    g = sirules.load(BENCH)
    for n, app in enumerate(apps, 2):
        if n not in (5, 8, 11):
            assert by_row[n]["verdict"] == g.check_raw(app).verdict


def test_csv_bad_cell_named_by_row_and_column(tmp_path):
    path = tmp_path / "a.csv"
    path.write_text("id;belopp;startdatum;sökande.typ;deltagare\n"
                    "a;500 000,50;2024-05-01;förvaltning;[]\n"
                    "b;mycket;2024-05-01;förvaltning;[]\n"
                    "c;1 000;2024-05-01;förvaltning;[{oj\n", encoding="utf-8")
    _, (a, b, c) = _batch(os.path.join(ROOT, "tests", "diagnostics", "_guideline.sir"), "--batch", str(path))
    assert "verdict" in a
    assert b["error"]["cell"] == {"row": 3, "column": "B", "heading": "belopp"}
    assert c["error"]["cell"] == {"row": 4, "column": "E", "heading": "deltagare"}
