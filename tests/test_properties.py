"""Property tests: the parser and the checker raise nothing but SirulesError, and the
generated check function agrees with the model interpreter on every application."""

import datetime
import glob
import os
import random

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

import sirules
from sirules.engine import explain
from sirules.language import syntax
from sirules.language.diagnostics import SirulesError

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
GUIDELINES = sorted(glob.glob(os.path.join(ROOT, "guidelines", "*.sir")))
SAMPLE = """riktlinje "Prov" gäller från 2020-01-01
  organ: "Provkommun"
fond
  storlek: 10 mnkr
grupp extern = förening, stiftelse
konstant tak = 1 500 000 kr
avsnitt 1 "Villkor"
ska samverkan "två sektorer": antal deltagare där typ är förvaltning >= 2
  eller (antal deltagare där typ är förvaltning >= 1 och antal deltagare där typ i extern >= 1)
ska belopp_tak: belopp <= tak och belopp <= 50 % av total_kostnad
ska längd_ok: längd mellan 1 år och 3 år
ska budget_ok: summa budget = belopp
bör evidens: evidensbaserad är ja
prioriteras unga vikt 3: ålder_till <= 12
ska vetenskap: om belopp > 1 mnkr så del vetenskaplig_utvärdering finns
ska alla: varje deltagare där typ i extern har inte vinstdrivande
ska medfinans: medfinansiering / total_kostnad >= 30 %
ska pausat "pausad en tid" gäller från 2022-01-01 till 2024-12-31 pausad: belopp <= 1 kr
bör stängt stängd: förebyggande är ja
bör vardag: startdatum.veckodag <= fredag och startdatum.månad != juli
bör vår: startdatum mellan 1 mars varje år och 31 maj varje år
bör ord: målgrupp inte i (vuxna, "äldre personer")
delar
  krävs mål, målgrupp
  krävs vetenskaplig_utvärdering om belopp > 2 mnkr
"""


def _load(text, path="<prop>"):
    return sirules.load_text(text, path)


@st.composite
def texts_from_grammar(draw):
    from hypothesis.extra.lark import from_lark
    return draw(from_lark(syntax.parser(keep_grammar=True), start="guideline"))


@settings(max_examples=60, deadline=None, suppress_health_check=list(HealthCheck))
@given(texts_from_grammar())
def test_grammar_texts_raise_only_sirules_error(text):
    try:
        _load(text)
    except SirulesError:
        pass


def _mutations(text: str, rnd: random.Random) -> str:
    choice = rnd.randrange(6)
    if not text:
        return text
    i = rnd.randrange(len(text))
    if choice == 0:
        return text[:i] + text[i + rnd.randrange(1, 20):]
    if choice == 1:
        return text[:i] + text[i:i + 30] + text[i:]
    if choice == 2:
        lines = text.splitlines()
        rnd.shuffle(lines)
        return "\n".join(lines)
    if choice == 3:
        return text[:i] + rnd.choice(["(", ")", ":", '"', "\u200b", "\u202e", "%", "99999999999999999999999 mnkr",
                                      "2023-02-30", "-", "och", "om", "§", "\t"]) + text[i:]
    if choice == 4:
        return text[:i]
    return text.replace(" ", "  ").replace("\n", "\r\n")


@settings(max_examples=150, deadline=None)
@given(st.integers(0, 2 ** 32), st.sampled_from([SAMPLE] + [open(p, encoding="utf-8").read() for p in GUIDELINES]))
def test_mutated_guidelines_raise_only_sirules_error(seed, text):
    rnd = random.Random(seed)
    for _ in range(rnd.randrange(1, 4)):
        text = _mutations(text, rnd)
    try:
        _load(text)
    except SirulesError:
        pass


PARTICIPANT = st.fixed_dictionaries(
    {"kind": st.sampled_from(["municipal_unit", "association", "foundation", "company", "region_unit"])},
    optional={"endorsed": st.booleans(), "for_profit": st.booleans(), "name": st.text(max_size=5),
              "committee": st.sampled_from(["Socialnämnden", "Utbildningsnämnden", "KS"])})
MONEY = st.integers(0, 5_000_000)
APPLICATION = st.fixed_dictionaries({}, optional={
    "amount": MONEY, "total_cost": MONEY, "cofinancing": MONEY, "duration": st.integers(0, 60),
    "age_from": st.integers(0, 30), "age_to": st.integers(0, 30), "evidence_based": st.booleans(),
    "preventive": st.booleans(), "new_method": st.booleans(), "ordinary_operations": st.booleans(),
    "start": st.dates(datetime.date(2010, 1, 1), datetime.date(2030, 1, 1)).map(str),
    "applicant": PARTICIPANT, "participants": st.lists(PARTICIPANT, max_size=4),
    "budget": st.dictionaries(st.integers(2010, 2030).map(str), st.integers(0, 2_000_000), max_size=4),
    "parts": st.dictionaries(st.sampled_from(["goal", "target_group", "scientific_evaluation", "budget",
                                              "follow_up", "logic_model", "endorsement"]),
                             st.sampled_from(["", "text"]), max_size=5),
})


