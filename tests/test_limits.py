"""Every limit on input size: its error names the limit and how to raise it.

Each limit is raised with the environment variable ``SIRULES_MAX_<NAME>``, read when the
limit is checked; a value below the default is ignored (the generated fast path of the
checks has the defaults built in). See sirules/language/limits.py and docs/cli.md.

| limit | default | variable |
|---|---|---|
| guideline size (characters) | 2 000 000 | SIRULES_MAX_GUIDELINE_BYTES |
| parentheses nested in a guideline | 60 | SIRULES_MAX_NESTING |
| digits in a number (guideline or application) | 30 | SIRULES_MAX_DIGITS |
| conditions joined by and/or in one expression | 500 | SIRULES_MAX_TERMS |
| digits of a constant the guideline computes | 100 | SIRULES_MAX_EXACT_DIGITS |
| application file size (bytes; characters for a text) | 5 000 000 | SIRULES_MAX_APPLICATION_BYTES |
| nesting depth of an application | 20 | SIRULES_MAX_APPLICATION_DEPTH |
| values in an application, YAML aliases expanded | 100 000 | SIRULES_MAX_APPLICATION_VALUES |
| YAML aliases in an application | 100 | SIRULES_MAX_YAML_ALIASES |
| YAML application size (characters) | 300 000 | SIRULES_MAX_YAML_BYTES |
| lines and list items of a YAML application | 10 000 | SIRULES_MAX_YAML_NODES |
| participants | 1 000 | SIRULES_MAX_PARTICIPANTS |
| years in a yearly table | 100 | SIRULES_MAX_YEARS |
| savings rows | 2 000 | SIRULES_MAX_SAVINGS_ROWS |
| words in a list (target_group, tags facts) | 1 000 | SIRULES_MAX_LIST_ITEMS |
| characters in one text (part, text fact) | 200 000 | SIRULES_MAX_TEXT |
| a register's export read by `sirules fund import` (bytes) | 1 000 000 000 | SIRULES_MAX_REGISTER_EXPORT_BYTES |
| expression depth without parentheses | Python's stack (~500) | none: split the rule |
"""

import json
import sys

import pytest

import sirules
from sirules.engine import application
from sirules.cli import main as cli
from sirules.language.diagnostics import SirulesError

GUIDELINE = """riktlinje "Prov" gäller från 2020-01-01
ska tak: belopp <= 1 000 000 kr
bör grupp: målgrupp är barn
delar
  krävs mål
"""


@pytest.fixture(scope="module")
def g():
    return sirules.load_text(GUIDELINE, "prov.sir")


def only_error(call):
    with pytest.raises(SirulesError) as info:
        call()
    errors = [d for d in info.value.diagnostics if d.severity.value == "error"]
    assert len(errors) == 1, info.value
    return errors[0]


def assert_limit(call, error, variable, how="", raise_to=None, monkeypatch=None):
    """``call`` fails with one error, ``error`` (code, message), whose hint is ``how`` and "raise the
    limit by setting ``variable``"; with the variable set to ``raise_to`` the same call goes through
    (its result is returned)."""
    d = only_error(call)
    assert (d.code, d.message) == error
    assert d.hint == f"{how}raise the limit by setting {variable}"
    if raise_to is not None:
        monkeypatch.setenv(variable, raise_to)
        return call()
    return None


def check_text(g, text, fmt="toml"):
    raw = application.parse_text(text, f"app.{fmt}", fmt)
    return g.check(g.normaliser.normalise(raw, f"app.{fmt}", text))


# ---- guidelines --------------------------------------------------------------------------

def test_guideline_size(monkeypatch):
    text = 'riktlinje "Prov"\n#' + "x" * 2_000_000
    assert_limit(lambda: sirules.load_text(text), ("SIR401", "guideline is 2000018 characters; the limit is 2000000"),
                 "SIRULES_MAX_GUIDELINE_BYTES", how="split the guideline or ", raise_to="3000000",
                 monkeypatch=monkeypatch)


