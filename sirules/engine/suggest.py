"""What to change so that an application passes (``sirules check --suggest``).

For every must-rule that fails or cannot be decided, and every required part that is missing,
:func:`suggest` derives the smallest change to the application's facts that makes the rule
pass, from the compiled rule itself (nothing here is written per guideline):

- a comparison ``fact OP value`` is solved for the fact (also through ``% of``, ``+``, ``-``,
  ``*``, ``/``), on either side; the amount applied for carries its yearly budget with it
  (rescaled with :func:`sirules.language.money.allocate`, so it still adds up);
- ``sum``/``max``/``min budget`` rescale or cap the yearly budget;
- a count that falls short adds participants of the kind its filter asks for (or sets a field
  that is missing), a count that is too high clears a field or removes a participant;
- ``every participant … has …`` sets the field of each participant that does not meet it;
- a yes/no fact, a choice, a word in a list, a date, a missing part, the applicant's kind;
- ``or`` takes the cheapest branch and names the others; ``if … then`` makes the consequence
  true or the condition false, whichever is cheaper.

Each candidate is tried on a copy of the application: it must make its rule pass, and one that
breaks another rule costs more. A rule that cannot be inverted gets a suggestion that says
which rule and clause to look at.

Then all suggestions are applied to a copy of the raw application (the same shape as the input
file) and it is checked again; rules that are still not met get suggestions of their own, for a
few rounds. If the changes go round in a circle, the rules involved conflict and are named.
"""

from __future__ import annotations

import copy
import datetime
import json
import math
import re
from fractions import Fraction

import attrs

from . import explain
from ..language import model as m
from ..language import vocabulary as voc
from .checker import Cites
from ..language.diagnostics import SirulesError
from .explain import fmt, value, word
from ..language.modelview import walk
from ..language.money import allocate, format_money

MAX_ROUNDS = 8
#: what a kind of change costs; the cheapest candidate that breaks no other rule wins
COST_SET = 1.0          # change or state one fact or field
COST_OTHER_SIDE = 0.25  # extra for solving a comparison for its right-hand side (total_cost, not amount)
COST_ADD = 2.0          # add a participant
COST_REMOVE = 2.5       # remove a participant
COST_EXEMPT = 0.5       # extra for making the condition of an ``if`` false instead of meeting it
COST_BREAK = 3.0        # extra per other rule that the change breaks
COST_SEEN = 5.0         # extra for a change that leads back to an application seen in an earlier round

NEG = {"<": ">=", "<=": ">", ">": "<=", ">=": "<", "=": "!=", "!=": "="}
FLIP = {"<": ">", "<=": ">=", ">": "<", ">=": "<=", "=": "=", "!=": "!="}
_OPS = {"<": lambda x, y: x < y, "<=": lambda x, y: x <= y, ">": lambda x, y: x > y,
        ">=": lambda x, y: x >= y, "=": lambda x, y: x == y, "!=": lambda x, y: x != y}

S = {
    "sv": {
        "lower": "sänk {x} med {d} till {v}", "raise": "höj {x} med {d} till {v}",
        "lower_strict": "sänk {x} från {o} till under {b}", "raise_strict": "höj {x} från {o} till mer än {b}",
        "change": "ändra {x} från {o} till {v}", "change_bool": "ändra {x} från {o} till {v}", "change_not": "ändra {x} från {o} till något annat",
        "earlier": "ändra {x} från {o} till {v} eller tidigare", "later": "ändra {x} från {o} till {v} eller senare",
        "state": "ange {x} ({n}); {req}",
        "state_bool": "ange om {x} ({n}); riktlinjen kräver {v}",
        "state_bool_exempt": "ange om {x} ({n}); med {v} gäller inte kravet",
        "answer": "besvara frågan «{x}» ({n}); riktlinjen kräver {v}",
        "answer_exempt": "besvara frågan «{x}» ({n}); med {v} gäller inte kravet",
        "exempt": " – då gäller inte kravet", "exempt_marker": "gäller inte kravet",
        "budget_follow": ", och fördela budgeten per år: {t}",
        "budget_scale": "fördela om budgeten per år så att den blir {v} totalt: {t}",
        "budget_years": "ändra budgeten per år: {t}",
        "budget_keep": "flytta pengar mellan åren i budgeten, så att summan blir densamma: {t}",
        "budget_new": "ange en budget per år: {t}",
        "amount_follow": ", och ändra {x} från {o} till {v}",
        "field_change": "ändra {f} för {who} från {o} till {v}",
        "field_state": "ange {f} för {who}: {v}",
        "add_one": "lägg till en deltagare {d}", "add_n": "lägg till {k} deltagare {d}",
        "kind_one": "av typen {k}", "kind_group": "i gruppen {g} ({ks})", "kind_set": "av typen {ks}",
        "kind_not": "som inte är av typen {ks}", "where": "där {f}", "any": "",
        "distinct_name": "(en annan än {v})", "distinct_committee": "från en annan nämnd än {v}",
        "distinct_area": "från ett annat verksamhetsområde än {v}",
        "distinct_other": "med ett annat värde för {f} än {v}",
        "remove": "ta bort {who} som deltagare",
        "swap": "låt {who} vara sökande i stället för {old}, som i stället blir deltagare",
        "new_applicant": "låt en {d} vara sökande i stället för {old}, som i stället kan vara deltagare",
        "state_applicant": "ange en sökande: en {d}",
        "other_applicant": "låt någon annan än {old} vara sökande (inte av typen {ks}); {old} kan i stället vara deltagare",
        "group_actor": "aktör i gruppen {g} ({ks})",
        "attach": "bifoga delen {p}",
        "tag_add": "lägg till {v} i {x} ({n})", "tag_remove": "ta bort {v} från {x} ({n})",
        "or": ", eller ", "and": " och ", "alt": "; alternativt: ", "list_or": " eller ",
        "look": "se över regeln {id}{label} ({where}): {text}", "line": "rad",
        "state_for": "ange {facts} så att regeln {id}{label} ({where}) kan avgöras: {text}",
        "who_applicant": "sökanden", "who_kind": "deltagaren av typen {k}",
        "new_name": "ny deltagare {i}", "new_committee": "annan nämnd {i}", "new_area": "annat verksamhetsområde {i}",
        "new_value": "annat värde {i}", "part_text": "(bifogas: {p})", "missing": "saknas",
        "conflict": "reglerna {rules} står i konflikt (en ändring som uppfyller en av dem bryter mot en annan)", "validity": "riktlinjens giltighetstid",
        "needs": "{id} kräver {what}", "breaks": "bryter mot {rules}",
        "bound": {"<=": "högst {v}", "<": "mindre än {v}", ">=": "minst {v}", ">": "mer än {v}",
                  "=": "exakt {v}", "!=": "något annat än {v}"},
        "one": "en",
    },
    "en": {
        "lower": "lower the {x} by {d} to {v}", "raise": "raise the {x} by {d} to {v}",
        "lower_strict": "lower the {x} from {o} to less than {b}",
        "raise_strict": "raise the {x} from {o} to more than {b}",
        "change": "change the {x} from {o} to {v}", "change_bool": "change {x} from {o} to {v}", "change_not": "change the {x} from {o} to something else",
        "earlier": "change the {x} from {o} to {v} or earlier", "later": "change the {x} from {o} to {v} or later",
        "state": "state the {x} ({n}); {req}",
        "state_bool": "state whether {x} ({n}); the guideline requires {v}",
        "state_bool_exempt": "state whether {x} ({n}); with {v}, the requirement does not apply",
        "answer": "answer the question «{x}» ({n}); the guideline requires {v}",
        "answer_exempt": "answer the question «{x}» ({n}); with {v}, the requirement does not apply",
        "exempt": "; then the requirement does not apply", "exempt_marker": "does not apply",
        "budget_follow": ", and spread the yearly budget: {t}",
        "budget_scale": "rescale the yearly budget to {v} in all: {t}",
        "budget_years": "change the yearly budget: {t}",
        "budget_keep": "move money between the years of the budget, keeping its total: {t}",
        "budget_new": "give a yearly budget: {t}",
        "amount_follow": ", and change the {x} from {o} to {v}",
        "field_change": "change {f} for {who} from {o} to {v}",
        "field_state": "state {f} for {who}: {v}",
        "add_one": "add a participant {d}", "add_n": "add {k} participants {d}",
        "kind_one": "of kind {k}", "kind_group": "in the group {g} ({ks})", "kind_set": "of kind {ks}",
        "kind_not": "not of kind {ks}", "where": "where {f}", "any": "",
        "distinct_name": "(another one than {v})", "distinct_committee": "from another committee than {v}",
        "distinct_area": "from another service area than {v}",
        "distinct_other": "with another {f} than {v}",
        "remove": "remove {who} from the participants",
        "swap": "let {who} be the applicant instead of {old}, which becomes a participant",
        "new_applicant": "let {d} be the applicant instead of {old}, which can take part as a participant",
        "state_applicant": "name an applicant: {d}",
        "other_applicant": "let someone other than {old} be the applicant (not of kind {ks}); {old} can take part as a participant",
        "group_actor": "party in the group {g} ({ks})",
        "attach": "attach {p}",
        "tag_add": "add {v} to the {x} ({n})", "tag_remove": "remove {v} from the {x} ({n})",
        "or": ", or ", "and": " and ", "alt": "; alternatively: ", "list_or": " or ",
        "look": "look at the rule {id}{label} ({where}): {text}", "line": "line",
        "state_for": "state {facts} so that the rule {id}{label} ({where}) can be decided: {text}",
        "who_applicant": "the applicant", "who_kind": "the {k} participant",
        "new_name": "new participant {i}", "new_committee": "another committee {i}",
        "new_area": "another service area {i}", "new_value": "another value {i}",
        "part_text": "(to be attached: {p})", "missing": "missing",
        "conflict": "the rules {rules} conflict (a change that meets one breaks another)", "validity": "the guideline's period of validity",
        "needs": "{id} needs {what}", "breaks": "breaks {rules}",
        "bound": {"<=": "at most {v}", "<": "less than {v}", ">=": "at least {v}", ">": "more than {v}",
                  "=": "exactly {v}", "!=": "something other than {v}"},
        "one": "a",
    },
}

