"""Membership lists (`i (...)`, `inte i (...)`), quoted words, permissions (`får`/`may`) and the
warning on application words no rule names (#17 points 3 and 4, #23 item 16)."""

import json

import pytest

import sirules
from sirules.authoring import lint
from sirules.cli.fmt import format_text
from sirules.engine import interpret
from sirules.language.diagnostics import SirulesError

HEAD = 'riktlinje "R" gäller från 2024-01-01\nprojekttyp förstudie\nprojekttyp metod\nprojekttyp drift\n'

RULES = """ska typ "förstudie eller metod": projekttyp i (förstudie, metod)
ska ej_företag: sökande.typ inte i (företag, avtalad_utförare)
ska unga: målgrupp i (barn, "unga vuxna")
ska extern: antal deltagare där typ i (förening, stiftelse) >= 1
ska ideell: varje deltagare där typ inte i (förvaltning) har typ i (förening, stiftelse)
"""


def _app(**kw):
    app = {"start": "2024-03-01", "project_type": "förstudie", "target_group": ["unga vuxna"],
           "applicant": {"name": "A", "kind": "municipal_unit"},
           "participants": [{"name": "F", "kind": "association"}]}
    app.update(kw)
    return app


@pytest.fixture(scope="module")
def g():
    return sirules.load_text(HEAD + RULES)


def _outcomes(g, app):
    """The outcome of each rule the test wrote (not the validity rule the head adds)."""
    r = g.check(app)
    return {x.id: o for x, o in zip(g.model.rules, r.outcomes) if x.id != "validity"}, r


def test_lists_hold_fail_and_agree_with_the_interpreter(g):
    cases = [
        (_app(), {"typ": 0, "ej_företag": 0, "unga": 0, "extern": 0, "ideell": 0}),
        (_app(project_type="drift", target_group=["äldre"], applicant={"name": "A", "kind": "company"},
              participants=[{"name": "B", "kind": "cooperative"}]),
         {"typ": 1, "ej_företag": 1, "unga": 1, "extern": 1, "ideell": 1}),
    ]
    for app, want in cases:
        got, r = _outcomes(g, app)
        assert got == want
        for rule, o in zip(g.model.rules, r.outcomes):        # the two semantics agree
            assert interpret.outcome(rule, r.data, r.on) == o


def test_a_missing_value_is_undecided(g):
    app = _app()
    del app["project_type"], app["target_group"]
    got, _ = _outcomes(g, app)
    assert got["typ"] == 2 and got["unga"] == 2


def test_a_quoted_word_with_a_space_matches(g):
    got, _ = _outcomes(g, _app(target_group=["unga vuxna"]))
    assert got["unga"] == 0
    one = sirules.load_text(HEAD + 'ska u: målgrupp är "unga vuxna"\n')
    assert _outcomes(one, _app())[0] == {"u": 0}


def test_the_explanation_names_the_list(g):
    _, r = _outcomes(g, _app(project_type="drift"))
    f = next(f for f in r.findings if f.rule.id == "typ")
    assert "förstudie" in f.message and "metod" in f.message and "drift" in f.message


def test_not_in_a_group():
    g = sirules.load_text(HEAD + "grupp extern = förening, stiftelse\nska a: sökande.typ inte i extern\n"
                                 "ska b: antal deltagare där typ inte i extern >= 2\n")
    assert _outcomes(g, _app())[0] == {"a": 0, "b": 1}
    assert _outcomes(g, _app(applicant={"name": "A", "kind": "association"}))[0] == {"a": 1, "b": 1}
    assert "not in extern" in format_text("riktlinje \"R\"\ngrupp extern = förening\nska a: sökande.typ inte i extern\n",
                                          "<t>", "en")


