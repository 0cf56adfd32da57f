"""Participant fields of a guideline's own, attested facts, yearly reference values, dated fund
sizes and several fund sources (issue 17 points 1, 6, 7; issue 23 item 19)."""

import datetime
import json

import pytest

import sirules
from sirules.engine.suggest import suggest

GUIDELINE = '''guideline "Fields" valid from 2024-01-01
participant field board: yes_no "Does the organisation have a board and statutes?"
participant field org_number: text "Organisation number"
participant field members: number "Number of members"
participant field form: choice(ideell, ekonomisk) "Legal form"
fact vision: yes_no "Contributes to Vision 2030?" attested by "The preparation group" per "Vision 2030"
reference value base_rate: 2024 = 3.5 %, 2025 = 3.1 %
must boards: every participant where kind is association has board
must two_organisations: count distinct org_number among participants >= 2
must big_applicant: applicant.members >= 10
must associations: count participants where form is ideell >= 1
must vision_ok: vision is yes
must low_rate: base_rate < 3.3 %

fund valid from 2024-01-01 to 2024-12-31
  size: 1 mnkr
  source: municipality = 600 000 kr, region = 400 000 kr
fund valid from 2025-01-01
  size: 2 mnkr
  yearly_size: 500 000 kr
  source: municipality, region, state
must within_fund: amount <= fund_size
'''


def app(**over):
    base = {"title": "x", "start": "2025-03-01", "amount": 1500000, "vision": True,
            "applicant": {"name": "A", "kind": "association", "board": True, "org_number": "1",
                          "members": 12, "form": "ideell"},
            "participants": [{"name": "B", "kind": "municipal_unit", "org_number": "2"}]}
    base.update(over)
    return base


@pytest.fixture(scope="module")
def g():
    return sirules.load_text(GUIDELINE, path="<fields>")


def findings(result):
    return {f.rule.id: f.outcome for f in result.findings}


def test_a_declared_field_is_read_from_every_participant(g):
    r = g.check(app())
    assert r.verdict == "accepted", findings(r)
    bad = app(participants=[{"name": "B", "kind": "association", "org_number": "2", "board": False}])
    assert findings(g.check(bad))["boards"] == "fail"


def test_a_missing_field_is_undecided(g):
    a = app(participants=[{"name": "B", "kind": "association", "org_number": "2"}])
    r = g.check(a)
    assert findings(r)["boards"] == "undecided" and r.verdict == "incomplete"
    a = app(participants=[{"name": "B", "kind": "municipal_unit"}])
    assert findings(g.check(a))["two_organisations"] == "undecided"


def test_distinct_counts_applicant_fields_and_choices_read_declared_fields(g):
    same = app(participants=[{"name": "B", "kind": "municipal_unit", "org_number": "1"}])
    assert findings(g.check(same))["two_organisations"] == "fail"
    small = app(applicant={**app()["applicant"], "members": 3})
    assert findings(g.check(small))["big_applicant"] == "fail"
    other = app(applicant={**app()["applicant"], "form": "ekonomisk"},
                participants=[{"name": "B", "kind": "municipal_unit", "org_number": "2", "form": "ekonomisk"}])
    assert findings(g.check(other))["associations"] == "fail"


def test_a_declared_field_has_its_type_and_unknown_keys_stay_errors(g):
    with pytest.raises(sirules.SirulesError) as e:
        g.check(app(participants=[{"name": "B", "kind": "municipal_unit", "members": "many"}]))
    assert "participants[0].members" in str(e.value.diagnostics[0].message)
    with pytest.raises(sirules.SirulesError) as e:
        g.check(app(participants=[{"name": "B", "kind": "municipal_unit", "boardd": True}]))
    assert e.value.diagnostics[0].code == "SIR303" and "board" in (e.value.diagnostics[0].hint or "")


def test_the_fast_path_agrees_with_the_full_loader(g):
    for a in (app(), app(start="2024-05-01"), app(participants=[{"name": "B", "kind": "association"}])):
        assert g.outcomes(json.loads(json.dumps(a)))[:2] == (g.check(a).verdict, g.check(a).score)


