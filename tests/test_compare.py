"""sirules compare: concepts, change lists, behaviour, every output format and the command line.

Golden cases: ``tests/compare/<name>.cmd`` holds a command line and ``<name>.expected`` what it
prints (standard output, standard error, exit code). ``SIRULES_UPDATE_GOLDENS=1`` (or
``--update-goldens``) rewrites them; review the diff. The golden cases use the guidelines and
applications in ``tests/compare/fixtures/``, so that edits to the bundled guidelines do not move
them; a few tests below read a fixed subset of the bundled guidelines.
"""

import datetime
import glob
import html.parser
import io
import json
import os
import re

import pytest

from sirules import compare
from sirules.compare import render as cr
from sirules.language.diagnostics import SirulesError
from sirules.engine.pipeline import load_text

from .cli_helpers import run

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
HERE = os.path.join(ROOT, "tests", "compare")
FIX = "tests/compare/fixtures"
CASES = sorted(glob.glob(os.path.join(HERE, "*.cmd")))
#: bundled guidelines the tests rely on (the folder grows while others write more)
BUNDLED = ["ale", "delta", "malmo", "norrkoping", "orebro-2013", "orebro-2020", "region-skane", "stockholm",
           "umea", "vgr"]


@pytest.fixture(autouse=True)
def _in_root(monkeypatch):
    monkeypatch.chdir(ROOT)




def subjects(*names, fix=True):
    return compare.load_subjects([f"{FIX}/{n}" if fix else n for n in names])


def inline(label: str, text: str) -> compare.Subject:
    return compare.Subject(label, f"<{label}>", None, load_text(text, f"<{label}>"))


def texts(comp, key, col):
    concept = comp.concept(key)
    return [i.text for i in concept.cells[col].items] if concept else []


# ---- golden files ----------------------------------------------------------------------------

@pytest.mark.parametrize("path", CASES, ids=[os.path.basename(p) for p in CASES])
def test_golden(path, update_goldens):
    with open(path, encoding="utf-8") as fh:
        argv = fh.read().split()
    code, out, err = run(*argv)
    # a chart's SVG is matplotlib's to draw (tests/test_charts.py tests its properties): kept as one line
    out = re.sub(r"<svg .*?</svg>", lambda mt: f"<svg>… {mt.group(0).count('<text')} texts …</svg>", out, flags=re.S)
    got = f"$ sirules {' '.join(argv)}\n{out}{err}exit {code}\n"
    expected_path = os.path.splitext(path)[0] + ".expected"
    if update_goldens or not os.path.exists(expected_path):
        with open(expected_path, "w", encoding="utf-8", newline="") as fh:
            fh.write(got)
    with open(expected_path, encoding="utf-8", newline="") as fh:
        assert got == fh.read()


def test_goldens_cover_every_format_of_every_report():
    names = {os.path.basename(p)[:-4] for p in CASES}
    for report in ("structure", "changes", "behaviour"):
        for fmt in cr.FORMATS:
            assert f"{report}-{fmt}" in names, f"{report}-{fmt}.cmd is missing"


# ---- concepts --------------------------------------------------------------------------------

