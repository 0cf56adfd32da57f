"""Reports and messages (issue 23, items 9-15, 17, 18, 20, 21): each test failed before its fix."""

import json
import os
import re

import pytest

from .cli_helpers import ROOT, run


@pytest.fixture
def app(tmp_path):
    def make(text, name="app.toml"):
        p = tmp_path / name
        p.write_text(text, encoding="utf-8")
        return str(p)
    return make


def _example(path, drop=()):
    """An example application without its [expect] table (and without the lines in ``drop``)."""
    with open(os.path.join(ROOT, path), encoding="utf-8") as fh:
        text = fh.read()
    text = text.split("[expect]")[0]
    return "".join(line for line in text.splitlines(keepends=True)
                   if not any(line.startswith(d) for d in drop))


# 9. never an empty list of names -------------------------------------------------------------

def test_distinct_count_names_whom_the_field_is_unknown_for(app):
    text = _example("examples/malmo/accepted-two-units-one-committee.toml", drop=("committee",))
    text = text.replace('name = "Vård och omsorg, SOF Öster"', 'name = "Individ- och familjeomsorgen, SOF Öster"')
    code, out, err = run("check", "guidelines/malmo.sir", app(text))
    assert "undecided" in out, out + err
    assert not re.search(r"(okänt för|unknown for): *\)", out), out
    assert "okänt för: Individ- och familjeomsorgen, SOF Öster" in out
    code, out, err = run("compare", "guidelines/malmo.sir", "guidelines/ale.sir", "--applications", app(text))
    assert not re.search(r"(okänt för|unknown for): *\)", out + err), out


# 10. an unreadable application is JSON too --------------------------------------------------

def test_check_json_reports_an_unreadable_application_as_json(app):
    bad = app('title = "x"\namount = \n', "bad.toml")
    code, out, err = run("check", "guidelines/ale.sir", bad, "--format", "json")
    assert code == 2
    doc = json.loads(out)
    assert doc["application"] == bad
    e = doc["error"]
    assert e["code"] == "SIR301" and e["severity"] == "error"
    assert e["line"] == 2 and e["column"] == 10 and e["file"] == bad
    assert "not valid TOML" in e["message"] and e["hint"]
    code, out, err = run("check", "guidelines/ale.sir", bad, "examples/ale/accepted-sector-and-external.toml",
                         "--format", "json")
    assert code == 2
    docs = json.loads(out)
    assert [("error" in d, "verdict" in d) for d in docs] == [(True, False), (False, True)]
    code, out, err = run("check", "guidelines/ale.sir", bad, "--format", "json", "--suggest")
    assert code == 2 and json.loads(out)["error"]["code"] == "SIR301"


# 11. an unquoted Swedish table header ---------------------------------------------------------

@pytest.mark.parametrize("line, quoted", [
    ("[sökande]", '["sökande"]'),
    ("[[målgrupper]]", '[["målgrupper"]]'),
    ("[sökande.nämnd]", '["sökande"."nämnd"]'),
    ("[budget.år_två]", '[budget."år_två"]'),
])
def test_unquoted_swedish_table_header_gets_the_quoting_hint(app, line, quoted):
    code, out, err = run("check", "guidelines/ale.sir", app(f'title = "x"\n{line}\nname = "A"\n'))
    assert code == 2
    assert "SIR301" in err and "hint:" in err, err
    assert quoted in err, err


def test_unquoted_swedish_dotted_key_gets_the_quoting_hint(app):
    code, out, err = run("check", "guidelines/ale.sir", app('title = "x"\nsökande.nämnd = "A"\n'))
    assert code == 2
    assert '"sökande"."nämnd" = …' in err, err