_KIND_ORDER = list(voc.KINDS)


# ---- what a suggestion is -------------------------------------------------------------------

@attrs.frozen
class Change:
    """One change to the raw application.

    ``path`` is where in the application file: a fact key (``amount``), ``budget``,
    ``applicant``, ``applicant.kind``, ``participants[1].signed``, ``participants`` or ``parts``.
    A change sets ``new`` in place of ``old`` (``old`` is None when the fact was missing), or adds
    ``add`` to a list (a participant, or the key of a part). Money is öre, durations months.
    """
    path: str
    old: object = None
    new: object = None
    add: object = None
    op: str = "set"                                   # set | add | remove
    target: tuple = attrs.field(default=(), eq=True, repr=False)
    bound: tuple | None = attrs.field(default=None, eq=False, repr=False)   # (op, value, type, name)

    def to_json(self) -> dict:
        if self.op == "add":
            return {"path": self.path, "add": _jsonable(self.add)}
        return {"path": self.path, "old": _jsonable(self.old), "new": _jsonable(self.new)}


@attrs.frozen
class Suggestion(Cites):
    rule: m.Rule
    outcome: str                        # fail | undecided
    changes: tuple[Change, ...]
    sentence: str
    round: int = 1
    breaks: tuple[str, ...] = ()        # other rules this change would break
    options: tuple = attrs.field(default=(), repr=False, eq=False)   # (what, breaks) of every fix found
    superseded_by: str | None = None    # a later suggestion of the same round changes the same facts

    @property
    def invertible(self) -> bool:
        return bool(self.changes)

    def to_json(self) -> dict:
        return {"rule": self.rule.id, "strength": self.rule.strength, "label": self.rule.label,
                "clause": self.clause, "line": self.line, "outcome": self.outcome, "round": self.round,
                "changes": [c.to_json() for c in self.changes], "sentence": self.sentence,
                "superseded_by": self.superseded_by}


@attrs.frozen
class Conflict:
    rules: tuple[str, ...]
    message: str

    def to_json(self) -> dict:
        return {"rules": list(self.rules), "message": self.message}


@attrs.frozen
class After:
    """The application with every suggestion applied, checked again."""
    verdict: str
    remaining: tuple[str, ...]          # must-rules and parts still failing or undecided
    conflicts: tuple[Conflict, ...]
    rounds: int
    application: dict = attrs.field(repr=False)   # the raw application with the changes applied
    result: object = attrs.field(default=None, repr=False, eq=False)

    def to_json(self) -> dict:
        return {"verdict": self.verdict, "remaining": list(self.remaining), "rounds": self.rounds,
                "conflicts": [c.to_json() for c in self.conflicts]}


@attrs.frozen
class Suggestions:
    result: object                      # checker.Result of the application as it is
    items: tuple[Suggestion, ...]
    after: After

    @property
    def lang(self) -> str:
        return self.result.guideline.lang

    def __iter__(self):
        return iter(self.items)

    def __len__(self) -> int:
        return len(self.items)

    def to_json(self) -> dict:
        return {"suggestions": [s.to_json() for s in self.items], "after": self.after.to_json()}


def _jsonable(v):
    if isinstance(v, (datetime.date,)):
        return v.isoformat()
    if isinstance(v, Fraction):
        return str(explain._dec(v))
    if isinstance(v, dict):
        return {str(k): _jsonable(x) for k, x in v.items()}
    if isinstance(v, (list, tuple, frozenset, set)):
        return [_jsonable(x) for x in v]
    return v


# ---- candidates -------------------------------------------------------------------------------

@attrs.frozen
class _Fix:
    cost: float
    changes: tuple
    sentence: str


def _ok(fixes) -> list:
    return [f for f in fixes if f is not None]


class _State:
    __slots__ = ("data", "raw")

    def __init__(self, raw, data):
        self.raw, self.data = raw, data


# ---- the public function -----------------------------------------------------------------------

def suggest(guideline, application, on: datetime.date | None = None, rounds: int = MAX_ROUNDS) -> Suggestions:
    """Suggest changes that make ``application`` pass the must-rules of ``guideline``.

    ``guideline`` is what :func:`sirules.load` returns (or a path to a ``.sir`` file);
    ``application`` a path, a raw dict (as read from an application file) or an
    :class:`~sirules.engine.application.Application`. ``on`` is the date whose rules apply (default: the
    application's start date), as for ``check``.
    """
    if isinstance(guideline, str):
        from .pipeline import load
        guideline = load(guideline)
    from .application import Application
    if isinstance(application, str):
        application = guideline.read_application(application)
    elif isinstance(application, dict):
        application = guideline.normaliser.normalise(application)
    assert isinstance(application, Application)
    return _Suggester(guideline, on).run(application, rounds)