def test_concepts_are_read_off_the_expression_trees():
    c = compare.compare(subjects("alpha.sir", "beta.sir"), lang="en")
    assert texts(c, "fund.size", 0) == ["20 MSEK"] and texts(c, "fund.size", 1) == ["5 MSEK"]
    assert texts(c, "fund.model", 0) == ["reflow"] and texts(c, "fund.model", 1) == ["grant"]
    assert texts(c, "who.applicant", 0) == ["must: municipal_unit"]
    assert texts(c, "who.applicant", 1) == ["must: regional"]
    assert texts(c, "who.participants", 0) == [
        "must: ≥ 2 municipal_unit (distinct name) or (≥ 1 municipal_unit and ≥ 1 extern)"]
    assert texts(c, "who.every", 0) == ["must: every participant: endorsed"]
    assert texts(c, "caps.amount", 0) == ["must: ≤ 2 MSEK"]
    assert texts(c, "caps.amount", 1) == ["must: ≤ 500 kSEK"]
    assert texts(c, "caps.per_year", 0) == ["must: ≤ 1 MSEK"]
    assert texts(c, "caps.share", 0) == ["must: ≤ 50% of total_cost"]
    assert texts(c, "caps.duration", 0) == ["must: 1–3 years"]
    assert texts(c, "caps.duration", 1) == ["must: ≤ 2 years"]
    assert texts(c, "caps.per_type", 0) == ["must: folkhälsoinsats: duration ≤ 1 year"]
    assert texts(c, "caps.cofinancing", 0) == ["must: ≥ 30% of total_cost (from 2021-01-01)"]
    assert texts(c, "target.age", 0) == ["must: ages 0–25"] and texts(c, "target.age", 1) == ["must: ages 6–18"]
    assert texts(c, "target.group", 0) == ["priority 5: barnfamiljer"]
    assert texts(c, "parts.required", 0) == ["goal", "target_group", "time_plan", "budget",
                                             "scientific_evaluation if amount > 1 MSEK"]
    assert texts(c, "parts.supplied", 0) == ["socioeconomic_calculation (by Beredningsgruppen)"]
    assert texts(c, "criteria.preventive", 0) == texts(c, "criteria.preventive", 1) == ["must: yes"]
    assert not c.concept("criteria.preventive").differs
    assert texts(c, "criteria.new_method", 0) == ["should: yes"]
    assert texts(c, "criteria.own", 1) == ["must: innovative = yes"]
    assert texts(c, "who.kinds", 1) == ['region_partner "partner organisation with an agreement with the region"']
    assert texts(c, "rules.strengths", 0) == ["11 must, 1 should, 1 priority, 5 required parts"]
    assert texts(c, "repayment.model", 0) == ["reflow (until 2020-12-31)", "none (from 2021-01-01)"]
    assert texts(c, "decision.decided_by", 0) == ["Kommunstyrelsen", "Kommunfullmäktige if amount > 1 MSEK"]


def test_every_value_cites_its_clause_and_line():
    c = compare.compare(subjects("alpha.sir", "beta.sir"))
    for concept in c.concepts:
        for cell in concept.cells:
            for item in cell.items:
                assert item.line > 0 or concept.summary, (concept.key, item)
                if item.rule:
                    assert item.clause.startswith("§ "), (concept.key, item)
    cap = c.concept("caps.amount").cells[0].items[0]
    assert (cap.clause, cap.line, cap.rule) == ("§ 2 Belopp och tid", 34, "tak")
    assert cap.cite("sv") == "§ 2, rad 34" and cap.cite("en", short=True) == "§ 2, l. 34"


def test_swedish_and_english_keywords_compare_by_meaning():
    c = compare.compare(subjects("alpha.sir", "alpha-en.sir"))
    assert c.lang == "en"                       # mixed languages: the report is in English
    assert [k.key for k in c.concepts if k.differs] == []
    assert compare.changes(c).changes == ()


def test_report_language_follows_the_guidelines():
    assert compare.compare(subjects("alpha.sir", "alpha-2024.sir")).lang == "sv"
    c = compare.compare(subjects("alpha.sir", "alpha-2024.sir"), lang="en")
    assert c.lang == "en" and c.concept("caps.amount").label == "amount"
    sv = compare.compare(subjects("alpha.sir", "alpha-2024.sir"))
    assert texts(sv, "caps.amount", 0) == ["ska: ≤ 2 mnkr"]
    assert texts(sv, "who.applicant", 0) == ["ska: förvaltning"]


# ---- change lists ------------------------------------------------------------------------------

def test_a_revised_version_is_a_change_list_with_directions():
    cs = compare.changes(compare.compare(subjects("alpha.sir", "alpha-2024.sir")))
    got = {(c.concept, c.what, c.direction) for c in cs.changes}
    assert {("caps.amount", "changed", "loosened"), ("caps.share", "changed", "loosened"),
            ("caps.duration", "changed", "loosened"), ("caps.cofinancing", "changed", "tightened"),
            ("who.every", "removed", "loosened"), ("criteria.new_method", "changed", "tightened"),
            ("criteria.measurable", "added", "tightened"), ("parts.required", "changed", "tightened"),
            ("fund.size", "changed", None), ("repayment.model", "changed", None)} <= got
    amount = next(c for c in cs.changes if c.concept == "caps.amount")
    assert (amount.old.text, amount.old.line, amount.new.text, amount.new.line) == \
        ("ska: ≤ 2 mnkr", 34, "ska: ≤ 3 mnkr", 31)
    assert cs.counts() == {"tightened": 4, "loosened": 4, "other": 7}


