"""A loan at a rate a fixed margin below a yearly reference rate, and a yearly fund size (#17
points 6 and 7), end to end on a test guideline: no bundled source states either."""

import os

import sirules
from sirules.finance import cashflow
from tests.cli_helpers import ROOT, run

GUIDELINE = os.path.join(ROOT, "tests", "reference-loan", "referenslan.sir")
ACCEPTED = os.path.join(ROOT, "tests", "reference-loan", "examples", "referenslan", "beviljas-inom-arets-medel.toml")


def _planned(raw_or_path, guideline=GUIDELINE):
    g = sirules.load(guideline)
    app = g.read_application(raw_or_path) if isinstance(raw_or_path, str) else g.normaliser.normalise(raw_or_path)
    return cashflow.obligations(g.model, app).planned


def _interest(p):
    return [(ln.year, ln.amount_ore) for ln in p.lines if ln.kind == "interest"]


def test_the_examples_hold_with_full_coverage():
    code, out, err = run("test", "--require-full-coverage", "tests/reference-loan/referenslan.sir")
    assert code == 0, out + err
    assert "2 exempel, 2 håller" in out


def test_each_year_pays_the_reference_rate_of_that_year_less_the_margin():
    p = _planned(ACCEPTED)
    # 4 200 000 kr over 3 years from 2020: the outstanding debt at 1 %, 1,5 % and 3 % (base rate less 0,5 %)
    assert _interest(p) == [(2020, 4_200_000_00 * 1 // 100), (2021, 2_800_000_00 * 15 // 1000),
                            (2022, 1_400_000_00 * 3 // 100)]
    assert p.interest_ore == 126_000_00 and p.repaid_ore == p.invested_ore == 4_200_000_00


def test_a_year_past_the_table_takes_the_latest_value_and_says_so():
    g = sirules.load(GUIDELINE)
    app = g.normaliser.normalise({"amount": 3_000_000, "start": "2021-03-01", "duration": 36,
                                  "applicant": {"name": "Socialkontoret", "kind": "municipal_unit"}})
    ob = cashflow.obligations(g.model, app)
    # 2022 at 3 %; 2023 and 2024 are not in the table: 2022's 3,5 % less 0,5 % again
    assert _interest(ob.planned) == [(2022, 3_000_000_00 * 3 // 100), (2023, 2_000_000_00 * 3 // 100),
                                     (2024, 1_000_000_00 * 3 // 100)]
    assert any("no value for 2023" in n for n in ob.planned.notes), ob.planned.notes


def test_the_yearly_size_decides_and_compare_shows_both():
    g = sirules.load(GUIDELINE)
    base = {"start": "2019-08-15", "applicant": {"name": "S", "kind": "municipal_unit"}}
    assert g.check_raw({**base, "amount": 5_000_000}).verdict == "accepted"
    assert g.check_raw({**base, "amount": 5_000_001}).verdict == "rejected"
    code, out, _ = run("compare", "tests/reference-loan/referenslan.sir", "guidelines/vingaker.sir", "--format", "json")
    assert "basränta - 0,5 %" in out and "basränta" in out
