"""Rules that read the fund's register (#18 point 3): pots, earlier grants per project, the pot's
sum in the year, the fund's balance and the share of high-risk projects; undecided without a
register, decided with one; on SQLite and on a real PostgreSQL."""

import datetime
import json
import os
import subprocess
import sys

import pytest

from sirules.engine.history import History
from tests.cli_helpers import ROOT, run

GUIDELINE = """\
riktlinje "Fond med pottar"

fond
  storlek: 2 mnkr
  # the public-health pot
  pott folkhälsa: 500 000 kr per år

ska högst_tre "ett projekt får beviljas högst tre gånger": antal tidigare beviljanden för projektet < 3
ska pottens_tak "potten räcker": summa beviljat i år ur pott folkhälsa + belopp <= 500 000 kr
ska saldot "fonden räcker": fondens saldo >= belopp
ska högrisk "högst hälften högriskprojekt": andel högriskprojekt i portföljen <= 50 %
"""


def app(tmp_path, name, project, amount, start, risk="low"):
    path = tmp_path / f"{name}.toml"
    path.write_text(f'title = "{name}"\nproject = "{project}"\namount = "{amount}"\nstart = {start}\n'
                    f'risk_level = "{risk}"\n', encoding="utf-8")
    return str(path)


def js(*argv):
    code, out, err = run(*argv, "--format", "json")
    assert code in (0, 1), err
    return json.loads(out)


@pytest.fixture
def guideline(tmp_path, monkeypatch):
    monkeypatch.delenv("SIRULES_DB", raising=False)
    path = tmp_path / "pottar.sir"
    path.write_text(GUIDELINE, encoding="utf-8")
    return str(path)


def outcomes(doc):
    return {f["rule"]: f["outcome"] for f in doc["findings"]}


def test_undecided_without_a_register_decided_with_one(guideline, tmp_path, register_db):
    db = register_db
    a1 = app(tmp_path, "a1", "läxhjälp", "300 000 kr", "2024-02-01", risk="high")
    doc = js("check", guideline, a1)
    assert doc["verdict"] == "incomplete"
    assert set(outcomes(doc).values()) == {"undecided"}
    assert all("kräver fondens register" in f["message"] and "--register" in f["message"] for f in doc["findings"])

    assert run("fund", "init", guideline, "--db", db, "--date", "2014-01-01")[0] == 0
    sub = js("fund", "submit", a1, "--db", db, "--date", "2024-01-15")
    assert sub[0]["verdict"] == "accepted"            # the submission decides against the register
    assert outcomes(sub[0]["check"]) == dict.fromkeys(("högst_tre", "pottens_tak", "saldot", "högrisk"), "pass")
    d = js("fund", "decide", "1", "--grant", "300 000 kr", "--pot", "folkhälsa", "--date", "2024-03-01", "--db", db)
    assert d["pot"] == "folkhälsa"
    assert js("fund", "show", "1", "--db", db)["decision"]["pot"] == "folkhälsa"
    assert "ur potten folkhälsa" in run("fund", "show", "1", "--db", db)[1]

    # the pot has 200 000 kr left in 2024: a larger grant from it is refused, and nothing is booked
    a2 = app(tmp_path, "a2", "läxhjälp", "250 000 kr", "2024-06-01")
    sub = js("fund", "submit", a2, "--db", db, "--date", "2024-05-01")
    assert outcomes(sub[0]["check"])["pottens_tak"] == "fail" and sub[0]["verdict"] == "rejected"
    override = ("--override", "--reason", "nämnden vill ändå")
    code, out, err = run("fund", "decide", "2", "--grant", "250 000 kr", "--pot", "folkhälsa", *override,
                         "--date", "2024-06-01", "--db", db)
    assert code == 2 and "SIR611" in err and "200 000 kr" in err
    code, out, err = run("fund", "decide", "2", "--grant", "250 000 kr", "--pot", "barn", *override, "--db", db)
    assert code == 2 and "SIR612" in err
    status = js("fund", "status", "--db", db)
    assert status["pots"] == [{"pot": "folkhälsa", "year": 2024, "size": 50_000_000, "granted": 30_000_000,
                               "left": 20_000_000}]
    code, text, _ = run("fund", "status", "--db", db)
    assert "folkhälsa" in text and "200 000 kr" in text

    # checked with the register: the 2024 application fails the pot, and the portfolio is all high-risk
    doc = js("check", guideline, a2, "--register", db)
    assert outcomes(doc) == {"högst_tre": "pass", "pottens_tak": "fail", "saldot": "pass", "högrisk": "fail"}
    assert doc["verdict"] == "rejected"
    # a year later the pot is new again
    a3 = app(tmp_path, "a3", "läxhjälp", "250 000 kr", "2025-02-01")
    assert outcomes(js("check", guideline, a3, "--register", db))["pottens_tak"] == "pass"