class _Suggester:
    def __init__(self, guideline, on):
        self.cg = guideline
        self.g: m.Guideline = guideline.model
        self.lang = self.g.lang
        self.t = S[self.lang]
        self.on = on
        self.normaliser = guideline.normaliser
        self.checked = [r for r in self.g.rules if r.strength in ("must", "part")]
        self.added: set = set()           # names of participants that suggestions added
        self.seen: dict = {}              # applications (canonical JSON) of earlier rounds -> round

    # ---- driving ----------------------------------------------------------------------------

    def run(self, app, rounds: int) -> Suggestions:
        first = self.cg.check(app, self.on)
        raw = copy.deepcopy(app.raw)
        raw.pop("expect", None)
        raw.pop("förväntat", None)
        items: list[Suggestion] = []
        seen = {_canon(raw): 0}
        self.seen = seen
        history = []                      # (round, failing rule ids)
        conflicts: tuple = ()
        result = first
        n = 0
        for n in range(1, rounds + 1):
            failing = self._failing(result)
            if not failing:
                n -= 1
                break
            state = self._state(raw)
            made = [self._suggest_rule(rule, outcome, state, n) for rule, outcome in failing]
            before = _canon(raw)
            raw, made = self._merge(raw, made)
            items.extend(made)
            history.append((n, [s.rule.id for s in made]))
            result = self.cg.check_raw(raw, app.path, self.on)
            key = _canon(raw)
            if key == before:
                break                     # nothing more can be derived
            if key in seen:               # the changes went round in a circle
                since = seen[key]
                rules = []
                for rnd, ids in history:
                    if rnd > since:
                        rules.extend(i for i in ids if i not in rules)
                rules.extend(i for i in self._failing_ids(result) if i not in rules)
                conflicts = (self._conflict(rules, items, raw),)
                break
            seen[key] = n
        remaining = tuple(self._failing_ids(result))
        if result.verdict != "accepted" and not conflicts and remaining:
            stuck = [s for s in items if s.rule.id in remaining and s.changes]
            if stuck:
                c = self._conflict(remaining, items, raw)
                conflicts = (c,) if len(c.rules) > 1 else ()
        after = After(result.verdict, remaining, conflicts if result.verdict != "accepted" else (),
                      max(n, 0), raw, result)
        return Suggestions(first, tuple(items), after)

    def _failing(self, result):
        # the rules of the attrs model (the result's may be the light copy from the cache)
        from .checker import OUTCOME_WORDS
        return [(r, OUTCOME_WORDS[o]) for r, o in zip(self.g.rules, result.outcomes)
                if o in (1, 2) and r.strength in ("must", "part")]

    def _failing_ids(self, result):
        return [r.id for r, _ in self._failing(result)]

    def _state(self, raw) -> _State:
        return _State(raw, self.normaliser.normalise(raw).data)

    def _try(self, state: _State, changes) -> _State | None:
        raw = self._apply(state.raw, changes)
        try:
            return self._state(raw)
        except SirulesError:
            return None

    def _outcomes(self, data) -> dict:
        day = self.on or data.get("start")
        return {r.id: explain.outcome(r, data, day) for r in self.checked}

    def _suggest_rule(self, rule: m.Rule, outcome: str, state: _State, rnd: int) -> Suggestion:
        fixes = self._rule_fixes(rule, state)
        before = self._outcomes(state.data)
        best, best_score, best_breaks, options = None, None, (), []
        for fx in fixes:
            if not fx.changes:
                continue
            after = self._try(state, fx.changes)
            if after is None:
                continue
            outs = self._outcomes(after.data)
            if outs.get(rule.id) not in (0, 3, None):
                continue                  # it does not make the rule pass: not a fix
            broken = tuple(i for i, o in outs.items() if o in (1, 2) and before.get(i) in (0, 3) and i != rule.id)
            if self.on is None and not m._in_force(self.g.valid_from, self.g.valid_to, after.data.get("start")) \
                    and m._in_force(self.g.valid_from, self.g.valid_to, state.data.get("start")):
                broken += (self.t["validity"],)  # it moves the start out of the guideline's period
            what = self._what(fx)
            if (what, broken) not in options:
                options.append((what, broken))
            score = fx.cost + COST_BREAK * len(broken)
            if _canon(after.raw) in self.seen:
                score += COST_SEEN
            if best_score is None or score < best_score:
                best, best_score, best_breaks = fx, score, broken
        if best is None:
            return Suggestion(rule, outcome, (), self._look(rule, state), rnd)
        sentence = best.sentence
        if rule.label and rule.strength == "must":
            sentence += f" ({rule.label})"
        return Suggestion(rule, outcome, best.changes, sentence, rnd, best_breaks, tuple(options))

    def _what(self, fx: _Fix) -> str:
        """What a fix asks for, short: the bounds it sets (for a conflict message), or its sentence."""
        t = self.t
        needs = []
        for c in fx.changes:
            if c.bound is not None:
                op, v, typ, name = c.bound
                text = (name if self.lang == "sv" else f"the {name}") + " " + \
                    t["bound"][op].format(v=self._fmt(v, typ))
                if text not in needs:
                    needs.append(text)
        return t["and"].join(needs) if needs else fx.sentence.split(t["or"])[0].split(t["alt"])[0]

    def _look(self, rule: m.Rule, st: _State) -> str:
        """No change could be derived: say which facts to give, or which rule and clause to look at."""
        t = self.t
        where = (rule.origin.clause() + ", " if rule.origin.clause() else "") + f"{t['line']} {rule.origin.line}"
        text = rule.expr.text if rule.expr is not None else self._part_name(rule.part)
        if text.count("(") > text.count(")"):
            text += ")" * (text.count("(") - text.count(")"))
        label = f" «{rule.label}»" if rule.label and rule.strength == "must" else ""
        missing = []
        if rule.expr is not None:
            for x in walk(rule.expr):
                if isinstance(x, (m.Fact, m.Agg)) and value(x, st.data) is None and x.text not in missing:
                    missing.append(x.text)
        if missing:
            return t["state_for"].format(facts=_join(missing, self.lang), text=text, id=rule.id, label=label,
                                         where=where)
        return t["look"].format(id=rule.id, label=label, where=where, text=text)

    def _merge(self, raw, made) -> tuple[dict, list]:
        """Apply the suggestions of one round in order; a later change to a path already changed
        this round is kept only if it also keeps the earlier rule passing. New participants get
        names that are not taken yet. Returns the new raw application and the suggestions as applied."""
        done: dict = {}                   # path -> index in ``applied``
        out, applied = raw, []
        base = self._state(raw).data
        rows = list(range(len(base["_participants"])))     # who is where now: base index or a new row
        has_app = base["_applicant"] is not None
        for s in made:
            s = self._rename(s, out)
            s = self._remap(s, rows, has_app)
            applied.append(s)
            clash = [c for c in s.changes if c.op != "add" and c.path in done]
            fresh = [c for c in s.changes if c not in clash]
            if clash:
                with_it = self._apply(out, s.changes)
                try:
                    outs = self._outcomes(self.normaliser.normalise(with_it).data)
                except SirulesError:
                    outs = {}
                others = {done[c.path] for c in clash}
                if all(outs.get(i) in (0, 3) for i in {applied[j].rule.id for j in others} | {s.rule.id}):
                    fresh = list(s.changes)
                    for j in others:      # the earlier suggestion is met by this one too
                        applied[j] = attrs.evolve(applied[j], superseded_by=s.rule.id)
            out = self._apply(out, fresh)
            has_app = _track(rows, fresh, has_app)
            for c in fresh:
                if c.op != "add":
                    done[c.path] = len(applied) - 1
        return out, applied

    def _remap(self, s: Suggestion, rows: list, has_app: bool) -> Suggestion:
        """Point the participant changes of a suggestion made on the round's application at where
        those participants are after the suggestions applied before it (a swap moves them)."""
        changes, moved = [], False
        for c in s.changes:
            kind = c.target[0] if c.target else None
            if kind in ("field", "remove", "swap", "noop") and len(c.target) > 1:
                b = c.target[1]
                if b not in rows:
                    moved = True
                    continue              # that participant was removed by an earlier suggestion
                cur = rows.index(b)
                where = "applicant" if has_app and cur == 0 else f"participants[{cur - has_app}]"
                path = c.path if kind == "swap" else where + ("." + c.target[2] if kind == "field" else "")
                if cur != b or path != c.path:
                    moved = True
                    c = attrs.evolve(c, path=path, target=(kind, cur) + c.target[2:])
            changes.append(c)
        return attrs.evolve(s, changes=tuple(changes)) if moved else s

    def _rename(self, s: Suggestion, raw) -> Suggestion:
        """Give a new applicant or participant whose placeholder name is taken the first free one."""
        _, plist = self._raw_lists(raw)
        taken = {r.get("name") for r in (raw.get(plist) or []) if isinstance(r, dict)}
        changes, sentence, changed = [], s.sentence, False
        appkey, _ = self._raw_lists(raw)
        if isinstance(raw.get(appkey), dict):
            taken.add(raw[appkey].get("name"))
        for c in s.changes:
            new_app = c.target[:1] in (("newapp",), ("applicant",)) and isinstance(c.new, dict)
            if new_app and c.new.get("name") in taken and c.new.get("name") in self._placeholders():
                row = dict(c.new, name=self._free("new_name", taken))
                sentence = sentence.replace(c.new["name"], row["name"])
                c = attrs.evolve(c, new=row)
                changed = True
            if new_app:
                taken.add(c.new.get("name"))
            if c.op == "add" and c.target[:1] == ("participants",) \
                    and isinstance(c.add, dict) and c.add.get("name") in taken:
                c = attrs.evolve(c, add=dict(c.add, name=self._free("new_name", taken)))
                changed = True
            if c.op == "add" and isinstance(c.add, dict):
                taken.add(c.add.get("name"))
                if c.target[:1] == ("participants",):
                    self.added.add(c.add.get("name"))
            changes.append(c)
        return attrs.evolve(s, changes=tuple(changes), sentence=sentence) if changed else s

    def _conflict(self, rule_ids, items, raw) -> Conflict:
        """The rules that cannot all be met, and for each, what it needs and what that breaks."""
        t = self.t
        latest = {}
        for s in items:
            latest[s.rule.id] = s
        ids = list(dict.fromkeys(rule_ids))
        for i in list(ids):
            for _, broken in (latest[i].options if i in latest else ()):
                ids.extend(b for b in broken if b not in ids)
        parts = []
        for i in ids:
            s = latest.get(i)
            if s is None or not s.options:
                continue
            opts = []
            for what, broken in s.options[:3]:
                opts.append(what + (f" ({t['breaks'].format(rules=_join(broken, self.lang))})" if broken else ""))
            parts.append(t["needs"].format(id=i, what=t["list_or"].join(opts)))
        message = t["conflict"].format(rules=_join(ids, self.lang))
        if parts:
            message += ": " + "; ".join(parts)
        return Conflict(tuple(ids), message)

    # ---- rules ------------------------------------------------------------------------------

    def _rule_fixes(self, rule: m.Rule, st: _State) -> list:
        if rule.strength == "part":
            present = m.PartPresent(type="bool", key=rule.part, name=rule.part)
            if rule.expr is None:
                return self._fixes(present, st, True)
            c = value(rule.expr, st.data)
            out = []
            if c is None:
                # the condition must be decided: either it does not hold, or it holds and the part is there
                out += [f for f in self._fixes(rule.expr, st, False, purpose="exempt") if f.changes]
                for fx in self._fixes(rule.expr, st, True):
                    nxt = self._try(st, fx.changes)
                    if nxt is None:
                        continue
                    for p in self._fixes(present, nxt, True):
                        out.append(_Fix(fx.cost + p.cost, fx.changes + p.changes,
                                        fx.sentence + self.t["and"] + p.sentence))
                return out
            attach = [f for f in self._fixes(present, st, True) if f.changes]
            off = [self._exempted(f) for f in self._fixes(rule.expr, st, False, purpose="exempt") if f.changes]
            return self._offer(attach, off, st)
        return self._fixes(rule.expr, st, True)

    def _with_alternatives(self, fixes, joiner, groups=None):
        """Give each fix the sentences of the best fix of every other group as alternatives."""
        if groups is None:
            groups = [[f] for f in fixes]
        best = [min(g, key=lambda f: f.cost) if g else None for g in groups]
        out = []
        for gi, g in enumerate(groups):
            others = [b.sentence for bi, b in enumerate(best) if bi != gi and b is not None]
            others = list(dict.fromkeys(s for s in others))[:3]
            for f in g:
                sentence = f.sentence + "".join(joiner + o for o in others if o != f.sentence)
                out.append(_Fix(f.cost, f.changes, sentence))
        return out

    # ---- expressions ---------------------------------------------------------------------------

    def _fixes(self, e: m.Expr, st: _State, want: bool, p: int | None = None, purpose: str = "require") -> list:
        """Candidate fixes that make ``e`` evaluate to ``want`` (participant ``p`` in scope)."""
        q = None if p is None else st.data["_participants"][p]
        if value(e, st.data, q) is want:
            return [_Fix(0.0, (), "")]
        if isinstance(e, m.Not):
            return self._fixes(e.item, st, not want, p, purpose)
        if isinstance(e, (m.And, m.Or)):
            conj = isinstance(e, m.And) == want       # all items must reach ``want``
            if conj:
                return self._all(list(e.items), st, want, p, purpose)
            groups = [self._fixes(i, st, want, p, purpose) for i in e.items]
            groups = [[f for f in g if f.changes] for g in groups]
            return self._with_alternatives([f for g in groups for f in g], self.t["or"], groups)
        if isinstance(e, m.Implies):
            if want:
                then = [f for f in self._fixes(e.then, st, True, p, purpose) if f.changes]
                off = [self._exempted(f) for f in self._fixes(e.cond, st, False, p, "exempt") if f.changes]
                return self._offer(then, off, st)
            return self._all([e.cond, m.Not(type="bool", item=e.then)], st, True, p, purpose)
        if isinstance(e, m.Cmp):
            return self._cmp(e, st, want, p, purpose)
        if isinstance(e, m.Between):
            if want:
                lo = m.Cmp(type="bool", op=">=", left=e.item, right=e.low, text=e.text)
                hi = m.Cmp(type="bool", op="<=", left=e.item, right=e.high, text=e.text)
                return self._all([lo, hi], st, True, p, purpose)
            lo = m.Cmp(type="bool", op="<", left=e.item, right=e.low, text=e.text)
            hi = m.Cmp(type="bool", op=">", left=e.item, right=e.high, text=e.text)
            groups = [self._fixes(lo, st, True, p, purpose), self._fixes(hi, st, True, p, purpose)]
            return self._with_alternatives(groups[0] + groups[1], self.t["or"], groups)
        if isinstance(e, m.Member):
            return self._member(e, st, want, p, purpose)
        if isinstance(e, m.PartPresent):
            if not want or e.key in st.data["_parts"]:
                return []
            return [self._add_part(e.key)]
        if isinstance(e, m.Every):
            return self._every(e, st, want)
        if isinstance(e, (m.Fact, m.PField, m.ApplicantField)) and e.type == "bool":
            return self._cmp(m.Cmp(type="bool", op="=", left=e, right=m.Const(type="bool", value=True, text="yes"),
                                   text=e.text), st, want, p, purpose)
        return []

    def _harmless(self, changes, st) -> bool:
        """Whether ``changes`` leave every must-rule and part that holds now holding."""
        after = self._try(st, changes)
        if after is None:
            return False
        before, now = self._outcomes(st.data), self._outcomes(after.data)
        return not any(before.get(i) in (0, 3) and o in (1, 2) for i, o in now.items())

    def _offer(self, meet: list, off: list, st: _State) -> list:
        """Fixes that meet a requirement, and fixes that make it not apply. Both compete on cost, but
        an exemption is named as an alternative only when it states a missing fact or concerns the
        participants: changing a fact the application states just to escape a rule is not advice."""
        named = [f for f in off if all(c.old is None or c.target[:1] in (("remove",), ("field",)) for c in f.changes)
                 and self._harmless(f.changes, st)]
        out = self._with_alternatives(meet + named, self.t["alt"], [meet, named])
        return out + [f for f in off if f not in named]

    def _exempted(self, f: _Fix) -> _Fix:
        """A fix that makes a condition false: it costs a little more, and says the rule then does not apply."""
        marker = self.t["exempt_marker"]
        sentence = f.sentence if marker in f.sentence else f.sentence + self.t["exempt"]
        return _Fix(f.cost + COST_EXEMPT, f.changes, sentence)

    def _all(self, items, st, want, p, purpose) -> list:
        """Every item must reach ``want``: fix them one after another, each on the result of the last."""
        partial = [_Fix(0.0, (), "")]
        for item in items:
            nxt = []
            for base in partial[:3]:
                cur = self._try(st, base.changes) if base.changes else st
                if cur is None:
                    continue
                q = None if p is None else cur.data["_participants"][p] if p < len(cur.data["_participants"]) else None
                if p is not None and q is None:
                    continue
                if value(item, cur.data, q) is want:
                    nxt.append(base)
                    continue
                for f in sorted(self._fixes(item, cur, want, p, purpose), key=lambda f: f.cost)[:3]:
                    if not f.changes:
                        continue
                    sentence = base.sentence + self.t["and"] + f.sentence if base.sentence else f.sentence
                    nxt.append(_Fix(base.cost + f.cost, base.changes + f.changes, sentence))
            partial = sorted(nxt, key=lambda f: f.cost)
            if not partial:
                return []
        return [f for f in partial if f.changes]

    # ---- comparisons ------------------------------------------------------------------------------

    def _cmp(self, e: m.Cmp, st, want, p, purpose) -> list:
        if isinstance(e.left, m.Count) or isinstance(e.right, m.Count):
            return self._count(e, st, want)
        op = e.op if want else NEG[e.op]
        q = None if p is None else st.data["_participants"][p]
        out = []
        for var_side, other, o, extra in ((e.left, e.right, op, 0.0), (e.right, e.left, FLIP[op], COST_OTHER_SIDE)):
            target = value(other, st.data, q)
            if target is None:
                continue
            if other.type == "ratio":
                target = Fraction(target) * 100
            if var_side.type == "ratio":
                target = Fraction(target) / 100
            for var, vop, bound in _invert(var_side, o, target, st.data, q):
                fxs = self._set_var(var, vop, bound, st, p, purpose)
                for fx in (fxs if isinstance(fxs, list) else [fxs]):
                    if fx is not None:
                        out.append(_Fix(fx.cost + extra, fx.changes, fx.sentence))
        return out

    def _set_var(self, var, op, bound, st, p, purpose):
        kind = var[0]
        if kind == "fact":
            _, fact = var
            return self._set_fact(fact, op, bound, st, purpose)
        if kind == "agg":
            return self._set_budget(var[1], op, bound, st)   # a list
        if kind in ("pfield", "afield"):
            expr = var[1]
            idx = p if kind == "pfield" else (0 if st.data["_applicant"] is not None else None)
            if idx is None or expr.key == "kind":
                return None
            new = _solve_value(expr.type, op, bound, st.data["_participants"][idx].get(expr.key))
            if new is None:
                return None
            return self._set_field(idx, expr.key, new, st)
        return None

    def _set_fact(self, fact: m.Fact, op, bound, st, purpose) -> _Fix | None:
        t, lang = self.t, self.lang
        key, typ = fact.key, fact.type
        old = st.data.get(key)
        new = _solve_value(typ, op, bound, old)
        if new is None or new == old:
            return None
        change = Change(self._raw_key(st.raw, key), old, new, target=("fact", key, typ),
                        bound=(op, bound, typ, self._label(key, fact.text)) if typ in ("money", "number",
                                                                                      "duration", "date", "percent")
                        else None)
        changes = [change]
        if typ == "bool":
            sentence = self._bool_sentence(key, fact.text, old, new, purpose)
        elif typ in ("money", "number", "duration", "date", "percent"):
            sentence = self._num_sentence(key, fact.text, typ, op, old, new, bound)
        else:
            x = self._label(key, fact.text)
            sentence = t["change"].format(x=x, o=fmt(old, typ, lang), v=fmt(new, typ, lang)) if old is not None \
                else t["state"].format(x=x, n=fact.text, req=explain.T[lang]["="].format(r=fmt(new, typ, lang)))
        if key == "amount" and old is not None:
            budget = st.data.get("budget")
            if budget and sum(budget.values()) == old and new >= 0:
                nb = dict(zip(budget, _spread(new, list(budget.values()))))
                changes.append(Change(self._raw_key(st.raw, "budget"), budget, nb, target=("budget",)))
                sentence += t["budget_follow"].format(t=self._table(nb))
        return _Fix(COST_SET, tuple(changes), sentence)

    def _set_budget(self, fn, op, bound, st) -> list:
        """Fixes for ``sum``/``max``/``min budget OP bound``. A sum is rescaled proportionally; a max or
        min either changes only the years that break it (the total moves, and the amount with it), or
        moves money between the years so the total stays."""
        t = self.t
        budget = st.data.get("budget")
        tables = []
        if fn == "sum":
            total = _solve_value("money", op, bound, sum(budget.values()) if budget else None)
            if total is None or total < 0:
                return []
            if budget:
                nb = dict(zip(budget, _spread(total, list(budget.values()))))
                tables.append((nb, t["budget_scale"].format(v=format_money(total, self.lang), t=self._table(nb))))
            else:
                nb = self._new_budget(total, st.data)
                tables.append((nb, t["budget_new"].format(t=self._table(nb))))
        else:
            level = _solve_value("money", op, bound, None)
            if level is None or level < 0:
                return []
            if not budget:
                nb = self._new_budget(None, st.data, level)
                tables.append((nb, t["budget_new"].format(t=self._table(nb))))
            else:
                upper = (fn == "max") == (op in ("<=", "<"))      # every year at most ``level``
                lower = (fn == "min") == (op in (">=", ">"))      # every year at least ``level``
                nb = dict(budget)
                for y, v in budget.items():
                    if upper and v > level or lower and v < level:
                        nb[y] = level
                if op == "=" or not (upper or lower):              # the max (min) itself must reach level
                    y = (max if fn == "max" else min)(nb, key=lambda k: nb[k])
                    nb[y] = level
                if nb != budget:
                    tables.append((nb, t["budget_years"].format(t=self._table(nb, budget))))
                kept = _rebalance(budget, level, upper, lower)
                if kept is not None and kept != budget and kept != nb:
                    tables.append((kept, t["budget_keep"].format(t=self._table(kept, budget))))
        out = []
        for nb, sentence in tables:
            changes = [Change(self._raw_key(st.raw, "budget"), budget, nb, target=("budget",),
                              bound=(op, bound, "money", self._agg_name(fn)))]
            amount = st.data.get("amount")
            if budget and amount is not None and amount == sum(budget.values()) and sum(nb.values()) != amount:
                new = sum(nb.values())
                changes.append(Change(self._raw_key(st.raw, "amount"), amount, new,
                                      target=("fact", "amount", "money")))
                sentence += t["amount_follow"].format(x=self._label("amount", None),
                                                      o=format_money(amount, self.lang), v=format_money(new, self.lang))
            out.append(_Fix(COST_SET, tuple(changes), sentence))
        return out

    def _agg_name(self, fn) -> str:
        names = {"sv": {"sum": "summa budget", "max": "högsta budget", "min": "lägsta budget"},
                 "en": {"sum": "sum budget", "max": "max budget", "min": "min budget"}}
        return names[self.lang][fn]

    def _new_budget(self, total, data, level=None) -> dict:
        start = data.get("start")
        months = data.get("duration")
        when = start or self.on or self.g.valid_from or datetime.date.today()
        first = when.year
        years = max(1, math.ceil(((start.month - 1 if start else 0) + months) / 12)) if months else 1
        if total is None:
            return {first + i: level for i in range(years)}
        return dict(zip([first + i for i in range(years)], _spread(total, [1] * years)))

    def _table(self, nb, old=None) -> str:
        items = []
        for y, v in nb.items():
            if old is not None and old.get(y) == v:
                continue
            items.append(f"{y}: {format_money(v, self.lang)}")
        return ", ".join(items)

    def _fmt(self, v, typ) -> str:
        """:func:`sirules.engine.explain.fmt`, with one year and one month in the singular."""
        if typ == "duration" and v in (1, 12):
            return {("sv", 1): "1 månad", ("en", 1): "1 month", ("sv", 12): "1 år", ("en", 12): "1 year"}[
                (self.lang, v)]
        return fmt(v, typ, self.lang)

    def _num_sentence(self, key, name, typ, op, old, new, bound) -> str:
        t, lang = self.t, self.lang
        x = self._label(key, name)
        if old is None:
            req = explain.T[lang][op].format(r=self._fmt(bound, typ)) if op != "!=" else \
                explain.T[lang]["!="].format(r=self._fmt(bound, typ))
            return t["state"].format(x=x, n=name, req=req)
        o, v, b = fmt(old, typ, lang), fmt(new, typ, lang), self._fmt(bound, typ)
        if op == "!=":
            return t["change_not"].format(x=x, o=o)
        if typ == "date":
            if op == "=":
                return t["change"].format(x=x, o=o, v=v)
            return t["earlier" if new < old else "later"].format(x=x, o=o, v=v)
        if op == "=":
            return t["change"].format(x=x, o=o, v=v)
        if op in ("<", ">"):
            return t["lower_strict" if new < old else "raise_strict"].format(x=x, o=o, b=b)
        d = self._fmt(abs(new - old), typ)
        return t["lower" if new < old else "raise"].format(x=x, d=d, v=v)

    def _bool_sentence(self, key, name, old, new, purpose) -> str:
        t, lang = self.t, self.lang
        v = fmt(new, "bool", lang)
        if old is not None:
            sentence = t["change_bool"].format(x=name, o=fmt(old, "bool", lang), v=v)
            return sentence + (t["exempt"] if purpose == "exempt" else "")
        label = self._fact_label(key)
        exempt = "_exempt" if purpose == "exempt" else ""
        if label is None or label.endswith("?"):
            return t["answer" + exempt].format(x=label or name, n=name, v=v)
        return t["state_bool" + exempt].format(x=label, n=name, v=v)

    # ---- choices, words, kinds ------------------------------------------------------------------

    def _member(self, e: m.Member, st, want, p, purpose) -> list:
        t, lang = self.t, self.lang
        inside = want != e.negated                  # the value must be in the set
        item = e.item
        q = None if p is None else st.data["_participants"][p]
        if isinstance(item, m.ApplicantField) and item.key == "kind":
            return self._applicant_kind(e, inside, st)
        if isinstance(item, m.PField) and item.key == "kind":
            return []                                   # an existing participant does not change kind
        old = value(item, st.data, q)
        if item.type == "tags":
            have = tuple(old or ())
            if inside:
                v = self._order(e.values)[0]
                new = have + (v,)
                sentence = t["tag_add"].format(v=word(v, lang), x=self._label(item.key, item.text), n=item.text)
            else:
                new = tuple(x for x in have if x not in e.values)
                gone = [x for x in have if x in e.values]
                sentence = t["tag_remove"].format(v=_join([word(x, lang) for x in gone], lang),
                                                  x=self._label(item.key, item.text), n=item.text)
            if isinstance(item, m.Fact):
                return [_Fix(COST_SET, (Change(self._raw_key(st.raw, item.key), old, new,
                                               target=("fact", item.key, "tags")),), sentence)]
            return []
        if inside:
            choices = self._order(e.values)
        else:
            info = self.g.facts.get(getattr(item, "key", None))
            pool = list(info.choices) if info and info.choices else \
                list(self.g.project_types) if getattr(item, "key", None) == "project_type" else []
            choices = [c for c in pool if c not in e.values]
        if not choices:
            return []
        new = choices[0]
        if isinstance(item, m.Fact):
            x = self._label(item.key, item.text)
            alts = [word(c, lang) for c in choices[1:4]]
            if old is None:
                sentence = t["state"].format(x=x, n=item.text, req=explain.T[lang]["member"].format(
                    r=_join([word(c, lang) for c in choices[:4]], lang, t["list_or"])))
            else:
                sentence = t["change"].format(x=x, o=fmt(old, item.type, lang), v=word(new, lang))
                if alts:
                    sentence += f" ({t['list_or'].strip()} {', '.join(alts)})"
            return [_Fix(COST_SET, (Change(self._raw_key(st.raw, item.key), old, new,
                                           target=("fact", item.key, item.type)),), sentence)]
        if isinstance(item, (m.PField, m.ApplicantField)):
            idx = p if isinstance(item, m.PField) else (0 if st.data["_applicant"] is not None else None)
            if idx is None:
                return []
            return [self._set_field(idx, item.key, new, st)]
        return []

    def _applicant_kind(self, e: m.Member, inside: bool, st) -> list:
        t, lang = self.t, self.lang
        kinds = self._order(e.values) if inside else [k for k in self._all_kinds() if k not in e.values]
        if not kinds:
            return []
        parts = st.data["_participants"]
        app = st.data["_applicant"]
        desc = self._kind_actor(e, inside)
        out = []
        if app is None:
            new = {"kind": kinds[0], "name": self._fresh_name(parts)}
            return [_Fix(COST_ADD, (Change("applicant", None, new, target=("applicant",)),),
                         t["state_applicant"].format(d=desc))]
        # an existing participant of a fitting kind becomes the applicant
        for i, q in enumerate(parts[1:], start=1):
            if (q.get("kind") in e.values) == inside:
                out.append(_Fix(COST_SET, (
                    Change("applicant", dict(app), dict(q), target=("swap", i)),
                    Change(f"participants[{i - 1}]", dict(q), dict(app), target=("noop", i))),
                    t["swap"].format(who=self._who(q, i), old=self._who(app, 0))))
        new = {"kind": kinds[0], "name": self._fresh_name(parts)}
        words = _join([word(k, lang) for k in self._order(e.values)], lang, t["list_or"])
        sentence = t["new_applicant"].format(d=desc, old=self._who(app, 0)) if inside else \
            t["other_applicant"].format(old=self._who(app, 0), ks=words)
        out.append(_Fix(COST_ADD, (
            Change("applicant", dict(app), new, target=("newapp",)),
            Change("participants", add=dict(app), op="add", target=("noop",))),
            sentence))
        return out

    def _kind_actor(self, e: m.Member, inside: bool) -> str:
        t, lang = self.t, self.lang
        kinds = self._order(e.values)
        if inside and e.group:
            return _article(t["group_actor"].format(g=e.group, ks=", ".join(word(k, lang) for k in kinds)), lang)
        if inside:
            return _article(_join([word(k, lang) for k in kinds], lang, t["list_or"]), lang)
        return _article(t["kind_not"].format(ks=_join([word(k, lang) for k in kinds], lang, t["list_or"])), lang)

    # ---- participants -----------------------------------------------------------------------------

    def _count(self, e: m.Cmp, st, want, depth: int = 0) -> list:
        """Fixes for a comparison of a count; one that leaves the count undecided (fields still
        unknown) is followed by a second step on its result."""
        out = []
        for fx in self._count_step(e, st, want):
            if depth < 2:
                nxt = self._try(st, fx.changes)
                if nxt is not None and value(e, nxt.data) is None:
                    more = [f for f in self._count(e, nxt, want, depth + 1) if f.changes]
                    if more:
                        f = min(more, key=lambda f: f.cost)
                        fx = _Fix(fx.cost + f.cost, fx.changes + f.changes, fx.sentence + self.t["and"] + f.sentence)
            out.append(fx)
        return out

    def _count_step(self, e: m.Cmp, st, want) -> list:
        if isinstance(e.left, m.Count):
            cnt, op, other = e.left, e.op, e.right
        else:
            cnt, op, other = e.right, FLIP[e.op], e.left
        if not want:
            op = NEG[op]
        n = value(other, st.data)
        if n is None:
            return []
        lo, hi = explain.count_range(cnt, st.data)
        ok = [k for k in range(int(max(hi, n)) + 3) if _OPS[op](k, n)]
        if not ok:
            return []
        need_min = min((k for k in ok if k >= lo), default=None)
        out = []
        if need_min is not None and need_min > lo:
            out += self._more(cnt, need_min - lo, st)
        if any(k < hi for k in ok):
            target = max(k for k in ok if k <= hi) if any(k <= hi for k in ok) else None
            if target is not None and target < hi:
                out += self._fewer(cnt, hi - target, st)
        return out

    def _more(self, cnt: m.Count, k: int, st) -> list:
        """k more participants must surely match (for ``distinct``: k more distinct values)."""
        t, lang = self.t, self.lang
        parts = st.data["_participants"]
        changes, sentences, cost = [], [], 0.0
        # 1. participants whose filter is unknown or fails only on a field that can be set
        if cnt.filter is not None:
            for i, q in enumerate(parts):
                if k == 0:
                    break
                f = value(cnt.filter, st.data, q)
                if f is True:
                    continue
                fixes = [x for x in self._fixes(cnt.filter, st, True, i) if x.changes]
                if not fixes:
                    continue
                if cnt.distinct and q.get(cnt.distinct) in self._distinct_values(cnt, st.data):
                    continue
                best = min(fixes, key=lambda x: x.cost)
                changes.extend(best.changes)
                sentences.append(best.sentence)
                cost += best.cost
                k -= 1
        # 2. (distinct) matching participants with the field missing get a value of their own
        if cnt.distinct and k:
            for i, q in enumerate(parts):
                if k == 0:
                    break
                f = True if cnt.filter is None else value(cnt.filter, st.data, q)
                if f is True and q.get(cnt.distinct) is None:
                    new = self._fresh(cnt.distinct, parts, len(changes) + 1)
                    fx = self._set_field(i, cnt.distinct, new, st)
                    changes.extend(fx.changes)
                    sentences.append(fx.sentence)
                    cost += fx.cost
                    k -= 1
        # 3. new participants
        if k:
            options = _satisfy(cnt.filter, True, self._order)
            if options is None:
                return []
            base = options[0] if options else {}
            row = dict(base)
            if "kind" not in row:
                app = st.data["_applicant"] or (parts[0] if parts else None)
                row["kind"] = app.get("kind") if app else "municipal_unit"
            rows = []
            taken = {q.get("name") for q in parts}
            for j in range(k):
                r = dict(row)
                r["name"] = self._fresh_name(parts, extra=taken)
                taken.add(r["name"])
                if cnt.distinct and cnt.distinct != "name":
                    r[cnt.distinct] = self._fresh(cnt.distinct, parts, j + 1)
                rows.append(r)
            desc = self._filter_desc(cnt.filter)
            if cnt.distinct:
                have = self._distinct_values(cnt, st.data)
                if have:
                    key = {"name": "distinct_name", "committee": "distinct_committee",
                           "area": "distinct_area"}.get(cnt.distinct, "distinct_other")
                    field = voc.FIELDS[cnt.distinct].name(lang) if cnt.distinct in voc.FIELDS else cnt.distinct
                    desc = (desc + " " if desc else "") + t[key].format(v=_join(sorted(have), lang), f=field)
            phrase = (t["add_one"] if k == 1 else t["add_n"]).format(k=k, d=desc).rstrip()
            sentences.append(phrase)
            for r in rows:
                changes.append(Change("participants", add=r, op="add", target=("participants",)))
            cost += COST_ADD * k
        return [_Fix(cost, tuple(changes), self.t["and"].join(sentences))]

    def _fewer(self, cnt: m.Count, k: int, st) -> list:
        """k fewer participants may match: clear a field that makes them match, or remove them.
        Several orders are tried (the last first; the ones the application had before first), so the
        choice that breaks no other rule can win."""
        if cnt.distinct:
            return []
        parts = st.data["_participants"]
        has_app = st.data["_applicant"] is not None
        match = {i: (True if cnt.filter is None else value(cnt.filter, st.data, q)) for i, q in enumerate(parts)}
        matching = [i for i in match if match[i] is not False]
        maybe = [i for i in reversed(matching) if match[i] is None]
        orders = [maybe + [i for i in reversed(matching) if i not in maybe],
                  list(reversed(matching)),
                  [i for i in reversed(matching) if parts[i].get("name") not in self.added] +
                  [i for i in reversed(matching) if parts[i].get("name") in self.added],
                  list(matching)]
        out = []
        for order in orders:
            fx = self._fewer_in(cnt, k, st, order, has_app)
            if fx is not None and fx not in out:
                out.append(fx)
        return out

    def _fewer_in(self, cnt, k, st, order, has_app) -> _Fix | None:
        t = self.t
        parts = st.data["_participants"]
        changes, sentences, removed, cost = [], [], [], 0.0
        for i in order:
            if k == 0:
                break
            fixes = [x for x in self._fixes(cnt.filter, st, False, i) if x.changes] if cnt.filter is not None else []
            if fixes:
                best = min(fixes, key=lambda x: x.cost)
                changes.extend(best.changes)
                sentences.append(best.sentence)
                cost += best.cost
            elif has_app and i == 0:
                continue                  # the applicant is not removed
            else:
                changes.append(self._remove(i, st))
                removed.append(self._who(parts[i], i))
                cost += COST_REMOVE
            k -= 1
        if k:
            return None
        if removed:
            sentences.append(t["remove"].format(who=_join(removed, self.lang)))
        return _Fix(cost, tuple(changes), t["and"].join(sentences))

    def _every(self, e: m.Every, st, want) -> list:
        t = self.t
        if not want:
            return []
        parts = st.data["_participants"]
        has_app = st.data["_applicant"] is not None
        changes, sentences, alts, cost = [], [], [], 0.0
        for i, q in enumerate(parts):
            f = True if e.filter is None else value(e.filter, st.data, q)
            if f is False or value(e.cond, st.data, q) is True:
                continue
            fixes = [x for x in self._fixes(e.cond, st, True, i) if x.changes]
            removable = not (has_app and i == 0) and q.get("name") not in self.added
            if fixes:
                best = min(fixes, key=lambda x: x.cost)
                changes.extend(best.changes)
                sentences.append(best.sentence)
                cost += best.cost
                if removable and self._harmless((self._remove(i, st),), st):
                    alts.append(t["remove"].format(who=self._who(q, i)))
            elif removable:
                changes.append(self._remove(i, st))
                sentences.append(t["remove"].format(who=self._who(q, i)))
                cost += COST_REMOVE
            else:
                return []
        if not changes:
            return []
        sentence = t["and"].join(sentences)
        if alts:
            sentence += t["or"] + t["and"].join(alts)
        return [_Fix(cost, tuple(changes), sentence)]

    def _set_field(self, idx: int, key: str, new, st) -> _Fix:
        t, lang = self.t, self.lang
        q = st.data["_participants"][idx]
        old = q.get(key)
        path = self._slot_path(st, idx) + "." + key
        ftype = voc.FIELDS[key].type if key in voc.FIELDS else "text"
        name = voc.FIELDS[key].name(lang) if key in voc.FIELDS else key
        if key in voc.FIELDS and key not in ("name", "kind"):
            name += f" ({voc.FIELDS[key].label(lang)})"
        if old is None:
            sentence = t["field_state"].format(f=name, who=self._who(q, idx), v=fmt(new, ftype, lang))
        else:
            sentence = t["field_change"].format(f=name, who=self._who(q, idx), o=fmt(old, ftype, lang),
                                                v=fmt(new, ftype, lang))
        return _Fix(COST_SET, (Change(path, old, new, target=("field", idx, key)),), sentence)

    def _remove(self, idx: int, st) -> Change:
        q = st.data["_participants"][idx]
        return Change(self._slot_path(st, idx), dict(q), None, op="remove", target=("remove", idx))

    def _add_part(self, key: str) -> _Fix:
        return _Fix(COST_SET, (Change("parts", add=key, op="add", target=("parts",)),),
                    self.t["attach"].format(p=self._part_phrase(key)))

    # ---- words ----------------------------------------------------------------------------------

    def _part_name(self, key) -> str:
        return self.g.parts.get(key) or key

    def _part_phrase(self, key) -> str:
        label = self._part_name(key)
        if self.lang == "sv":
            return label
        low = label.lower()
        if low.startswith(("how ", "what ", "why ", "who ", "when ")):
            return f"a description of {label}"
        if low.startswith(("the ", "a ", "an ")):
            return label
        return f"the {label}"

    def _fact_label(self, key) -> str | None:
        term = voc.FACTS.get(key)
        if term is not None:
            return term.label(self.lang)
        info = self.g.facts.get(key)
        return info.label if info and info.label else None

    def _label(self, key, name) -> str:
        """How a numeric or choice fact reads in a sentence: its label, or its name."""
        label = self._fact_label(key)
        if label is None or label.endswith("?"):
            return name or key
        if " (" in label:
            label = label[:label.index(" (")]
        return label

    def _who(self, q: dict, idx: int) -> str:
        t = self.t
        if q.get("name"):
            return q["name"]
        return t["who_kind"].format(k=word(q.get("kind", "?"), self.lang)) if idx else t["who_applicant"]

    def _filter_desc(self, f) -> str:
        t, lang = self.t, self.lang
        if f is None:
            return t["any"]
        if isinstance(f, m.Member) and isinstance(f.item, m.PField) and f.item.key == "kind":
            kinds = self._order(f.values)
            words = [word(k, lang) for k in kinds]
            if f.negated:
                return t["kind_not"].format(ks=_join(words, lang, t["list_or"]))
            if f.group:
                return t["kind_group"].format(g=f.group, ks=", ".join(words))
            if len(kinds) == 1:
                return t["kind_one"].format(k=words[0])
            return t["kind_set"].format(ks=_join(words, lang, t["list_or"]))
        text = f.text
        if text.count("(") > text.count(")"):
            text += ")" * (text.count("(") - text.count(")"))
        return t["where"].format(f=text)

    def _distinct_values(self, cnt: m.Count, data) -> set:
        out = set()
        for q in data["_participants"]:
            f = True if cnt.filter is None else value(cnt.filter, data, q)
            if f is True and q.get(cnt.distinct) is not None:
                out.add(q.get(cnt.distinct))
        return out

    def _placeholders(self) -> set:
        return {self.t["new_name"].format(i=i) for i in range(1, 100)}

    def _fresh_name(self, parts, extra=()) -> str:
        return self._free("new_name", {q.get("name") for q in parts} | set(extra))

    def _fresh(self, field, parts, start=1) -> str:
        key = {"committee": "new_committee", "area": "new_area", "name": "new_name"}.get(field, "new_value")
        return self._free(key, {q.get(field) for q in parts}, start)

    def _free(self, key: str, taken, start: int = 1) -> str:
        """The first of the placeholders ``key`` ("new participant 1", 2, ...) from ``start`` not ``taken``."""
        i = start
        while self.t[key].format(i=i) in taken:
            i += 1
        return self.t[key].format(i=i)

    def _order(self, values) -> list:
        """Kinds in the order the guideline's group lists them (when it is one), else the standard order."""
        order = _KIND_ORDER + list(self.g.kinds)
        values = frozenset(values)
        for name, kinds in self._group_orders().items():
            if self.g.groups.get(name) == values:
                order = kinds + order
                break
        return sorted(values, key=lambda v: (order.index(v) if v in order else len(order), v))

    def _group_orders(self) -> dict:
        """name -> kinds in the order of the group's declaration, read from the guideline's source."""
        if getattr(self, "_groups", None) is None:
            self._groups = {}
            try:
                with open(self.g.path, encoding="utf-8-sig") as fh:
                    text = fh.read()
            except (OSError, ValueError):
                text = ""
            for name, body in re.findall(r"(?m)^[ \t]*(?:grupp|group)[ \t]+(\w+)[ \t]*=[ \t]*([\w \t,]+?)[ \t]*(?:#.*)?$",
                                         text):
                self._groups[name] = [str(w) for w in body.replace(" ", "").split(",") if w]
            for name, words in list(self._groups.items()):
                self._groups[name] = self._expand(words, set())
        return self._groups

    def _expand(self, words, seen) -> list:
        out = []
        for w in words:
            if w in self._groups and w not in seen:
                out += [k for k in self._expand(self._groups[w], seen | {w}) if k not in out]
            else:
                key = voc.KIND_INDEX[w].key if w in voc.KIND_INDEX else w
                if key not in out:
                    out.append(key)
        return out

    def _all_kinds(self) -> list:
        return _KIND_ORDER + [k for k in self.g.kinds if k not in _KIND_ORDER]

    # ---- the raw application ------------------------------------------------------------------------

    def _raw_key(self, raw: dict, key: str) -> str:
        for k in raw:
            if self.normaliser.fact_names.get(k) == key:
                return k
        return key

    def _raw_lists(self, raw: dict) -> tuple[str, str]:
        appkey = "sökande" if "sökande" in raw and "applicant" not in raw else "applicant"
        plist = "deltagare" if "deltagare" in raw and "participants" not in raw else "participants"
        return appkey, plist

    def _slot_path(self, st, idx: int) -> str:
        if st.data["_applicant"] is not None:
            return "applicant" if idx == 0 else f"participants[{idx - 1}]"
        return f"participants[{idx}]"

    def _apply(self, raw: dict, changes) -> dict:
        out = copy.deepcopy(raw)
        appkey, plist = self._raw_lists(out)
        has_app = out.get(appkey) is not None
        removals = []

        def slot(idx):
            if has_app:
                if idx == 0:
                    return out, appkey
                return out.setdefault(plist, []), idx - 1
            return out.setdefault(plist, []), idx

        for c in changes:
            kind = c.target[0] if c.target else None
            if kind == "fact":
                _, key, typ = c.target
                rk = self._raw_key(out, key)
                if c.new is None:
                    out.pop(rk, None)
                else:
                    out[rk] = _raw_value(typ, c.new, out.get(rk))
            elif kind == "budget":
                rk = self._raw_key(out, "budget")
                out[rk] = _raw_table(c.new, out.get(rk))
            elif kind == "field":
                _, idx, key = c.target
                box, k = slot(idx)
                row = box[k]
                if not isinstance(row, dict):
                    continue
                rk = next((f for f in row if voc.FIELD_INDEX.get(f) and voc.FIELD_INDEX[f].key == key), key)
                row[rk] = c.new
            elif kind == "swap":                      # the applicant and a participant change places
                _, idx = c.target
                box, k = slot(idx)
                out[appkey], box[k] = box[k], out[appkey]
            elif kind == "newapp":                    # a new applicant; the old one becomes a participant
                old = out.get(appkey)
                out[appkey] = dict(c.new)
                if old is not None:
                    out.setdefault(plist, []).append(old)
                has_app = True
            elif kind == "applicant":
                out[appkey] = dict(c.new)
                has_app = True
            elif kind == "participants":
                out.setdefault(plist, []).append(copy.deepcopy(c.add))
            elif kind == "parts":
                parts = out.setdefault("parts" if "delar" not in out else "delar", {})
                parts[c.add] = self.t["part_text"].format(p=self._part_name(c.add))
            elif kind == "remove":
                removals.append(c.target[1])
        for idx in sorted(set(removals), reverse=True):
            box, k = slot(idx)
            if isinstance(box, list) and 0 <= k < len(box):
                del box[k]
        return out