CAP = 'guideline "G"\nmust r "r": {}\n'


@pytest.mark.parametrize("old, new, direction", [
    ("amount <= 1 MSEK", "amount <= 2 MSEK", "loosened"),
    ("amount <= 2 MSEK", "amount <= 1 MSEK", "tightened"),
    ("amount < 1 MSEK", "amount <= 1 MSEK", "loosened"),
    ("cofinancing >= 30 % of total_cost", "cofinancing >= 20 % of total_cost", "loosened"),
    ("amount / total_cost <= 50 %", "amount <= 40 % of total_cost", "tightened"),
    ("duration between 1 year and 3 years", "duration between 2 years and 4 years", None),
    ("duration between 1 year and 3 years", "duration <= 3 years", "loosened"),
    ("max budget <= 500 000 kr", "max budget <= 400 000 kr", "tightened"),
    ("age_from >= 0 and age_to <= 25", "age_from >= 6 and age_to <= 25", "tightened"),
])
def test_direction_of_a_changed_limit(old, new, direction):
    c = compare.compare([inline("a", CAP.format(old)), inline("b", CAP.format(new))])
    (change,) = compare.changes(c).changes
    assert (change.what, change.direction) == ("changed", direction)


@pytest.mark.parametrize("old, new, direction", [
    ('must r "r": preventive is yes', 'should r "r": preventive is yes', "loosened"),
    ('should r "r": preventive is yes', 'must r "r": preventive is yes', "tightened"),
    ('priority r "r": preventive is yes', 'should r "r": preventive is yes', None),
    ('parts\n  required goal', 'parts\n  required goal if amount > 1 MSEK', "loosened"),
])
def test_direction_of_a_changed_strength_or_condition(old, new, direction):
    head = 'guideline "G"\nproject type small "Small"\n'
    c = compare.compare([inline("a", head + old + "\n"), inline("b", head + new + "\n")])
    changes = compare.changes(c).changes
    assert changes and all(ch.direction == direction for ch in changes), changes


def test_a_cap_narrowed_to_one_project_type():
    head = 'guideline "G"\nproject type small "Small"\n'
    a = inline("a", head + 'must r "r": amount <= 1 MSEK\n')
    b = inline("b", head + 'must r "r": if project_type is small then amount <= 1 MSEK\n')
    cs = compare.changes(compare.compare([a, b]))
    assert [(c.concept, c.what, c.direction, c.new.text if c.new else None) for c in cs.changes] == [
        ("caps.amount", "removed", "loosened", None),
        ("caps.per_type", "added", "tightened", "must: small: amount ≤ 1 MSEK")]


def test_added_and_removed_must_rules():
    a = inline("a", 'guideline "A"\nmust p "p": preventive is yes\n')
    b = inline("b", 'guideline "B"\nmust p "p": preventive is yes\nmust m "m": measurable is yes\n'
                    'should e "e": early_intervention is yes\n')
    cs = compare.changes(compare.compare([a, b]))
    assert {(c.concept, c.what, c.direction) for c in cs.changes} == {
        ("criteria.measurable", "added", "tightened"), ("criteria.early_intervention", "added", None)}
    back = compare.changes(compare.compare([b, a]))
    assert ("criteria.measurable", "removed", "loosened") in {(c.concept, c.what, c.direction)
                                                              for c in back.changes}


def test_a_dated_guideline_compares_with_itself_on_two_dates():
    cs = compare.changes(compare.compare(subjects("alpha.sir@2020-12-31", "alpha.sir@2021-01-01")))
    assert [c.label for c in (cs.old, cs.new)] == ["alpha@2020-12-31", "alpha@2021-01-01"]
    got = {(c.concept, c.what, c.direction, c.old.text if c.old else None, c.new.text if c.new else None)
           for c in cs.changes}
    assert got == {("caps.cofinancing", "added", "tightened", None, "ska: ≥ 30 % av total_kostnad"),
                   ("repayment.model", "changed", None, "återföring", "ingen"),
                   ("repayment.payer", "removed", None, "besparande_nämnder", None)}


