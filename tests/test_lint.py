"""sirules lint: golden warnings, the checks' doctests, the command line, and the bundled guidelines.

Each ``tests/lint/<CODE>-<slug>.sir`` is a guideline that loads but has what lint warns about;
``<same>.expected`` is the rendered warnings (``sirules.report.render.diagnostics``, no colour).
``clean.sir`` must give none. ``SIRULES_UPDATE_GOLDENS=1`` (or ``--update-goldens``) rewrites
the ``.expected`` files. ``tests/diagnostics/SIR5xx-*.cmd`` run the same files through the CLI for
the diagnostics catalogue.
"""

from __future__ import annotations

import doctest
import glob
import importlib
import json
import os
import pkgutil

import pytest

import sirules
from sirules.authoring import lint
from sirules.report import render
from sirules.language.diagnostics import CODES, Severity

from .cli_helpers import ROOT, assert_golden, in_root, run  # noqa: E402
HERE = os.path.join(ROOT, "tests", "lint")
CASES = sorted(glob.glob(os.path.join(HERE, "*.sir")))
LINT_CODES = sorted(c for c in CODES if c.startswith("SIR5"))




def warnings_of(text: str, path: str = "<text>"):
    return lint.lint(lint.subject(text, path))


def codes_of(text: str) -> list[str]:
    return [d.code for d in warnings_of(text)]


# ---- golden files -------------------------------------------------------------------------------

@pytest.mark.parametrize("path", CASES, ids=[os.path.basename(p) for p in CASES])
def test_golden(path, update_goldens):
    rel = os.path.relpath(path, ROOT)
    with in_root():
        found = lint.lint(lint.read(rel))
        got = (render.diagnostics(found) + "\n") if found else "no warnings\n"
    name = os.path.basename(path)
    if name.startswith("SIR"):
        code = name[:6]
        assert found and {d.code for d in found} == {code}, got
        assert all(d.severity is Severity.WARNING and d.hint for d in found)
    else:
        assert not found, got
    for line in got.splitlines():
        assert len(line) <= 130, line
    assert_golden(got, os.path.splitext(path)[0] + ".expected", update_goldens)


def test_every_lint_code_has_a_golden_case_and_a_catalogue_entry():
    covered = {os.path.basename(p)[:6] for p in CASES}
    assert set(LINT_CODES) <= covered
    catalogue = {os.path.basename(p)[:6] for p in glob.glob(os.path.join(ROOT, "tests", "diagnostics", "SIR5*.cmd"))}
    assert set(LINT_CODES) <= catalogue


def test_every_golden_guideline_loads():
    """Lint warns about guidelines that load; none of its cases is an error."""
    with in_root():
        for path in CASES:
            sirules.load(os.path.relpath(path, ROOT), use_cache=False)


def test_doctests_of_every_check():
    """The doctests of the lint package and of every module in it (the checks live in its modules)."""
    modules = [lint] + [importlib.import_module(f"{lint.__name__}.{info.name}")
                        for info in pkgutil.iter_modules(lint.__path__)]
    results = [doctest.testmod(module) for module in modules]
    assert sum(r.failed for r in results) == 0
    assert sum(r.attempted for r in results) >= len(lint.CHECKS)
    for check in lint.CHECKS:
        assert check.__doc__ and ">>>" in check.__doc__, check.__name__


# ---- the checks, one by one ---------------------------------------------------------------------

HEAD = 'riktlinje "R" gäller från 2024-01-01\n'


@pytest.mark.parametrize("cond", [
    "belopp <= 1 mnkr och belopp > 1 mnkr",
    "belopp < 1 mnkr och belopp >= 1 mnkr",
    "belopp mellan 1 mnkr och 2 mnkr och belopp > 2 mnkr",
    "startdatum >= 2024-01-01 och startdatum <= 2023-12-31",
    "medfinansiering >= 30 % av total_kostnad och medfinansiering < 30 % av total_kostnad",
    "förebyggande är ja och förebyggande är nej",
    "förebyggande är ja och inte förebyggande är ja",
    "antal deltagare där typ är förvaltning < 0",
    "2 > 3",
    "risknivå är låg och risknivå är hög",
])
def test_conditions_that_can_never_hold(cond):
    assert codes_of(HEAD + f"ska r: {cond}\n") == ["SIR502"]


