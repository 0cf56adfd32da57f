"""``sirules check --suggest`` and :func:`sirules.engine.suggest.suggest`: what to change so an application passes.

- Every bundled rejected-* and incomplete-* example: applying all suggestions gives ``accepted``,
  and the applied application is a valid application file of the same shape.
- A guideline whose rules conflict (a cap the amount must stay under, a share it must reach, a
  total cost it may not go below) reports the conflict and names all three rules.
- The sentences are in the guideline's language and give the values.
- The JSON has the documented keys; the text comes after the findings.
"""

from __future__ import annotations

import datetime
import glob
import json
import os

import pytest

import sirules
from sirules.language.money import parse_money
from sirules.engine.suggest import suggest

from .cli_helpers import run

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

#: bundled examples where the guideline's own rules conflict for that case: path -> the rules named.
CONFLICTS: dict[str, set] = {}

#: bundled examples that fail on a fact someone else attests (intygas av): path -> who. The
#: suggestion names who attests it and changes nothing.
#: examples that fail on the date (outside the guideline's validity, after a call closed): no
#: change of the application passes that rule, and the suggestion says so instead of proposing one
NO_CHANGE: dict[str, str] = {
    "sir/rejected-before-the-guideline.toml": "the project starts before the guideline applies",
    "delta/rejected-outside-project-period.toml": "the start lies outside the guideline's validity",
    "region-skane/rejected-after-the-call.toml": "submitted after the call closed",
    "vgr/rejected-after-the-2019-deadline.toml": "submitted after the 2019 call closed",
    "orebro-2020/rejected-fund-closed-from-2023.toml": "no new investments are started from 2023",
}

ATTESTED: dict[str, str] = {"klippan/rejected-no-real-need.toml": "Beredningsgruppen",
                            "klippan/rejected-not-feasible.toml": "Beredningsgruppen",
                            # Malmö: stadskontoret judges whether the target group is within the criteria
                            "malmo/incomplete-no-target-group-assessment.toml": "Stadskontoret",
                            "malmo/rejected-outside-purpose.toml": "Stadskontoret",
                            "malmo/rejected-target-group-outside-criteria.toml": "Stadskontoret"}
#: examples with a rule that reads the fund's register and no register's history: the suggestion
#: says the value comes from the register and changes nothing (the others are given the history
#: of their [expect.history])
REGISTER = {"sir/incomplete-without-register.toml"}


def _examples():
    out = []
    for gpath in sorted(glob.glob(os.path.join(ROOT, "guidelines", "*.sir"))):
        stem = os.path.splitext(os.path.basename(gpath))[0]
        for path in sorted(glob.glob(os.path.join(ROOT, "examples", stem, "*.*"))):
            name = os.path.basename(path)
            if name.startswith(("rejected-", "incomplete-")) and name.endswith((".toml", ".json", ".yaml", ".yml")):
                out.append((gpath, path))
    return out


EXAMPLES = _examples()


def _id(pair):
    return os.path.relpath(pair[1], os.path.join(ROOT, "examples"))




def test_there_are_bundled_examples_to_fix():
    assert len(EXAMPLES) > 50


@pytest.mark.parametrize("pair", EXAMPLES, ids=[_id(p) for p in EXAMPLES])
def test_all_suggestions_applied_is_accepted(pair, tmp_path):
    gpath, path = pair
    rel = _id(pair)
    g = sirules.load(gpath)
    from sirules.authoring.example_history import history_of
    history = history_of(g.read_application(path).raw.get("expect") or {}, path)
    s = suggest(g, path, history=history)
    assert s.result.verdict in ("rejected", "incomplete")
    # every failed or undecided must-rule and missing part has a suggestion in the first round
    failing = {f.rule.id for f in s.result.findings if f.outcome != "pass" and f.rule.strength in ("must", "part")}
    first = {it.rule.id for it in s.items if it.round == 1}
    assert failing == first
    if rel in NO_CHANGE:
        # the date's rule says that no change passes; other rules (a project period) may still
        # suggest a change of their own
        assert any(not it.changes for it in s.items), [it.sentence for it in s.items]
        if all(not it.changes for it in s.items):
            assert s.after.verdict != "accepted"
        return
    if rel in REGISTER:
        assert any("fondens register" in it.sentence and not it.changes for it in s.items), \
            [it.sentence for it in s.items]
        assert s.after.verdict != "accepted"
        return
    if rel in ATTESTED:
        assert any(ATTESTED[rel] in it.sentence and "intygas av" in it.sentence and not it.changes
                   for it in s.items), [it.sentence for it in s.items]
        assert s.after.verdict != "accepted"
        return
    for it in s.items:
        assert it.sentence and it.clause is not None and it.line > 0
        assert it.changes, f"{it.rule.id}: no change derived ({it.sentence})"
    if rel in CONFLICTS:
        assert s.after.verdict != "accepted"
        assert CONFLICTS[rel] <= set(s.after.conflicts[0].rules)
        return
    assert s.after.verdict == "accepted", (s.after.remaining, [c.message for c in s.after.conflicts])
    assert s.after.remaining == () and s.after.conflicts == ()
    # the applied application is an application file of the same shape: it reads and checks again
    applied = s.after.application
    out = tmp_path / "applied.json"
    out.write_text(json.dumps(applied, ensure_ascii=False, default=str), encoding="utf-8")
    assert g.check(str(out), history=history).verdict == "accepted"
    assert "expect" not in applied
    for it in s.items:
        for c in it.changes:
            if c.path in ("amount", "total_cost", "cofinancing", "evaluation_cost"):
                raw = applied[c.path]
                assert isinstance(raw, int) or parse_money(raw, default_unit=None) == c.new


