"""The rule set written by hand in plain Python: the reference peer.

This is how a Python developer would write the 21 rules without a rules
engine: one small function per rule, a missing fact (absent key or ``None``)
makes a comparison undecided, and compound conditions are combined with
three-valued (Kleene) logic.
"""

from __future__ import annotations

from collections.abc import Iterable

PASS, FAIL, UNDECIDED = "pass", "fail", "undecided"

EXTERNAL_KINDS = frozenset({"association", "foundation", "cooperative"})
MAX_AMOUNT = 3_000_000
MAX_PER_YEAR = 1_000_000
SCIENTIFIC_EVALUATION_ABOVE = 2_000_000
EARLIEST_START = "2024-01-01"  # ISO dates compare correctly as strings
PRIORITY_WEIGHT_YOUNG = 5


# -- three-valued helpers ------------------------------------------------------

def outcome(ok: bool) -> str:
    return PASS if ok else FAIL


def all_of(outcomes: Iterable[str]) -> str:
    """Kleene AND: fail if any fails, else undecided if any is, else pass."""
    result = PASS
    for o in outcomes:
        if o == FAIL:
            return FAIL
        if o == UNDECIDED:
            result = UNDECIDED
    return result


def any_of(outcomes: Iterable[str]) -> str:
    """Kleene OR: pass if any passes, else undecided if any is, else fail."""
    result = FAIL
    for o in outcomes:
        if o == PASS:
            return PASS
        if o == UNDECIDED:
            result = UNDECIDED
    return result


def is_true(value) -> str:
    if value is None:
        return UNDECIDED
    return outcome(value is True)


def is_false(value) -> str:
    if value is None:
        return UNDECIDED
    return outcome(value is False)


def part_present(app: dict, name: str) -> bool:
    text = (app.get("parts") or {}).get(name)
    return isinstance(text, str) and text.strip() != ""


def participants(app: dict) -> list[dict]:
    """The applicant counts as a participant too."""
    return [app["applicant"], *app.get("participants", ())]


# -- the rules -----------------------------------------------------------------

def r01_applicant_is_municipal(app):
    kind = app["applicant"].get("kind")
    if kind is None:
        return UNDECIDED
    return outcome(kind == "municipal_unit")


def r02_enough_partners(app):
    kinds = [p.get("kind") for p in participants(app)]
    municipal = sum(kind == "municipal_unit" for kind in kinds)
    external = sum(kind in EXTERNAL_KINDS for kind in kinds)
    return outcome(municipal >= 2 or (municipal >= 1 and external >= 1))


def r03_no_companies(app):
    return outcome(not any(p.get("kind") == "company" for p in participants(app)))


def r04_amount_limit(app):
    amount = app.get("amount")
    if amount is None:
        return UNDECIDED
    return outcome(amount <= MAX_AMOUNT)


def r05_yearly_limit(app):
    budget = app.get("budget")
    if not budget:
        return UNDECIDED
    return outcome(all(value <= MAX_PER_YEAR for value in budget.values()))


def r06_budget_adds_up(app):
    amount, budget = app.get("amount"), app.get("budget")
    if amount is None or not budget:
        return UNDECIDED
    return outcome(sum(budget.values()) == amount)


def r07_duration(app):
    duration = app.get("duration")
    if duration is None:
        return UNDECIDED
    return outcome(12 <= duration <= 36)


def r08_fund_share(app):
    amount, total_cost = app.get("amount"), app.get("total_cost")
    if amount is None or total_cost is None:
        return UNDECIDED
    return outcome(amount * 100 <= 50 * total_cost)


def r09_cofinancing(app):
    cofinancing, total_cost = app.get("cofinancing"), app.get("total_cost")
    if cofinancing is None or total_cost is None:
        return UNDECIDED
    return outcome(cofinancing * 100 >= 30 * total_cost)


def r10_preventive(app):
    return is_true(app.get("preventive"))


def r11_new_method(app):
    return is_true(app.get("new_method"))


def r12_not_ordinary_operations(app):
    return is_false(app.get("ordinary_operations"))


def r13_ages(app):
    age_from, age_to = app.get("age_from"), app.get("age_to")
    return all_of((
        UNDECIDED if age_from is None else outcome(age_from >= 0),
        UNDECIDED if age_to is None else outcome(age_to <= 25),
    ))


def r14_start(app):
    start = app.get("start")
    if start is None:
        return UNDECIDED
    return outcome(start >= EARLIEST_START)


def r15_goal(app):
    return outcome(part_present(app, "goal"))


def r16_budget_text(app):
    return outcome(part_present(app, "budget"))


def r17_evaluation(app):
    return outcome(part_present(app, "evaluation"))


def r18_scientific_evaluation(app):
    # if amount > 2 000 000 then scientific evaluation  ==  not(...) or present
    amount = app.get("amount")
    large = UNDECIDED if amount is None else outcome(amount > SCIENTIFIC_EVALUATION_ABOVE)
    not_large = {PASS: FAIL, FAIL: PASS, UNDECIDED: UNDECIDED}[large]
    return any_of((not_large, outcome(part_present(app, "scientific_evaluation"))))


def r19_evidence_based(app):
    return is_true(app.get("evidence_based"))


def r20_young(app):
    age_to = app.get("age_to")
    if age_to is None:
        return UNDECIDED
    return outcome(age_to <= 12)


def r21_endorsed(app):
    return all_of(is_true(p.get("endorsed")) for p in participants(app))


RULES = (
    r01_applicant_is_municipal, r02_enough_partners, r03_no_companies, r04_amount_limit,
    r05_yearly_limit, r06_budget_adds_up, r07_duration, r08_fund_share, r09_cofinancing,
    r10_preventive, r11_new_method, r12_not_ordinary_operations, r13_ages, r14_start,
    r15_goal, r16_budget_text, r17_evaluation, r18_scientific_evaluation,
    r19_evidence_based, r20_young, r21_endorsed,
)
# Positions (0-based) of the rule kinds in RULES.
MUST = (0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 17, 20)
PARTS = (14, 15, 16)
YOUNG = 19


def check(app: dict) -> tuple[str, int, tuple[str, ...]]:
    outcomes = tuple(rule(app) for rule in RULES)
    must = [outcomes[i] for i in MUST]
    if FAIL in must:
        verdict = "rejected"
    elif UNDECIDED in must or any(outcomes[i] == FAIL for i in PARTS):
        verdict = "incomplete"
    else:
        verdict = "accepted"
    score = PRIORITY_WEIGHT_YOUNG if outcomes[YOUNG] == PASS else 0
    return verdict, score, outcomes


def check_all(apps: list[dict]) -> list[tuple[str, int, tuple[str, ...]]]:
    return [check(app) for app in apps]
