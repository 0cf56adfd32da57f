"""Examples that state what they expect, and clause coverage (``sirules test``).

An example application may end with an ``[expect]`` table::

    [expect]
    verdict = "rejected"
    score = 5                      # optional
    route = ["Kommunstyrelsen"]    # optional: the bodies of the decision route, in order
    [expect.findings]              # optional: rule id -> pass | fail | undecided | permitted
    samverkan = "fail"             # (a permission), paused | closed (a rule not applied)

``run`` checks every example of a guideline and reports each mismatch.
"""

from __future__ import annotations

import os

import attrs

from ..language import model as m
from ..language.diagnostics import SirulesError, error
from ..language.i18n import later

OUTCOMES = ("pass", "fail", "undecided", "not_in_force", "suspended")    # by outcome code


@attrs.frozen
class Mismatch:
    what: str            # verdict | score | route | finding
    rule: str | None
    expected: object
    actual: object
    clause: str = ""
    line: int = 0
    message: str = ""


@attrs.frozen
class CaseResult:
    path: str
    result: object       # checker.Result
    expected: dict
    mismatches: tuple[Mismatch, ...]

    @property
    def ok(self) -> bool:
        return not self.mismatches


def example_folders(guideline_path: str) -> list[str]:
    """Where the examples of ``guideline_path`` may be: ``examples/<stem>/`` in the guideline's own
    folder, then in the folder above it (``guidelines/<stem>.sir`` beside ``examples/``). Relative
    when the guideline's path is relative, so that reports show the paths as the user wrote them."""
    stem = os.path.splitext(os.path.basename(guideline_path))[0]
    here = os.path.dirname(guideline_path) or os.curdir
    return [os.path.normpath(os.path.join(d, "examples", stem)) for d in (here, os.path.join(here, os.pardir))]


def examples_for(guideline_path: str) -> list[str]:
    """The example files in the first of :func:`example_folders` that exists ([] when none does)."""
    for folder in example_folders(guideline_path):
        if os.path.isdir(folder):
            return sorted(os.path.join(folder, f) for f in os.listdir(folder)
                          if f.endswith((".toml", ".json", ".yaml", ".yml")))
    return []


def run_case(guideline, path: str) -> CaseResult:
    app = guideline.read_application(path)
    expect = app.raw.get("expect")
    if not isinstance(expect, dict) or "verdict" not in expect:
        raise SirulesError([error("SIR302", later("{path} has no [expect] table with a verdict", path=path),
                                  hint=later('add [expect] verdict = "accepted" (or rejected / incomplete)'))])
    for key, kind, example in (("findings", dict, '[expect.findings] then samverkan = "pass"'),
                               ("route", list, 'route = ["Beredningsgruppen"]')):
        if expect.get(key) is not None and not isinstance(expect[key], kind):
            raise SirulesError([error("SIR302", later("{path}: [expect] {key} must be a table of rule = outcome, not {value}",
                                                      path=path, key=key, value=f"{expect[key]!r:.40}") if kind is dict
                                      else later("{path}: [expect] {key} must be a list, not {value}", path=path, key=key,
                                                 value=f"{expect[key]!r:.40}"),
                                      hint=later("write e.g. {example}", example=example))])
    from .example_history import history_of
    result = guideline.check(app, history=history_of(expect, path))
    return CaseResult(path, result, expect, tuple(compare(result, expect)))


def compare(result, expect: dict):
    if expect.get("verdict") != result.verdict:
        yield Mismatch("verdict", None, expect.get("verdict"), result.verdict)
    if "score" in expect and expect["score"] != result.score:
        yield Mismatch("score", None, expect["score"], result.score)
    if "route" in expect:
        actual = [s.body for s in result.route]
        if list(expect["route"]) != actual:
            yield Mismatch("route", None, list(expect["route"]), actual)
    findings = {f.rule.id: f for f in result.findings}
    held = {r.id: o for r, o in zip(result.guideline.rules, result.outcomes) if r.strength == "may" and o in (1, 2)}
    for rule_id, outcome in (expect.get("findings") or {}).items():
        f = findings.get(rule_id)
        if f is None and rule_id in held:         # a permission whose condition does not hold is not listed
            actual = "not_permitted" if held[rule_id] == 1 else "undecided"
            if actual != outcome:
                yield Mismatch("finding", rule_id, outcome, actual)
        elif f is None:
            yield Mismatch("finding", rule_id, outcome, "no such rule in force")
        elif (f.outcome if f.rule.strength != "may" or f.outcome != "pass" else "permitted") != outcome:
            actual = f.outcome if f.rule.strength != "may" or f.outcome != "pass" else "permitted"
            yield Mismatch("finding", rule_id, outcome, actual, f.clause, f.line, f.message)


# ---- coverage -------------------------------------------------------------------------

@attrs.frozen
class RuleCoverage:
    rule: m.Rule
    seen: frozenset                   # outcomes seen: pass / fail / undecided
    alternatives: tuple[tuple[str, bool], ...] = ()   # (alternative text, decided some outcome)

    @property
    def complete(self) -> bool:
        if isinstance(self.rule.expr, m.InForce):     # the language's check, not the guideline's: seen holding
            return bool(self.seen)
        if self.rule.status is not None:              # a paused or closed rule: covered when an example shows it
            return self.rule.status in self.seen
        if self.rule.strength in ("must", "part"):
            return {"pass", "fail"} <= self.seen
        if self.rule.strength == "may":                # a permission is covered when some example uses it
            return "pass" in self.seen
        return bool(self.seen)


def coverage(guideline, results) -> list[RuleCoverage]:
    from ..engine import explain
    g = guideline.model
    out = []
    for i, rule in enumerate(g.rules):
        seen = set()
        alts = _alternatives(rule.expr)
        decided = [False] * len(alts)
        shown_only_failing = isinstance(rule.expr, m.InForce)     # a validity rule: 3 is "in force"
        for r in results:
            o = r.outcomes[i]
            if o == 3 and shown_only_failing and r.on is not None:
                o = 0
            if o == 3:
                continue
            seen.add(rule.status if o == 4 else OUTCOMES[o])
            for k, alt in enumerate(alts):
                v = explain.value(alt, r.data)
                whole = OUTCOMES[o]
                if (whole == "pass" and v is True) or (whole == "fail" and v is False):
                    decided[k] = True
        out.append(RuleCoverage(rule, frozenset(seen),
                                tuple((a.text, d) for a, d in zip(alts, decided))))
    return out


def _alternatives(e) -> tuple:
    """The branches of a top-level ``or`` (inside an ``if … then`` too)."""
    if isinstance(e, m.Implies):
        e = e.then
    if isinstance(e, m.Or):
        return e.items
    return ()
