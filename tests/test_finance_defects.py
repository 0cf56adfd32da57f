"""Issue 23, items 1-8: money and calculation defects, each held by a test that failed before its fix."""

import csv
import io
import json
import os
from fractions import Fraction

import pytest

import sirules
from sirules.finance import cashflow, socioeconomic
from sirules.language.i18n import tr

from .cli_helpers import run

TODO = pytest.mark.xfail(strict=True, reason="not fixed yet")

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
ALE = os.path.join(ROOT, "guidelines", "ale.sir")
JOINT = os.path.join(ROOT, "examples", "ale", "obligations", "joint-three-sectors.toml")
NK = os.path.join(ROOT, "guidelines", "norrkoping.sir")
NK_2019 = os.path.join(ROOT, "examples", "norrkoping", "accepted-2019-reflow.toml")
NK_SHORT = os.path.join(ROOT, "examples", "norrkoping", "outcomes", "2019-reflow-short.toml")


def _obligations(guideline, application):
    g = sirules.load(guideline)
    return cashflow.obligations(g.model, g.read_application(application))


def _reflows(sched, year):
    return {ln.payer: ln.amount_ore for ln in sched.lines if ln.kind == "reflow" and ln.year == year}


# ---- 1. the joint key does not depend on a committee field -------------------------------------

def _with_committees(tmp_path):
    text = open(JOINT, encoding="utf-8").read()
    for i, name in enumerate(("Sektor utbildning, kultur och fritid", "Sektor arbete, trygghet och omsorg",
                              "Sektor samhällsbyggnad")):
        text = text.replace(f'name = "{name}"\nkind = "municipal_unit"\n',
                            f'name = "{name}"\nkind = "municipal_unit"\ncommittee = "Nämnd {i}"\n')
    assert text.count("committee =") == 3
    p = tmp_path / "joint-committees.toml"
    p.write_text(text, encoding="utf-8")
    return str(p)


def test_joint_split_is_the_same_with_committees(tmp_path):
    plain = _obligations(ALE, JOINT).planned
    with_committees = _obligations(ALE, _with_committees(tmp_path)).planned
    expected = {"Sektor utbildning, kultur och fritid": 50_000_100, "Sektor arbete, trygghet och omsorg": 30_000_000,
                "Sektor samhällsbyggnad": 20_000_000}
    assert _reflows(plain, 2016) == expected
    assert _reflows(with_committees, 2016) == expected
    assert _reflows(with_committees, 2017) == _reflows(plain, 2017)


def test_savings_booked_on_a_committee_count_for_its_sector(tmp_path):
    path = _with_committees(tmp_path)
    text = open(path, encoding="utf-8").read().replace('actor = "Sektor samhällsbyggnad"', 'actor = "Nämnd 2"')
    (tmp_path / "by-committee.toml").write_text(text, encoding="utf-8")
    sched = _obligations(ALE, str(tmp_path / "by-committee.toml")).planned
    assert _reflows(sched, 2016)["Sektor samhällsbyggnad"] == 20_000_000


def test_a_change_of_key_is_said(tmp_path):
    text = open(JOINT, encoding="utf-8").read().replace('actor = "Sektor utbildning, kultur och fritid"\nyear = 2016',
                                                        'actor = "Ale Fritid AB"\nyear = 2016')
    text = text.replace('actor = "Sektor arbete, trygghet och omsorg"\nyear = 2016', 'actor = "Ale Fritid AB"\nyear = 2016')
    text = text.replace('actor = "Sektor samhällsbyggnad"\nyear = 2016', 'actor = "Ale Fritid AB"\nyear = 2016')
    p = tmp_path / "outside.toml"
    p.write_text(text, encoding="utf-8")
    sched = _obligations(ALE, str(p)).planned
    # a note is a text to translate where it is shown (tr): Swedish for Ale's guideline
    assert any("2016" in n and "lika" in n for n in (tr(x, "sv") for x in sched.notes)), sched.notes
    code, out, _ = run("obligations", ALE, str(p))
    assert code == 0 and "2016" in out and "lika" in out
    code, out, _ = run("obligations", "--format", "json", ALE, str(p))
    assert any("2016" in n for n in json.loads(out)["notes"])


# ---- 2. an assumed key is said to be one -------------------------------------------------------