@pytest.mark.parametrize("cond", [
    "om belopp > 2 mnkr så belopp >= 1 mnkr",
    "belopp <= 1 mnkr eller belopp > 1 mnkr",
    "belopp < 1 mnkr eller belopp >= 1 mnkr",
    "startdatum < 2024-01-01 eller startdatum >= 2023-01-01",
    "förebyggande är ja eller förebyggande är nej",
    "inte (belopp > 1 mnkr och belopp < 1 mnkr)",
    "antal deltagare >= 0",
    "3 > 2",
    "om sökande.typ är förvaltning så sökande.typ i kommunal",
])
def test_conditions_that_always_hold(cond):
    text = HEAD + "grupp kommunal = förvaltning, nämnd\n" + f"ska r: {cond}\n"
    assert codes_of(text) == ["SIR503"]


@pytest.mark.parametrize("cond", [
    "belopp <= 1 mnkr och belopp >= 1 mnkr",              # exactly 1 mnkr: possible
    "belopp < 1 mnkr eller belopp > 1 mnkr",              # 1 mnkr itself fails
    "belopp <= 1 mnkr och total_kostnad > 2 mnkr",        # two different facts
    "om belopp > 1 mnkr så belopp > 2 mnkr",              # the condition does not imply the consequence
    "längd mellan 1 år och 3 år",
    "ålder_från >= 0 och ålder_till <= 25",
    "antal deltagare där typ är förvaltning >= 2",
    "sökande.typ är förvaltning eller sökande.typ är nämnd",
    "målgrupp är barn och målgrupp är unga",             # words: an application may give both
    "summa budget = belopp",
])
def test_ordinary_conditions_give_no_warning(cond):
    assert codes_of(HEAD + f"ska r: {cond}\n") == []


def test_a_ja_nej_literal_is_meant_as_written():
    assert codes_of(HEAD + "ska r: ja\n") == []


def test_a_dead_branch_is_reported_as_part_of_the_rule():
    found = warnings_of(HEAD + "ska r: ny_metod är ja eller (belopp > 2 mnkr och belopp < 1 mnkr)\n")
    assert [d.code for d in found] == ["SIR502"]
    assert found[0].message.startswith('part of rule "r" can never hold')
    assert (found[0].span.line, found[0].span.column) == (2, 30)      # the "och" inside the parentheses


def test_should_rule_identical_to_must_rule_with_separate_dates_is_not_a_repeat():
    text = (HEAD + 'ska a "a" gäller till 2024-12-31: ny_metod är ja\n'
            'bör b "b" gäller från 2025-01-01: ny_metod är ja\n')
    assert codes_of(text) == []


def test_constant_used_in_a_setting_or_a_constant_is_used():
    text = (HEAD + "konstant bas = 5 mnkr\nkonstant storlek_x = 2 * bas\nfond\n  storlek: storlek_x\n")
    assert codes_of(text) == []


def test_repayment_with_model_none_or_with_risk_needs_no_warning():
    assert codes_of(HEAD + "återbetalning\n  modell: ingen\n") == []
    assert codes_of(HEAD + "återbetalning\n  modell: plan\nrisk\n  bärare: nämnd\n") == []
    assert codes_of(HEAD + "återbetalning gäller till 2024-12-31\n  modell: plan\n"
                           "risk gäller från 2025-01-01\n  bärare: nämnd\n") == ["SIR507"]


def test_blocks_with_different_settings_may_overlap():
    text = HEAD + "fond\n  storlek: 10 mnkr\nfond gäller till 2020-12-31\n  modell: återföring\n"
    assert codes_of(text) == []


def test_keywords_shared_by_both_languages_are_not_mixed():
    text = HEAD + "risk\n  bärare: central\n§ 1 \"Syfte\"\nska r: förebyggande är ja\n"
    assert codes_of(text) == []


def test_mixed_keywords_in_an_english_file():
    found = warnings_of('guideline "R" valid from 2024-01-01\nmust r: preventive is yes och new_method is yes\n')
    assert [d.message for d in found] == ['Swedish keywords in a guideline written in English: "och"']
    assert '"och" → "and"' in found[0].hint


