"""The candidate builders for a rule and its logic: ``not``, ``and``/``or`` (the cheapest branch,
the others named), ``if … then`` (meet the consequence or make the condition false), ``between``
and a missing part. Comparisons, choices and participants go to their own builders, which call
back here for the parts of an expression they hold."""

from __future__ import annotations

from ...language import model as m
from ..explain import value
from .choices import ChoiceFixes
from .context import COST_EXEMPT, COST_SET, Context, Fix, State
from .participants import ParticipantFixes
from .results import Change
from .values import ValueFixes


class Candidates:
    """Candidate fixes of the rules of one guideline; ``values``, ``choices`` and ``people`` build
    those for comparisons, choices and kinds, and participants."""

    def __init__(self, ctx: Context):
        self.ctx, self.t, self.words = ctx, ctx.t, ctx.words
        self.values = ValueFixes(ctx, self)
        self.choices = ChoiceFixes(ctx, self)
        self.people = ParticipantFixes(ctx, self)

    # ---- rules ------------------------------------------------------------------------------

    def rule_fixes(self, rule: m.Rule, st: State) -> list:
        if rule.strength == "part":
            return self._part_rule_fixes(rule, st)
        return self.fixes(rule.expr, st, True)

    def _part_rule_fixes(self, rule: m.Rule, st: State) -> list:
        present = m.PartPresent(type="bool", key=rule.part, name=rule.part)
        if rule.expr is None:
            return self.fixes(present, st, True)
        c = value(rule.expr, st.data)
        if c is None:
            return self._decide_then_attach(rule.expr, present, st)
        attach = [f for f in self.fixes(present, st, True) if f.changes]
        off = [self.exempted(f) for f in self.fixes(rule.expr, st, False, purpose="exempt") if f.changes]
        return self.offer(attach, off, st)

    def _decide_then_attach(self, cond: m.Expr, present: m.PartPresent, st: State) -> list:
        """The condition must be decided: either it does not hold, or it holds and the part is there."""
        out = [f for f in self.fixes(cond, st, False, purpose="exempt") if f.changes]
        for fx in self.fixes(cond, st, True):
            nxt = self.ctx.try_changes(st, fx.changes)
            if nxt is None:
                continue
            for p in self.fixes(present, nxt, True):
                out.append(Fix(fx.cost + p.cost, fx.changes + p.changes,
                               fx.sentence + self.t["and"] + p.sentence))
        return out

    def with_alternatives(self, fixes, joiner, groups=None):
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
                out.append(Fix(f.cost, f.changes, sentence))
        return out

    # ---- expressions ---------------------------------------------------------------------------

    def fixes(self, e: m.Expr, st: State, want: bool, p: int | None = None, purpose: str = "require") -> list:
        """Candidate fixes that make ``e`` evaluate to ``want`` (participant ``p`` in scope)."""
        q = None if p is None else st.data["_participants"][p]
        if value(e, st.data, q) is want:
            return [Fix(0.0, (), "")]
        if isinstance(e, m.Not):
            return self.fixes(e.item, st, not want, p, purpose)
        if isinstance(e, (m.And, m.Or)):
            return self._and_or(e, st, want, p, purpose)
        if isinstance(e, m.Implies):
            return self._implies(e, st, want, p, purpose)
        if isinstance(e, m.Cmp):
            return self.values.cmp(e, st, want, p, purpose)
        if isinstance(e, m.Between):
            return self._between(e, st, want, p, purpose)
        if isinstance(e, m.Member):
            return self.choices.member(e, st, want, p, purpose)
        if isinstance(e, m.PartPresent):
            if not want or e.key in st.data["_parts"]:
                return []
            return [self.add_part(e.key)]
        if isinstance(e, m.Every):
            return self.people.every(e, st, want)
        if isinstance(e, (m.Fact, m.PField, m.ApplicantField)) and e.type == "bool":
            return self.values.cmp(m.Cmp(type="bool", op="=", left=e, right=m.Const(type="bool", value=True, text="yes"),
                                         text=e.text), st, want, p, purpose)
        return []

    def _and_or(self, e, st, want, p, purpose) -> list:
        conj = isinstance(e, m.And) == want       # all items must reach ``want``
        if conj:
            return self.all_of(list(e.items), st, want, p, purpose)
        groups = [self.fixes(i, st, want, p, purpose) for i in e.items]
        groups = [[f for f in g if f.changes] for g in groups]
        return self.with_alternatives([f for g in groups for f in g], self.t["or"], groups)

    def _implies(self, e: m.Implies, st, want, p, purpose) -> list:
        if want:
            then = [f for f in self.fixes(e.then, st, True, p, purpose) if f.changes]
            off = [self.exempted(f) for f in self.fixes(e.cond, st, False, p, "exempt") if f.changes]
            return self.offer(then, off, st)
        return self.all_of([e.cond, m.Not(type="bool", item=e.then)], st, True, p, purpose)

    def _between(self, e: m.Between, st, want, p, purpose) -> list:
        if want:
            lo = m.Cmp(type="bool", op=">=", left=e.item, right=e.low, text=e.text)
            hi = m.Cmp(type="bool", op="<=", left=e.item, right=e.high, text=e.text)
            return self.all_of([lo, hi], st, True, p, purpose)
        lo = m.Cmp(type="bool", op="<", left=e.item, right=e.low, text=e.text)
        hi = m.Cmp(type="bool", op=">", left=e.item, right=e.high, text=e.text)
        groups = [self.fixes(lo, st, True, p, purpose), self.fixes(hi, st, True, p, purpose)]
        return self.with_alternatives(groups[0] + groups[1], self.t["or"], groups)

    def offer(self, meet: list, off: list, st: State) -> list:
        """Fixes that meet a requirement, and fixes that make it not apply. Both compete on cost, but
        an exemption is named as an alternative only when it states a missing fact or concerns the
        participants: changing a fact the application states just to escape a rule is not advice."""
        named = [f for f in off if all(c.old is None or c.target[:1] in (("remove",), ("field",)) for c in f.changes)
                 and self.ctx.harmless(f.changes, st)]
        out = self.with_alternatives(meet + named, self.t["alt"], [meet, named])
        return out + [f for f in off if f not in named]

    def exempted(self, f: Fix) -> Fix:
        """A fix that makes a condition false: it costs a little more, and says the rule then does not apply."""
        marker = self.t["exempt_marker"]
        sentence = f.sentence if marker in f.sentence else f.sentence + self.t["exempt"]
        return Fix(f.cost + COST_EXEMPT, f.changes, sentence)

    def all_of(self, items, st, want, p, purpose) -> list:
        """Every item must reach ``want``: fix them one after another, each on the result of the last."""
        partial = [Fix(0.0, (), "")]
        for item in items:
            nxt = []
            for base in partial[:3]:
                cur = self.ctx.try_changes(st, base.changes) if base.changes else st
                if cur is None:
                    continue
                q = None if p is None else cur.data["_participants"][p] if p < len(cur.data["_participants"]) else None
                if p is not None and q is None:
                    continue
                if value(item, cur.data, q) is want:
                    nxt.append(base)
                    continue
                for f in sorted(self.fixes(item, cur, want, p, purpose), key=lambda f: f.cost)[:3]:
                    if not f.changes:
                        continue
                    sentence = base.sentence + self.t["and"] + f.sentence if base.sentence else f.sentence
                    nxt.append(Fix(base.cost + f.cost, base.changes + f.changes, sentence))
            partial = sorted(nxt, key=lambda f: f.cost)
            if not partial:
                return []
        return [f for f in partial if f.changes]

    def add_part(self, key: str) -> Fix:
        return Fix(COST_SET, (Change("parts", add=key, op="add", target=("parts",)),),
                   self.t["attach"].format(p=self.words.part_phrase(key)))