def test_norrkoping_before_and_after_2021():
    cs = compare.changes(compare.compare(subjects("guidelines/norrkoping.sir@2020-12-31",
                                                  "guidelines/norrkoping.sir@2021-01-01", fix=False)))
    got = {(c.concept, c.what): (c.old and c.old.key, c.new and c.new.key) for c in cs.changes}
    assert got[("repayment.model", "changed")] == ("reflow", "none")
    assert got[("fund.model", "removed")] == ("reflow", None)


def test_orebro_2013_and_2020():
    cs = compare.changes(compare.compare(subjects("guidelines/orebro-2013.sir", "guidelines/orebro-2020.sir",
                                                  fix=False)))
    got = {(c.concept, c.what, c.direction) for c in cs.changes}
    assert ("fund.size", "changed", None) in got
    assert ("caps.duration", "removed", "loosened") in got
    assert ("criteria.own", "added", "tightened") in got                 # a must-rule added
    assert ("criteria.counters_exclusion", "added", None) in got         # the aim, a should-rule, binds no one
    size = next(c for c in cs.changes if c.concept == "fund.size")
    assert (size.old.text, size.new.text) == ("65 mnkr (2013-06-04 – 2014-12-31)", "100 mnkr (till 2022-12-31)")


def test_dated_fund_blocks_compare_by_the_size_in_force():
    """Örebro 2013 has two fund blocks (65 mnkr, then 80 mnkr from 2015): compared on a date, the
    size in force on that date is the one shown."""
    cs = compare.changes(compare.compare(subjects("guidelines/orebro-2013.sir@2014-06-01",
                                                  "guidelines/orebro-2013.sir@2015-06-01", fix=False)))
    size = next(c for c in cs.changes if c.concept == "fund.size")
    assert (size.old.text, size.new.text) == ("65 mnkr", "80 mnkr")


def test_a_date_outside_the_guidelines_validity_is_noted():
    c = compare.compare(subjects("alpha.sir@2010-01-01", "beta.sir"))
    assert c.columns[0].notes == ("not in force on 2010-01-01 (valid 2015-01-01 – …)",)


# ---- behaviour -------------------------------------------------------------------------------

def test_every_application_through_every_guideline():
    mx = compare.behaviour(subjects("alpha.sir", "beta.sir"), sorted(glob.glob(f"{FIX}/apps/*.toml")))
    assert mx.applications == ("broken", "partner-applies", "region-and-municipality", "two-units")
    verdicts = [[o.verdict for o in row] for row in mx.rows]
    assert verdicts == [["error", "error"], ["error", "accepted"], ["rejected", "accepted"],
                        ["accepted", "rejected"]]
    assert mx.rows[0][0].error.startswith("SIR301: ")
    assert mx.rows[1][0].error == "SIR304: \"applicant.kind\": unknown participant kind 'region_partner'"
    assert mx.disagreements == (1, 2, 3)
    deciding = {d.rule: (d.strength, d.outcome, d.line, d.clause) for d in mx.rows[3][1].deciding}
    assert deciding["cap"] == ("must", "fail", 26, "§ 2 Money and time")
    assert mx.counts(0) == {"accepted": 1, "rejected": 1, "incomplete": 0, "error": 2}
    assert mx.agreement(0, 1) == 1


def test_incomplete_verdicts_name_the_undecided_rules_and_missing_parts(tmp_path):
    app = tmp_path / "thin.toml"
    app.write_text('amount = 100000\nstart = 2022-01-01\n[applicant]\nname = "U"\nkind = "municipal_unit"\n',
                   encoding="utf-8")
    mx = compare.behaviour(subjects("alpha.sir", "beta.sir"), [str(app)])
    alpha = mx.rows[0][0]
    assert alpha.verdict == "rejected"          # one administration only: samverkan fails
    assert {d.rule for d in alpha.deciding} == {"samverkan"}
    g = inline("g", 'guideline "G"\nmust p "p": preventive is yes\nparts\n  required goal\n')
    mx = compare.behaviour([g, g], [str(app)])
    assert {(d.rule, d.outcome) for d in mx.rows[0][0].deciding} == {("p", "undecided"), ("part:goal", "fail")}


