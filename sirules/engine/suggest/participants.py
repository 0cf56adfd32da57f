"""The candidate builders for participants: a count that falls short adds participants of the
kind its filter asks for (or sets a field that is missing), a count that is too high clears a
field or removes a participant, and ``every participant … has …`` sets the field of each
participant that does not meet it."""

from __future__ import annotations

from ...language import model as m
from ...language import vocabulary as voc
from .. import explain
from ..explain import fmt, value
from .context import COST_ADD, COST_REMOVE, COST_SET, Fix
from .results import Change
from .solve import FLIP, NEG, OPS, satisfy
from .wording import join


class _Plan:
    """Changes gathered one participant after another, their sentences and their summed cost."""
    __slots__ = ("changes", "sentences", "cost")

    def __init__(self):
        self.changes, self.sentences, self.cost = [], [], 0.0

    def take(self, fx: Fix) -> None:
        self.changes.extend(fx.changes)
        self.sentences.append(fx.sentence)
        self.cost += fx.cost


class ParticipantFixes:
    """Fixes for counts of participants and for ``every participant``."""

    def __init__(self, ctx, candidates):
        self.ctx, self.c = ctx, candidates
        self.t, self.lang, self.words = ctx.t, ctx.lang, ctx.words

    def count(self, e: m.Cmp, st, want, depth: int = 0) -> list:
        """Fixes for a comparison of a count; one that leaves the count undecided (fields still
        unknown) is followed by a second step on its result."""
        out = []
        for fx in self._count_step(e, st, want):
            if depth < 2:
                nxt = self.ctx.try_changes(st, fx.changes)
                if nxt is not None and value(e, nxt.data) is None:
                    more = [f for f in self.count(e, nxt, want, depth + 1) if f.changes]
                    if more:
                        f = min(more, key=lambda f: f.cost)
                        fx = Fix(fx.cost + f.cost, fx.changes + f.changes, fx.sentence + self.t["and"] + f.sentence)
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
        ok = [k for k in range(int(max(hi, n)) + 3) if OPS[op](k, n)]
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

    # ---- more -----------------------------------------------------------------------------------

    def _more(self, cnt: m.Count, k: int, st) -> list:
        """k more participants must surely match (for ``distinct``: k more distinct values)."""
        plan = _Plan()
        # 1. participants whose filter is unknown or fails only on a field that can be set
        if cnt.filter is not None:
            k = self._more_by_filter(cnt, k, st, plan)
        # 2. (distinct) matching participants with the field missing get a value of their own
        if cnt.distinct and k:
            k = self._more_distinct(cnt, k, st, plan)
        # 3. new participants
        if k and not self._more_new(cnt, k, st, plan):
            return []
        return [Fix(plan.cost, tuple(plan.changes), self.t["and"].join(plan.sentences))]

    def _more_by_filter(self, cnt: m.Count, k: int, st, plan: _Plan) -> int:
        for i, q in enumerate(st.data["_participants"]):
            if k == 0:
                break
            f = value(cnt.filter, st.data, q)
            if f is True:
                continue
            fixes = [x for x in self.c.fixes(cnt.filter, st, True, i) if x.changes]
            if not fixes:
                continue
            if cnt.distinct and q.get(cnt.distinct) in self._distinct_values(cnt, st.data):
                continue
            plan.take(min(fixes, key=lambda x: x.cost))
            k -= 1
        return k

    def _more_distinct(self, cnt: m.Count, k: int, st, plan: _Plan) -> int:
        parts = st.data["_participants"]
        for i, q in enumerate(parts):
            if k == 0:
                break
            f = True if cnt.filter is None else value(cnt.filter, st.data, q)
            if f is True and q.get(cnt.distinct) is None:
                new = self.words.fresh(cnt.distinct, parts, len(plan.changes) + 1)
                plan.take(self.set_field(i, cnt.distinct, new, st))
                k -= 1
        return k

    def _more_new(self, cnt: m.Count, k: int, st, plan: _Plan) -> bool:
        """Add k new participants that match; False when the filter is too complex to build for."""
        options = satisfy(cnt.filter, True, self.ctx.kinds.order)
        if options is None:
            return False
        rows = self._new_rows(cnt, k, options[0] if options else {}, st)
        desc = self._new_desc(cnt, st)
        phrase = (self.t["add_one"] if k == 1 else self.t["add_n"]).format(k=k, d=desc).rstrip()
        plan.sentences.append(phrase)
        for r in rows:
            plan.changes.append(Change("participants", add=r, op="add", target=("participants",)))
        plan.cost += COST_ADD * k
        return True

    def _new_rows(self, cnt: m.Count, k: int, base: dict, st) -> list:
        parts = st.data["_participants"]
        row = dict(base)
        if "kind" not in row:
            app = st.data["_applicant"] or (parts[0] if parts else None)
            row["kind"] = app.get("kind") if app else "municipal_unit"
        rows = []
        taken = {q.get("name") for q in parts}
        for j in range(k):
            r = dict(row)
            r["name"] = self.words.fresh_name(parts, extra=taken)
            taken.add(r["name"])
            if cnt.distinct and cnt.distinct != "name":
                r[cnt.distinct] = self.words.fresh(cnt.distinct, parts, j + 1)
            rows.append(r)
        return rows

    def _new_desc(self, cnt: m.Count, st) -> str:
        """Which participants to add: the count's filter, and for ``distinct`` the values taken."""
        t, lang = self.t, self.lang
        desc = self.words.filter_desc(cnt.filter)
        if cnt.distinct:
            have = self._distinct_values(cnt, st.data)
            if have:
                key = {"name": "distinct_name", "committee": "distinct_committee",
                       "area": "distinct_area"}.get(cnt.distinct, "distinct_other")
                field = voc.FIELDS[cnt.distinct].name(lang) if cnt.distinct in voc.FIELDS else cnt.distinct
                desc = (desc + " " if desc else "") + t[key].format(v=join(sorted(have), lang), f=field)
        return desc

    # ---- fewer, every -------------------------------------------------------------------------------

    def _fewer(self, cnt: m.Count, k: int, st) -> list:
        """k fewer participants may match: clear a field that makes them match, or remove them.
        Several orders are tried (the last first; the ones the application had before first), so the
        choice that breaks no other rule can win."""
        if cnt.distinct:
            return []
        parts = st.data["_participants"]
        has_app = st.data["_applicant"] is not None
        added = self.ctx.added
        match = {i: (True if cnt.filter is None else value(cnt.filter, st.data, q)) for i, q in enumerate(parts)}
        matching = [i for i in match if match[i] is not False]
        maybe = [i for i in reversed(matching) if match[i] is None]
        orders = [maybe + [i for i in reversed(matching) if i not in maybe],
                  list(reversed(matching)),
                  [i for i in reversed(matching) if parts[i].get("name") not in added] +
                  [i for i in reversed(matching) if parts[i].get("name") in added],
                  list(matching)]
        out = []
        for order in orders:
            fx = self._fewer_in(cnt, k, st, order, has_app)
            if fx is not None and fx not in out:
                out.append(fx)
        return out

    def _fewer_in(self, cnt, k, st, order, has_app) -> Fix | None:
        t = self.t
        parts = st.data["_participants"]
        plan, removed = _Plan(), []
        for i in order:
            if k == 0:
                break
            fixes = [x for x in self.c.fixes(cnt.filter, st, False, i) if x.changes] if cnt.filter is not None else []
            if fixes:
                plan.take(min(fixes, key=lambda x: x.cost))
            elif has_app and i == 0:
                continue                  # the applicant is not removed
            else:
                plan.changes.append(self._remove(i, st))
                removed.append(self.words.who(parts[i], i))
                plan.cost += COST_REMOVE
            k -= 1
        if k:
            return None
        if removed:
            plan.sentences.append(t["remove"].format(who=join(removed, self.lang)))
        return Fix(plan.cost, tuple(plan.changes), t["and"].join(plan.sentences))

    def every(self, e: m.Every, st, want) -> list:
        t, words = self.t, self.words
        if not want:
            return []
        parts = st.data["_participants"]
        has_app = st.data["_applicant"] is not None
        plan, alts = _Plan(), []
        for i, q in enumerate(parts):
            f = True if e.filter is None else value(e.filter, st.data, q)
            if f is False or value(e.cond, st.data, q) is True:
                continue
            fixes = [x for x in self.c.fixes(e.cond, st, True, i) if x.changes]
            removable = not (has_app and i == 0) and q.get("name") not in self.ctx.added
            if fixes:
                plan.take(min(fixes, key=lambda x: x.cost))
                if removable and self.ctx.harmless((self._remove(i, st),), st):
                    alts.append(t["remove"].format(who=words.who(q, i)))
            elif removable:
                plan.changes.append(self._remove(i, st))
                plan.sentences.append(t["remove"].format(who=words.who(q, i)))
                plan.cost += COST_REMOVE
            else:
                return []
        if not plan.changes:
            return []
        sentence = t["and"].join(plan.sentences)
        if alts:
            sentence += t["or"] + t["and"].join(alts)
        return [Fix(plan.cost, tuple(plan.changes), sentence)]

    # ---- one participant ----------------------------------------------------------------------------

    def set_field(self, idx: int, key: str, new, st) -> Fix:
        t, lang, words = self.t, self.lang, self.words
        q = st.data["_participants"][idx]
        old = q.get(key)
        path = self.ctx.raw.slot_path(st, idx) + "." + key
        ftype = voc.FIELDS[key].type if key in voc.FIELDS else "text"
        name = voc.FIELDS[key].name(lang) if key in voc.FIELDS else key
        if key in voc.FIELDS and key not in ("name", "kind"):
            name += f" ({voc.FIELDS[key].label(lang)})"
        if old is None:
            sentence = t["field_state"].format(f=name, who=words.who(q, idx), v=fmt(new, ftype, lang))
        else:
            sentence = t["field_change"].format(f=name, who=words.who(q, idx), o=fmt(old, ftype, lang),
                                                v=fmt(new, ftype, lang))
        return Fix(COST_SET, (Change(path, old, new, target=("field", idx, key)),), sentence)

    def _remove(self, idx: int, st) -> Change:
        q = st.data["_participants"][idx]
        return Change(self.ctx.raw.slot_path(st, idx), dict(q), None, op="remove", target=("remove", idx))

    def _distinct_values(self, cnt: m.Count, data) -> set:
        out = set()
        for q in data["_participants"]:
            f = True if cnt.filter is None else value(cnt.filter, data, q)
            if f is True and q.get(cnt.distinct) is not None:
                out.add(q.get(cnt.distinct))
        return out