def test_suggestions_name_the_changes_as_paths_of_the_application():
    g = sirules.load(os.path.join(ROOT, "guidelines", "vingaker.sir"))
    s = suggest(g, os.path.join(ROOT, "examples", "vingaker", "rejected-amount-above-fund.toml"))
    [it] = s.items
    assert it.rule.id == "inom_fonden"
    amount, budget = it.changes
    assert amount.to_json() == {"path": "amount", "old": 140000000, "new": 100000000}
    assert budget.path == "budget"
    assert sum(budget.new.values()) == 100000000       # the yearly budget still adds up, to the öre
    assert budget.new == {2015: 28571400, 2016: 35714300, 2017: 35714300}
    assert s.after.application["amount"] == "1 000 000 kr"          # written as the file wrote it
    assert s.after.application["budget"] == {"2015": 285714, "2016": 357143, "2017": 357143}


# ---- conflicting rules -------------------------------------------------------------------------

CONFLICT_EN = """guideline "Conflicting rules"
section 1 "Money"
must cap "at most 1 MSEK": amount <= 1 MSEK
must share "the fund pays at least half": amount >= 50 % of total_cost
must min_total "a total cost of at least 3 MSEK": total_cost >= 3 MSEK
"""

CONFLICT_SV = """riktlinje "Motstridiga regler"
avsnitt 1 "Pengar"
ska tak "högst 1 mnkr": belopp <= 1 mnkr
ska andel "fonden betalar minst hälften": belopp >= 50 % av total_kostnad
ska minsta_kostnad "en total kostnad på minst 3 mnkr": total_kostnad >= 3 mnkr
"""

APP = {"amount": 1200000, "total_cost": 3000000, "applicant": {"name": "Sektor A", "kind": "municipal_unit"}}


def test_conflicting_rules_are_reported():
    s = suggest(sirules.load_text(CONFLICT_EN), APP)
    assert s.result.verdict == "rejected"
    assert s.after.verdict == "rejected"
    [conflict] = s.after.conflicts
    assert set(conflict.rules) == {"cap", "share", "min_total"}
    assert conflict.message == (
        "the rules share, cap and min_total conflict (a change that meets one breaks another): "
        "share needs the amount applied for at least "
        "SEK 1,500,000 (breaks cap) or the total cost of the project at most SEK 2,000,000 (breaks min_total); "
        "cap needs the amount applied for at most SEK 1,000,000 (breaks share)")
    assert s.after.remaining                      # a rule is still not met
    first = [it for it in s.items if it.round == 1]
    assert [it.sentence for it in first] == [
        "lower the amount applied for by SEK 200,000 to SEK 1,000,000 (at most 1 MSEK)",
        "raise the amount applied for by SEK 300,000 to SEK 1,500,000 (the fund pays at least half)"]


def test_conflicting_rules_in_swedish():
    s = suggest(sirules.load_text(CONFLICT_SV), APP)
    [conflict] = s.after.conflicts
    assert set(conflict.rules) == {"tak", "andel", "minsta_kostnad"}
    assert conflict.message.startswith("reglerna andel, tak och minsta_kostnad står i konflikt (en ändring som "
                                       "uppfyller en av dem bryter mot en annan): ")
    assert "andel kräver sökt belopp minst 1 500 000 kr (bryter mot tak)" in conflict.message


