"""A rule written paused or closed (#17 point 2): it is not applied, its finding says so and cites
its clause, and it never changes the verdict, in both semantics and every output."""

import datetime
import json
import os
import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import sirules
from sirules.authoring import testing
from sirules.engine import explain
from tests.cli_helpers import ROOT, run

GUIDELINE = os.path.join(ROOT, "tests", "paused", "pausad.sir")
EXAMPLES = os.path.join(ROOT, "tests", "paused", "examples", "pausad")
PAUSED_2025 = os.path.join(EXAMPLES, "beviljas-2025-pausad.toml")


@pytest.fixture(scope="module")
def g():
    return sirules.load(GUIDELINE, use_cache=False)


@pytest.fixture(scope="module")
def without_paused():
    """The same guideline with every paused or closed rule taken out."""
    text = open(GUIDELINE, encoding="utf-8").read()
    kept, skip = [], False
    for line in text.splitlines():
        if skip and line.startswith("  "):
            continue
        skip = bool(re.search(r"\b(pausad|stängd)\s*:", line))
        if not skip:
            kept.append(line)
    return sirules.load_text("\n".join(kept) + "\n", "utan-pausade.sir")


def test_examples_hold_with_full_coverage():
    code, out, err = run("test", "--coverage", "--require-full-coverage", "--lang", "en", "tests/paused/pausad.sir")
    assert code == 0, out + err
    assert "6 examples, 6 hold" in out
    assert re.search(r"samverkan\s+must\s+-\s+-\s+-\s+§ 1 Villkor\s+\(paused\)$", out, re.M), out


def test_a_paused_rule_is_not_applied_and_says_so(g):
    r = g.check(PAUSED_2025)
    assert r.verdict == "accepted"                  # the same application is rejected in 2024 and 2026
    f = {x.rule.id: x for x in r.findings}
    assert f["samverkan"].outcome == "paused" and f["evidens"].outcome == "closed"
    assert f["samverkan"].message == ("regeln är pausad: den tillämpas inte och avgör ingenting "
                                      "(från 2025-01-01 till 2025-12-31)")
    assert f["samverkan"].clause == "§ 1 Villkor" and f["samverkan"].line == 13
    assert f["stort"].outcome == "closed"           # a closed permission is listed, as closed
    assert r.score == 0                             # a paused priority rule adds no weight
    doc = r.to_json()
    item = next(x for x in doc["findings"] if x["rule"] == "samverkan")
    assert item == {"rule": "samverkan", "strength": "must", "outcome": "paused", "label": "minst två parter",
                    "clause": "§ 1 Villkor", "line": 13, "message": f["samverkan"].message}
    assert next(x for x in doc["findings"] if x["rule"] == "stort")["outcome"] == "closed"


def test_text_report_in_both_languages(g):
    code, out, _ = run("check", "tests/paused/pausad.sir", "tests/paused/examples/pausad/beviljas-2025-pausad.toml",
                       "--explain")
    assert code == 0
    assert re.search(r"^  pausad\s+ska\s+samverkan", out, re.M)
    assert re.search(r"^  stängd\s+bör\s+evidens", out, re.M)
    assert "| 13:" not in out                     # --explain shows no source line for a rule not applied
    from sirules.report import render
    r = g.check(PAUSED_2025)
    f = next(x for x in r.findings if x.rule.id == "samverkan")
    assert render.outcome_word(f, "en") == "paused"
    assert explain.message(f.rule, 4, r.data, r.guideline, "en", on=r.on).startswith(
        "the rule is paused: it is not applied and decides nothing")


def test_an_expectation_of_a_paused_rule_is_checked(g, tmp_path):
    raw = open(PAUSED_2025, encoding="utf-8").read().replace('samverkan = "paused"', 'samverkan = "fail"')
    p = tmp_path / "fel.toml"
    p.write_text(raw, encoding="utf-8")
    case = testing.run_case(g, str(p))
    assert [(x.rule, x.expected, x.actual) for x in case.mismatches] == [("samverkan", "fail", "paused")]


APPS = st.fixed_dictionaries({
    "amount": st.integers(0, 2_000_000), "evidence_based": st.booleans(), "age_to": st.integers(0, 30),
    "submitted": st.dates(datetime.date(2024, 1, 1), datetime.date(2027, 12, 31)).map(str),
    "start": st.dates(datetime.date(2024, 1, 1), datetime.date(2027, 12, 31)).map(str),
    "applicant": st.just({"name": "A", "kind": "municipal_unit"}),
    "participants": st.lists(st.just({"name": "B", "kind": "association"}), max_size=2),
})


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(APPS)
def test_a_paused_rule_never_changes_the_verdict(g, without_paused, raw):
    a, b = g.check_raw(raw), without_paused.check_raw(raw)
    assert (a.verdict, a.score) == (b.verdict, b.score)
    for rule, o in zip(g.model.rules, a.outcomes):
        assert o == explain.outcome(rule, a.data, a.on), rule.id      # codegen and interpreter agree
        if rule.status is not None:
            assert o in (3, 4)
    assert g.outcomes(raw)[:2] == (a.verdict, a.score)                  # the fast path too


