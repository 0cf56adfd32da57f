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
    assert "oavgjort" in out, out + err
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
    assert "inte giltig TOML" in e["message"] and e["hint"]         # ale.sir is Swedish
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
    assert "SIR301" in err and "tips: en tabell vars namn har å, ä eller ö" in err, err   # ale.sir is Swedish
    assert quoted in err, err


def test_unquoted_swedish_dotted_key_gets_the_quoting_hint(app):
    code, out, err = run("check", "guidelines/ale.sir", app('title = "x"\nsökande.nämnd = "A"\n'))
    assert code == 2
    assert '"sökande"."nämnd" = …' in err, err


# 12. no start date: which dated block is in force is undecided, said the same way -------------

def test_no_start_date_says_the_dated_blocks_are_undecided_in_check_and_obligations(app):
    text = _example("examples/norrkoping/accepted-2019-reflow.toml", drop=("start",))
    path = app(text)
    code, out, err = run("check", "guidelines/norrkoping.sir", path)
    assert "varning[SIR340]" in out, out
    assert "startdatum saknas" in out and "kan inte avgöras" in out
    assert "återbetalning (gäller till 2020-12-31, kan inte avgöras: startdatum saknas)" in out, out
    code, out, err = run("check", "guidelines/norrkoping.sir", path, "--format", "json")
    doc = json.loads(out)
    assert [w["code"] for w in doc["warnings"]] == ["SIR340"]
    dated = [b for b in doc["blocks"] if b["line"] in (38, 106, 111)]
    assert dated and all(b["in_force"] is None for b in dated)
    assert all(b["in_force"] is True for b in doc["blocks"] if b not in dated)
    message = doc["warnings"][0]["message"]
    code, out, err = run("obligations", "guidelines/norrkoping.sir", path)
    assert code == 2 and "fel[SIR340]" in err and message in err, err
    # with --date, or a start date, there is nothing to say
    code, out, err = run("check", "guidelines/norrkoping.sir", path, "--date", "2019-05-01")
    assert "SIR340" not in out and "kan inte avgöras: startdatum" not in out


# 13. sirules test: relative paths stay relative; examples/ next to the guideline ------------------

def test_sirules_test_prints_the_paths_as_given():
    code, out, err = run("test", "guidelines/vgr.sir")
    assert code == 0, out + err
    assert ROOT not in out and "  ok    examples/vgr/accepted-private-care-provider.toml" in out, out
    code, out, err = run("test", "--format", "json", "guidelines/vgr.sir")
    assert all(c["example"].startswith("examples/vgr/") for c in json.loads(out)[0]["cases"])


def test_sirules_test_finds_examples_in_the_guidelines_own_folder(tmp_path, monkeypatch):
    import shutil
    shutil.copy(os.path.join(ROOT, "guidelines", "vgr.sir"), tmp_path / "vgr.sir")
    shutil.copytree(os.path.join(ROOT, "examples", "vgr"), tmp_path / "examples" / "vgr")
    from sirules.cli import main as cli
    monkeypatch.chdir(tmp_path)
    import contextlib
    import io
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        code = cli.main(["test", "vgr.sir"])
    assert code == 0, out.getvalue()
    assert "  ok    examples/vgr/accepted-private-care-provider.toml" in out.getvalue()


def test_sirules_test_says_where_it_looked(tmp_path):
    g = tmp_path / "lonely.sir"
    g.write_text('riktlinje "Ensam"\nska tak "högst 1 mnkr": belopp <= 1 mnkr\n', encoding="utf-8")
    code, out, err = run("test", str(g))
    assert code == 2
    assert str(tmp_path / "examples" / "lonely") in err and "examples/lonely" in err
    assert str(tmp_path.parent / "examples" / "lonely") in err, err


# 14. compare of two different municipalities is side by side ----------------------------------

@pytest.mark.parametrize("a, b, report", [
    ("guidelines/ale.sir", "guidelines/norrkoping.sir", "structure"),
    ("guidelines/orebro-2013.sir", "guidelines/orebro-2020.sir", "changes"),
    ("guidelines/norrkoping.sir@2020-06-01", "guidelines/norrkoping.sir@2021-06-01", "changes"),
])
def test_compare_of_two_defaults_to_changes_only_for_versions_of_one_guideline(a, b, report):
    code, out, err = run("compare", "--format", "json", a, b)
    assert code == 0, err
    assert json.loads(out)["report"] == report
    code, out, err = run("compare", a, b)
    assert ("Ändringar från" in out) == (report == "changes"), out[:300]


def test_compare_changes_still_gives_a_change_list_for_two_municipalities():
    code, out, err = run("compare", "--changes", "--format", "json", "guidelines/ale.sir", "guidelines/norrkoping.sir")
    assert json.loads(out)["report"] == "changes"


