"""The fund register (sirules fund) on SQLite and on a real PostgreSQL server."""

import json
import os
import shutil
import sqlite3

import pytest

from tests.cli_helpers import ROOT, run

ALE = os.path.join(ROOT, "guidelines", "ale.sir")
EX = os.path.join(ROOT, "examples", "ale")
ACCEPTED = os.path.join(EX, "accepted-two-sectors.toml")          # 2 400 000 kr
ACCEPTED2 = os.path.join(EX, "accepted-sector-and-external.toml")  # 1 500 000 kr
INCOMPLETE = os.path.join(EX, "incomplete-no-budget.toml")


def fund(db, *argv):
    code, out, err = run("fund", *argv[:1], *argv[1:], "--db", db)
    return code, out, err


def js(db, *argv):
    code, out, err = run("fund", *argv, "--db", db, "--format", "json")
    assert code in (0, 1), err
    return json.loads(out)


def test_a_year_of_the_fund(register_db):
    db = register_db
    code, out, err = run("fund", "init", ALE, "--db", db, "--date", "2014-01-01", "--by", "Karin")
    assert code == 0, err
    assert "kapital 10 000 000 kr bokfört" in out          # Ale's guideline is Swedish: so is the register's text
    subs = js(db, "submit", ACCEPTED, ACCEPTED2, INCOMPLETE, "--date", "2014-02-01", "--by", "Karin")
    assert [s["verdict"] for s in subs] == ["accepted", "accepted", "incomplete"]
    assert [s["id"] for s in subs] == [1, 2, 3]
    assert subs[0]["check"]["verdict"] == "accepted" and subs[0]["check"]["findings"]
    again = js(db, "submit", ACCEPTED)
    assert again == [{"id": 1, "application": ACCEPTED, "new": False}]
    d = js(db, "decide", "1", "--grant", "2 000 000 kr", "--date", "2014-03-01", "--by", "KS")
    assert d["amount"] == 200_000_000 and d["balance"] == 800_000_000
    js(db, "decide", "2", "--deny", "--reason", "prioriteras inte i år", "--date", "2014-03-01")
    js(db, "pay", "1", "1 000 000 kr", "--date", "2014-04-01")
    js(db, "pay", "1", "1 000 000 kr", "--date", "2015-04-01")
    s = js(db, "status")
    assert [y["year"] for y in s["years"]] == [2014, 2015]
    assert s["years"][0]["movements"]["granted"] == 200_000_000
    assert s["years"][0]["at_end"]["unpaid"] == 100_000_000
    assert s["years"][1]["at_end"]["unpaid"] == 0
    assert s["total"] == {"capital": 1_000_000_000, "granted": 200_000_000, "paid": 200_000_000, "unpaid": 0,
                          "repaid": 0, "waived": 0, "written_down": 0, "outstanding": 200_000_000,
                          "balance": 800_000_000}
    assert s["applications"] == {"accepted": 2, "incomplete": 1, "rejected": 0}
    assert s["decisions"] == {"grant": 1, "deny": 1}
    shown = js(db, "show", "1")
    assert [r["kind"] for r in shown["journal"]] == ["grant", "payment", "payment"]
    assert shown["decision"]["by"] == "KS"
    log = js(db, "log")
    assert [r["command"] for r in log] == ["init", "submit", "submit", "submit", "decide", "decide", "pay", "pay"]
    assert log[0]["by"] == "Karin" and all(r["guideline"] == 1 for r in log)
    code, out, _ = run("fund", "status", "--db", db)
    assert code == 0 and "2015" in out and "8 000 000 kr" in out


#: refusals on Ale's (Swedish) guideline: their messages are Swedish
@pytest.mark.parametrize("argv, code, text", [
    (("decide", "1", "--grant", "3 000 000 kr"), "SIR606", "är mer än de sökta 2 400 000 kr"),
    (("decide", "3", "--grant", "100 000 kr"), "SIR607", "ofullständig"),
    (("decide", "3", "--grant", "100 000 kr", "--override"), "SIR607", "--override --reason"),
    (("decide", "2", "--deny"), "SIR606", "motivering"),
    (("decide", "9", "--deny", "--reason", "x"), "SIR604", "ingen ansökan 9"),
    (("pay", "2", "1 kr", "--date", "2014-05-01"), "SIR609", "inget beviljande"),
    (("decide", "1", "--grant", "mycket"), "SIR606", "inget belopp"),
])
def test_refusals_change_nothing(tmp_path, argv, code, text):
    db = str(tmp_path / "r.db")
    run("fund", "init", ALE, "--db", db, "--date", "2014-01-01")
    js(db, "submit", ACCEPTED, ACCEPTED2, INCOMPLETE)
    before = js(db, "status"), js(db, "log")
    rc, out, err = run("fund", *argv, "--db", db)
    assert rc == 2 and out == "" and code in err and text in err, err
    assert "Traceback" not in err
    assert (js(db, "status"), js(db, "log")) == before


