"""The rule set as a GoRules JDM decision graph, evaluated with ``zen-engine``.

The graph (built below as a plain dict, JSON-serialisable: ``DECISION``):

    request --> [expression node "rules"] --> [expression node "findings"]
            --> [decision table "verdict" (first hit, pass-through)] --> response

* "rules" computes the derived values (``everyone`` = applicant + partners,
  the counts of municipal units and external parties) and then one outcome
  string per rule, R01..R21, in ZEN expressions.  Later expressions of the
  node refer to earlier ones through ``$``.  Three-valued logic is written
  out with ternaries: a missing fact (``== null``) gives "undecided"; ZEN's
  ``and``/``or`` short-circuit, so ``x != null and x < 0`` never compares
  null.
* "findings" gathers the outcomes into an array, the score, and the lists of
  must-rule and part-rule outcomes.
* "verdict" is a decision table (hit policy "first") over three boolean
  input columns: any must-rule failed, any must-rule undecided, any part
  missing.  ``passThrough`` keeps the findings in the response.

``check_all`` evaluates the whole batch with ``ZenEngine.evaluate_batch``
(one call for all applications; the decision is served by the engine's
static loader under the key ``"sif"``).  See ``MODE`` for the alternatives
that were measured.

Deviations: ZEN has no string ordering (``'2025-03-01' >= '2024-01-01'``
is a VM error), so R14 compares ``date(start) >= date('2024-01-01')``.
"Part present" uses ZEN's ``trim``, which strips Unicode White_Space;
Python's ``str.strip`` also strips the ASCII separators U+001C..U+001F --
the generated data contains neither.  The Python binding returns numbers as
``int`` or ``float``; the score is converted with ``int()``.
"""

from __future__ import annotations

import asyncio
import json

import zen

_EXTERNAL = "['association', 'foundation', 'cooperative']"


def _present(part: str) -> str:
    return f"(parts.{part} != null and trim(parts.{part}) != '')"


RULES = [
    ("everyone", "flatten([[applicant], participants ?? []])"),
    ("municipal", "count($.everyone, #.kind == 'municipal_unit')"),
    ("external", f"count($.everyone, #.kind in {_EXTERNAL})"),
    ("r01", "applicant.kind == null ? 'undecided'"
            " : (applicant.kind == 'municipal_unit' ? 'pass' : 'fail')"),
    ("r02", "($.municipal >= 2 or ($.municipal >= 1 and $.external >= 1)) ? 'pass' : 'fail'"),
    ("r03", "some($.everyone, #.kind == 'company') ? 'fail' : 'pass'"),
    ("r04", "amount == null ? 'undecided' : (amount <= 3000000 ? 'pass' : 'fail')"),
    ("r05", "(budget == null or len(keys(budget)) == 0) ? 'undecided'"
            " : (all(values(budget), # <= 1000000) ? 'pass' : 'fail')"),
    ("r06", "(amount == null or budget == null or len(keys(budget)) == 0) ? 'undecided'"
            " : (sum(values(budget)) == amount ? 'pass' : 'fail')"),
    ("r07", "duration == null ? 'undecided' : (duration >= 12 and duration <= 36 ? 'pass' : 'fail')"),
    ("r08", "(amount == null or total_cost == null) ? 'undecided'"
            " : (amount * 100 <= 50 * total_cost ? 'pass' : 'fail')"),
    ("r09", "(cofinancing == null or total_cost == null) ? 'undecided'"
            " : (cofinancing * 100 >= 30 * total_cost ? 'pass' : 'fail')"),
    ("r10", "preventive == null ? 'undecided' : (preventive == true ? 'pass' : 'fail')"),
    ("r11", "new_method == null ? 'undecided' : (new_method == true ? 'pass' : 'fail')"),
    ("r12", "ordinary_operations == null ? 'undecided'"
            " : (ordinary_operations == false ? 'pass' : 'fail')"),
    # Kleene AND of (age_from >= 0) and (age_to <= 25).
    ("r13", "((age_from != null and age_from < 0) or (age_to != null and age_to > 25)) ? 'fail'"
            " : ((age_from == null or age_to == null) ? 'undecided' : 'pass')"),
    ("r14", "start == null ? 'undecided'"
            " : (date(start) >= date('2024-01-01') ? 'pass' : 'fail')"),
    ("r15", f"{_present('goal')} ? 'pass' : 'fail'"),
    ("r16", f"{_present('budget')} ? 'pass' : 'fail'"),
    ("r17", f"{_present('evaluation')} ? 'pass' : 'fail'"),
    # (not amount > 2 000 000) or scientific evaluation present, in Kleene logic.
    ("r18", f"{_present('scientific_evaluation')} ? 'pass'"
            " : (amount == null ? 'undecided' : (amount > 2000000 ? 'fail' : 'pass'))"),
    ("r19", "evidence_based == null ? 'undecided' : (evidence_based == true ? 'pass' : 'fail')"),
    ("r20", "age_to == null ? 'undecided' : (age_to <= 12 ? 'pass' : 'fail')"),
    # Kleene AND over participants of (endorsed is true).
    ("r21", "some($.everyone, #.endorsed != null and #.endorsed != true) ? 'fail'"
            " : (some($.everyone, #.endorsed == null) ? 'undecided' : 'pass')"),
]