def test_conflict_in_the_text_output(tmp_path):
    g = tmp_path / "conflict.sir"
    g.write_text(CONFLICT_EN, encoding="utf-8")
    a = tmp_path / "app.json"
    a.write_text(json.dumps(APP), encoding="utf-8")
    code, out, err = run("check", "--suggest", str(g), str(a))
    assert code == 1, err
    assert "with all suggestions applied: still REJECTED – the rules share, cap and min_total conflict (" in out


# ---- the language of the guideline ---------------------------------------------------------------

EN = """guideline "Test fund"
section 2 "Money"
must cap "at most 500 000 kr per year for 3 years": amount <= 1 500 000 kr
must preventive "the effort is preventive": preventive is yes
must collaboration "two sectors, or one sector and an external party":
  count participants where kind is municipal_unit >= 2
  or (count participants where kind is municipal_unit >= 1 and count participants where kind in external >= 1)
must starts "starts in 2024 or later": start >= 2024-01-01
group external = association, foundation
parts
  required socioeconomic_calculation
"""

SV = """riktlinje "Testfond"
avsnitt 2 "Pengar"
ska tak "högst 500 000 kr per år i 3 år": belopp <= 1 500 000 kr
ska förebyggande "insatsen är förebyggande": förebyggande är ja
ska samverkan "två sektorer, eller en sektor och en extern part":
  antal deltagare där typ är förvaltning >= 2
  eller (antal deltagare där typ är förvaltning >= 1 och antal deltagare där typ i extern >= 1)
ska start "börjar 2024 eller senare": startdatum >= 2024-01-01
grupp extern = förening, stiftelse
delar
  krävs socioekonomisk_kalkyl
"""

RAW = {"amount": "1 540 000 kr", "start": "2023-09-01",
       "budget": {"2023": 500000, "2024": 540000, "2025": 500000},
       "applicant": {"name": "Sektor utbildning", "kind": "municipal_unit"}}


def _sentences(text):
    s = suggest(sirules.load_text(text), dict(RAW))
    assert s.after.verdict == "accepted"
    return {it.rule.id: it.sentence for it in s.items}


def test_english_sentences():
    got = _sentences(EN)
    assert got["cap"] == ("lower the amount applied for by SEK 40,000 to SEK 1,500,000, and spread the yearly budget: "
                          "2023: SEK 487,013, 2024: SEK 525,974, 2025: SEK 487,013 "
                          "(at most 500 000 kr per year for 3 years)")
    assert got["preventive"] == ("state whether the effort is preventive (preventive); the guideline requires yes "
                                 "(the effort is preventive)")
    assert got["collaboration"] == ("add a participant of kind municipal_unit, or add a participant in the group "
                                    "external (association, foundation) "
                                    "(two sectors, or one sector and an external party)")
    assert got["starts"] == "change the start date from 2023-09-01 to 2024-01-01 or later (starts in 2024 or later)"
    assert got["part:socioeconomic_calculation"] == "attach the socio-economic calculation"


def test_swedish_sentences():
    got = _sentences(SV)
    assert got["tak"] == ("sänk sökt belopp med 40 000 kr till 1 500 000 kr, och fördela budgeten per år: "
                          "2023: 487 013 kr, 2024: 525 974 kr, 2025: 487 013 kr (högst 500 000 kr per år i 3 år)")
    assert got["förebyggande"] == ("ange om insatsen är förebyggande (förebyggande); riktlinjen kräver ja "
                                   "(insatsen är förebyggande)")
    assert got["samverkan"] == ("lägg till en deltagare av typen förvaltning, eller lägg till en deltagare i gruppen "
                                "extern (förening, stiftelse) (två sektorer, eller en sektor och en extern part)")
    assert got["start"] == "ändra startdatum från 2023-09-01 till 2024-01-01 eller senare (börjar 2024 eller senare)"
    assert got["part:socioeconomic_calculation"] == "bifoga delen socioekonomisk kalkyl"