def test_a_project_funded_three_times_is_not_funded_a_fourth(guideline, tmp_path):
    db = str(tmp_path / "r.db")
    assert run("fund", "init", guideline, "--db", db, "--date", "2014-01-01")[0] == 0
    for i, year in enumerate((2021, 2022, 2023), start=1):
        a = app(tmp_path, f"y{year}", "läxhjälp", "100 000 kr", f"{year}-02-01")
        js("fund", "submit", a, "--db", db, "--date", f"{year}-01-10")
        js("fund", "decide", str(i), "--grant", "100 000 kr", "--date", f"{year}-03-01", "--db", db)
    fourth = app(tmp_path, "y2024", "läxhjälp", "100 000 kr", "2024-02-01")
    other = app(tmp_path, "other", "simskola", "100 000 kr", "2024-02-01")
    assert outcomes(js("check", guideline, fourth, "--register", db))["högst_tre"] == "fail"
    assert outcomes(js("check", guideline, other, "--register", db))["högst_tre"] == "pass"
    # the register is found from the current folder, as `sirules fund` finds it
    os.rename(db, tmp_path / "sirules-register.db")
    code, out, err = subprocess_check(tmp_path, guideline, fourth)
    assert json.loads(out)["findings"][0]["outcome"] == "fail", err


def subprocess_check(cwd, *argv):
    env = {**os.environ, "PYTHONPATH": ROOT}
    env.pop("SIRULES_DB", None)
    p = subprocess.run([sys.executable, "-m", "sirules", "check", *argv, "--format", "json"], cwd=cwd, env=env,
                       capture_output=True, text=True)
    return p.returncode, p.stdout, p.stderr


def test_a_guideline_without_register_rules_looks_for_no_register(tmp_path):
    """The cold start of `sirules check` does not grow: no register module, no SQLAlchemy, even
    with a register file in the folder."""
    (tmp_path / "sirules-register.db").write_text("not a database")
    code = ("import sys; from sirules.cli import main; "
            "rc = main.main(['check', %r, %r]); "
            "print(sorted(m for m in sys.modules if m.startswith(('sqlalchemy', 'sirules.register'))))"
            % (os.path.join(ROOT, "guidelines", "ale.sir"),
               os.path.join(ROOT, "examples", "ale", "accepted-two-sectors.toml")))
    env = {**os.environ, "PYTHONPATH": ROOT}
    env.pop("SIRULES_DB", None)
    p = subprocess.run([sys.executable, "-c", code], cwd=tmp_path, env=env, capture_output=True, text=True)
    assert p.stdout.strip().splitlines()[-1] == "[]", p.stderr


def test_the_bundled_reserve_rule_with_a_register(tmp_path, monkeypatch):
    """SIR's reserve (guidelines/sir.sir): the amount must fit in the reserve's balance."""
    monkeypatch.delenv("SIRULES_DB", raising=False)
    sir = os.path.join(ROOT, "guidelines", "sir.sir")
    ex = os.path.join(ROOT, "examples", "sir", "incomplete-without-register.toml")
    assert outcomes(js("check", sir, ex))["ryms_i_reserven"] == "undecided"
    db = str(tmp_path / "r.db")
    assert run("fund", "init", sir, "--db", db, "--date", "2013-05-27")[0] == 0
    assert outcomes(js("check", sir, ex, "--register", db))["ryms_i_reserven"] == "pass"
    big = tmp_path / "big.toml"
    big.write_text(open(ex, encoding="utf-8").read().replace('"800 000 kr"', '"9 600 000 kr"')
                   .split("[expect]")[0], encoding="utf-8")
    js("fund", "submit", str(big), "--db", db, "--date", "2018-01-01")
    js("fund", "decide", "1", "--grant", "9 600 000 kr", "--date", "2018-02-01", "--db", db)
    doc = js("check", sir, ex, "--register", db)
    assert outcomes(doc)["ryms_i_reserven"] == "fail" and doc["verdict"] == "rejected"


D = datetime.date