def test_a_list_needs_words_of_the_right_kind():
    with pytest.raises(SirulesError) as exc:
        sirules.load_text(HEAD + "ska x: belopp i (a, b)\n")
    assert exc.value.diagnostics[0].code == "SIR110"
    with pytest.raises(SirulesError) as exc:
        sirules.load_text(HEAD + "ska x: projekttyp i (förstudie, okänd)\n")
    assert exc.value.diagnostics[0].code == "SIR108"
    with pytest.raises(SirulesError) as exc:
        sirules.load_text(HEAD + "ska x: projekttyp i (förstudie, förstudie)\n")
    assert exc.value.diagnostics[0].code == "SIR111"


def test_format_round_trip_sv_en_with_comments():
    text = HEAD + "# en kommentar om listan\n" + RULES + "# en tillåtelse\nfår bolag: antal deltagare där typ i (kommunalt_bolag) >= 1\n"
    en = format_text(text, "<t>", "en")
    assert "project_type in (förstudie, metod)" in en and "applicant.kind not in (company, contracted_operator)" in en
    assert 'target_group in (barn, "unga vuxna")' in en and "may bolag:" in en
    assert "# en kommentar om listan" in en and "# en tillåtelse" in en
    back = format_text(en, "<t>", "sv")
    assert back == format_text(text, "<t>")
    app = _app(participants=[{"name": "B", "kind": "municipal_company"}])
    assert sirules.load_text(en).check(app).outcomes == sirules.load_text(text).check(app).outcomes


def test_lint_sees_a_list_that_contradicts_itself():
    s = lint.subject(HEAD + "ska x: projekttyp i (förstudie) och projekttyp inte i (förstudie, metod)\n")
    assert [d.code for d in lint.lint(s)] == ["SIR502"]


# ---- permissions --------------------------------------------------------------------------------

PERMIT = HEAD + """ska tak: belopp <= 1 mnkr
får bolag "får drivas med kommunala bolag": antal deltagare där typ i (kommunalt_bolag) >= 1
"""


def test_a_permission_never_changes_the_verdict_and_is_listed_only_where_it_holds():
    g = sirules.load_text(PERMIT)
    with_company = _app(amount=500_000, participants=[{"name": "B", "kind": "municipal_company"}])
    without = _app(amount=500_000)
    r1, r2 = g.check(with_company), g.check(without)
    assert r1.verdict == r2.verdict == "accepted"
    assert [(f.rule.id, f.outcome) for f in r1.findings] == [("tak", "pass"), ("bolag", "pass")]
    assert [f.rule.id for f in r2.findings] == ["tak"]
    js = r1.to_json()["findings"][1]
    assert js["strength"] == "may" and js["outcome"] == "permitted"
    json.dumps(r1.to_json(), default=str)
    from sirules.report import render
    assert "tillåtet" in render.result_text(r1)
    rejected = g.check(_app(amount=2_000_000, participants=[{"name": "B", "kind": "municipal_company"}]))
    assert rejected.verdict == "rejected"


def test_lint_warns_on_a_permission_that_contradicts_a_must_rule():
    s = lint.subject(HEAD + "ska tak: belopp <= 1 mnkr\nfår stort: belopp > 2 mnkr\nfår litet: belopp < 1 mnkr\n")
    found = lint.lint(s)
    assert [(d.code, d.span.line) for d in found] == [("SIR540", 6)]


def test_the_bundled_permission_of_orebro_is_shown_by_compare():
    import os
    import subprocess
    import sys
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    out = subprocess.run([sys.executable, "-m", "sirules", "compare", "guidelines/orebro-2020.sir",
                          "guidelines/orebro-2013.sir", "--format", "json"], capture_output=True, text=True, cwd=root)
    assert '"text": "får: ≥ 1 kommunalt_bolag"' in out.stdout, out.stdout + out.stderr


# ---- words the rules do not name -------------------------------------------------------------------

def test_a_word_close_to_a_named_word_warns_and_a_far_one_does_not(g):
    r = g.check(_app(target_group=["unga  vuxna", "pensionärer"]))
    assert [(w.code, "unga vuxna" in (w.hint or "")) for w in r.warnings] == [("SIR112", True)]


# ---- syntax errors ----------------------------------------------------------------------------------