_MUST = ("r01", "r02", "r03", "r04", "r05", "r06", "r07", "r08", "r09", "r10",
         "r11", "r12", "r13", "r14", "r18", "r21")
FINDINGS = [
    ("outcomes", "[" + ", ".join(f"r{i:02d}" for i in range(1, 22)) + "]"),
    ("score", "r20 == 'pass' ? 5 : 0"),
    ("mustFail", "some([" + ", ".join(_MUST) + "], # == 'fail')"),
    ("mustUndecided", "some([" + ", ".join(_MUST) + "], # == 'undecided')"),
    ("partMissing", "some([r15, r16, r17], # == 'fail')"),
]

VERDICT_TABLE = {
    "hitPolicy": "first",
    "passThrough": True,
    "inputs": [
        {"id": "mustFail", "name": "Must rule failed", "field": "mustFail"},
        {"id": "mustUndecided", "name": "Must rule undecided", "field": "mustUndecided"},
        {"id": "partMissing", "name": "Required part missing", "field": "partMissing"},
    ],
    "outputs": [{"id": "verdict", "name": "Verdict", "field": "verdict"}],
    "rules": [
        {"_id": "rejected", "mustFail": "true", "mustUndecided": "", "partMissing": "",
         "verdict": "'rejected'"},
        {"_id": "incomplete-undecided", "mustFail": "", "mustUndecided": "true", "partMissing": "",
         "verdict": "'incomplete'"},
        {"_id": "incomplete-part", "mustFail": "", "mustUndecided": "", "partMissing": "true",
         "verdict": "'incomplete'"},
        {"_id": "accepted", "mustFail": "", "mustUndecided": "", "partMissing": "",
         "verdict": "'accepted'"},
    ],
}


def _node(node_id: str, node_type: str, x: int, content: dict | None = None) -> dict:
    node = {"id": node_id, "type": node_type, "name": node_id, "position": {"x": x, "y": 0}}
    if content is not None:
        node["content"] = content
    return node


def _expressions(pairs: list[tuple[str, str]]) -> dict:
    return {"expressions": [{"id": key, "key": key, "value": value} for key, value in pairs]}


def _edge(source: str, target: str) -> dict:
    return {"id": f"{source}->{target}", "sourceId": source, "targetId": target, "type": "edge"}


DECISION = {
    "nodes": [
        _node("request", "inputNode", 0),
        _node("rules", "expressionNode", 250, _expressions(RULES)),
        _node("findings", "expressionNode", 500, _expressions(FINDINGS)),
        _node("verdict", "decisionTableNode", 750, VERDICT_TABLE),
        _node("response", "outputNode", 1000),
    ],
    "edges": [
        _edge("request", "rules"),
        _edge("rules", "findings"),
        _edge("findings", "verdict"),
        _edge("verdict", "response"),
    ],
}
DECISION_JSON = json.dumps(DECISION)
KEY = "sif"

ENGINE = zen.ZenEngine({"loader": {"type": "static", "content": {KEY: DECISION}}})
DECISION_HANDLE = ENGINE.create_decision(DECISION_JSON)

# How check_all drives the engine:
#   "batch"    ZenEngine.evaluate_batch, one call for all applications (default,
#              as the brief asks for the engine's batch call);
#   "loop"     ZenEngine.evaluate(key, app) per application;
#   "decision" ZenDecision.evaluate(app) per application (the handle returned by
#              create_decision; much slower per call in zen-engine 2.1.3);
#   "async"    asyncio.gather over ZenEngine.async_evaluate.
# Measured on the 2-core machine (20 000 applications): loop ~0.8 s,
# batch ~1.1 s (it uses both cores but pays more per application),
# async ~2.4 s, decision ~6.2 s.
MODE = "batch"


def _finding(result: dict) -> tuple[str, int, tuple[str, ...]]:
    return result["verdict"], int(result["score"]), tuple(result["outcomes"])


def check(app: dict) -> tuple[str, int, tuple[str, ...]]:
    return _finding(ENGINE.evaluate(KEY, app)["result"])


def _check_all_batch(apps: list[dict]) -> list:
    responses = ENGINE.evaluate_batch([{"key": KEY, "context": app} for app in apps])
    results = []
    for index, response in enumerate(responses):
        if not response.get("success"):
            raise RuntimeError(f"zen failed on application #{index}: {response.get('error')}")
        results.append(_finding(response["data"]["result"]))
    return results


async def _gather(apps: list[dict]) -> list:
    return await asyncio.gather(*(ENGINE.async_evaluate(KEY, app) for app in apps))


MODES = ("batch", "loop", "decision", "async")


def check_all(apps: list[dict], mode: str | None = None) -> list[tuple[str, int, tuple[str, ...]]]:
    mode = mode or MODE
    if mode == "batch":
        return _check_all_batch(apps)
    if mode == "loop":
        return [check(app) for app in apps]
    if mode == "decision":
        return [_finding(DECISION_HANDLE.evaluate(app)["result"]) for app in apps]
    if mode == "async":
        return [_finding(response["result"]) for response in asyncio.run(_gather(apps))]
    raise ValueError(f"unknown mode {mode!r}")