def test_end_date_without_start_date():
    found = warnings_of('riktlinje "R" gäller till 2024-12-31\nska r: förebyggande är ja\n')
    assert [d.message for d in found] == ["the guideline has an end date but no start date"]


def test_a_comment_silences_a_warning_on_its_line_or_the_line_below():
    text = HEAD + "konstant a = 1 mnkr  # lint: ignore SIR501\n# lint: ignore sir501, SIR505\nkonstant b = 2 mnkr\n"
    assert codes_of(text) == []
    assert codes_of(HEAD + "# lint: ignore SIR505\nkonstant b = 2 mnkr\n") == ["SIR501"]


def test_warnings_name_their_section():
    found = warnings_of(HEAD + 'avsnitt 3.1 "Belopp"\nska r: belopp < 1 kr och belopp > 2 kr\n')
    assert [(d.code, d.section) for d in found] == [("SIR502", "§ 3.1 Belopp")]


# ---- the command line ---------------------------------------------------------------------------

def test_clean_file_exits_0():
    code, out, err = run("lint", "tests/lint/clean.sir")
    assert (code, out) == (0, "")
    assert err == "inga varningar i 1 fil\n"                 # clean.sir is Swedish: so is the report
    code, out, err = run("lint", "tests/lint/clean.sir", "--lang", "en")
    assert err == "no warnings in 1 file\n"


def test_warnings_exit_1_and_name_code_file_and_line():
    code, out, err = run("lint", "tests/lint/SIR506-no-validity.sir")
    assert code == 1
    assert out.startswith("warning[SIR506]: the guideline has no validity dates\n"
                          "  --> tests/lint/SIR506-no-validity.sir:1:1")
    assert err == "1 warning in 1 of 1 file\n"


def test_unreadable_file_exits_2_and_the_others_are_still_linted(tmp_path):
    bad = tmp_path / "bad.sir"
    bad.write_text('riktlinje "R"\nska r: okänd_sak är ja\n', encoding="utf-8")
    code, out, err = run("lint", str(bad), "tests/lint/SIR506-no-validity.sir", "missing.sir")
    assert code == 2
    assert "warning[SIR506]" in out
    assert "error[SIR101]" in err and "error[SIR403]: no such file: missing.sir" in err
    assert err.rstrip().endswith("1 warning in 1 of 3 files; 2 files could not be read")


def test_json_lists_every_warning_with_its_position():
    code, out, _ = run("lint", "tests/lint/SIR510-overlapping-versions.sir", "tests/lint/clean.sir",
                       "--format", "json")
    assert code == 1
    doc = json.loads(out)
    assert [d["code"] for d in doc] == ["SIR510", "SIR510"]
    first = doc[0]
    assert set(first) == {"file", "line", "column", "end_line", "end_column", "code", "severity", "message",
                          "hint", "section", "related"}
    assert (first["file"], first["line"], first["column"]) == ("tests/lint/SIR510-overlapping-versions.sir", 8, 1)
    assert first["severity"] == "warning" and first["section"] == "§ 1 Belopp"
    assert first["related"] == [{"label": "the other version", "file": "tests/lint/SIR510-overlapping-versions.sir",
                                 "line": 5, "column": 1}]


def test_json_includes_files_that_cannot_be_read():
    code, out, _ = run("lint", "missing.sir", "--format", "json")
    assert code == 2
    assert [(d["code"], d["severity"]) for d in json.loads(out)] == [("SIR403", "error")]


def test_ignore_option():
    code, out, err = run("lint", "tests/lint/SIR506-no-validity.sir", "--ignore", "SIR506,SIR501")
    assert (code, out) == (0, "")
    code, _, err = run("lint", "tests/lint/clean.sir", "--ignore", "SIR101")
    assert code == 2 and "error[SIR404]: --ignore SIR101: not a lint code" in err


def test_a_folder_is_every_guideline_in_it(tmp_path):
    (tmp_path / "a.sir").write_text(HEAD + "ska r: förebyggande är ja\n", encoding="utf-8")
    (tmp_path / "b.sir").write_text('riktlinje "B"\nska r: förebyggande är ja\n', encoding="utf-8")
    (tmp_path / "notes.txt").write_text("not a guideline", encoding="utf-8")
    code, out, err = run("lint", str(tmp_path))
    assert code == 1
    assert out.count("varning[SIR506]") == 1 and "b.sir:1:1" in out
    assert err == "1 varning i 1 av 2 filer\n"