def test_a_large_guideline_pauses_rules_the_same_way():
    """More than 40 rules: the rules are generated in chunks and the verdict is a loop."""
    lines = ['riktlinje "Stor"'] + [f"ska r{i}: belopp <= {i + 1} mnkr" for i in range(45)]
    lines.append("ska liten pausad: belopp <= 1 kr")
    big = sirules.load_text("\n".join(lines) + "\n", "stor.sir")
    r = big.check_raw({"amount": 500_000})
    assert r.verdict == "accepted" and r.outcomes[-1] == 4


def test_batch_lines_say_paused_with_the_clause(tmp_path):
    p = tmp_path / "in.jsonl"
    p.write_text(json.dumps({"id": "x", "amount": 500_000, "submitted": "2025-06-01", "start": "2025-09-01",
                             "applicant": {"name": "A", "kind": "municipal_unit"}}) + "\n", encoding="utf-8")
    code, out, err = run("check", "tests/paused/pausad.sir", "--batch", str(p))
    line = json.loads(out.splitlines()[0])
    assert line["verdict"] == "accepted", out + err
    item = next(x for x in line["findings"] if x["rule"] == "samverkan")
    assert item["outcome"] == "paused" and item["line"] == 13 and item["clause"] == "§ 1 Villkor"
    assert item["message"].startswith("regeln är pausad")


def _fmt(text, lang):
    from sirules.cli.fmt import format_text
    return format_text(text, "pausad.sir", lang)


def test_fmt_round_trip_sv_en_keeps_the_status_and_the_comments(g):
    from sirules.engine import pipeline
    from sirules.language.source import SourceFile
    text = open(GUIDELINE, encoding="utf-8").read()
    en = _fmt(text, "en")
    assert 'must samverkan "minst två parter" valid from 2025-01-01 to 2025-12-31 paused:' in en
    assert 'should evidens "evidensbaserad metod" closed:' in en and "# pausad under 2025" in en
    assert _fmt(en, "sv") == text
    m_en = pipeline.analyse(SourceFile("pausad.sir", en))
    assert [(r.id, r.status, r.valid_from, r.valid_to) for r in m_en.rules] == \
        [(r.id, r.status, r.valid_from, r.valid_to) for r in g.model.rules]


def test_compare_says_paused_and_a_pause_loosens(tmp_path):
    from sirules import compare
    old = tmp_path / "fore.sir"
    old.write_text('riktlinje "Före"\nska samverkan: antal deltagare >= 2\n', encoding="utf-8")
    new = tmp_path / "efter.sir"
    new.write_text('riktlinje "Efter"\nska samverkan pausad: antal deltagare >= 2\n', encoding="utf-8")
    code, out, _ = run("compare", "--changes", str(old), str(new))
    assert "lättad" in out and "(pausad)" in out, out
    code, out, _ = run("compare", str(old), str(new), "--format", "json")
    assert '"status": "paused"' in out
    assert compare is not None


def test_lint_leaves_a_paused_must_out_of_contradictions(tmp_path):
    p = tmp_path / "l.sir"
    p.write_text('riktlinje "L" gäller från 2024-01-01\nska tak stängd: belopp <= 1 mnkr\n'
                 'får stort: belopp > 2 mnkr\nbör tak2: belopp <= 1 mnkr\n', encoding="utf-8")
    code, out, err = run("lint", str(p))
    assert "SIR540" not in out + err and "SIR504" not in out + err


def test_template_and_schema(g):
    code, out, _ = run("template", "tests/paused/pausad.sir")
    assert "evidens" not in out and "ålder_till" not in out and "unga" not in out   # asked only by rules not applied
    code, out, _ = run("schema", "tests/paused/pausad.sir")
    assert '"paused"' in out and '"closed"' in out


def test_suggest_never_suggests_for_a_paused_rule(g):
    from sirules.engine.suggest import suggest
    s = suggest(g, os.path.join(EXAMPLES, "avslag-2024-en-part.toml"))
    assert s.items and all(x.rule.id not in ("evidens", "unga", "stort") for x in s.items)