def test_reference_value_is_the_one_of_the_year_in_force(g):
    assert findings(g.check(app()))["low_rate"] == "pass"                       # 2025: 3.1 %
    assert findings(g.check(app(start="2024-05-01")))["low_rate"] == "fail"     # 2024: 3.5 %
    r = g.check(app(), on=datetime.date(2026, 1, 1))
    f = next(f for f in r.findings if f.rule.id == "low_rate")
    assert f.outcome == "undecided" and "no value for 2026" in f.message


def test_fund_size_is_the_size_in_force(g):
    assert findings(g.check(app()))["within_fund"] == "pass"                    # 2025: 2 mnkr
    assert findings(g.check(app(start="2024-05-01")))["within_fund"] == "fail"  # 2024: 1 mnkr
    assert findings(g.check(app(), on=datetime.date(2024, 6, 1)))["within_fund"] == "fail"


def test_attested_fact_is_shown_in_findings_and_not_suggested(g):
    r = g.check(app(vision=False))
    f = next(f for f in r.findings if f.rule.id == "vision_ok")
    assert f.to_json()["attested"] == [{"fact": "vision", "name": "vision", "attested_by": "The preparation group",
                                        "per": "Vision 2030"}]
    s = suggest(g, app(vision=False))
    it = next(i for i in s.items if i.rule.id == "vision_ok")
    assert not it.changes and "attested by «The preparation group»" in it.sentence


def test_several_fund_sources_with_amounts(g):
    fund = [b for b in g.model.blocks if b.kind == "fund"]
    assert fund[0].get("source") == (("municipality", 60000000), ("region", 40000000))
    assert fund[1].get("source") == ("municipality", "region", "state")
    j = g.check(app(start="2024-05-01")).to_json()
    src = next(s for b in j["blocks"] for s in b["settings"] if s["key"] == "source")
    assert src["value"] == [{"source": "municipality", "amount": 60000000}, {"source": "region", "amount": 40000000}]


def test_yearly_fund_size_is_a_name_and_a_setting():
    g = sirules.load_text('riktlinje "Å"\nfond\n  årlig_storlek: 2 mnkr\nska inom_året: belopp <= årlig_fondstorlek\n')
    assert g.check({"amount": 3000000}).verdict == "rejected"
    assert g.check({"amount": 1000000}).verdict == "accepted"


def test_loan_rate_from_a_reference_value():
    from sirules.finance import cashflow  # noqa: F401  (the obligations are computed below)
    text = ('guideline "L"\nreference value base_rate: 2024 = 3.5 %, 2025 = 3.1 %\nfund\n  size: 10 mnkr\n'
            'repayment\n  model: loan\n  rate: base_rate - 0.5 %\n  amortisation_years: 2\n  first_year: 1\n')
    g = sirules.load_text(text)
    rate = g.model.blocks[1].get("rate")
    assert rate.text == "base_rate - 0.5 %"
    from sirules.finance.repayment import _percent

    class _B:
        notes: list = []
    b = _B()
    b.notes = []
    assert _percent(b, g.model.blocks[1], "rate", 2024) == 3
    assert float(_percent(b, g.model.blocks[1], "rate", 2027)) == pytest.approx(2.6)
    assert b.notes == ["base_rate - 0.5 %: no value for 2027; the value of 2025 is used"]


def _fmt(text, lang):
    from sirules.authoring.formatter import format_guideline
    from sirules.engine import pipeline
    from sirules.language.source import SourceFile
    return format_guideline(pipeline.parse(SourceFile("<fmt>", text)), lang)


def test_formatter_round_trip_keeps_the_new_constructs():
    text = "# a comment kept\n" + GUIDELINE
    sv = _fmt(text, "sv")
    assert "# a comment kept" in sv
    assert 'deltagarfält board: ja_nej "Does' in sv
    assert 'intygas av "The preparation group" enligt "Vision 2030"' in sv
    assert "referensvärde base_rate: 2024 = 3.5 %, 2025 = 3.1 %" in sv
    assert "källa: kommun = 600 000 kr, region = 400 000 kr" in sv
    assert "årlig_storlek: 500 000 kr" in sv
    assert _fmt(sv, "en") == _fmt(text, "en")
    assert sirules.load_text(sv).check(app()).verdict == "accepted"