def _track(rows: list, changes, has_app: bool) -> bool:
    """Follow the participants through the changes, as :meth:`_Suggester._apply` makes them."""
    removed = []
    for c in changes:
        kind = c.target[0] if c.target else None
        if kind == "swap":
            i = c.target[1]
            rows[0], rows[i] = rows[i], rows[0]
        elif kind == "newapp":
            if has_app:
                rows.append(rows[0])
                rows[0] = ("new", len(rows))
            else:
                rows.insert(0, ("new", len(rows)))
            has_app = True
        elif kind == "applicant":
            if not has_app:
                rows.insert(0, ("new", len(rows)))
            has_app = True
        elif kind == "participants":
            rows.append(("new", len(rows)))
        elif kind == "remove":
            removed.append(c.target[1])
    for i in sorted(set(removed), reverse=True):
        if 0 <= i < len(rows):
            del rows[i]
    return has_app


def _rebalance(budget: dict, level: int, upper: bool, lower: bool) -> dict | None:
    """The budget with every year at most (``upper``) or at least (``lower``) ``level`` and the same
    total: the years that break the bound are set to it, and the difference is spread over the
    other years in proportion to them (exactly, with :func:`sirules.language.money.allocate`)."""
    total, years = sum(budget.values()), list(budget)
    if (upper and total > level * len(years)) or (lower and total < level * len(years)) or not (upper or lower):
        return None
    fixed: set = set()
    while True:
        for y in years:
            if y not in fixed and (upper and budget[y] > level or lower and budget[y] < level):
                fixed.add(y)
        free = [y for y in years if y not in fixed]
        rest = total - level * len(fixed)
        if not free:
            return {y: level for y in years} if rest == 0 else None
        parts = _spread(rest, [budget[y] for y in free]) if any(budget[y] for y in free) else \
            _spread(rest, [1] * len(free))
        out = {y: level for y in fixed}
        out.update(zip(free, parts))
        bad = [y for y in free if (upper and out[y] > level) or (lower and out[y] < level)]
        if not bad:
            return {y: out[y] for y in years}
        fixed.update(bad)


