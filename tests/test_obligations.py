"""Obligations and the socio-economic calculation, to the öre."""

import json
import os
import subprocess
import sys
from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import sirules
from sirules.finance import cashflow, socioeconomic

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
NK = os.path.join(ROOT, "guidelines", "norrkoping.sir")
NK_2019 = os.path.join(ROOT, "examples", "norrkoping", "accepted-2019-reflow.toml")
NK_SHORT = os.path.join(ROOT, "examples", "norrkoping", "outcomes", "2019-reflow-short.toml")
HERE = os.path.join(ROOT, "tests", "obligations")


def obligations(guideline, application, outcome=None, on=None):
    g = sirules.load(guideline)
    app = g.read_application(application)
    out = cashflow.read_outcome(outcome, app, g.model) if outcome else None
    return cashflow.obligations(g.model, app, out, on)


def amounts(schedule, kind):
    return [(ln.year, ln.payer, ln.amount_ore) for ln in schedule.lines if ln.kind == kind]


def test_norrkoping_reflow_planned_and_realised_with_central_write_down():
    ob = obligations(NK, NK_2019, NK_SHORT)
    p, r = ob.planned, ob.realised
    assert p.model == r.model == "reflow"
    assert p.invested_ore == r.invested_ore == 420_000_000
    assert p.repaid_ore == 420_000_000 and p.written_down_ore == 0
    # 2023: 1 000 000 kr left, split 15:6 between the two committees, to the öre
    assert amounts(p, "reflow")[-2:] == [(2023, "Socialnämnden", 71_428_571), (2023, "Utbildningsnämnden", 28_571_429)]
    assert sum(a for _, _, a in amounts(p, "surplus")) == 110_000_000       # savings beyond the cap go to the fund
    assert r.repaid_ore == 205_000_000
    assert r.written_down_ore == 215_000_000 and r.written_down_by == "Kommunstyrelsen"
    assert amounts(r, "write_down") == [(2023, "Kommunstyrelsen", 215_000_000)]
    assert all(ln.clause == "§ 6 Risk" for ln in r.lines if ln.kind == "write_down")


def test_norrkoping_2021_change_nothing_flows_back():
    ob = obligations(NK, os.path.join(ROOT, "examples", "norrkoping", "accepted-2022-no-reflow.toml"))
    assert ob.planned.model == "none"
    assert ob.planned.repaid_ore == 0 and ob.planned.written_down_ore == 0
    assert [ln.kind for ln in ob.planned.lines] == ["investment", "investment"]
    # the 2019 application checked as if it started in 2021 falls under the new rules
    assert obligations(NK, NK_2019, on=__import__("datetime").date(2021, 6, 1)).planned.model == "none"


def test_committee_carries_the_risk_and_repays_regardless():
    ob = obligations(os.path.join(HERE, "committee-risk.sir"), NK_2019, NK_SHORT)
    r = ob.realised
    assert r.written_down_ore == 0 and r.written_down_by is None
    assert amounts(r, "shortfall_repayment") == [(2023, "Socialnämnden", 215_000_000)]
    assert r.repaid_ore == r.invested_ore == 420_000_000


def test_split_shortfall_sums_exactly():
    ob = obligations(os.path.join(HERE, "split-risk.sir"), NK_2019, NK_SHORT)
    r = ob.realised
    # three years of reflow from 2019 (2019-2021): only 400 000 kr was booked in 2021
    assert r.repaid_ore - sum(a for *_, a in amounts(r, "shortfall_repayment")) == 40_000_000
    central = r.written_down_ore
    committee = sum(a for *_, a in amounts(r, "shortfall_repayment"))
    assert central + committee == 380_000_000
    assert central == 266_000_000 and committee == 114_000_000


def test_ale_joint_repayment_splits_to_the_ore():
    ob = obligations(os.path.join(ROOT, "guidelines", "ale.sir"),
                     os.path.join(ROOT, "examples", "ale", "obligations", "joint-three-sectors.toml"))
    p = ob.planned
    assert p.model == "joint"
    assert sorted(amounts(p, "reflow")[3:]) == [
        (2017, "Sektor arbete, trygghet och omsorg", 65_333_287),
        (2017, "Sektor samhällsbyggnad", 9_333_326),
        (2017, "Sektor utbildning, kultur och fritid", 65_333_287)]
    assert sum(a for *_, a in amounts(p, "reflow")) == p.invested_ore == 240_000_000