def test_parentheses_nesting(monkeypatch):
    text = 'riktlinje "Prov"\nska r: ' + "(" * 61 + "belopp > 0 kr" + ")" * 61 + "\n"
    assert_limit(lambda: sirules.load_text(text), ("SIR402", "parentheses nested more than 60 deep"),
                 "SIRULES_MAX_NESTING", how="simplify the expression or split it into several rules, or ",
                 raise_to="61", monkeypatch=monkeypatch)


def test_expression_depth_without_parentheses():
    # a chain of hundreds of `inte` (or +, -, om … så) nests like parentheses; Python's stack is the limit,
    # at its default depth (a library imported by another test, e.g. jedi through a Pygments plugin, may raise it)
    text = 'riktlinje "Prov"\nska r: ' + "inte " * 600 + "belopp > 0 kr\n"
    limit = sys.getrecursionlimit()
    sys.setrecursionlimit(1000)
    try:
        d = only_error(lambda: sirules.load_text(text))
    finally:
        sys.setrecursionlimit(limit)
    assert (d.code, d.message) == ("SIR402", "an expression is nested too deeply to handle")
    assert d.hint == ("split the rule into several rules: long chains of och/eller, inte or arithmetic nest like "
                      "parentheses")


def test_number_length_in_a_guideline(monkeypatch):
    text = 'riktlinje "Prov"\nska r: belopp <= ' + "1" * 31 + " kr\n"
    d = only_error(lambda: sirules.load_text(text))
    assert d.code == "SIR005"
    assert d.message == (f"bad number '{'1' * 31}': number too long (at most 30 digits): '{'1' * 31}'; raise the "
                         "limit by setting SIRULES_MAX_DIGITS")
    monkeypatch.setenv("SIRULES_MAX_DIGITS", "40")
    sirules.load_text(text)


# ---- applications --------------------------------------------------------------------------

def test_application_file_size(g, tmp_path, monkeypatch):
    path = tmp_path / "big.toml"
    path.write_text('title = "x"\n#' + "x" * 5_000_000 + "\n", encoding="utf-8")
    result = assert_limit(lambda: g.check(str(path)), ("SIR401", "application is 5000014 bytes; the limit is 5000000"),
                          "SIRULES_MAX_APPLICATION_BYTES", how="split the file or ", raise_to="6000000",
                          monkeypatch=monkeypatch)
    assert result.verdict == "incomplete"


def test_application_text_size(g):
    text = 'title = "x"\n#' + "x" * 5_000_000 + "\n"
    assert_limit(lambda: check_text(g, text), ("SIR401", "application is 5000014 characters; the limit is 5000000"),
                 "SIRULES_MAX_APPLICATION_BYTES", how="split the file or ")


def test_application_nesting_depth(g, monkeypatch):
    text = json.dumps({"title": "x", "extra": json.loads("[" * 20 + "1" + "]" * 20)})
    assert_limit(lambda: check_text(g, text, "json"), ("SIR402", "app.json is nested more than 20 levels deep"),
                 "SIRULES_MAX_APPLICATION_DEPTH", raise_to="30", monkeypatch=monkeypatch)


def test_values_after_yaml_aliases(g, monkeypatch):
    lines = ['l0: &l0 ["lol"]'] + [f"l{i}: &l{i} [" + ", ".join([f"*l{i - 1}"] * 9) + "]" for i in range(1, 10)]
    text = "\n".join(lines) + "\ntitle: x\n"
    assert_limit(lambda: check_text(g, text, "yaml"),
                 ("SIR401", "app.yaml holds more than 100000 values (YAML aliases counted each time they are used); "
                            "the limit is 100000"), "SIRULES_MAX_APPLICATION_VALUES")


def test_yaml_aliases(g, monkeypatch):
    text = "a: &a 1\nb: [" + ", ".join(["*a"] * 101) + "]\ntitle: x\n"
    assert_limit(lambda: check_text(g, text, "yaml"), ("SIR401", "app.yaml uses more than 100 YAML aliases"),
                 "SIRULES_MAX_YAML_ALIASES", how="write the values out instead of using anchors and aliases, or ",
                 raise_to="200", monkeypatch=monkeypatch)


def test_yaml_flow_nesting_is_refused_before_parsing(g):
    text = "title: x\ndeep: " + "[" * 5000 + "1" + "]" * 5000 + "\n"
    d = only_error(lambda: check_text(g, text, "yaml"))
    assert (d.code, d.message) == ("SIR402", "app.yaml is nested more than 20 levels deep")


