"""The rule set in the ``rule-engine`` package (https://pypi.org/project/rule-engine/).

One ``rule_engine.Rule`` per rule, each compiled once at import.  A rule's
expression evaluates to the outcome string itself ("pass" / "fail" /
"undecided") with the ternary operator, so the three-valued logic lives in
the rule text: a missing fact is tested with ``== null`` first.  The verdict
and the score are two more ``Rule`` objects evaluated over the 21 outcomes.

How missing facts are seen:
* top-level facts: ``Context(default_value=None)`` makes an absent symbol
  resolve to ``null``;
* nested facts (``parts.goal``, a participant's ``endorsed``): the safe item
  operator ``&['key']`` yields ``null`` for an absent key or a null container.

One derived value is computed in Python: the symbol ``everyone`` (applicant +
partners).  rule-engine has no array concatenation (``[applicant] +
participants`` is a type error), so a custom symbol resolver supplies it;
everything else -- counts, sums, ``all``/``any`` over participants and
yearly budgets, the date comparison -- is expressed in rule-engine itself.

rule-engine evaluates numbers as ``decimal.Decimal``, so the integer
arithmetic of R06/R08/R09 stays exact.  "Part present" (non-empty after
``strip()``) is the regex search ``=~~ '\\S'``; Python's ``re`` ``\\s`` and
``str.strip()`` use the same definition of whitespace.
"""

from __future__ import annotations

import rule_engine

_EXTERNAL = "['association', 'foundation', 'cooperative']"

RULE_TEXTS = {
    "R01": "applicant&['kind'] == null ? 'undecided'"
           " : (applicant['kind'] == 'municipal_unit' ? 'pass' : 'fail')",
    "R02": "([p for p in everyone if p&['kind'] == 'municipal_unit'].length >= 2"
           " or ($any([p&['kind'] == 'municipal_unit' for p in everyone])"
           f"      and $any([p&['kind'] in {_EXTERNAL} for p in everyone])))"
           " ? 'pass' : 'fail'",
    "R03": "$any([p&['kind'] == 'company' for p in everyone]) ? 'fail' : 'pass'",
    "R04": "amount == null ? 'undecided' : (amount <= 3000000 ? 'pass' : 'fail')",
    "R05": "(budget == null or budget.is_empty) ? 'undecided'"
           " : ($all([v <= 1000000 for v in budget.values]) ? 'pass' : 'fail')",
    "R06": "(amount == null or budget == null or budget.is_empty) ? 'undecided'"
           " : ($sum(budget.values) == amount ? 'pass' : 'fail')",
    "R07": "duration == null ? 'undecided'"
           " : ((duration >= 12 and duration <= 36) ? 'pass' : 'fail')",
    "R08": "(amount == null or total_cost == null) ? 'undecided'"
           " : (amount * 100 <= 50 * total_cost ? 'pass' : 'fail')",
    "R09": "(cofinancing == null or total_cost == null) ? 'undecided'"
           " : (cofinancing * 100 >= 30 * total_cost ? 'pass' : 'fail')",
    "R10": "preventive == null ? 'undecided' : (preventive == true ? 'pass' : 'fail')",
    "R11": "new_method == null ? 'undecided' : (new_method == true ? 'pass' : 'fail')",
    "R12": "ordinary_operations == null ? 'undecided'"
           " : (ordinary_operations == false ? 'pass' : 'fail')",
    # Kleene AND of (age_from >= 0) and (age_to <= 25).
    "R13": "((age_from != null and age_from < 0) or (age_to != null and age_to > 25)) ? 'fail'"
           " : ((age_from == null or age_to == null) ? 'undecided' : 'pass')",
    "R14": "start == null ? 'undecided' : (start >= '2024-01-01' ? 'pass' : 'fail')",
    "R15": r"(parts&['goal'] != null and parts&['goal'] =~~ '\\S') ? 'pass' : 'fail'",
    "R16": r"(parts&['budget'] != null and parts&['budget'] =~~ '\\S') ? 'pass' : 'fail'",
    "R17": r"(parts&['evaluation'] != null and parts&['evaluation'] =~~ '\\S') ? 'pass' : 'fail'",
    # (not amount > 2 000 000) or scientific evaluation present, in Kleene logic:
    # present -> pass; otherwise the negated comparison decides (undecided if amount missing).
    "R18": r"(parts&['scientific_evaluation'] != null and parts&['scientific_evaluation'] =~~ '\\S')"
           " ? 'pass' : (amount == null ? 'undecided' : (amount > 2000000 ? 'fail' : 'pass'))",
    "R19": "evidence_based == null ? 'undecided' : (evidence_based == true ? 'pass' : 'fail')",
    "R20": "age_to == null ? 'undecided' : (age_to <= 12 ? 'pass' : 'fail')",
    # Kleene AND over participants of (endorsed is true).
    "R21": "$any([p&['endorsed'] != null and p&['endorsed'] != true for p in everyone]) ? 'fail'"
           " : ($any([p&['endorsed'] == null for p in everyone]) ? 'undecided' : 'pass')",
}

# Evaluated over {"must": [...], "parts": [...], "r20": ...} built from the outcomes.
VERDICT_TEXT = ("'fail' in must ? 'rejected'"
                " : (('undecided' in must or 'fail' in parts) ? 'incomplete' : 'accepted')")
SCORE_TEXT = "r20 == 'pass' ? 5 : 0"

MUST = (0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 17, 20)
PARTS = (14, 15, 16)


def _resolve(thing, name):
    # Derived symbol computed in Python: rule-engine cannot concatenate arrays.
    if name == "everyone":
        return [thing["applicant"], *thing.get("participants", ())]
    return rule_engine.resolve_item(thing, name)


_CONTEXT = rule_engine.Context(default_value=None, resolver=_resolve)
RULES = tuple(rule_engine.Rule(RULE_TEXTS[f"R{i:02d}"], context=_CONTEXT) for i in range(1, 22))
VERDICT = rule_engine.Rule(VERDICT_TEXT, context=rule_engine.Context())
SCORE = rule_engine.Rule(SCORE_TEXT, context=rule_engine.Context())


def check(app: dict) -> tuple[str, int, tuple[str, ...]]:
    outcomes = tuple(rule.evaluate(app) for rule in RULES)
    summary = {
        "must": [outcomes[i] for i in MUST],
        "parts": [outcomes[i] for i in PARTS],
        "r20": outcomes[19],
    }
    return VERDICT.evaluate(summary), int(SCORE.evaluate(summary)), outcomes


def check_all(apps: list[dict]) -> list[tuple[str, int, tuple[str, ...]]]:
    return [check(app) for app in apps]