def test_syntax_errors_name_a_construct_in_the_files_language_never_a_list_of_tokens():
    """Damage every bundled guideline in many places: each syntax error is in the file's language,
    and its hint is an example (or a "did you mean"), not a list of expected tokens."""
    import glob
    import os
    import random
    import re

    from sirules.language import syntax_help
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    rng = random.Random(17)
    seen = set()
    for path in sorted(glob.glob(os.path.join(root, "guidelines", "*.sir"))):
        text = open(path, encoding="utf-8").read()
        lang = "en" if text.lstrip().startswith(("guideline", "#")) and "\nguideline" in "\n" + text else "sv"
        tokens = [m for m in re.finditer(r'[:,()=]|"[^"\n]*"|[^\W\d]\w*|\d+', text)]
        for m in rng.sample(tokens, 25):
            bad = text[:m.start()] + text[m.end():]
            try:
                sirules.load_text(bad)
            except SirulesError as exc:
                d = exc.diagnostics[0]
                if not d.code.startswith("SIR0"):
                    continue
                seen.add(d.code)
                assert d.hint and not re.search(r'expected .*", "', d.hint), d
                words = ("oväntat", "okänt", "filen", "regeln", "en ", "`") if lang == "sv" else \
                    ("unexpected", "unknown", "the ", "a ", "`")
                assert any(w in d.message for w in words), (lang, d)
    assert "SIR002" in seen
    for key, (where, allowed, examples) in syntax_help.CONSTRUCTS.items():   # the texts are in the catalogue
        assert set(examples) == {"sv", "en"}, key
        assert all(syntax_help.explain(key, lang)[1].endswith(f"`{examples[lang]}`") for lang in examples), key


def test_batch_lists_a_permission_only_where_it_holds():
    from sirules.engine import batch
    g = sirules.load_text(PERMIT)
    with_company = dict(_app(amount=500_000, participants=[{"name": "B", "kind": "municipal_company"}]), id="a")
    without = dict(_app(amount=500_000), id="b")
    lines = [batch.check_one(g, i, raw, None) for i, raw in enumerate((with_company, without), 1)]
    assert [f for f in lines[0]["findings"] if f["rule"] == "bolag"] == [{"rule": "bolag", "outcome": "permitted"}]
    assert [f["rule"] for f in lines[1]["findings"]] == ["tak"]
    assert lines[0]["verdict"] == lines[1]["verdict"] == "accepted"


def test_compare_puts_a_permission_beside_the_others_prohibition(tmp_path):
    from sirules import compare
    a, b = tmp_path / "a.sir", tmp_path / "b.sir"
    a.write_text('riktlinje "A"\n  organ: "A kommun"\n'
                 "får bolag: antal deltagare där typ i (kommunalt_bolag) >= 1\n", encoding="utf-8")
    b.write_text('riktlinje "B"\n  organ: "B kommun"\n'
                 "ska inga_bolag: antal deltagare där typ i (kommunalt_bolag) = 0\n", encoding="utf-8")
    cmp = compare.compare(compare.load_subjects([str(a), str(b)], use_cache=False))
    row = next(c for c in cmp.concepts if c.key == "who.participants")
    texts = [[i.text for i in cell.items] for cell in row.cells]
    assert texts == [["får: ≥ 1 kommunalt_bolag"], ["ska: = 0 kommunalt_bolag"]]
    app = tmp_path / "app.toml"
    app.write_text('title = "T"\n[applicant]\nname = "A"\nkind = "municipal_unit"\n'
                   '[[participants]]\nname = "Bolaget"\nkind = "municipal_company"\n', encoding="utf-8")
    mx = compare.behaviour(compare.load_subjects([str(a), str(b)], use_cache=False), [str(app)])
    (left, right), = mx.rows
    assert (left.verdict, right.verdict) == ("accepted", "rejected")
    assert [(d.rule, d.outcome) for d in left.deciding] == [("bolag", "permitted")]
    assert [(d.rule, d.outcome) for d in right.deciding] == [("inga_bolag", "fail")]
