"""The rule set in JsonLogic, evaluated with ``json-logic-qubit`` (module ``json_logic``).

Each rule is one JsonLogic expression that evaluates to the outcome string;
three-valued logic is spelled out with ``if`` chains: the fail condition(s),
then the undecided condition (``missing`` facts), then pass.  All 21 rules
form one JSON array, evaluated with a single ``jsonLogic(RULES, app)`` call
per application; the verdict and the score are two more JsonLogic rules over
the outcomes.

Extensions and quirks:
* JsonLogic cannot iterate over an object's values, so one custom operation,
  ``values`` (``dict.values()`` as a list), is registered with
  ``json_logic.add_operation`` for the yearly budget (R05, R06).
* "Part present" uses the ``method`` operation of this Python port
  (``str.strip``), which core JsonLogic does not have.
* ``var`` of a missing key is ``null``; ``missing`` is used for presence (it
  also treats "" as missing, which no numeric or boolean fact can be).
* Comparisons use ``===`` / ``!==`` where booleans are involved: JsonLogic's
  ``==`` coerces, so ``false == null`` would be true.
* Scoped operations (``all``/``some``/``filter``) evaluate ``{"var": ""}``
  with ``data or {}``, so a yearly budget of 0 would be seen as ``{}``;
  the budget rules therefore use ``reduce`` (whose data is the
  accumulator/current object) instead of ``all``.
"""

from __future__ import annotations

from json_logic import add_operation, jsonLogic

add_operation("values", lambda mapping: list(mapping.values()))


def var(name, default=None):
    return {"var": name} if default is None else {"var": [name, default]}


def rule(*chain):
    """``if`` chain: condition, outcome, condition, outcome, ..., default outcome."""
    return {"if": list(chain)}


def present(part):
    """A part counts as present if it is a non-empty string after strip()."""
    return {"!!": {"method": [var(f"parts.{part}", ""), "strip"]}}


def is_true(fact):
    return rule({"missing": fact}, "undecided", {"===": [var(fact), True]}, "pass", "fail")


def not_missing(fact):
    return {"!": {"missing": fact}}


EVERYONE = {"merge": [[var("applicant")], var("participants", [])]}
EXTERNAL = ["association", "foundation", "cooperative"]
BUDGET_VALUES = {"values": var("budget")}
NO_BUDGET = {"!": var("budget")}  # absent, null or empty
COUNT_MUNICIPAL = {"reduce": [
    EVERYONE,
    {"+": [var("accumulator"), {"if": [{"===": [var("current.kind"), "municipal_unit"]}, 1, 0]}]},
    0,
]}

RULES = [
    # R01 applicant is a municipal unit
    rule({"missing": "applicant.kind"}, "undecided",
         {"===": [var("applicant.kind"), "municipal_unit"]}, "pass", "fail"),
    # R02 two municipal units, or one municipal unit and one external party
    rule({"or": [
        {">=": [COUNT_MUNICIPAL, 2]},
        {"and": [{"some": [EVERYONE, {"===": [var("kind"), "municipal_unit"]}]},
                 {"some": [EVERYONE, {"in": [var("kind"), EXTERNAL]}]}]},
    ]}, "pass", "fail"),
    # R03 no companies
    rule({"some": [EVERYONE, {"===": [var("kind"), "company"]}]}, "fail", "pass"),
    # R04 amount <= 3 000 000
    rule({"missing": "amount"}, "undecided", {"<=": [var("amount"), 3_000_000]}, "pass", "fail"),
    # R05 every yearly budget <= 1 000 000
    rule(NO_BUDGET, "undecided",
         {"reduce": [BUDGET_VALUES,
                     {"and": [var("accumulator"), {"<=": [var("current"), 1_000_000]}]},
                     True]}, "pass", "fail"),
    # R06 sum of the yearly budget == amount
    rule({"or": [{"missing": "amount"}, NO_BUDGET]}, "undecided",
         {"===": [{"reduce": [BUDGET_VALUES, {"+": [var("accumulator"), var("current")]}, 0]},
                  var("amount")]}, "pass", "fail"),
    # R07 12 <= duration <= 36
    rule({"missing": "duration"}, "undecided", {"<=": [12, var("duration"), 36]}, "pass", "fail"),
    # R08 amount * 100 <= 50 * total_cost
    rule({"missing": ["amount", "total_cost"]}, "undecided",
         {"<=": [{"*": [var("amount"), 100]}, {"*": [50, var("total_cost")]}]}, "pass", "fail"),
    # R09 cofinancing * 100 >= 30 * total_cost
    rule({"missing": ["cofinancing", "total_cost"]}, "undecided",
         {">=": [{"*": [var("cofinancing"), 100]}, {"*": [30, var("total_cost")]}]}, "pass", "fail"),
    # R10, R11
    is_true("preventive"),
    is_true("new_method"),
    # R12 ordinary_operations is false
    rule({"missing": "ordinary_operations"}, "undecided",
         {"===": [var("ordinary_operations"), False]}, "pass", "fail"),
    # R13 age_from >= 0 and age_to <= 25 (Kleene AND)
    rule({"or": [{"and": [not_missing("age_from"), {"<": [var("age_from"), 0]}]},
                 {"and": [not_missing("age_to"), {">": [var("age_to"), 25]}]}]}, "fail",
         {"missing": ["age_from", "age_to"]}, "undecided",
         "pass"),
    # R14 start >= 2024-01-01 (ISO strings compare as dates)
    rule({"missing": "start"}, "undecided", {">=": [var("start"), "2024-01-01"]}, "pass", "fail"),
    # R15-R17 required parts
    rule(present("goal"), "pass", "fail"),
    rule(present("budget"), "pass", "fail"),
    rule(present("evaluation"), "pass", "fail"),
    # R18 if amount > 2 000 000 then scientific evaluation  ==  (not A) or B, Kleene
    rule(present("scientific_evaluation"), "pass",
         {"missing": "amount"}, "undecided",
         {">": [var("amount"), 2_000_000]}, "fail",
         "pass"),
    # R19 evidence based (should)
    is_true("evidence_based"),
    # R20 age_to <= 12 (priority, weight 5)
    rule({"missing": "age_to"}, "undecided", {"<=": [var("age_to"), 12]}, "pass", "fail"),
    # R21 every participant endorsed (Kleene AND over participants)
    rule({"some": [EVERYONE, {"and": [not_missing("endorsed"), {"!==": [var("endorsed"), True]}]}]},
         "fail",
         {"some": [EVERYONE, {"missing": "endorsed"}]}, "undecided",
         "pass"),
]

# Evaluated over {"must": [...], "parts": [...], "r20": ...} built from the outcomes.
VERDICT = rule({"in": ["fail", var("must")]}, "rejected",
               {"or": [{"in": ["undecided", var("must")]}, {"in": ["fail", var("parts")]}]}, "incomplete",
               "accepted")
SCORE = rule({"===": [var("r20"), "pass"]}, 5, 0)

MUST = (0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 17, 20)
PARTS = (14, 15, 16)


def check(app: dict) -> tuple[str, int, tuple[str, ...]]:
    outcomes = tuple(jsonLogic(RULES, app))
    summary = {
        "must": [outcomes[i] for i in MUST],
        "parts": [outcomes[i] for i in PARTS],
        "r20": outcomes[19],
    }
    return jsonLogic(VERDICT, summary), jsonLogic(SCORE, summary), outcomes


def check_all(apps: list[dict]) -> list[tuple[str, int, tuple[str, ...]]]:
    return [check(app) for app in apps]