def test_bundled_examples_through_bundled_guidelines_never_crash():
    names = [n for n in BUNDLED if os.path.exists(f"guidelines/{n}.sir")]
    paths = sorted(p for n in names for p in glob.glob(f"examples/{n}/*.toml"))
    mx = compare.behaviour(compare.load_subjects([f"guidelines/{n}.sir" for n in names]), paths)
    assert len(mx.rows) == len(paths) and all(len(r) == len(names) for r in mx.rows)
    assert not any(o.error and o.error.startswith("internal") for row in mx.rows for o in row)
    for fmt in cr.FORMATS:
        assert cr.render("behaviour", mx, fmt, 100)


# ---- formats -----------------------------------------------------------------------------

class _Checker(html.parser.HTMLParser):
    VOID = frozenset({"meta", "br"})

    def __init__(self):
        super().__init__()
        self.stack, self.bad, self.external = [], [], []

    def handle_starttag(self, tag, attrs):
        self.external += [v for k, v in attrs if k in ("src", "href")]
        if tag not in self.VOID:
            self.stack.append(tag)

    def handle_endtag(self, tag):
        if not self.stack or self.stack.pop() != tag:
            self.bad.append((tag, self.getpos()))


def check_html(text: str) -> None:
    p = _Checker()
    p.feed(text)
    p.close()
    assert p.stack == [] and p.bad == [] and p.external == []
    assert text.startswith("<!DOCTYPE html>") and "<style>" in text


def bundled():
    names = [n for n in BUNDLED if os.path.exists(f"guidelines/{n}.sir")]
    return compare.load_subjects([f"guidelines/{n}.sir" for n in names])


@pytest.mark.parametrize("width", [80, 200])
def test_every_bundled_guideline_at_once_fits_the_width(width):
    comp = compare.compare(bundled())
    for layout in ("auto", "table", "list"):
        text = cr.render("structure", comp, "text", width, layout)
        assert max(len(line) for line in text.splitlines()) <= width, layout
    assert "(page 1 of" in cr.render("structure", comp, "text", width, "table")


def test_every_format_is_deterministic_and_well_formed():
    comp = compare.compare(bundled())
    for fmt in cr.FORMATS:
        assert cr.render("structure", comp, fmt, 100) == cr.render("structure", compare.compare(bundled()), fmt, 100)
    check_html(cr.render("structure", comp, "html"))
    doc = json.loads(cr.render("structure", comp, "json"))
    assert doc["report"] == "structure" and len(doc["guidelines"]) == len(comp.columns)
    import csv
    rows = list(csv.reader(io.StringIO(cr.render("structure", comp, "csv"))))
    assert rows[0][:5] == ["topic", "concept", "label", "differs", "guideline"]
    assert all(len(r) == len(rows[0]) for r in rows)


def test_html_escapes_every_user_string():
    evil = inline("x", 'guideline "<script>alert(1)</script>"\n  body: "A & B <i>"\n'
                       'decision\n  decided_by: "<b>KS</b>"\n')
    page = cr.render("structure", compare.compare([evil, inline("y", 'guideline "Y"\n')]), "html")
    check_html(page)
    assert "<script>" not in page and "<b>KS" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page and "&lt;b&gt;KS&lt;/b&gt;" in page


def test_markdown_escapes_table_pipes():
    g = inline("x", 'guideline "X"\ndecision\n  decided_by: "A | B"\n')
    md = cr.render("structure", compare.compare([g, inline("y", 'guideline "Y"\n')]), "markdown")
    assert "A \\| B" in md


def test_rich_tables_on_a_terminal_fit_the_width():
    from rich.console import Console
    comp = compare.compare(bundled())
    for width in (80, 200):
        buf = io.StringIO()
        console = Console(file=buf, width=width, force_terminal=True, color_system=None)
        cr.print_rich(cr.document("structure", comp, "auto", width, True), console, comp.lang)
        lines = buf.getvalue().splitlines()
        assert lines and max(len(line) for line in lines) <= width
        assert "≠" in buf.getvalue()


# ---- the command line --------------------------------------------------------------------------

