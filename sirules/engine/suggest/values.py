"""The candidate builders for comparisons: ``fact OP value`` solved for the fact on either side
(the amount applied for carries its yearly budget with it), and ``sum``/``max``/``min budget``
rescaled or capped, the amount following the budget's total."""

from __future__ import annotations

import datetime
import math
from fractions import Fraction

from ...language import model as m
from ...language.money import format_money
from .. import explain
from ..explain import fmt, value
from .context import COST_OTHER_SIDE, COST_SET, Fix
from .results import Change
from .solve import FLIP, NEG, invert, rebalance, solve_value, spread

#: the types whose change states a bound (for the conflict message)
_BOUNDED = ("money", "number", "duration", "date", "percent")


class ValueFixes:
    """Fixes that set a fact, a field or the yearly budget to meet a comparison."""

    def __init__(self, ctx, candidates):
        self.ctx, self.c = ctx, candidates
        self.t, self.lang, self.words, self.raw = ctx.t, ctx.lang, ctx.words, ctx.raw

    def cmp(self, e: m.Cmp, st, want, p, purpose) -> list:
        if isinstance(e.left, m.Count) or isinstance(e.right, m.Count):
            return self.c.people.count(e, st, want)
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
            for var, vop, bound in invert(var_side, o, target, st.data, q):
                fxs = self._set_var(var, vop, bound, st, p, purpose)
                for fx in (fxs if isinstance(fxs, list) else [fxs]):
                    if fx is not None:
                        out.append(Fix(fx.cost + extra, fx.changes, fx.sentence))
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
            new = solve_value(expr.type, op, bound, st.data["_participants"][idx].get(expr.key))
            if new is None:
                return None
            return self.c.people.set_field(idx, expr.key, new, st)
        return None

    def _set_fact(self, fact: m.Fact, op, bound, st, purpose) -> Fix | None:
        t, lang, words = self.t, self.lang, self.words
        key, typ = fact.key, fact.type
        info = words.g.facts.get(key)
        if info is not None and getattr(info, "attested_by", None):
            return None                  # someone else attests it: not the applicant's to change
        old = st.data.get(key)
        new = solve_value(typ, op, bound, old)
        if new is None or new == old:
            return None
        change = Change(self.raw.raw_key(st.raw, key), old, new, target=("fact", key, typ),
                        bound=(op, bound, typ, words.label(key, fact.text)) if typ in _BOUNDED else None)
        changes = [change]
        if typ == "bool":
            sentence = words.bool_sentence(key, fact.text, old, new, purpose)
        elif typ in _BOUNDED:
            sentence = words.num_sentence(key, fact.text, typ, op, old, new, bound)
        else:
            x = words.label(key, fact.text)
            sentence = t["change"].format(x=x, o=fmt(old, typ, lang), v=fmt(new, typ, lang)) if old is not None \
                else t["state"].format(x=x, n=fact.text, req=explain.T[lang]["="].format(r=fmt(new, typ, lang)))
        if key == "amount" and old is not None:
            budget = st.data.get("budget")
            if budget and sum(budget.values()) == old and new >= 0:
                nb = dict(zip(budget, spread(new, list(budget.values()))))
                changes.append(Change(self.raw.raw_key(st.raw, "budget"), budget, nb, target=("budget",)))
                sentence += t["budget_follow"].format(t=words.table(nb))
        return Fix(COST_SET, tuple(changes), sentence)

    # ---- the yearly budget ------------------------------------------------------------------------

    def _set_budget(self, fn, op, bound, st) -> list:
        """Fixes for ``sum``/``max``/``min budget OP bound``. A sum is rescaled proportionally; a max or
        min either changes only the years that break it (the total moves, and the amount with it), or
        moves money between the years so the total stays."""
        budget = st.data.get("budget")
        if fn == "sum":
            tables = self._sum_tables(op, bound, budget, st)
        else:
            tables = self._level_tables(fn, op, bound, budget, st)
        return [self._budget_fix(fn, op, bound, budget, nb, sentence, st) for nb, sentence in tables]

    def _sum_tables(self, op, bound, budget, st) -> list:
        """(new budget, sentence): the budget rescaled to a total that meets the bound, or a new one."""
        t, words = self.t, self.words
        total = solve_value("money", op, bound, sum(budget.values()) if budget else None)
        if total is None or total < 0:
            return []
        if budget:
            nb = dict(zip(budget, spread(total, list(budget.values()))))
            return [(nb, t["budget_scale"].format(v=format_money(total, self.lang), t=words.table(nb)))]
        nb = self._new_budget(total, st.data)
        return [(nb, t["budget_new"].format(t=words.table(nb)))]

    def _level_tables(self, fn, op, bound, budget, st) -> list:
        """(new budget, sentence): the years that break a max or min set to the level (the total
        moves), and the budget rebalanced so the total stays; or a new budget at the level."""
        t, words = self.t, self.words
        level = solve_value("money", op, bound, None)
        if level is None or level < 0:
            return []
        if not budget:
            nb = self._new_budget(None, st.data, level)
            return [(nb, t["budget_new"].format(t=words.table(nb)))]
        tables = []
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
            tables.append((nb, t["budget_years"].format(t=words.table(nb, budget))))
        kept = rebalance(budget, level, upper, lower)
        if kept is not None and kept != budget and kept != nb:
            tables.append((kept, t["budget_keep"].format(t=words.table(kept, budget))))
        return tables

    def _budget_fix(self, fn, op, bound, budget, nb, sentence, st) -> Fix:
        """Set the budget to ``nb``; the amount follows when it was the budget's total."""
        changes = [Change(self.raw.raw_key(st.raw, "budget"), budget, nb, target=("budget",),
                          bound=(op, bound, "money", self.words.agg_name(fn)))]
        amount = st.data.get("amount")
        if budget and amount is not None and amount == sum(budget.values()) and sum(nb.values()) != amount:
            new = sum(nb.values())
            changes.append(Change(self.raw.raw_key(st.raw, "amount"), amount, new,
                                  target=("fact", "amount", "money")))
            sentence += self.t["amount_follow"].format(x=self.words.label("amount", None),
                                                       o=format_money(amount, self.lang),
                                                       v=format_money(new, self.lang))
        return Fix(COST_SET, tuple(changes), sentence)

    def _new_budget(self, total, data, level=None) -> dict:
        start = data.get("start")
        months = data.get("duration")
        when = start or self.ctx.on or self.ctx.g.valid_from or datetime.date.today()
        first = when.year
        years = max(1, math.ceil(((start.month - 1 if start else 0) + months) / 12)) if months else 1
        if total is None:
            return {first + i: level for i in range(years)}
        return dict(zip([first + i for i in range(years)], spread(total, [1] * years)))