def test_participants(g, monkeypatch):
    raw = {"title": "x", "participants": [{"kind": "municipal_unit"}] * 1001}
    assert_limit(lambda: g.check_raw(raw), ("SIR401", "1001 participants; the limit is 1000"),
                 "SIRULES_MAX_PARTICIPANTS", raise_to="2000", monkeypatch=monkeypatch)


def test_a_limit_cannot_be_lowered(g, monkeypatch):
    monkeypatch.setenv("SIRULES_MAX_PARTICIPANTS", "10")
    g.check_raw({"title": "x", "participants": [{"kind": "municipal_unit"}] * 11})


def test_a_limit_that_is_not_a_number(g, monkeypatch):
    monkeypatch.setenv("SIRULES_MAX_PARTICIPANTS", "lots")
    d = only_error(lambda: g.check_raw({"title": "x", "participants": [{"kind": "municipal_unit"}] * 1001}))
    assert (d.code, d.message) == ("SIR404", "SIRULES_MAX_PARTICIPANTS='lots' is not a whole number")


def test_years_in_a_yearly_table(g, monkeypatch):
    raw = {"title": "x", "budget": {str(2000 + i): 1000 for i in range(101)}}
    assert_limit(lambda: g.check_raw(raw), ("SIR305", '"budget": 101 years; the limit is 100'),
                 "SIRULES_MAX_YEARS", raise_to="200", monkeypatch=monkeypatch)


def test_savings_rows(g, monkeypatch):
    raw = {"title": "x", "savings": [{"actor": "Socialnämnden", "year": 2025, "amount": 1000}] * 2001}
    assert_limit(lambda: g.check_raw(raw), ("SIR305", '"savings": 2001 savings rows; the limit is 2000'),
                 "SIRULES_MAX_SAVINGS_ROWS", raise_to="3000", monkeypatch=monkeypatch)


def test_words_in_a_list(g, monkeypatch):
    raw = {"title": "x", "target_group": ["barn"] * 1001}
    assert_limit(lambda: g.check_raw(raw), ("SIR305", '"target_group": a list of 1001 words; the limit is 1000'),
                 "SIRULES_MAX_LIST_ITEMS", raise_to="5000", monkeypatch=monkeypatch)


def test_text_of_a_part(g, monkeypatch):
    raw = {"title": "x", "parts": {"goal": "x" * 200_001}}
    assert_limit(lambda: g.check_raw(raw), ("SIR401", 'part "goal" is 200001 characters; the limit is 200000'),
                 "SIRULES_MAX_TEXT", raise_to="300000", monkeypatch=monkeypatch)


def test_text_of_a_fact(g):
    assert_limit(lambda: g.check_raw({"title": "x" * 200_001}),
                 ("SIR305", '"title": text of 200001 characters; the limit is 200000'), "SIRULES_MAX_TEXT")


def test_number_length_in_an_application(g, monkeypatch):
    amount = "1" * 31 + " kr"
    d = only_error(lambda: g.check_raw({"title": "x", "amount": amount}))
    assert d.code == "SIR305"
    assert d.message == (f"\"amount\": '{amount}' is not an amount")
    assert d.hint == f"number too long (at most 30 digits): '{'1' * 31}'; raise the limit by setting SIRULES_MAX_DIGITS"


# ---- on the command line -------------------------------------------------------------------

def test_the_cli_shows_the_limit_and_how_to_raise_it(tmp_path, capsys):
    guideline = tmp_path / "prov.sir"
    guideline.write_text(GUIDELINE, encoding="utf-8")
    app = tmp_path / "app.json"
    app.write_text(json.dumps({"title": "x", "participants": [{"kind": "municipal_unit"}] * 1001}), encoding="utf-8")
    assert cli.main(["check", str(guideline), str(app), "--no-cache", "--lang", "en"]) == 2
    err = capsys.readouterr().err
    assert "error[SIR401]: 1001 participants; the limit is 1000" in err
    assert "= hint: raise the limit by setting SIRULES_MAX_PARTICIPANTS" in err
