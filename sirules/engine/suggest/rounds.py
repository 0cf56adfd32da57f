"""The re-check: round after round, the cheapest candidate for every must-rule and part that is
not met (one that breaks another rule costs more), the round's suggestions merged into the raw
application, which is checked again; changes that go round in a circle name the rules that
conflict."""

from __future__ import annotations

import copy

from ...language import model as m
from .context import COST_BREAK, COST_SEEN, Context
from .expressions import Candidates
from .merge import RoundMerger
from .rawapp import canon
from .results import After, Conflict, Suggestion, Suggestions
from .wording import join

MAX_ROUNDS = 8


class Suggester:
    """Suggestions for one guideline (and date), round after round."""

    def __init__(self, guideline, on, history=None):
        self.ctx = ctx = Context(guideline, on, history)
        self.t, self.lang, self.words = ctx.t, ctx.lang, ctx.words
        self.candidates = Candidates(ctx)
        self.merger = RoundMerger(ctx)
        self.seen: dict = {}              # applications (canonical JSON) of earlier rounds -> round

    def run(self, app, rounds: int) -> Suggestions:
        ctx = self.ctx
        first = ctx.cg.check(app, ctx.on, ctx.history)
        raw = copy.deepcopy(app.raw)
        raw.pop("expect", None)
        raw.pop("förväntat", None)
        items: list[Suggestion] = []
        seen = self.seen = {canon(raw): 0}
        history = []                      # (round, failing rule ids)
        conflicts: tuple = ()
        result = first
        n = 0
        for n in range(1, rounds + 1):
            failing = self._failing(result)
            if not failing:
                n -= 1
                break
            state = ctx.state(raw)
            made = [self._suggest_rule(rule, outcome, state, n) for rule, outcome in failing]
            said = {(s.rule.id, s.sentence) for s in items if not s.changes}
            made = [s for s in made if s.changes or (s.rule.id, s.sentence) not in said]   # said once is enough
            before = canon(raw)
            raw, made = self.merger.merge(raw, made)
            items.extend(made)
            history.append((n, [s.rule.id for s in made]))
            result = ctx.cg.check_raw(raw, app.path, ctx.on, ctx.history)
            key = canon(raw)
            if key == before:
                break                     # nothing more can be derived
            if key in seen:               # the changes went round in a circle
                conflicts = (self._conflict(self._circle(seen[key], history, result), items, raw),)
                break
            seen[key] = n
        return Suggestions(first, tuple(items), self._after(result, items, conflicts, n, raw))

    def _circle(self, since: int, history: list, result) -> list:
        """The rules suggested after round ``since`` (the circle), then those still not met."""
        rules = []
        for rnd, ids in history:
            if rnd > since:
                rules.extend(i for i in ids if i not in rules)
        rules.extend(i for i in self._failing_ids(result) if i not in rules)
        return rules

    def _after(self, result, items, conflicts, n, raw) -> After:
        remaining = tuple(self._failing_ids(result))
        if result.verdict != "accepted" and not conflicts and remaining:
            stuck = [s for s in items if s.rule.id in remaining and s.changes]
            if stuck:
                c = self._conflict(remaining, items, raw)
                conflicts = (c,) if len(c.rules) > 1 else ()
        return After(result.verdict, remaining, conflicts if result.verdict != "accepted" else (),
                     max(n, 0), raw, result)

    def _failing(self, result):
        # the rules of the attrs model (the result's may be the light copy from the cache)
        from ..checker import OUTCOME_WORDS
        return [(r, OUTCOME_WORDS[o]) for r, o in zip(self.ctx.g.rules, result.outcomes)
                if o in (1, 2) and r.strength in ("must", "part")]

    def _failing_ids(self, result):
        return [r.id for r, _ in self._failing(result)]

    # ---- one rule ---------------------------------------------------------------------------

    def _suggest_rule(self, rule: m.Rule, outcome: str, state, rnd: int) -> Suggestion:
        from ..explain_dates import no_change_sentence
        fixed = no_change_sentence(rule, state.data, self.ctx.cg.date_used(state.data, self.ctx.on), self.ctx.lang)
        if fixed is not None:              # a date gone by: no change passes (no travel in time)
            return Suggestion(rule, outcome, (), fixed, rnd)
        best, best_breaks, options = self._best(rule, state)
        if best is None:
            nothing_left = any(what is _GRANTS_NOTHING for what, _ in options)
            return Suggestion(rule, outcome, (), self.words.look(rule, state, nothing_left), rnd)
        options = [o for o in options if o[0] is not _GRANTS_NOTHING]
        sentence = best.sentence
        if rule.label and rule.strength == "must":
            sentence += f" ({rule.label})"
        return Suggestion(rule, outcome, best.changes, sentence, rnd, best_breaks, tuple(options))

    def _best(self, rule: m.Rule, state) -> tuple:
        """The cheapest fix that makes the rule pass (each other rule it breaks costs more, and so
        does leading back to an earlier round's application), what it breaks, and the (what,
        breaks) of every fix found."""
        ctx = self.ctx
        fixes = self.candidates.rule_fixes(rule, state)
        before = ctx.outcomes(state.data)
        best, best_score, best_breaks, options = None, None, (), []
        for fx in fixes:
            if not fx.changes:
                continue
            after = ctx.try_changes(state, fx.changes)
            if after is None:
                continue
            outs = ctx.outcomes(after.data)
            if outs.get(rule.id) not in (0, 3, None):
                continue                  # it does not make the rule pass: not a fix
            if grants_nothing(state.data, after.data):
                if (_GRANTS_NOTHING, ()) not in options:
                    options.append((_GRANTS_NOTHING, ()))
                continue                  # applying for nothing is no way to pass (a used-up fund or cap)
            broken = self._broken(rule, before, outs, state, after)
            what = self.words.what(fx)
            if (what, broken) not in options:
                options.append((what, broken))
            score = fx.cost + COST_BREAK * len(broken)
            if canon(after.raw) in self.seen:
                score += COST_SEEN
            if best_score is None or score < best_score:
                best, best_score, best_breaks = fx, score, broken
        return best, best_breaks, options

    def _broken(self, rule: m.Rule, before: dict, outs: dict, state, after) -> tuple:
        """The other rules that held and that a fix breaks."""
        g = self.ctx.g
        broken = tuple(i for i, o in outs.items() if o in (1, 2) and before.get(i) in (0, 3) and i != rule.id)
        if self.ctx.on is None and not m._in_force(g.valid_from, g.valid_to, after.data.get("start")) \
                and m._in_force(g.valid_from, g.valid_to, state.data.get("start")):
            broken += (self.t["validity"],)  # it moves the start out of the guideline's period
        return broken

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
                opts.append(what + (f" ({t['breaks'].format(rules=join(broken, self.lang))})" if broken else ""))
            parts.append(t["needs"].format(id=i, what=t["list_or"].join(opts)))
        message = t["conflict"].format(rules=join(ids, self.lang))
        if parts:
            message += ": " + "; ".join(parts)
        return Conflict(tuple(ids), message)


#: marks, among a rule's options, a fix that passed only by applying for nothing
_GRANTS_NOTHING = object()


def grants_nothing(before: dict, after: dict) -> bool:
    """Whether a change takes an application that asked for money down to asking for none: the
    amount applied for, or the total of its yearly budget, goes from above zero to zero or less."""
    for key in ("amount", "budget"):
        old, new = before.get(key), after.get(key)
        if key == "budget":
            old, new = (sum(v.values()) if isinstance(v, dict) and v else None for v in (old, new))
        if old is not None and new is not None and old > 0 and new <= 0:
            return True
    return False