# 15. fmt: no trailing whitespace after comments; a long inte (… eller …) is broken ----------------

def _fmt(text):
    from sirules.cli.fmt import format_text
    return format_text(text, "<fmt>")


def test_fmt_removes_trailing_whitespace_of_comments():
    src = ('# a comment with trailing blanks   \nriktlinje "T"  # after the head\t \n\n'
           'ska tak "x":  \n  # inside  \n  belopp <= 1 mnkr   # at the end  \n')
    out = _fmt(src)
    assert all(line == line.rstrip() for line in out.splitlines()), repr(out)
    assert "# a comment with trailing blanks\n" in out and "# at the end\n" in out
    assert _fmt(out) == out


def test_fmt_breaks_a_long_negated_or_as_a_top_level_or():
    names = ["förebyggande", "ny_metod", "samverkan", "minskar_kostnader", "inom_syftet", "ekonomiska_effekter"]
    items = " eller ".join(f"{x} är nej" for x in names)
    src = f'riktlinje "T"\n\nska allt "alla krav":\n  inte ({items})\n'
    out = _fmt(src)
    assert max(len(line) for line in out.splitlines()) <= 100, out
    assert "  inte (\n    förebyggande är nej\n    eller ny_metod är nej\n" in out, out
    assert "    eller ekonomiska_effekter är nej\n  )\n" in out, out
    assert _fmt(out) == out
    from sirules.engine import pipeline
    from sirules.language.source import SourceFile
    assert pipeline.parse(SourceFile("<a>", out)) == pipeline.parse(SourceFile("<b>", src))


# 17. --suggest never proposes applying for nothing ----------------------------------------------

USED_UP = '''guideline "Fund used up"
constant left_this_year = 0 SEK
must cap "at most 1 MSEK": amount <= 1 MSEK
must fund "what is left of the fund this year covers the amount": amount <= left_this_year
must preventive_effort "the effort is preventive": preventive is yes
'''


def test_suggest_does_not_lower_the_amount_to_nothing(tmp_path):
    g = tmp_path / "used-up.sir"
    g.write_text(USED_UP, encoding="utf-8")
    a = tmp_path / "app.toml"
    a.write_text('title = "x"\namount = 500000\npreventive = false\n[budget]\n2024 = 200000\n2025 = 300000\n',
                 encoding="utf-8")
    code, out, err = run("check", "--suggest", str(g), str(a))
    assert code == 1, err
    assert "to SEK 0" not in out and "by SEK 500,000" not in out, out
    assert out.count("no change of the application passes the rule fund") == 1, out
    assert "no change of the application passes the rule fund" in out, out
    assert "change preventive from no to yes" in out
    assert "with all suggestions applied: still REJECTED; remaining: fund" in out, out
    code, out, err = run("check", "--suggest", "--format", "json", str(g), str(a))
    doc = json.loads(out)
    fund = [s for s in doc["suggestions"] if s["rule"] == "fund"][0]
    assert fund["changes"] == [] and doc["after"]["verdict"] == "rejected" and doc["after"]["remaining"] == ["fund"]


def test_suggest_in_swedish_says_no_change_passes(tmp_path):
    g = tmp_path / "slut.sir"
    g.write_text('riktlinje "Fonden är slut"\nkonstant kvar = 0 kr\nska medel "det som finns kvar räcker": '
                 'belopp <= kvar\n', encoding="utf-8")
    a = tmp_path / "a.toml"
    a.write_text('titel = "x"\nbelopp = 500000\n', encoding="utf-8")
    code, out, err = run("check", "--suggest", str(g), str(a))
    assert "ingen ändring av ansökan uppfyller regeln medel" in out, out
    assert "till 0 kr" not in out and "med alla förslag genomförda: fortfarande AVSLAGEN" in out, out


# 18. unit hints point at the fix ---------------------------------------------------------------

@pytest.mark.parametrize("rule, want, not_want", [
    ("ålder_till <= 25 år", "ta bort enheten och skriv ålder_till <= 25", "med enhet"),
    ("ålder_från >= 500 kr", "ta bort enheten och skriv ålder_från >= 500", "med enhet"),
    ("ålder_till mellan 12 år och 25 år", "ta bort enheten", "med enhet"),
    ("längd <= 3", "ange tiden med enhet", "ta bort"),
    ("belopp <= 500000", "ange beloppet med enhet", "ta bort"),
    ("medfinansiering >= 30 %", "30 % av total_kostnad", "ta bort"),
    ("ålder_till <= längd", None, "enhet"),
    ("andel >= 30", 'andel är en procentsats: skriv "30 %"', "ta bort"),
])
def test_unit_hints_point_at_the_fix(tmp_path, rule, want, not_want):
    g = tmp_path / "g.sir"
    g.write_text(f'riktlinje "T"\nfaktum andel: procent\nska r "r": {rule}\n', encoding="utf-8")
    code, out, err = run("lint", str(g))
    assert "SIR201" in err, err
    hint = [line for line in err.splitlines() if "hint:" in line]
    if want is None:
        assert not hint or not_want not in hint[0], err
        return
    assert hint and want in hint[0] and not_want not in hint[0], err