def test_malmo_plan_waived_when_the_saving_lands_centrally():
    ob = obligations(os.path.join(ROOT, "guidelines", "malmo.sir"),
                     os.path.join(ROOT, "examples", "malmo", "obligations", "plan-waived-central-saving.toml"))
    p = ob.planned
    assert amounts(p, "waived") == [(2015, "Stadsområdesnämnd Väster", 200_000_000)]
    assert amounts(p, "repayment") == [(2016, "Stadsområdesnämnd Väster", 200_000_000)]
    assert p.repaid_ore + p.waived_ore + p.written_down_ore + p.outstanding_ore == p.invested_ore


def test_vingaker_repayment_plan():
    ob = obligations(os.path.join(ROOT, "guidelines", "vingaker.sir"),
                     os.path.join(ROOT, "examples", "vingaker", "obligations", "plan-three-years.toml"))
    assert amounts(ob.planned, "repayment") == [(y, "Socialnämnden", 20_000_000) for y in (2017, 2018, 2019)]
    assert ob.planned.repaid_ore == ob.planned.invested_ore == 60_000_000


def test_loan_interest_and_amortisation():
    ob = obligations(os.path.join(HERE, "loan.sir"), NK_2019)
    p = ob.planned
    # 4 200 000 kr over 3 years from 2020 at 2 % + 0,5 %
    assert amounts(p, "amortisation") == [(2020, "Socialnämnden", 140_000_000)] * 1 + [
        (2021, "Socialnämnden", 140_000_000), (2022, "Socialnämnden", 140_000_000)]
    assert amounts(p, "interest") == [(2020, "Socialnämnden", 10_500_000), (2021, "Socialnämnden", 7_000_000),
                                     (2022, "Socialnämnden", 3_500_000)]
    assert p.repaid_ore == p.invested_ore and p.interest_ore == 21_000_000


def test_outcome_contract():
    ob = obligations(os.path.join(HERE, "outcome-contract.sir"), os.path.join(HERE, "outcome-contract-app.toml"))
    p = ob.planned
    assert [ln.kind for ln in p.lines][:2] == ["financing", "financing"]
    # 85 units at 120 000 kr = 10 200 000 kr, capped at 10 MSEK
    assert p.outcome_paid_ore == 1_000_000_000
    assert amounts(p, "outcome_payment") == [(2018, "the municipality", 480_000_000),
                                             (2019, "the municipality", 520_000_000)]
    assert p.written_down_ore == 0


def test_json_has_the_documented_keys_and_is_byte_identical():
    cmd = [sys.executable, "-m", "sirules", "obligations", NK, NK_2019, "--outcome", NK_SHORT, "--format", "json"]
    a = subprocess.run(cmd, capture_output=True, text=True, env={**os.environ, "PYTHONHASHSEED": "1"})
    b = subprocess.run(cmd, capture_output=True, text=True, env={**os.environ, "PYTHONHASHSEED": "2"})
    assert a.returncode == 0 and a.stdout == b.stdout
    doc = json.loads(a.stdout)
    assert {"schedule", "invested_ore", "repaid_ore", "written_down_ore", "written_down_by", "planned"} <= set(doc)
    assert set(doc["schedule"][0]) >= {"year", "payer", "payee", "amount_ore", "kind", "clause"}