def test_the_fund_cannot_be_overdrawn(tmp_path):
    db = str(tmp_path / "r.db")
    small = tmp_path / "small.sir"
    small.write_text(open(ALE, encoding="utf-8").read().replace("storlek: 10 mnkr", "storlek: 3 mnkr"),
                     encoding="utf-8")
    run("fund", "init", str(small), "--db", db, "--date", "2014-01-01")
    js(db, "submit", ACCEPTED, ACCEPTED2)
    js(db, "decide", "1", "--grant", "2 400 000 kr")
    rc, _, err = run("fund", "decide", "2", "--grant", "1 000 000 kr", "--db", db)
    assert rc == 2 and "SIR608" in err and "600 000 kr kvar" in err
    assert js(db, "decide", "2", "--grant", "600 000 kr")["balance"] == 0


def test_a_decision_is_never_changed(tmp_path):
    db = str(tmp_path / "r.db")
    run("fund", "init", ALE, "--db", db)
    js(db, "submit", ACCEPTED)
    js(db, "decide", "1", "--deny", "--reason", "nej")
    rc, _, err = run("fund", "decide", "1", "--grant", "1 kr", "--db", db)
    assert rc == 2 and "SIR605" in err


def test_the_register_is_found_like_a_git_repository(tmp_path, monkeypatch):
    monkeypatch.delenv("SIRULES_DB", raising=False)
    (tmp_path / "sub" / "deeper").mkdir(parents=True)
    monkeypatch.chdir(tmp_path)
    from sirules.register import locate, service
    service.init(ALE, None, "Karin", __import__("datetime").date(2014, 1, 1))
    assert os.path.exists(tmp_path / locate.FILENAME)
    found = locate.find(None, start=str(tmp_path / "sub" / "deeper"))
    assert found == "sqlite:///" + str(tmp_path / locate.FILENAME)
    with pytest.raises(Exception) as exc:
        locate.find(None, start="/")
    assert "SIR601" in str(exc.value)


def test_init_never_overwrites_and_leaves_nothing_on_failure(tmp_path):
    db = tmp_path / "r.db"
    db.write_bytes(b"precious")
    rc, _, err = run("fund", "init", ALE, "--db", str(db))
    assert rc == 2 and "SIR603" in err and db.read_bytes() == b"precious"
    broken = tmp_path / "broken.sir"
    broken.write_text("riktlinje \"x\"\nska : :\n", encoding="utf-8")
    rc, _, err = run("fund", "init", str(broken), "--db", str(tmp_path / "new.db"))
    assert rc == 2 and sorted(os.listdir(tmp_path)) == ["broken.sir", "r.db"]


def test_damaged_and_foreign_databases_are_refused_and_untouched(tmp_path):
    damaged = tmp_path / "damaged.db"
    damaged.write_bytes(b"SQLite format 3\x00" + b"\xff" * 4000)
    foreign = tmp_path / "foreign.db"
    con = sqlite3.connect(foreign)
    con.execute("CREATE TABLE customers (id INTEGER)")
    con.commit()
    con.close()
    for path in (damaged, foreign):
        before = path.read_bytes()
        rc, out, err = run("fund", "status", "--db", str(path))
        assert rc == 2 and "SIR602" in err and "not changed" in err and "Traceback" not in err, err
        assert path.read_bytes() == before


def test_a_register_from_a_newer_sirules_is_refused(tmp_path):
    db = str(tmp_path / "r.db")
    run("fund", "init", ALE, "--db", db)
    con = sqlite3.connect(db)
    con.execute("UPDATE alembic_version SET version_num = '9999'")
    con.commit()
    con.close()
    rc, _, err = run("fund", "status", "--db", db)
    assert rc == 2 and "newer sirules" in err


def test_a_register_opens_in_the_next_version(tmp_path):
    """A later schema revision (here: one made up for the test) migrates an existing register
    forward as it is opened, and keeps what was booked."""
    from sirules.register import database, status
    db = str(tmp_path / "r.db")
    run("fund", "init", ALE, "--db", db, "--date", "2014-01-01")
    js(db, "submit", ACCEPTED)
    js(db, "decide", "1", "--grant", "1 000 000 kr")
    scripts = tmp_path / "migrations"
    shutil.copytree(database.MIGRATIONS, scripts, ignore=shutil.ignore_patterns("__pycache__"))
    head = database.head_revision()
    (scripts / "versions" / "9001_test.py").write_text(
        'import sqlalchemy as sa\nfrom alembic import op\n'
        f'revision = "9001"\ndown_revision = "{head}"\nbranch_labels = None\ndepends_on = None\n'
        'def upgrade():\n    op.add_column("applications", sa.Column("note", sa.Text))\n'
        'def downgrade():\n    op.drop_column("applications", "note")\n', encoding="utf-8")
    engine = database.open_register("sqlite:///" + db, script_location=str(scripts))
    try:
        assert status.status(engine)["total"]["granted"] == 100_000_000
    finally:
        engine.dispose()
    con = sqlite3.connect(db)
    assert con.execute("SELECT version_num FROM alembic_version").fetchone() == ("9001",)
    assert "note" in [r[1] for r in con.execute("PRAGMA table_info(applications)")]
    con.close()


