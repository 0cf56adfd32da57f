"""`sirules fund outcome`: an outcome file books repayments, waivers and write-downs through the
finance floor's schedule, based on what was paid; a second file books only the difference."""

import json
import os

from tests.cli_helpers import ROOT, run

NORRKOPING = os.path.join(ROOT, "guidelines", "norrkoping.sir")
REFLOW = os.path.join(ROOT, "examples", "norrkoping", "accepted-2019-reflow.toml")      # 4 200 000 kr
SHORT = os.path.join(ROOT, "examples", "norrkoping", "outcomes", "2019-reflow-short.toml")


def js(db, *argv):
    code, out, err = run("fund", *argv, "--db", db, "--format", "json")
    assert code in (0, 1), err
    return json.loads(out)


def granted_and_paid(db, payments):
    run("fund", "init", NORRKOPING, "--db", db, "--date", "2019-01-01", "--by", "Karin")
    js(db, "submit", REFLOW, "--date", "2019-05-01")
    js(db, "decide", "1", "--grant", "4 200 000 kr", "--date", "2019-06-01")
    for day, amount in payments:
        js(db, "pay", "1", amount, "--date", day)


def obligations():
    code, out, err = run("obligations", NORRKOPING, REFLOW, "--outcome", SHORT, "--format", "json")
    assert code == 0, err
    return json.loads(out)           # the realised schedule, with the planned one under "planned"


def test_an_outcome_books_what_obligations_computes(register_db):
    """With everything paid, the journal holds what `sirules obligations --outcome` says was repaid
    and written down; the same file again books nothing, and the status and export show it."""
    db = register_db
    granted_and_paid(db, [("2019-09-01", "600 000 kr"), ("2020-02-01", "1 400 000 kr"),
                          ("2021-02-01", "1 400 000 kr"), ("2022-02-01", "800 000 kr")])
    d = js(db, "outcome", "1", SHORT, "--date", "2024-03-01", "--by", "Ekonomi")
    realised = obligations()
    assert d["figures"]["repaid"] == realised["repaid_ore"] == 205_000_000
    assert d["figures"]["written_down"] == realised["written_down_ore"] == 215_000_000
    assert d["figures"]["outstanding"] == 0 and d["written_down_by"] == "Kommunstyrelsen"
    assert [(r["kind"], r["date"]) for r in d["booked"]] == [
        ("repayment", "2021-12-31"), ("repayment", "2022-12-31"), ("repayment", "2023-12-31"),
        ("writedown", "2023-12-31")]
    again = js(db, "outcome", "1", SHORT, "--date", "2024-03-01")
    assert again["booked"] == [] and again["figures"] == d["figures"] and again["outcomes"] == 2
    status = js(db, "status")
    assert {y["year"]: y["movements"]["repaid"] for y in status["years"]}[2023] == 90_000_000
    assert status["total"]["balance"] == 4_000_000_000 - 420_000_000 + 205_000_000
    assert [r["command"] for r in js(db, "log")][-2:] == ["outcome", "outcome"]
    exported = js(db, "export")
    assert len(exported["outcomes"]) == 2 and exported["outcomes"][0]["text"].startswith("# Bokförda")


def test_a_corrected_outcome_books_only_the_difference(tmp_path):
    """Higher savings in 2023: the difference is a new repayment, and the write-down is reversed
    and booked anew at its new size; nothing booked before is changed."""
    db = str(tmp_path / "r.db")
    granted_and_paid(db, [("2019-09-01", "4 200 000 kr")])
    first = js(db, "outcome", "1", SHORT, "--date", "2024-03-01")
    corrected = tmp_path / "corrected.toml"
    corrected.write_text(open(SHORT, encoding="utf-8").read().replace("amount = 700000", "amount = 900000"),
                         encoding="utf-8")
    booked_before = js(db, "show", "1")["journal"]
    second = js(db, "outcome", "1", str(corrected), "--date", "2024-04-01")
    writedown = next(r for r in first["booked"] if r["kind"] == "writedown")
    assert [(r["kind"], r["amount"]) for r in second["booked"]] == [
        ("repayment", 20_000_000), ("reversal", 215_000_000), ("writedown", 195_000_000)]
    assert second["booked"][1]["reverses"] == writedown["id"]
    assert second["figures"]["repaid"] == 225_000_000 and second["figures"]["written_down"] == 195_000_000
    rows = js(db, "show", "1")["journal"]
    assert rows[:len(booked_before)] == booked_before and len(rows) == len(booked_before) + 3
    # and back to the first file: the difference the other way
    third = js(db, "outcome", "1", SHORT, "--date", "2024-05-01")
    assert third["figures"]["repaid"] == first["figures"]["repaid"]
    assert third["figures"]["written_down"] == first["figures"]["written_down"]


def test_an_outcome_is_based_on_what_was_paid(tmp_path):
    """Half the grant paid: the realised savings repay at most what was paid, and the write-down is
    of the paid money only; what is granted and unpaid stays unpaid."""
    db = str(tmp_path / "r.db")
    granted_and_paid(db, [("2019-09-01", "2 000 000 kr")])
    d = js(db, "outcome", "1", SHORT, "--date", "2024-03-01")
    f = d["figures"]
    assert f["paid"] == 200_000_000 and f["unpaid"] == 220_000_000
    assert f["repaid"] == 200_000_000 and f["written_down"] == 0 and f["outstanding"] == 0
    assert f["paid"] == f["repaid"] + f["waived"] + f["written_down"] + f["outstanding"]


def test_a_bad_outcome_file_changes_nothing(tmp_path):
    db = str(tmp_path / "r.db")
    granted_and_paid(db, [("2019-09-01", "600 000 kr")])
    before = js(db, "show", "1")
    bad = tmp_path / "bad.toml"
    bad.write_text('[[savings]]\nactor = "Okänd nämnd"\nyear = 2021\namount = 1\n', encoding="utf-8")
    code, out, err = run("fund", "outcome", "1", str(bad), "--db", db)
    assert code == 2 and "SIR307" in err and "Traceback" not in err
    assert js(db, "show", "1") == before
