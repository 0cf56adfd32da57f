"""--format xlsx of check, obligations, calc and compare: the sheets, amounts in kronor with the kronor
number format, native charts, no formula from any text, and no binary on a terminal; CSV in kronor."""

import csv
import io
import json
import os
import sys

import pytest

from tests.cli_helpers import ROOT, run

openpyxl = pytest.importorskip("openpyxl")

ALE = os.path.join(ROOT, "guidelines", "ale.sir")
ALE_JOINT = os.path.join(ROOT, "examples", "ale", "obligations", "joint-three-sectors.toml")
SORMLAND = os.path.join(ROOT, "guidelines", "sormland.sir")
SORMLAND_CALC = os.path.join(ROOT, "examples", "sormland", "calc", "rehabilitering-till-arbete.toml")
HOSTILE = ['=cmd|\' /C calc\'!A0', '=HYPERLINK("http://example.invalid/")', "@SUM(1+1)", "+1+2", "-2+3",
           "<script>alert(1)</script>"]


def hostile_application(tmp_path) -> str:
    """Ale's joint example with a formula or markup in every text a report shows."""
    src = open(ALE_JOINT, encoding="utf-8").read()
    src = (src.replace('"Sektor samhällsbyggnad"', json.dumps(HOSTILE[0]))
              .replace('"Sektor arbete, trygghet och omsorg"', json.dumps(HOSTILE[1]))
              .replace('name = "Sektor utbildning, kultur och fritid"', f"name = {json.dumps(HOSTILE[2])}"))
    src = src.replace("\ntitle = ", f"\ntitle = {json.dumps(HOSTILE[3])}\n#", 1)
    p = tmp_path / "=app+1.toml"
    p.write_text(src, encoding="utf-8")
    return str(p)


def workbook(path):
    return openpyxl.load_workbook(path)


def assert_no_formula(wb):
    """No cell of any sheet is a formula, and no text starts like one."""
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for c in row:
                assert c.data_type != "f", (ws.title, c.coordinate, c.value)
                if isinstance(c.value, str):
                    assert c.value[:1] not in ("=", "+", "-", "@", "\t", "\r"), (ws.title, c.coordinate, c.value)


def test_check_xlsx_summary_and_findings(tmp_path):
    out = tmp_path / "k.xlsx"
    code, _, err = run("check", ALE, os.path.join(ROOT, "examples", "ale"), "--format", "xlsx", "--output", str(out))
    assert code == 1, err
    _, js, _ = run("check", ALE, os.path.join(ROOT, "examples", "ale"), "--format", "json")
    docs = json.loads(js)
    wb = workbook(out)
    summary, findings = wb.worksheets[:2]
    assert [summary.title, findings.title] == ["Sammanfattning", "Bedömning"]
    rows = list(summary.iter_rows(min_row=2, values_only=True))
    assert [(r[0], r[3]) for r in rows] == [(d["application"], d["verdict"]) for d in docs]
    assert findings.max_row - 1 == sum(len(d["findings"]) for d in docs)


def test_calc_xlsx_kronor_views_sensitivity_and_charts(tmp_path):
    out = tmp_path / "c.xlsx"
    code, _, err = run("calc", SORMLAND, SORMLAND_CALC, "--format", "xlsx", "--output", str(out))
    assert code == 0, err
    doc = json.loads(run("calc", SORMLAND, SORMLAND_CALC, "--format", "json")[1])
    wb = workbook(out)
    rows = wb.worksheets[0]
    got = list(rows.iter_rows(min_row=2, values_only=True))
    assert len(got) == len(doc["rows"])
    for (actor, kind, year, cost, saving, net), r in zip(got, doc["rows"]):
        assert (actor, year) == (r["actor"], r["year"])
        assert cost * 100 == r["cost_ore"] and saving * 100 == r["saving_ore"]          # kronor, not öre
    assert rows.cell(2, 4).number_format == '#,##0 "kr"'
    views = wb.worksheets[1]
    assert views.cell(2, 2).value * 100 == doc["municipal"]["npv_ore"]
    assert views.cell(3, 2).value * 100 == doc["society"]["npv_ore"]
    charts = wb.worksheets[2]
    assert len(charts._charts) == 2                   # the cash flows and the hump, native Excel charts
    sens = wb.worksheets[3]
    assert sens.max_row - 1 == len(doc["sensitivity"])