def _spread(total: int, weights: list) -> list:
    """Split ``total`` öre in proportion to ``weights`` with :func:`sirules.language.money.allocate` (largest
    remainder, so the parts add up exactly); in whole kronor when the total and the old parts are."""
    if total % 100 == 0 and all(w % 100 == 0 for w in weights):
        return [p * 100 for p in allocate(total // 100, [w // 100 for w in weights])]
    return allocate(total, weights)


# ---- inverting arithmetic --------------------------------------------------------------------------

def _invert(term: m.Expr, op: str, target, data, q) -> list:
    """(variable, op, bound) such that setting the variable to meet ``op bound`` makes ``term op target``."""
    if isinstance(term, m.Fact):
        return [(("fact", term), op, target)]
    if isinstance(term, m.PField):
        return [(("pfield", term), op, target)]
    if isinstance(term, m.ApplicantField):
        return [(("afield", term), op, target)]
    if isinstance(term, m.Agg) and term.key == "budget":
        return [(("agg", term.fn), op, target)]
    if isinstance(term, m.ShareOf):
        if term.share > 0:
            return _invert(term.base, op, Fraction(target) / term.share, data, q)
        return []
    if isinstance(term, m.Neg):
        return _invert(term.item, FLIP[op], -target, data, q)
    if isinstance(term, m.Arith):
        a, b = value(term.left, data, q), value(term.right, data, q)
        out = []
        if term.op == "+":
            if b is not None:
                out += _invert(term.left, op, target - b, data, q)
            if a is not None:
                out += _invert(term.right, op, target - a, data, q)
        elif term.op == "-":
            if b is not None:
                out += _invert(term.left, op, target + b, data, q)
            if a is not None:
                out += _invert(term.right, FLIP[op], a - target, data, q)
        elif term.op == "*":
            if b not in (None, 0):
                out += _invert(term.left, op if b > 0 else FLIP[op], Fraction(target) / b, data, q)
            if a not in (None, 0):
                out += _invert(term.right, op if a > 0 else FLIP[op], Fraction(target) / a, data, q)
        elif term.op == "/":
            if b is not None and b > 0:
                out += _invert(term.left, op, Fraction(target) * b, data, q)
            if a is not None and a > 0 and target > 0:
                out += _invert(term.right, FLIP[op], Fraction(a) / Fraction(target), data, q)
        return out
    return []


def _solve_value(typ: str, op: str, bound, old):
    """The value closest to ``old`` (or the bound itself) that meets ``value op bound``."""
    if bound is None:
        return None
    if typ == "bool":
        if op == "=":
            return bool(bound)
        if op == "!=":
            return not bound
        return None
    if typ == "date":
        if not isinstance(bound, datetime.date):
            return None
        day = datetime.timedelta(days=1)
        return {"<=": bound, ">=": bound, "=": bound, "<": bound - day, ">": bound + day,
                "!=": bound + day}.get(op)
    if typ in ("money", "number", "duration", "percent"):
        b = Fraction(bound)
        whole = typ in ("money", "duration") or (typ == "number" and (old is None or Fraction(old).denominator == 1))
        step = 100 if typ == "money" else 1
        if op == "<=":
            v = math.floor(b) if whole else b
        elif op == ">=":
            v = math.ceil(b) if whole else b
        elif op == "=":
            if whole and b.denominator != 1:
                return None
            v = b
        elif op == "<":
            v = (math.ceil(b / step) - 1) * step if whole else b - step
        elif op == ">":
            v = (math.floor(b / step) + 1) * step if whole else b + step
        else:                                           # != : one step away
            v = b + step
        if isinstance(v, Fraction) and v.denominator == 1:
            v = int(v)
        if typ in ("money", "duration") and v < 0:
            return None
        return v
    if op == "=":
        return bound
    return None


# ---- satisfying a participant filter -------------------------------------------------------------

def _satisfy(f, want: bool, order=None):
    """Field values for a new participant that make filter ``f`` evaluate to ``want``:
    a list of alternative dicts, or None when the filter is too complex to build for."""
    if f is None:
        return [{}]
    if isinstance(f, m.Not):
        return _satisfy(f.item, not want, order)
    if isinstance(f, m.Member) and isinstance(f.item, m.PField):
        inside = want != f.negated
        if f.item.key == "kind":
            first = order(f.values) if order else []
            pool = first + [k for k in _KIND_ORDER + sorted(f.values) if k not in first]
            kinds = [k for k in dict.fromkeys(pool) if (k in f.values) == inside]
            return [{"kind": k} for k in kinds] or None
        if inside:
            return [{f.item.key: v} for v in sorted(f.values)]
        return None
    if isinstance(f, m.Cmp) and isinstance(f.left, m.PField) and isinstance(f.right, m.Const) \
            and f.left.type == "bool" and f.op in ("=", "!="):
        return [{f.left.key: (f.right.value == (f.op == "=")) == want}]
    if isinstance(f, m.PField) and f.type == "bool":
        return [{f.key: want}]
    if isinstance(f, (m.And, m.Or)):
        conj = isinstance(f, m.And) == want
        subs = [_satisfy(i, want, order) for i in f.items]
        if conj:
            if any(s is None for s in subs):
                return None
            out = [{}]
            for s in subs:
                merged = []
                for a in out:
                    for b in s:
                        if all(a.get(k, v) == v for k, v in b.items()):
                            merged.append({**a, **b})
                out = merged[:20]
            return out or None
        out = [x for s in subs if s is not None for x in s]
        return out or None
    return None


# ---- raw values ------------------------------------------------------------------------------------

def _raw_value(typ: str, new, old_raw):
    """``new`` (normalised) written the way the application file wrote the old value."""
    if typ == "money":
        if isinstance(old_raw, str) or new % 100:
            return format_money(int(new), "sv")
        return int(new) // 100
    if typ == "duration":
        if isinstance(old_raw, str):
            swedish = any(w in old_raw.lower() for w in ("år", "mån"))
            if new % 12 == 0:
                n = new // 12
                return f"{n} år" if swedish else f"{n} year{'s' if n != 1 else ''}"
            return f"{new} månader" if swedish else f"{new} months"
        return int(new)
    if typ == "date":
        if isinstance(old_raw, datetime.date):
            return new
        return new.isoformat()
    if typ in ("number", "percent"):
        if isinstance(new, Fraction):
            return str(explain._dec(new)) if new.denominator != 1 else int(new)
        return new
    if typ == "tags":
        return list(new)
    return new


def _raw_table(new: dict, old_raw) -> dict:
    strings = isinstance(old_raw, dict) and any(isinstance(v, str) for v in old_raw.values())
    keys_str = not isinstance(old_raw, dict) or any(isinstance(k, str) for k in old_raw)
    out = {}
    for y, v in new.items():
        k = str(y) if keys_str else y
        out[k] = format_money(v, "sv") if strings or v % 100 else v // 100
    return out


def _canon(obj) -> str:
    try:
        return json.dumps(obj, sort_keys=True, default=str, ensure_ascii=False)
    except TypeError:                      # keys of mixed types (YAML: true: and 2021: beside text keys)
        return json.dumps(_str_keys(obj), sort_keys=True, default=str, ensure_ascii=False)


def _str_keys(obj):
    if isinstance(obj, dict):
        return {str(k): _str_keys(v) for k, v in obj.items()}
    if isinstance(obj, list):
        return [_str_keys(v) for v in obj]
    return obj


def _join(items, lang: str, last: str | None = None) -> str:
    items = [str(i) for i in items]
    if len(items) <= 1:
        return "".join(items)
    last = last if last is not None else (" och " if lang == "sv" else " and ")
    return ", ".join(items[:-1]) + last + items[-1]


def _article(text: str, lang: str) -> str:
    if lang == "sv":
        return text
    return ("an " if text[:1].lower() in "aeiou" else "a ") + text