# ---- the bundled guidelines ---------------------------------------------------------------------

#: what lint finds in guidelines/ (reviewed: each is true; see docs/maintaining.md): the code and
#: the first two words of the line it points at (not the line number, which every edit moves)
BUNDLED = {
    "ale": ["SIR505 avsnitt 1", "SIR507 återbetalning"],
    "blekinge": ["SIR506 riktlinje \"Sociala", "SIR507 återbetalning"],
    "delta": [],
    "eslov": ["SIR506 riktlinje \"Riktlinjer", "SIR505 avsnitt 1"],
    "goteborg": ["SIR506 riktlinje \"Göteborgs"],
    "gullspang": ["SIR506 riktlinje \"Riktlinjer"],
    "klippan": ["SIR506 riktlinje \"Sociala"],
    "malmo": ["SIR507 återbetalning"],
    "norrkoping": ["SIR506 riktlinje \"Riktlinje", "SIR505 avsnitt 1"],
    "orebro-2013": ["SIR507 återbetalning"],
    "orebro-2020": ["SIR507 återbetalning"],
    "region-skane": ["SIR506 guideline \"Sociala"],
    "simrishamn": ["SIR506 riktlinje \"Riktlinjer"],
    "sir": [],
    "sormland": ["SIR506 riktlinje \"Social", "SIR505 avsnitt 1"],
    "stockholm": ["SIR506 guideline \"Riktlinjer", "SIR507 repayment"],
    "tomelilla": ["SIR506 riktlinje \"Riktlinjer"],
    "umea": ["SIR506 riktlinje \"Sociala"],
    "uppsala": ["SIR506 riktlinje \"Riktlinje"],
    "vgr": ["SIR506 guideline \"Sociala"],
    "vingaker": ["SIR506 riktlinje \"Riktlinjer", "SIR507 återbetalning"],
}


@pytest.mark.parametrize("stem", sorted(BUNDLED))
def test_bundled_guidelines(stem):
    """The bundled guidelines have no contradictions, repeats, overlaps or mixed keywords; what lint
    does find (no dates, sections that only describe, repayment without a risk bearer) is true."""
    with in_root():
        found = lint.lint(lint.read(f"guidelines/{stem}.sir"))
        lines = open(f"guidelines/{stem}.sir", encoding="utf-8").read().splitlines()
    assert [d.code + " " + " ".join(lines[d.span.line - 1].split()[:2]) for d in found] == BUNDLED[stem]


# ---- Trojan Source (issue 21, confusables) -------------------------------------------------------

def test_bidi_controls_anywhere_in_the_text_are_warned_about():
    for ch in ("\u202a", "\u202e", "\u2066", "\u2069", "\u200e", "\u200f"):
        for text in (f'riktlinje "R{ch}" gäller från 2024-01-01\n', f"riktlinje \"R\" gäller från 2024-01-01\n# {ch}\n"):
            found = warnings_of(text)
            assert [d.code for d in found] == ["SIR520"], (ch, found)
            assert f"U+{ord(ch):04X}" in found[0].message


def test_look_alike_names_are_reported_where_they_are_not_latin():
    text = (HEAD + "konstant tаk = 2 mnkr\nkonstant tak = 1 mnkr\n"
            "ska a: belopp <= tak och belopp <= tаk\n")
    found = [d for d in warnings_of(text) if d.code == "SIR521"]
    assert len(found) == 1 and found[0].message.startswith('name "tаk" looks like "tak"')
    assert found[0].span.line == text.splitlines().index("konstant tаk = 2 mnkr") + 1


def test_names_in_one_script_are_not_look_alikes():
    text = HEAD + "konstant тариф = 1 mnkr\nkonstant ωμέγα = 2 mnkr\nska a: belopp <= тариф och belopp <= ωμέγα\n"
    assert "SIR521" not in codes_of(text)
    assert "SIR521" in codes_of(HEAD + "konstant sаmverkan = 1 mnkr\nska a: belopp <= sаmverkan\n")


def test_confusables_doctests():
    import doctest

    from sirules.language import confusables
    assert doctest.testmod(confusables).failed == 0