def test_obligations_and_compare_xlsx(tmp_path):
    code, _, err = run("obligations", ALE, ALE_JOINT, "--format", "xlsx", "--output", str(tmp_path / "o.xlsx"))
    assert code == 0, err
    doc = json.loads(run("obligations", ALE, ALE_JOINT, "--format", "json")[1])
    sched = workbook(tmp_path / "o.xlsx").worksheets[0]
    amounts = [r[6] for r in sched.iter_rows(min_row=2, values_only=True)]
    assert [a * 100 for a in amounts] == [ln["amount_ore"] for ln in doc["schedule"]]
    code, _, err = run("compare", ALE, os.path.join(ROOT, "guidelines", "goteborg.sir"), "--format", "xlsx",
                       "--output", str(tmp_path / "cmp.xlsx"))
    assert code == 0, err
    ws = workbook(tmp_path / "cmp.xlsx").worksheets[0]
    text = run("compare", ALE, os.path.join(ROOT, "guidelines", "goteborg.sir"), "--format", "csv")[1]
    assert ws.max_row == len(list(csv.reader(io.StringIO(text))))


def test_hostile_text_is_neutralised_in_every_workbook(tmp_path):
    app = hostile_application(tmp_path)
    made = []
    for argv in (["check", ALE, app], ["obligations", ALE, app], ["calc", ALE, app],
                 ["compare", ALE, ALE + "@2014-01-01", "--applications", app]):
        out = tmp_path / f"{argv[0]}.xlsx"
        code, _, err = run(*argv, "--format", "xlsx", "--output", str(out))
        assert code in (0, 1), err
        made.append(out)
    from sirules.authoring import template
    from sirules.cli.template import load
    from sirules.report.workbook import application_workbook
    import tomllib
    model, nodes = load(ALE)
    raw = tomllib.load(open(app, "rb"))
    raw["parts"]["goal"] = HOSTILE[5]
    (tmp_path / "t.xlsx").write_bytes(application_workbook(template.skeleton(model, nodes), template.type_note, raw))
    made.append(tmp_path / "t.xlsx")
    texts = set()
    for path in made:
        wb = workbook(path)
        assert_no_formula(wb)
        texts |= {c.value for ws in wb.worksheets for row in ws.iter_rows() for c in row if isinstance(c.value, str)}
    for h in HOSTILE[:3]:
        assert "'" + h in texts                        # shown as text, with the quote in front
    assert HOSTILE[5] in texts                         # markup is text in a cell: nothing runs it


def test_workbook_is_not_written_to_a_terminal(monkeypatch, capsys):
    class Terminal(io.StringIO):
        def isatty(self):
            return True
    from sirules.cli import main as cli
    monkeypatch.setattr(sys, "stdout", Terminal())
    monkeypatch.setattr(sys, "stderr", err := io.StringIO())
    code = cli.main(["calc", SORMLAND, SORMLAND_CALC, "--format", "xlsx"])
    assert code == 2 and "SIR433" in err.getvalue() and "--output" in err.getvalue()
    assert sys.stdout.getvalue() == ""


def test_csv_in_kronor_with_swedish_excel_form():
    code, out, _ = run("calc", SORMLAND, SORMLAND_CALC, "--format", "csv")
    doc = json.loads(run("calc", SORMLAND, SORMLAND_CALC, "--format", "json")[1])
    rows = list(csv.DictReader(io.StringIO(out), delimiter=";"))
    assert [int(r["cost_kr"].replace(",", ".").split(".")[0]) * 100 for r in rows] == [
        r["cost_ore"] // 100 * 100 for r in doc["rows"]]
    code, out2, _ = run("calc", SORMLAND, SORMLAND_CALC, "--format", "csv", "--delimiter", ",")
    assert out2.splitlines()[0] == "actor,kind,year,cost_kr,saving_kr,net_kr"
    from sirules.report.cells import Kronor
    assert str(Kronor(123456, ",")) == "1234,56" and str(Kronor(-5, ".")) == "-0.05" and str(Kronor(-500)) == "-5"


def test_check_output_is_for_the_workbook(tmp_path):
    code, _, err = run("check", ALE, ALE_JOINT, "--output", str(tmp_path / "x.txt"))
    assert code == 2 and "SIR404" in err and "--format xlsx" in err and not (tmp_path / "x.txt").exists()