@pytest.mark.parametrize("text, fragment", [          # Norrköping's guideline is Swedish: so are its errors
    ('[[savings]]\nactor = "Socialnämnden"\nyear = 2021\namount = -5000\n', "kan inte vara negativ"),
    ('[[savings]]\nactor = "Socialnämden"\nyear = 2021\namount = 5000\n', 'menade du "Socialnämnden"'),
    ('[[savings]]\nactor = "Socialnämnden"\nyear = 2015\namount = 5000\n', "utanför projektet"),
    ('[[savings]]\nactor = "Socialnämnden"\nyear = 2021\n', "behöver actor, year och amount"),
    ('saving = 3\n', 'okänd nyckel "saving"'),
])
def test_bad_outcome_files_exit_2(tmp_path, text, fragment):
    p = tmp_path / "outcome.toml"
    p.write_text(text, encoding="utf-8")
    r = subprocess.run([sys.executable, "-m", "sirules", "obligations", NK, NK_2019, "--outcome", str(p)],
                       capture_output=True, text=True)
    assert r.returncode == 2 and "SIR307" in r.stderr and fragment in r.stderr and "Traceback" not in r.stderr


SAVINGS = st.lists(st.tuples(st.sampled_from(["Socialnämnden", "Utbildningsnämnden"]), st.integers(2019, 2026),
                             st.integers(0, 3_000_000_00)), max_size=12)


@settings(max_examples=150, deadline=None)
@given(SAVINGS, st.integers(1, 10_000_000_00))
def test_reflow_properties(savings, invested):
    g = sirules.load(NK)
    app = g.read_application(NK_2019)
    app = app.replace(data={**app.data, "budget": {2019: invested}, "savings": tuple(savings)})
    for sched in (cashflow.obligations(g.model, app).planned,):
        reflow = sum(ln.amount_ore for ln in sched.lines if ln.kind == "reflow")
        assert reflow <= invested
        assert sched.repaid_ore + sched.written_down_ore == invested
        assert all(ln.amount_ore > 0 for ln in sched.lines)


# ---- the socio-economic calculation --------------------------------------------------------

SORMLAND = os.path.join(ROOT, "guidelines", "sormland.sir")
CALC = os.path.join(ROOT, "examples", "sormland", "calc")


def calc(application, **kw):
    g = sirules.load(SORMLAND)
    return socioeconomic.calculate(g.model, g.read_application(application), **kw)


def test_primer_social_assistance_84_000_vs_285_000():
    c = calc(os.path.join(CALC, "socialbidrag-till-arbete.toml"))
    assert c.municipal.npv == 8_400_000
    assert c.society.npv == 28_500_000


def test_primer_rehabilitation_first_year_and_long_run():
    c = calc(os.path.join(CALC, "rehabilitering-till-arbete.toml"))
    municipal_first = sum(r.saving for r in c.rows if r.kind == "municipality" and r.year == 2026)
    assert municipal_first == 9_900_000 < 10_000_000                      # just under 100 000 kr in year one
    assert sum(r.saving for r in c.rows) == 300_000_000                     # about 3 MSEK in the long run
    assert c.society.hump_year == 2025 and c.society.hump_ore == -30_000_000
    assert c.municipal.payback_year == 2029 and c.society.payback_year == 2027
    npvs = [sv.npv for _, _, sv in c.sensitivity]
    assert npvs == sorted(npvs) and npvs[0] == -30_000_000


def test_discount_rate_and_rounding():
    c = calc(os.path.join(CALC, "rehabilitering-till-arbete.toml"), rate=Fraction(7, 2))
    expected = sum(Fraction(15_000_000) / Fraction(207, 200) ** t for t in range(1, 21)) - 30_000_000
    assert c.society.npv == round(expected)                                 # exact, rounded once
    assert c.society.npv == 183_186_050


@settings(max_examples=50, deadline=None)
@given(st.lists(st.lists(st.integers(0, 10_000), min_size=5, max_size=5), min_size=1, max_size=20))
def test_sensitivity_many_matches_the_exact_calculation(scenarios):
    c = calc(os.path.join(CALC, "rehabilitering-till-arbete.toml"), rate=Fraction(3))
    fast = socioeconomic.sensitivity_many(c, scenarios)
    actors = c.actors()
    for degrees, got in zip(scenarios, fast):
        exact = 0
        for r in c.rows:
            d = Fraction(degrees[actors.index(r.actor)], 10_000)
            exact += (Fraction(r.saving) * d - r.cost) / Fraction(103, 100) ** (r.year - c.start)
        assert abs(got - exact) <= 1