# ---- property: generated code and interpreter agree on the new constructs --------------------------

from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from sirules.engine import explain  # noqa: E402

_PARTICIPANT = st.fixed_dictionaries(
    {"kind": st.sampled_from(["municipal_unit", "association", "company"])},
    optional={"name": st.text(max_size=3), "board": st.booleans(), "org_number": st.sampled_from(["1", "2", "3"]),
              "members": st.integers(0, 30), "form": st.sampled_from(["ideell", "ekonomisk"])})
_APPLICATION = st.fixed_dictionaries({}, optional={
    "amount": st.integers(0, 3_000_000), "vision": st.booleans(),
    "start": st.dates(datetime.date(2023, 6, 1), datetime.date(2026, 6, 1)).map(str),
    "applicant": _PARTICIPANT, "participants": st.lists(_PARTICIPANT, max_size=3)})


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(_APPLICATION, st.one_of(st.none(), st.dates(datetime.date(2023, 6, 1), datetime.date(2026, 6, 1))))
def test_generated_code_agrees_with_interpreter_on_fields_and_dated_values(g, raw, on):
    try:
        result = g.check_raw(raw, on=on)
    except sirules.SirulesError:
        return
    for rule, o in zip(g.model.rules, result.outcomes):
        assert o == explain.outcome(rule, result.data, result.on), rule.id
    for f in result.findings:
        assert isinstance(f.message, str) and f.message
    assert g.outcomes(raw, on)[:2] == (result.verdict, result.score)


def test_compare_matches_the_new_constructs_across_languages(tmp_path):
    """The same guideline in Swedish and in English: no concept differs (fund sources with amounts,
    participant fields, attested facts, reference values, dated fund sizes)."""
    from sirules import compare
    from sirules.compare.subjects import load_subjects
    en = tmp_path / "en.sir"
    sv = tmp_path / "sv.sir"
    en.write_text(GUIDELINE, encoding="utf-8")
    sv.write_text(_fmt(GUIDELINE, "sv"), encoding="utf-8")
    c = compare.compare(load_subjects([str(en), str(sv)], use_cache=False))
    keys = {x.key for x in c.concepts}
    assert {"fund.source", "who.fields", "criteria.attested", "criteria.references"} <= keys
    assert [x.key for x in c.concepts if x.differs] == []


def test_a_reference_value_is_not_suggested_for_change(g):
    s = suggest(g, app(start="2024-05-01"))
    it = next(i for i in s.items if i.rule.id == "low_rate")
    assert not it.changes and "base_rate is a reference value (3.5%)" in it.sentence


def test_compare_leaves_out_a_field_only_another_guideline_declares(tmp_path):
    """`compare --applications`: a participant field that only one of the compared guidelines
    declares is a question the others do not ask, not an error in their column."""
    import json

    from tests.cli_helpers import run
    a = tmp_path / "a.sir"
    a.write_text('riktlinje "A" gäller från 2020-01-01\ndeltagarfält styrelse: ja_nej "Har styrelse?"\n'
                 'ska styrelse: varje deltagare har styrelse\n', encoding="utf-8")
    b = tmp_path / "b.sir"
    b.write_text('riktlinje "B" gäller från 2020-01-01\nska tak: belopp <= 1 mnkr\n', encoding="utf-8")
    app = tmp_path / "app.toml"
    app.write_text('amount = "500 000 kr"\nstart = 2021-01-01\n[applicant]\nname = "F"\nkind = "association"\n'
                   'styrelse = true\n', encoding="utf-8")
    code, out, err = run("compare", str(a), str(b), "--applications", str(app), "--format", "json")
    assert code == 0, err
    assert "SIR303" not in out
    results = json.loads(out)["applications"][0]["results"]
    assert {k: v["verdict"] for k, v in results.items()} == {"a": "accepted", "b": "accepted"}