def test_unit_hint_in_english_and_for_a_number_setting(tmp_path):
    g = tmp_path / "g.sir"
    g.write_text('guideline "T"\nmust r "r": age_to <= 25 years\n', encoding="utf-8")
    code, out, err = run("lint", str(g))
    assert "age_to is a number: drop the unit and write age_to <= 25" in err, err
    g.write_text('riktlinje "T"\nåterbetalning\n  modell: lån\n  amorteringstid: 5 år\n', encoding="utf-8")
    code, out, err = run("lint", str(g))
    assert "SIR205" in err and "ta bort enheten och skriv 5" in err, err


# 20. no absolute paths of anyone's machine in the bundled files -------------------------------------

_ABSOLUTE = re.compile(r"(?<![\w.~-])(?:/work/|/home/|/tmp/|/Users/|/root/|/var/folders/|/mnt/)"
                       r"|(?<![^\s\"'(=\[])[A-Za-z]:\\(?=[A-Za-z0-9_])")   # C:\... after a blank, quote or (
#: generated at build time (docs/.gitignore), not written by anyone
_GENERATED = {os.path.join("docs", d) for d in ("_build", "_generated", "gallery")}


def _bundled_files():
    for top in ("guidelines", "examples", "docs"):
        for folder, dirs, files in os.walk(os.path.join(ROOT, top)):
            rel = os.path.relpath(folder, ROOT)
            dirs[:] = [d for d in dirs if os.path.join(rel, d) not in _GENERATED and d != "__pycache__"]
            for f in files:
                yield os.path.join(folder, f)
    for f in ("README.md", "CONTRIBUTING.md"):
        yield os.path.join(ROOT, f)


def test_no_absolute_paths_in_guidelines_examples_and_docs():
    found = []
    for path in _bundled_files():
        try:
            with open(path, encoding="utf-8") as fh:
                lines = fh.read().splitlines()
        except (UnicodeDecodeError, OSError):
            continue
        found += [f"{os.path.relpath(path, ROOT)}:{i}: {line.strip()}" for i, line in enumerate(lines, 1)
                  if _ABSOLUTE.search(line)]
    assert not found, "absolute paths (cite a source by its file name):\n" + "\n".join(found)


@pytest.mark.parametrize("line, bad", [
    ("# Källa: /work/shared/seeds/001.txt", True), ("# C:\\Users\\x\\notes.md", True),
    ("# seed 001_01f31b1f51254bec.txt", False), ("https://example.org/work/x", False),
    ("diagnostics:\\n%s", False), ("./tmp/out", False), ("says %s:\\n%s", False), ('"D:\\data"', True),
])
def test_the_absolute_path_pattern(line, bad):
    assert bool(_ABSOLUTE.search(line)) == bad


# 21. the docs say what the tool does today ----------------------------------------------------------

def test_readme_quick_start_says_what_the_command_does():
    with open(os.path.join(ROOT, "README.md"), encoding="utf-8") as fh:
        readme = fh.read()
    quick = readme.split("## Quick start")[1].split("## ")[0]
    assert "sirules check guidelines/ale.sir examples/ale/" in quick
    code, out, err = run("check", "guidelines/ale.sir", "examples/ale/")
    assert code == 1 and "exits with\ncode 1" in quick
    counted = re.findall(r"\b(one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|\d+) "
                         r"(?:bundled )?(?:example )?applications\b", quick)
    n = out.count(": GODKÄND") + out.count(": AVSLAGEN") + out.count(": OFULLSTÄNDIG")     # ale.sir is Swedish
    words = "one two three four five six seven eight nine ten eleven twelve".split()
    assert all((words.index(c) + 1 if c in words else int(c)) == n for c in counted), (counted, n)


def test_overview_does_not_call_shipped_commands_still_to_come():
    with open(os.path.join(ROOT, "docs", "overview.md"), encoding="utf-8") as fh:
        text = fh.read()
    from sirules.cli.main import COMMANDS
    assert "still to come" not in text.lower()
    for command in ("obligations", "calc", "compare", "fmt", "lint", "template", "schema"):
        assert command in COMMANDS and f"sirules {command}" in text, command
