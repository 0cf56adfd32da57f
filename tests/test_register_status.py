"""`sirules fund status`: the portfolio rules over every granted project, and the duties due and
overdue, on SQLite and PostgreSQL."""

import json
import os

from tests.cli_helpers import ROOT, run

NORRKOPING = os.path.join(ROOT, "guidelines", "norrkoping.sir")
REFLOW = os.path.join(ROOT, "examples", "norrkoping", "accepted-2019-reflow.toml")      # 4 200 000 kr, ends 2022-08-15
PORTFOLIO = """
portfölj
  högrisk_minst: 20 %
  högrisk_högst: 60 %
  högsta_andel_per_projekt: 15 %

åtagande slutrapport: sökande "lämnar en slutrapport till kommunstyrelsen" senast 3 månader efter projektslut
"""


def js(db, *argv):
    code, out, err = run("fund", *argv, "--db", db, "--format", "json")
    assert code in (0, 1), err
    return json.loads(out)


def setup(tmp_path, db):
    guideline = tmp_path / "nk.sir"
    guideline.write_text(open(NORRKOPING, encoding="utf-8").read() + PORTFOLIO, encoding="utf-8")
    text = open(REFLOW, encoding="utf-8").read()
    paths = []
    for n, risk in enumerate(("high", "low", None)):
        path = tmp_path / f"app-{n}.toml"
        body = text.replace('title = "', f'title = "{n}: ', 1)
        path.write_text((f'risk_level = "{risk}"\n' if risk else "") + body, encoding="utf-8")
        paths.append(str(path))
    run("fund", "init", str(guideline), "--db", db, "--date", "2019-01-01")
    assert [s["verdict"] for s in js(db, "submit", *paths, "--date", "2019-05-01")] == ["accepted"] * 3


def rules(status):
    return {r["rule"]: r["outcome"] for r in status["portfolio"]["rules"]}


def test_portfolio_rules_over_every_granted_project(tmp_path, register_db):
    db = register_db
    setup(tmp_path, db)
    js(db, "decide", "1", "--grant", "3 000 000 kr", "--date", "2019-06-01")        # high
    s = js(db, "status", "--date", "2019-12-31")
    assert rules(s) == {"max_share_per_project": "pass", "high_risk_min": "pass", "high_risk_max": "fail"}
    js(db, "decide", "2", "--grant", "4 000 000 kr", "--date", "2019-06-01")        # low: 3/7 high
    assert rules(js(db, "status", "--date", "2019-12-31"))["high_risk_max"] == "pass"
    js(db, "decide", "3", "--grant", "4 200 000 kr", "--date", "2019-06-01")        # unknown risk
    s = js(db, "status", "--date", "2019-12-31")
    # 3 of 11,2 mnkr high-risk, 4,2 mnkr of unknown risk: at least 20 % holds whatever it is; at most
    # 60 % holds if it is not high-risk (27 %), not if it is (64 %): undecided
    assert rules(s) == {"max_share_per_project": "pass", "high_risk_min": "pass", "high_risk_max": "undecided"}
    assert s["portfolio"]["rules"][1]["unknown_risk_ore"] == 420_000_000
    code, out, _ = run("fund", "status", "--db", db, "--date", "2019-12-31")
    assert code == 0 and "15 %" in out


def test_duties_due_overdue_and_fulfilled(tmp_path, register_db):
    db = register_db
    setup(tmp_path, db)
    js(db, "decide", "1", "--grant", "4 200 000 kr", "--date", "2019-06-01")
    js(db, "pay", "1", "4 200 000 kr", "--date", "2019-09-01")
    before = js(db, "status", "--date", "2022-10-01")["duties"]
    assert before["counts"]["not_yet_due"] == 1 and before["due"][0]["due"] == "2022-11-15"
    after = js(db, "status", "--date", "2022-12-01")["duties"]
    assert after["counts"]["not_fulfilled"] == 1 and after["overdue"][0]["application"] == 1
    outcome = tmp_path / "done.toml"
    outcome.write_text(open(os.path.join(ROOT, "examples", "norrkoping", "outcomes", "2019-reflow-short.toml"),
                            encoding="utf-8").read() + '\n[[duties]]\nduty = "slutrapport"\ndone = 2022-11-01\n',
                       encoding="utf-8")
    js(db, "outcome", "1", str(outcome), "--date", "2023-01-10")
    done = js(db, "status", "--date", "2023-02-01")["duties"]
    assert done["counts"]["fulfilled"] == 1 and done["overdue"] == []


def test_a_grant_over_the_largest_share_fails_the_portfolio_rule(tmp_path):
    """A fund of 20 mnkr: 15 % is 3 mnkr; a grant of 4,2 mnkr (made with --override, since the
    check rejects the application by the same rule) is named by status as over it."""
    db = str(tmp_path / "r.db")
    guideline = tmp_path / "nk.sir"
    guideline.write_text(open(NORRKOPING, encoding="utf-8").read().replace("storlek: 40 mnkr", "storlek: 20 mnkr")
                         + PORTFOLIO, encoding="utf-8")
    run("fund", "init", str(guideline), "--db", db, "--date", "2019-01-01")
    assert js(db, "submit", REFLOW, "--date", "2019-05-01")[0]["verdict"] == "rejected"
    js(db, "decide", "1", "--grant", "2 000 000 kr", "--override", "--reason", "inom taket", "--date", "2019-06-01")
    assert rules(js(db, "status"))["max_share_per_project"] == "pass"
    db2 = str(tmp_path / "r2.db")
    run("fund", "init", str(guideline), "--db", db2, "--date", "2019-01-01")
    js(db2, "submit", REFLOW, "--date", "2019-05-01")
    js(db2, "decide", "1", "--grant", "4 200 000 kr", "--override", "--reason", "särskilt skäl", "--date", "2019-06-01")
    s = js(db2, "status")
    rule = s["portfolio"]["rules"][0]
    assert (rule["rule"], rule["outcome"], rule["applications"]) == ("max_share_per_project", "fail", [1])
    code, out, _ = run("fund", "status", "--db", db2)
    assert code == 0 and "INTE uppfylld" in out and "ansökan 1" in out