def test_bundled_guidelines_speak_their_language():
    # (Stockholm's purpose is an aim, so its should-rules ask for no change: Region Skåne speaks English too)
    sv = suggest(sirules.load(os.path.join(ROOT, "guidelines", "region-skane.sir")),
                 os.path.join(ROOT, "examples", "region-skane", "rejected-not-preventive.toml"))
    assert sv.lang == "en"
    assert sv.items[0].sentence.startswith("change preventive from no to yes")
    stockholm = suggest(sirules.load(os.path.join(ROOT, "guidelines", "stockholm.sir")),
                        os.path.join(ROOT, "examples", "stockholm", "warned-no-preventive-answer.toml"))
    assert stockholm.items == () and stockholm.result.verdict == "accepted"
    malmo = suggest(sirules.load(os.path.join(ROOT, "guidelines", "malmo.sir")),
                    os.path.join(ROOT, "examples", "malmo", "rejected-single-unit.toml"))
    assert malmo.lang == "sv"
    assert malmo.items[0].sentence.startswith("lägg till en deltagare i gruppen kommunal (förvaltning, nämnd) "
                                              "från en annan nämnd än Stadsområdesnämnd Innerstaden, eller ")


# ---- how rules are inverted --------------------------------------------------------------------------

def _one(guideline: str, raw: dict):
    s = suggest(sirules.load_text(guideline), raw)
    return s, {it.rule.id: it for it in s.items}


def test_share_of_another_fact_and_a_quotient():
    g = """guideline "Shares"
must cof "30 % co-financing": cofinancing >= 30 % of total_cost
must ratio "the fund pays at most 60 %": amount / total_cost <= 60 %
"""
    s, got = _one(g, {"amount": 700000, "total_cost": 1000000, "cofinancing": 200000})
    assert got["cof"].changes[0].to_json() == {"path": "cofinancing", "old": 20000000, "new": 30000000}
    assert got["ratio"].changes[0].to_json() == {"path": "amount", "old": 70000000, "new": 60000000}
    assert s.after.verdict == "accepted"


def test_implication_prefers_the_cheaper_side():
    g = """guideline "If"
group external = association
must coop "external parties work with the municipality":
  if count participants where kind in external >= 1 then municipal_cooperation is yes
"""
    s, got = _one(g, {"municipal_cooperation": False,
                      "applicant": {"name": "Sektor A", "kind": "municipal_unit"},
                      "participants": [{"name": "Föreningen B", "kind": "association"}]})
    it = got["coop"]
    assert it.changes[0].to_json() == {"path": "municipal_cooperation", "old": False, "new": True}
    assert it.sentence.startswith("change municipal_cooperation from no to yes; alternatively: remove Föreningen B")
    assert s.after.verdict == "accepted"


def test_count_too_high_and_every_participant():
    g = """guideline "Participants"
must one_owner "exactly one owner": count participants where owner is yes = 1
must signed "everyone signs": every participant has signed
"""
    s, got = _one(g, {"applicant": {"name": "A", "kind": "municipal_unit", "owner": True, "signed": True},
                      "participants": [{"name": "B", "kind": "region_unit", "owner": True, "signed": False}]})
    assert got["one_owner"].changes[0].to_json() == {"path": "participants[0].owner", "old": True, "new": False}
    assert got["signed"].changes[0].to_json() == {"path": "participants[0].signed", "old": False, "new": True}
    assert got["signed"].sentence.startswith("change signed (has signed the application) for B from no to yes")
    assert s.after.verdict == "accepted"


def test_added_participant_is_in_the_json_and_the_applicant_can_be_replaced():
    g = """guideline "Who"
group external = association, foundation
must unit_applies "a municipal unit applies": applicant.kind is municipal_unit
must partner "an external partner": count participants where kind in external >= 1
"""
    s, got = _one(g, {"applicant": {"name": "Föreningen X", "kind": "association"}})
    assert [c.to_json() for c in got["unit_applies"].changes] == [
        {"path": "applicant", "old": {"name": "Föreningen X", "kind": "association"},
         "new": {"kind": "municipal_unit", "name": "new participant 1"}},
        {"path": "participants", "add": {"name": "Föreningen X", "kind": "association"}}]
    assert got["unit_applies"].sentence.startswith(
        "let a municipal_unit be the applicant instead of Föreningen X, which can take part as a participant")
    # the association that applied satisfies the partner rule once it is a participant
    assert s.after.verdict == "accepted"
    s2, got2 = _one(g, {"applicant": {"name": "Sektor A", "kind": "municipal_unit"}})
    assert got2["partner"].changes[0].to_json() == {
        "path": "participants", "add": {"kind": "association", "name": "new participant 1"}}
    assert s2.after.verdict == "accepted"


