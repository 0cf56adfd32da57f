"""The command line, in process: exit codes, formats, and no traceback ever."""

import json
import os

import pytest

from .cli_helpers import run

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
G = os.path.join(ROOT, "tests", "diagnostics", "_guideline.sir")




@pytest.fixture
def app(tmp_path):
    def make(text, name="app.toml"):
        p = tmp_path / name
        p.write_text(text, encoding="utf-8")
        return str(p)
    return make


GOOD = """title = "Tidiga insatser"
amount = 800000
start = 2024-03-01
preventive = true
[applicant]
name = "Sektor utbildning"
kind = "municipal_unit"
[[participants]]
name = "Sektor socialtjänst"
kind = "municipal_unit"
"""


def test_accepted_exits_0(app):
    code, out, err = run("check", G, app(GOOD))
    assert code == 0, out + err
    assert "ACCEPTED" in out


def test_rejected_exits_1_and_names_the_clause_and_values(app):
    code, out, err = run("check", G, app(GOOD.replace("800000", "1500000")))
    assert code == 1
    assert "REJECTED" in out
    assert "amount is SEK 1,500,000; at most SEK 1,000,000 is allowed" in out


def test_missing_fact_is_incomplete(app):
    code, out, _ = run("check", G, app(GOOD.replace("preventive = true\n", "")))
    assert code == 1
    assert "INCOMPLETE" in out and "preventive is missing" in out


def test_json_output_has_the_documented_keys(app):
    code, out, _ = run("check", G, app(GOOD), "--format", "json")
    doc = json.loads(out)
    assert {"guideline", "version", "application", "verdict", "score", "findings"} <= set(doc)
    f = doc["findings"][0]
    assert set(f) >= {"rule", "strength", "outcome", "clause", "line", "message"}
    assert f["outcome"] in ("pass", "fail", "undecided")


def test_several_applications_give_a_summary(app):
    a = app(GOOD, "a.toml")
    b = app(GOOD.replace("800000", "1500000"), "b.toml")
    code, out, _ = run("check", G, a, b)
    assert code == 1 and "summary:" in out


def test_folder_of_applications(app, tmp_path):
    app(GOOD, "a.toml")
    code, out, _ = run("check", G, str(tmp_path))
    assert code == 0 and "a.toml" in out


def test_date_option_and_bad_date(app):
    assert run("check", G, app(GOOD), "--date", "2024-05-01")[0] == 0
    code, _, err = run("check", G, app(GOOD), "--date", "yesterday")
    assert code == 2 and "SIR404" in err


@pytest.mark.parametrize("text", [
    'title = "x"\nstart = 2024-02-30\n',            # impossible date in TOML
    'title = "x\n',                                  # broken TOML
    'amount = "lots"\n',                             # wrong value
    '[applicant]\nkind = "kommunn"\n',              # unknown kind
    'participants = 3\n',                            # wrong structure
    '\x00\x01',
])
def test_bad_applications_exit_2_without_traceback(app, text):
    code, out, err = run("check", G, app(text))
    assert code == 2
    assert "Traceback" not in out + err
    assert "error[SIR" in err


def test_bad_guideline_exit_2(tmp_path, app):
    g = tmp_path / "g.sir"
    g.write_text('riktlinje "x"\nska tak: belopp <= 10 %\n', encoding="utf-8")
    code, _, err = run("check", str(g), app(GOOD))
    assert code == 2 and "SIR201" in err and "Traceback" not in err


def test_usage_errors_exit_2():
    assert run()[0] == 2
    assert run("check")[0] == 2
    assert run("frobnicate")[0] == 2


def test_strict_turns_warnings_into_exit_1(app):
    code, _, _ = run("check", G, app('colour = "blue"\n' + GOOD))
    assert code == 0
    code, _, _ = run("check", G, app('colour = "blue"\n' + GOOD), "--strict")
    assert code == 1


def test_a_guideline_without_reference_or_date_is_labelled_by_its_text_alone():
    """The label is the start of the SHA-256 of the guideline's text (what sha256sum prints), not
    the compile cache's key, which changes with every install of sirules."""
    import hashlib
    path = os.path.join(ROOT, "guidelines", "norrkoping.sir")
    code, out, err = run("check", path, os.path.join(ROOT, "examples", "norrkoping", "accepted-2019-reflow.toml"),
                         "--format", "json", "--no-cache")
    with open(path, "rb") as fh:
        assert json.loads(out)["version"] == hashlib.sha256(fh.read()).hexdigest()[:12]