@pytest.mark.parametrize("what,pot,project,on,expected", [
    ("earlier_grants", None, "p", D(2024, 3, 1), 1),           # the grant on the same day is not earlier
    ("earlier_grants", None, "p", D(2024, 3, 2), 2),
    ("earlier_grants", None, None, D(2024, 3, 2), None),       # no project key: unknown
    ("pot_granted", "x", "p", D(2024, 12, 31), 300),           # only this year's, only the pot's
    ("pot_granted", "x", "p", D(2025, 1, 1), 0),
    ("balance", None, "p", D(2024, 3, 2), 1000 - 100 - 300 - 50),
    ("high_risk_share", None, "p", D(2024, 3, 2), 50),
    ("high_risk_share", None, "p", D(2020, 1, 1), 0),          # no projects yet
    ("balance", None, "p", None, None),                        # no date: unknown
])
def test_history_values(what, pot, project, on, expected):
    h = History.from_json({
        "grants": [{"date": "2023-05-01", "project": "p", "amount": 100, "pot": None, "high_risk": True},
                   {"date": "2024-03-01", "project": "p", "amount": 300, "pot": "x", "high_risk": False},
                   {"date": "2024-03-01", "project": "q", "amount": 50, "pot": "y", "high_risk": False},
                   {"date": "2023-04-01", "project": "q", "amount": 50, "pot": "x", "high_risk": True}],
        "balance": [["2014-01-01", 1000], ["2023-05-01", -100], ["2024-03-01", -300], ["2023-04-01", -50]]})
    assert h.value(what, pot, project, on) == expected
    assert History.from_json(h.to_json()).to_json() == h.to_json()


# ---- the generated code and the interpreter agree on register values, with any history ----------

from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

import sirules  # noqa: E402
from sirules.engine import explain  # noqa: E402

PROPERTY_GUIDELINE = GUIDELINE + """\
bör blandat: om antal tidigare beviljanden för projektet >= 1 så fondens saldo - belopp >= 1 mnkr
bör andel: andel högriskprojekt i portföljen mellan 10 % och 60 % eller summa beviljat i år ur pott folkhälsa = 0 kr
"""
_DAYS = st.dates(datetime.date(2020, 1, 1), datetime.date(2026, 12, 31))
_GRANTS = st.lists(st.fixed_dictionaries({
    "date": _DAYS, "project": st.sampled_from([None, "läxhjälp", "simskola"]),
    "amount": st.integers(0, 60_000_000), "pot": st.sampled_from([None, "folkhälsa", "barn"]),
    "high_risk": st.booleans()}), max_size=6)
_BALANCE = st.lists(st.tuples(_DAYS, st.integers(-100_000_000, 300_000_000)), max_size=5)
_APPS = st.fixed_dictionaries({"amount": st.integers(0, 900_000)}, optional={
    "start": _DAYS.map(str), "project": st.sampled_from(["läxhjälp", "simskola"]),
    "risk_level": st.sampled_from(["low", "high"])})


@pytest.fixture(scope="module")
def property_guideline(tmp_path_factory):
    path = tmp_path_factory.mktemp("g") / "pottar.sir"
    path.write_text(PROPERTY_GUIDELINE, encoding="utf-8")
    return sirules.load(str(path), use_cache=False)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(_APPS, _GRANTS, _BALANCE, st.booleans())
def test_generated_code_agrees_with_interpreter_on_register_values(property_guideline, raw, grants, balance, given_):
    g = property_guideline
    history = History(grants, sorted(balance)) if given_ else None
    result = g.check_raw(raw, history=history)
    for rule, o in zip(g.model.rules, result.outcomes):
        assert o == explain.outcome(rule, result.data, result.on), rule.id
    for f in result.findings:
        assert f.message
        if history is None and f.outcome == "undecided":
            assert "register" in f.message, f.rule.id


# ---- everything else knows them: fmt, compare, template, lint ---------------------------------

def test_fmt_round_trips_pots_and_register_values_between_languages(tmp_path):
    sv = tmp_path / "g.sir"
    text = GUIDELINE.replace("ska saldot", "# before the balance\nska saldot") + "# at the end\n"
    sv.write_text(text, encoding="utf-8")
    assert run("fmt", str(sv))[0] == 0
    text = sv.read_text(encoding="utf-8")         # canonical Swedish
    assert run("fmt", str(sv), "--lang", "en")[0] == 0
    en = sv.read_text(encoding="utf-8")
    assert "  pot folkhälsa: 500 000 kr per year" in en and "# the public-health pot" in en
    assert "number of earlier grants for the project < 3" in en and "the fund's balance >= amount" in en
    assert "sum granted this year from pot folkhälsa" in en and "share of high-risk projects in the portfolio" in en
    assert run("fmt", str(sv), "--lang", "sv")[0] == 0
    assert sv.read_text(encoding="utf-8") == text