def test_assumed_joint_key_is_printed_as_an_assumption():
    sched = _obligations(ALE, JOINT).planned
    assert len(sched.assumptions) == 1 and "efter_besparing" in tr(sched.assumptions[0], "sv")
    code, out, _ = run("obligations", ALE, JOINT)
    assert code == 0 and "antagande: " in out
    code, out, _ = run("obligations", "--format", "json", ALE, JOINT)
    assert json.loads(out)["assumptions"] == [tr(a, "sv") for a in sched.assumptions]


def test_a_given_key_is_no_assumption(tmp_path):
    text = open(ALE, encoding="utf-8").read().replace("  betalare: deltagarna\n",
                                                      "  betalare: deltagarna\n  fördelning: efter_besparing\n")
    p = tmp_path / "ale-keyed.sir"
    p.write_text(text, encoding="utf-8")
    assert _obligations(str(p), JOINT).planned.assumptions == ()


# ---- 3. calc counts every actor in the society-wide view ---------------------------------------

GUIDE_KOMMUN = """riktlinje "Kalkyl med kommunens aktörer" gäller från 2020-01-01
kalkyl
  aktörer: kommun
"""

APP_STATE = """title = "Ett år"
start = 2025-01-01

[[savings]]
actor = "Socialtjänsten"
year = 2025
amount = 84000

[[savings]]
actor = "Staten (skatteintäkter)"
actor_kind = "state"
year = 2025
amount = 201000
"""


def _files(tmp_path, guideline, application):
    g = tmp_path / "g.sir"
    g.write_text(guideline, encoding="utf-8")
    a = tmp_path / "a.toml"
    a.write_text(application, encoding="utf-8")
    return str(g), str(a)


def test_calc_keeps_an_actor_the_guideline_does_not_count(tmp_path):
    g, a = _files(tmp_path, GUIDE_KOMMUN, APP_STATE)
    compiled = sirules.load(g)
    c = socioeconomic.calculate(compiled.model, compiled.read_application(a))
    assert c.society.npv == 28_500_000
    assert c.municipal.npv == 8_400_000
    assert [w.code for w in c.warnings] == ["SIR330"]
    code, out, err = run("calc", g, a)
    assert "SIR330" in out + err and "Staten (skatteintäkter)" in out + err
    code, out, _ = run("calc", "--format", "json", g, a)
    doc = json.loads(out)
    assert doc["society"]["npv_ore"] == 28_500_000
    assert doc["warnings"][0]["code"] == "SIR330"


# ---- 4. sensitivity rows round once ------------------------------------------------------------

APP_TINY = """title = "Små belopp"
start = 2025-01-01

[[savings]]
actor = "Socialtjänsten"
year = 2025
amount = "1 öre"

[[savings]]
actor = "Socialtjänsten"
year = 2026
amount = "1 öre"
"""


def test_sensitivity_rounds_once(tmp_path):
    g, a = _files(tmp_path, 'riktlinje "R" gäller från 2020-01-01\nkalkyl\n  utfallsgrader: 50 %\n', APP_TINY)
    compiled = sirules.load(g)
    c = socioeconomic.calculate(compiled.model, compiled.read_application(a), rate=Fraction(0))
    (degree, municipal, society), = c.sensitivity
    assert degree == 50 and municipal.npv == 1 and society.npv == 1


# ---- 5. discounted payback -----------------------------------------------------------------------

def test_discounted_payback_year():
    g = sirules.load(os.path.join(ROOT, "guidelines", "sormland.sir"))
    app = g.read_application(os.path.join(ROOT, "examples", "sormland", "calc", "rehabilitering-till-arbete.toml"))
    c = socioeconomic.calculate(g.model, app, rate=Fraction(7, 2))
    # exact: the first year whose discounted cumulative net is at least 0
    flows = {}
    for r in c.rows:
        flows[r.year] = flows.get(r.year, 0) + Fraction(r.net) / Fraction(207, 200) ** (r.year - c.start)
    total, expected = Fraction(0), None
    for y in c.society.years:
        total += flows.get(y, 0)
        if total >= 0 and expected is None:
            expected = y
    assert c.society.discounted_payback_year == expected
    assert c.society.discounted_payback_year > c.society.payback_year
    code, out, _ = run("calc", "--format", "json", "--rate", "3.5", "guidelines/sormland.sir",
                       "examples/sormland/calc/rehabilitering-till-arbete.toml")
    assert json.loads(out)["society"]["discounted_payback_year"] == expected
    code, out, _ = run("calc", "--rate", "3.5", "guidelines/sormland.sir",
                       "examples/sormland/calc/rehabilitering-till-arbete.toml")
    assert f"diskonterat {expected}" in out