def test_a_rule_that_cannot_be_inverted_says_what_to_look_at():
    g = """guideline "Savings"
section 4 "Savings"
must saves "savings of at least 1 000 kr are shown": sum savings >= 1 000 kr
"""
    s, got = _one(g, {"savings": [{"actor": "Socialnämnden", "year": 2025, "amount": 500}]})
    it = got["saves"]
    assert it.changes == ()
    assert it.sentence == ("look at the rule saves «savings of at least 1 000 kr are shown» (§ 4 Savings, line 3): "
                           "sum savings >= 1 000 kr")
    assert s.after.verdict == "rejected" and s.after.remaining == ("saves",)
    assert s.after.conflicts == ()


def test_an_accepted_application_needs_no_suggestions():
    g = sirules.load(os.path.join(ROOT, "guidelines", "ale.sir"))
    s = suggest(g, os.path.join(ROOT, "examples", "ale", "accepted-two-sectors.toml"))
    assert s.items == () and s.after.verdict == "accepted" and s.after.rounds == 0
    assert s.to_json() == {"suggestions": [], "after": {"verdict": "accepted", "remaining": [], "rounds": 0,
                                                         "conflicts": []}}


def test_the_api_takes_paths_dicts_and_applications():
    gpath = os.path.join(ROOT, "guidelines", "ale.sir")
    app = os.path.join(ROOT, "examples", "ale", "rejected-single-sector.toml")
    g = sirules.load(gpath)
    by_path = suggest(gpath, app)
    by_dict = suggest(g, g.read_application(app).raw)
    by_app = suggest(g, g.read_application(app))
    assert [i.sentence for i in by_path] == [i.sentence for i in by_dict] == [i.sentence for i in by_app]
    assert suggest(g, app, on=datetime.date(2014, 1, 1)).after.verdict == "accepted"


# ---- the command line ----------------------------------------------------------------------------------

def test_json_has_the_documented_keys():
    code, out, err = run("check", "--suggest", "--format", "json", os.path.join(ROOT, "guidelines", "vgr.sir"),
                         os.path.join(ROOT, "examples", "vgr", "rejected-no-municipality.toml"))
    assert code == 1, err
    doc = json.loads(out)
    assert doc["verdict"] == "rejected"
    assert set(doc["after"]) == {"verdict", "remaining", "rounds", "conflicts"}
    assert doc["after"]["verdict"] == "accepted" and doc["after"]["remaining"] == []
    assert doc["suggestions"]
    for s in doc["suggestions"]:
        assert set(s) == {"rule", "strength", "label", "clause", "line", "outcome", "round", "changes", "sentence",
                          "superseded_by"}
        for c in s["changes"]:
            assert set(c) in ({"path", "old", "new"}, {"path", "add"})
    assert doc["suggestions"][0]["changes"] == [
        {"path": "participants", "add": {"kind": "municipality", "name": "new participant 1"}}]
    assert [s["round"] for s in doc["suggestions"]] == [1, 2, 2]


def test_text_comes_after_the_findings():
    code, out, err = run("check", "--suggest", os.path.join(ROOT, "guidelines", "ale.sir"),
                         os.path.join(ROOT, "examples", "ale", "rejected-single-sector.toml"))
    assert code == 1, err
    assert out.index("EJ UPPFYLLT") < out.index("  förslag:\n    1. samverkan  (§ 3 Samverkan, rad 62)\n")
    assert "  med alla förslag genomförda: GODKÄND\n" in out
    code, out, err = run("check", "--suggest", os.path.join(ROOT, "guidelines", "ale.sir"),
                         os.path.join(ROOT, "examples", "ale", "accepted-two-sectors.toml"))
    assert code == 0
    assert "inga förslag: ansökan uppfyller alla ska-regler och krav på delar" in out


def test_without_suggest_nothing_changes():
    _, out, _ = run("check", "--format", "json", os.path.join(ROOT, "guidelines", "ale.sir"),
                    os.path.join(ROOT, "examples", "ale", "rejected-single-sector.toml"))
    assert "suggestions" not in json.loads(out) and "after" not in json.loads(out)


def test_suggest_and_batch_do_not_mix(tmp_path):
    lines = tmp_path / "apps.jsonl"
    lines.write_text('{"amount": 1}\n', encoding="utf-8")
    code, _, err = run("check", "--suggest", os.path.join(ROOT, "guidelines", "ale.sir"), "--batch", str(lines))
    assert code == 2
    assert "--suggest fungerar inte med --batch" in err