def test_compare_template_and_lint_know_pots(guideline, tmp_path):
    other = tmp_path / "other.sir"
    other.write_text(GUIDELINE.replace("pott folkhälsa: 500 000 kr", "pott folkhälsa: 400 000 kr"), encoding="utf-8")
    code, out, err = run("compare", guideline, str(other))
    assert "pottar" in out and "folkhälsa: 400 tkr per år" in out, out
    code, out, err = run("template", guideline)
    assert "projekt = " in out, out               # the project key, for the count of earlier grants
    code, out, err = run("lint", guideline)
    assert "SIR58" not in out + err


def test_a_register_of_revision_0002_is_migrated_and_an_older_export_imports(guideline, tmp_path):
    """A register made before pots (schema 0002) opens: revision 0003 adds the pot of a decision
    and whether an application was high-risk; an export made before them imports (read as null)."""
    import sqlite3

    from alembic import command

    from sirules.register import database
    db = str(tmp_path / "r.db")
    assert run("fund", "init", guideline, "--db", db, "--date", "2014-01-01")[0] == 0
    engine = database.engine_for("sqlite:///" + db)
    with engine.begin() as conn:
        command.downgrade(database.alembic_config(conn), "0002")
    engine.dispose()
    con = sqlite3.connect(db)
    assert "pot" not in [r[1] for r in con.execute("PRAGMA table_info(decisions)")]
    con.close()
    a = app(tmp_path, "a", "simskola", "100 000 kr", "2024-02-01")
    js("fund", "submit", a, "--db", db, "--date", "2024-01-10")       # migrates it as it opens
    js("fund", "decide", "1", "--grant", "100 000 kr", "--pot", "folkhälsa", "--date", "2024-02-01", "--db", db)
    export = js("fund", "export", "--db", db)
    for table in ("decisions", "applications"):
        for row in export[table]:
            row.pop("pot", None)
            row.pop("high_risk", None)
    old = tmp_path / "old.json"
    old.write_text(json.dumps(export), encoding="utf-8")
    code, out, err = run("fund", "import", str(old), "--db", str(tmp_path / "new.db"))
    assert code == 0, err
    assert js("fund", "status", "--db", str(tmp_path / "new.db"))["pots"] == []   # no pot was recorded then
    assert js("fund", "status", "--db", db)["pots"][0]["granted"] == 10_000_000


def test_revision_0006_keeps_the_risk_in_one_column(guideline, tmp_path):
    """An application recorded under revision 0003 had only ``high_risk``; 0004 added ``risk_level``
    without filling it in, so the rules counted it high-risk and ``status`` did not. Revision 0006
    makes the level "high" from it and drops ``high_risk``; an export of that time imports the same way."""
    import sqlite3

    from alembic import command

    from sirules.register import database
    db = str(tmp_path / "r.db")
    assert run("fund", "init", guideline, "--db", db, "--date", "2014-01-01")[0] == 0
    js("fund", "submit", app(tmp_path, "a", "simskola", "100 000 kr", "2024-02-01", risk="high"),
       "--db", db, "--date", "2024-01-10")
    js("fund", "decide", "1", "--grant", "100 000 kr", "--date", "2024-02-01", "--db", db)
    engine = database.engine_for("sqlite:///" + db)
    with engine.begin() as conn:
        command.downgrade(database.alembic_config(conn), "0005")
    engine.dispose()
    con = sqlite3.connect(db)
    assert con.execute("SELECT high_risk FROM applications").fetchall() == [(1,)]
    con.execute("UPDATE applications SET risk_level = NULL")       # as 0004 left a record of 0003's time
    con.commit()
    con.close()

    b = app(tmp_path, "b", "läxhjälp", "100 000 kr", "2024-03-01")
    doc = js("check", guideline, b, "--register", db)                   # migrates it as it opens
    assert outcomes(doc)["högrisk"] == "fail"                           # 100 % of the portfolio is high-risk
    con = sqlite3.connect(db)
    assert "high_risk" not in [r[1] for r in con.execute("PRAGMA table_info(applications)")]
    assert con.execute("SELECT risk_level FROM applications").fetchall() == [("high",)]
    con.close()

    export = js("fund", "export", "--db", db)
    for row in export["applications"]:
        row["risk_level"], row["high_risk"] = None, True               # as an export of 0003's time had it
    old = tmp_path / "old.json"
    old.write_text(json.dumps(export), encoding="utf-8")
    code, out, err = run("fund", "import", str(old), "--db", str(tmp_path / "new.db"))
    assert code == 0, err
    assert [a["risk_level"] for a in js("fund", "export", "--db", str(tmp_path / "new.db"))["applications"]] == ["high"]