# ---- 6. straight-line amortisation: equal rounded instalments, the last pays the rest ----------

def test_loan_instalments_equal_and_last_pays_the_rest(tmp_path):
    g = tmp_path / "loan.sir"
    g.write_text(open(os.path.join(ROOT, "tests", "obligations", "loan.sir"), encoding="utf-8").read(),
                 encoding="utf-8")
    compiled = sirules.load(str(g))
    app = compiled.read_application(NK_2019)
    for invested, expected in ((100, [33, 33, 34]), (200, [67, 67, 66]), (1, [0, 0, 1]), (2, [1, 1, 0])):
        a = app.replace(data={**app.data, "budget": {2019: invested}})
        sched = cashflow.obligations(compiled.model, a).planned
        got = {ln.year: ln.amount_ore for ln in sched.lines if ln.kind == "amortisation"}
        assert [got.get(y, 0) for y in (2020, 2021, 2022)] == expected, invested


def test_loan_instalments_never_negative(tmp_path):
    g = tmp_path / "loan.sir"
    g.write_text(open(os.path.join(ROOT, "tests", "obligations", "loan.sir"), encoding="utf-8").read()
                 .replace("amortisation_years: 3", "amortisation_years: 5"), encoding="utf-8")
    compiled = sirules.load(str(g))
    app = compiled.read_application(NK_2019)
    a = app.replace(data={**app.data, "budget": {2019: 3}})
    sched = cashflow.obligations(compiled.model, a).planned
    parts = [ln.amount_ore for ln in sched.lines if ln.kind == "amortisation"]
    assert sum(parts) == 3 and all(p >= 0 for p in parts)


# ---- 7. rows in year order in every format -------------------------------------------------------

KINDS = ["investment", "financing", "reflow", "surplus", "repayment", "waived", "interest", "amortisation",
         "outcome_payment", "shortfall_repayment", "write_down", "financier_loss"]


def _order_key(row):
    return (int(row["year"]), KINDS.index(row["kind"]), row["payer"])


def test_json_and_csv_rows_in_year_kind_payer_order():
    code, out, _ = run("obligations", "--format", "json", NK, NK_2019, "--outcome", NK_SHORT)
    doc = json.loads(out)
    for sched in (doc["schedule"], doc["planned"]["schedule"]):
        assert sched == sorted(sched, key=_order_key)
    code, out, _ = run("obligations", "--format", "csv", NK, NK_2019, "--outcome", NK_SHORT)
    rows = list(csv.DictReader(io.StringIO(out), delimiter=";"))         # a Swedish guideline: Swedish Excel's CSV
    for basis in ("planned", "realised"):
        part = [r for r in rows if r["basis"] == basis]
        assert part and part == sorted(part, key=_order_key)


# ---- 8. obligations of several applications, with a total ---------------------------------------

def test_obligations_of_a_folder_with_a_total():
    folder = os.path.join("examples", "norrkoping")
    code, out, err = run("obligations", "guidelines/norrkoping.sir", folder)
    assert code == 0, err
    assert "accepted-2019-reflow.toml" in out and "accepted-2022-no-reflow.toml" in out
    assert "totalt" in out.lower()
    code, out, _ = run("obligations", "--format", "json", "guidelines/norrkoping.sir", folder)
    doc = json.loads(out)
    apps = doc["applications"]
    assert len(apps) >= 2
    assert doc["total"]["invested_ore"] == sum(a["invested_ore"] for a in apps)
    assert doc["total"]["applications"] == len(apps)
    code, out, _ = run("obligations", "--format", "csv", "guidelines/norrkoping.sir", folder)
    rows = list(csv.DictReader(io.StringIO(out), delimiter=";"))
    assert {r["application"] for r in rows if r["basis"] != "total"} == {a["application"] for a in apps}
    total = [r for r in rows if r["basis"] == "total" and r["kind"] == "invested"]
    assert len(total) == 1 and int(total[0]["amount_kr"]) * 100 == doc["total"]["invested_ore"]     # kronor


def test_obligations_of_several_files_and_outcome_refused():
    code, out, err = run("obligations", "guidelines/norrkoping.sir", NK_2019, NK_2019, "--outcome", NK_SHORT)
    assert code == 2 and "SIR404" in err and "Traceback" not in err