def test_no_register_is_a_clear_error(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("SIRULES_DB", raising=False)
    code, out, err = run("fund", "status")
    # run() changes to the repository root; the root has no register either
    assert code == 2 and "SIR601" in err and "sirules fund init" in err


def test_export_and_import_reproduce_the_status_byte_for_byte(tmp_path, register_db):
    """A SQLite register exported and imported into a new register (SQLite or PostgreSQL) has the
    same status, byte for byte, and the same export."""
    src = str(tmp_path / "src.db")
    run("fund", "init", ALE, "--db", src, "--date", "2014-01-01", "--by", "Karin")
    js(src, "submit", ACCEPTED, ACCEPTED2, INCOMPLETE, "--date", "2014-02-01")
    js(src, "decide", "1", "--grant", "2 000 000 kr", "--date", "2014-03-01")
    js(src, "decide", "3", "--grant", "50 000 kr", "--override", "--reason", "kompletterad", "--date", "2014-03-02")
    js(src, "pay", "1", "750 000 kr", "--date", "2015-01-10")
    out = tmp_path / "export.json"
    assert run("fund", "export", "--db", src, "--output", str(out))[0] == 0
    code, text, err = run("fund", "import", str(out), "--db", register_db)
    assert code == 0, err
    assert run("fund", "status", "--db", src, "--format", "json")[1] == \
        run("fund", "status", "--db", register_db, "--format", "json")[1]
    a, b = js(src, "export"), js(register_db, "export")
    a.pop("exported_at"), b.pop("exported_at")
    assert a == b
    # the copy goes on where the original stopped: the next application gets the next id
    assert js(register_db, "submit", os.path.join(EX, "rejected-single-sector.toml"))[0]["id"] == 4


@pytest.mark.parametrize("content, says", [
    ("not json", "not JSON"),
    ('{"format": "something else"}', "not an export"),
    ('{"format": "sirules-register-export", "version": 1}', "missing"),
])
def test_import_refuses_what_is_not_an_export(tmp_path, content, says):
    bad = tmp_path / "bad.json"
    bad.write_text(content, encoding="utf-8")
    code, out, err = run("fund", "import", str(bad), "--db", str(tmp_path / "new.db"))
    assert code == 2 and "SIR610" in err and says in err
    assert not (tmp_path / "new.db").exists()


def test_each_application_is_checked_with_the_version_in_force_on_its_start(tmp_path):
    """`guideline add` keeps a new version beside the old; an application is checked with the one
    in force on its start date, and the same text added twice is recognised."""
    db = str(tmp_path / "r.db")
    run("fund", "init", ALE, "--db", db, "--date", "2012-06-01")
    newer = tmp_path / "ale-2016.sir"
    newer.write_text(open(ALE, encoding="utf-8").read().replace(
        '(rammanual)" gäller från 2012-05-01', '(rammanual)" gäller från 2016-01-01'), encoding="utf-8")
    assert js(db, "guideline", "add", str(newer))["guideline"] == 2
    again = js(db, "guideline", "add", str(newer))
    assert again["guideline"] == 2 and again["new"] is False
    late = tmp_path / "late.toml"
    late.write_text(open(ACCEPTED, encoding="utf-8").read().replace("start = 2013-01-01", "start = 2017-01-01")
                    .replace("title = \"", "title = \"2017: ", 1), encoding="utf-8")
    subs = js(db, "submit", ACCEPTED, str(late))
    assert [s["guideline"] for s in subs] == [1, 2]


def test_import_reads_at_most_the_limit(tmp_path, monkeypatch):
    """A file larger than the limit is refused without being read (a sparse file of a gigabyte and
    more), with the variable that raises the limit; JSON nested too deeply is not an export."""
    big = tmp_path / "big.json"
    with open(big, "wb") as fh:
        fh.truncate(1_000_000_001)
    code, out, err = run("fund", "import", str(big), "--db", str(tmp_path / "new.db"))
    assert code == 2 and "SIR622" in err and "SIRULES_MAX_REGISTER_EXPORT_BYTES" in err, err
    assert not (tmp_path / "new.db").exists()
    nested = tmp_path / "nested.json"
    nested.write_text("[" * 100_000, encoding="utf-8")
    code, out, err = run("fund", "import", str(nested), "--db", str(tmp_path / "new.db"))
    assert code == 2 and "SIR610" in err and "Traceback" not in err, err