def test_two_guidelines_give_a_change_list_and_more_a_table():
    code, out, _ = run("compare", f"{FIX}/alpha.sir", f"{FIX}/alpha-2024.sir", "--format", "json")
    assert code == 0 and json.loads(out)["report"] == "changes"
    code, out, _ = run("compare", f"{FIX}/alpha.sir", f"{FIX}/alpha-2024.sir", "--table", "--format", "json")
    assert code == 0 and json.loads(out)["report"] == "structure"
    code, out, _ = run("compare", f"{FIX}/alpha.sir", f"{FIX}/beta.sir", f"{FIX}/alpha-2024.sir", "--changes",
                       "--format", "json")
    doc = json.loads(out)
    assert code == 0 and [(s["old"]["label"], s["new"]["label"]) for s in doc["sets"]] == \
        [("alpha", "beta"), ("beta", "alpha-2024")]


@pytest.mark.parametrize("argv, code, message", [
    (["compare", f"{FIX}/alpha.sir", f"{FIX}/nope.sir"], "SIR403", "no such file: tests/compare/fixtures/nope.sir"),
    (["compare", f"{FIX}/alpha.sir@2021-02-30", f"{FIX}/beta.sir"], "SIR404", "'2021-02-30' is not a date"),
    (["compare", f"{FIX}/alpha.sir"], "SIR404", "compare needs at least two guidelines"),
    (["compare", f"{FIX}/alpha.sir", f"{FIX}/beta.sir", "--width", "10"], "SIR404", "--width 10 is too narrow"),
    (["compare", f"{FIX}/alpha.sir", f"{FIX}/beta.sir", "--output", "no/such/dir/x.html"], "SIR404", "no folder"),
    (["compare", f"{FIX}/alpha.sir", f"{FIX}/beta.sir", "--applications", f"{FIX}/empty-dir-does-not-exist"],
     "SIR403", "no such file"),
    (["compare", f"{FIX}/alpha.sir", f"{FIX}/beta.sir", "--format", "pdf"], "SIR404", "invalid choice"),
])
def test_bad_input_exits_2_without_a_traceback(argv, code, message):
    status, out, err = run(*argv, "--lang", "en")          # the fixtures are Swedish
    assert status == 2
    assert f"[{code}]" in err and message in err and "Traceback" not in err
    assert out == ""


def test_every_unreadable_guideline_is_reported_at_once(tmp_path):
    bad = tmp_path / "bad.sir"
    bad.write_text('guideline "B"\nmust x "x": nonsense_fact is yes\n', encoding="utf-8")
    status, _, err = run("compare", str(bad), f"{FIX}/missing.sir")
    assert status == 2 and "SIR101" in err and "SIR403" in err


def test_parse_spec():
    assert compare.parse_spec("a.sir") == ("a.sir", None)
    assert compare.parse_spec("a.sir@2021-01-01") == ("a.sir", datetime.date(2021, 1, 1))
    assert compare.parse_spec("mail@example.sir") == ("mail@example.sir", None)
    with pytest.raises(SirulesError):
        compare.parse_spec("a.sir@2021-13-01")


def test_output_is_written_atomically(tmp_path):
    target = tmp_path / "out.html"
    target.write_text("old", encoding="utf-8")
    code, out, err = run("compare", f"{FIX}/alpha.sir", f"{FIX}/beta.sir", "--format", "html", "--output",
                         str(target))
    assert (code, out, err) == (0, "", "")
    _, direct, _ = run("compare", f"{FIX}/alpha.sir", f"{FIX}/beta.sir", "--format", "html")
    assert target.read_text(encoding="utf-8") == direct
    assert os.listdir(tmp_path) == ["out.html"]           # no temporary file left behind
    umask = os.umask(0)
    os.umask(umask)
    assert os.stat(target).st_mode & 0o777 == 0o666 & ~umask   # not the 0600 of a temporary file


def test_output_dash_is_standard_output():
    code, out, err = run("compare", f"{FIX}/alpha.sir", f"{FIX}/beta.sir", "--format", "csv", "--output", "-")
    _, direct, _ = run("compare", f"{FIX}/alpha.sir", f"{FIX}/beta.sir", "--format", "csv")
    assert (code, out, err) == (0, direct, "")
    assert not os.path.exists(os.path.join(ROOT, "-"))          # the command runs in the repository root


def test_the_command_offers_every_format():
    from sirules.cli import compare as command
    assert command.FORMATS == (*cr.FORMATS, "xlsx")        # xlsx: the rows of the csv in a workbook