@pytest.fixture(scope="module")
def compiled():
    out = [_load(SAMPLE)]
    for p in GUIDELINES:
        out.append(sirules.load(p, use_cache=False))
    return out


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(APPLICATION, st.data())
def test_generated_code_agrees_with_interpreter(compiled, raw, data):
    g = data.draw(st.sampled_from(compiled))
    try:
        result = g.check_raw(raw)
    except SirulesError:
        return
    for rule, o in zip(g.model.rules, result.outcomes):
        assert o == explain.outcome(rule, result.data, result.on), rule.id
    for f in result.findings:
        assert isinstance(f.message, str) and f.message


@settings(max_examples=100, deadline=None)
@given(st.dictionaries(st.text(max_size=8), st.one_of(st.none(), st.integers(), st.floats(), st.text(max_size=8),
                                                     st.booleans(), st.lists(st.integers(), max_size=3)), max_size=8))
def test_arbitrary_applications_raise_only_sirules_error(raw):
    g = _load(SAMPLE)
    try:
        g.check_raw(raw)
    except SirulesError:
        pass


DISTINCT = SAMPLE + """ska två_nämnder: antal olika nämnd bland deltagare där typ är förvaltning >= 2
ska datum: startdatum mellan 2015-01-01 och 2030-12-31
ska delar: del mål finns eller del målgrupp finns
"""
RAW_VALUES = st.one_of(st.none(), st.integers(-5, 5_000_000), st.booleans(), st.text(max_size=4),
                       st.sampled_from(["2024-02-30", "2024-05-01", "1,5 mnkr", "3 år", "ja"]))


def _assert_fast_agrees(g, raw) -> None:
    """The outcomes of the generated fast path and of the full loader (or an error from both)."""
    try:
        slow_data = g.normaliser.normalise(raw).data
        slow = g._check(slow_data, slow_data.get("start"))
    except SirulesError:
        slow = "error"
    try:
        fast = g.outcomes(raw)
    except SirulesError:
        fast = "error"
    assert fast == slow


# a fact only a closed rule names (the sample's "stängt"), in a form the full loader refuses
@example({"participants": []}, {"preventive": 0}, [])
@settings(max_examples=300, deadline=None)
@given(APPLICATION, st.dictionaries(st.sampled_from(["amount", "duration", "preventive", "start", "extra", "belopp"]),
                                    RAW_VALUES, max_size=2),
       st.lists(st.fixed_dictionaries({"kind": st.sampled_from(["municipal_unit", "förvaltning", "association", 3])},
                                      optional={"committee": st.sampled_from(["A", "B", 7]),
                                                "endorsed": st.sampled_from([True, False, "ja", None])}),
                max_size=3))
def test_fast_path_agrees_with_the_full_loader(raw, noise, extra_participants):
    """The generated check_raw reads plain applications directly; it must agree with the full
    loader on every application, or step aside (Slow) and let the loader decide."""
    raw = {**raw, **noise}
    if extra_participants:
        raw["participants"] = list(raw.get("participants", [])) + extra_participants
    _assert_fast_agrees(_load(DISTINCT), raw)


@settings(max_examples=300, deadline=None)
@given(APPLICATION,
       st.one_of(st.none(), st.booleans(), st.integers(),
                 st.dictionaries(st.sampled_from(["2024", "2025", "1899", "2201", "x", ""]),
                                 st.one_of(st.integers(-2 * 10**15, 2 * 10**15), st.booleans(), st.none(),
                                           st.text(max_size=2), st.floats(allow_nan=False)), max_size=4)),
       st.one_of(st.none(), st.text(max_size=2),
                 st.dictionaries(st.sampled_from(["goal", "mål", "scientific_evaluation", "target_group", "okänd"]),
                                 st.one_of(st.none(), st.booleans(), st.integers(), st.sampled_from(["", " \n", "x", " y "])),
                                 max_size=4)))
def test_fast_path_agrees_on_tables_and_parts(raw, budget, parts):
    """A yearly table and the parts, in every form: the fast path agrees with the full loader."""
    raw = {**raw, "budget": budget, "parts": parts}
    _assert_fast_agrees(_load(DISTINCT), raw)
