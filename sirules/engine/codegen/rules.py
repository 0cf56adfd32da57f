"""The rule and verdict emitters: each rule to one outcome ``o<i>``, and the outcomes to a verdict.

:class:`Rules` is mixed into :class:`~sirules.engine.codegen.generator._Gen`. A rule's outcome is
0 pass, 1 fail, 2 undecided, 3 not in force or 4 paused or closed (not applied, never a reason
for the verdict); outcome mode (:meth:`Rules.outcome`) writes a
condition straight to that int. The verdict is inlined for a small guideline
(:meth:`Rules.verdict`) and a loop over index tuples for a chunked one (:meth:`Rules.chunked_verdict`).
"""

from __future__ import annotations

from ...language import model as m
from .pycode import _NONNULL, _NULLABLE


class Rules:
    """Rules, outcome mode and the verdict."""

    # ---- rules ------------------------------------------------------------------------
    def rule(self, i: int, r: m.Rule) -> str:
        out = f"o{i}"
        depth = 1
        self.emit(f"# {r.id} (line {r.origin.line})", depth)
        guarded = r.valid_from is not None or r.valid_to is not None
        if guarded:
            conds = []
            if r.valid_from is not None:
                conds.append(f"on < {self.const(r.valid_from)}")
            if r.valid_to is not None:
                conds.append(f"on > {self.const(r.valid_to)}")
            self.emit(f"if on is not None and ({' or '.join(conds)}):", depth)
            self.emit(f"{out} = 3", depth + 1)
            self.emit("else:", depth)
            depth += 1
        if getattr(r, "status", None) is not None:     # a paused or closed rule is not applied
            self.emit(f"{out} = 4", depth)
        elif isinstance(r.expr, m.InForce) and r.expr.status is not None and guarded:
            self.emit(f"{out} = 1 if on is not None else 2", depth)    # a dated pause: no date, no telling
        elif isinstance(r.expr, m.InForce):
            self.emit(f"{out} = {self.in_force_outcome(r.expr)}", depth)
        elif r.strength in ("part", "supplied"):
            present = "0" if r.strength == "supplied" else f"(0 if {r.part!r} in PARTS else 1)"
            if r.expr is None:
                self.emit(f"{out} = {present}", depth)
            else:
                c = self.expr(r.expr, depth)
                self.emit(f"{out} = 2 if {c} is None else ({present} if {c} else 0)", depth)
        else:
            code = self.outcome(r.expr, depth)
            self.emit(f"{out} = {code}", depth)
        return out

    # ---- outcome mode: a rule's condition straight to 0 pass / 1 fail / 2 undecided ----------
    def outcome(self, e: m.Expr, d: int) -> str:
        if isinstance(e, (m.Cmp, m.Between, m.Member)):
            parts = self.test_parts(e, d, None)
            if parts is not None:
                unknown, test = parts
                return f"(0 if {test} else 1)" if unknown == "False" else f"(2 if ({unknown}) else (0 if {test} else 1))"
        if isinstance(e, (m.And, m.Or)):
            codes = [self.var(self.outcome(i, d), d) for i in e.items]
            first, second = ("1", "0") if isinstance(e, m.And) else ("0", "1")
            decisive = " or ".join(f"{c} == {first}" for c in codes)
            unsure = " or ".join(f"{c} == 2" for c in codes)
            return f"({first} if {decisive} else (2 if {unsure} else {second}))"
        if isinstance(e, m.Implies):
            c = self.var(self.outcome(e.cond, d), d)
            t = self.var(self.outcome(e.then, d), d)
            return f"(0 if {c} == 1 or {t} == 0 else (2 if {c} == 2 or {t} == 2 else 1))"
        c = self.expr(e, d)
        if c in _NONNULL:
            return f"(0 if {c} else 1)"
        return f"(0 if {c} is True else (1 if {c} is False else 2))"

    def var(self, code: str, d: int) -> str:
        if _NULLABLE.match(code) or code.isdigit():
            return code
        if d == 1 and code in self.cse:        # the same test earlier in the function: reuse it
            return self.cse[code]
        t = self.tmp()
        self.emit(f"{t} = {code}", d)
        if d == 1:
            self.cse[code] = t
        return t

    def verdict(self, outs: list[str]) -> list[str]:
        rules = self.g.rules
        must = [o for o, r in zip(outs, rules) if r.strength == "must"]
        parts = [o for o, r in zip(outs, rules) if r.strength == "part"]
        prio = [(o, r.weight) for o, r in zip(outs, rules) if r.strength == "priority"]
        lines = []
        def tup(xs):
            return "(" + ", ".join(xs) + ("," if len(xs) == 1 else "") + ")"
        # membership in a tuple is one C loop, not a chain of Python comparisons
        if must:
            lines.append(f"    m = {tup(must)}")
        reject = "1 in m" if must else "False"
        pending = ["2 in m"] if must else []
        guarded = any(r.valid_from is not None or r.valid_to is not None for r in rules if r.strength == "part")
        if parts and not guarded:          # 0, 1 or 2: any part not passed is a nonzero outcome
            pending.append(" or ".join(parts))
        elif parts:                        # 3 (not in force) counts as passed
            pending += [f"1 in {tup(parts)}", f"2 in {tup(parts)}"]
        incomplete = " or ".join(pending) or "False"
        lines.append(f"    if {reject}:")
        lines.append("        v = 'rejected'")
        lines.append(f"    elif {incomplete}:")
        lines.append("        v = 'incomplete'")
        lines.append("    else:")
        lines.append("        v = 'accepted'")
        score = " + ".join(f"({w} if {o} == 0 else 0)" for o, w in prio) or "0"
        lines.append(f"    return v, {score}, ({', '.join(outs)}{',' if len(outs) == 1 else ''})")
        return lines

    def chunked_verdict(self) -> list[str]:
        """``_verdict(o)`` and ``_score(o)`` of a chunked module, over the index tuples MUST,
        PART_IDX and PRIO (set here as constants)."""
        rules = self.g.rules
        self.const_values["MUST"] = tuple(i for i, r in enumerate(rules) if r.strength == "must")
        self.const_values["PART_IDX"] = tuple(i for i, r in enumerate(rules) if r.strength == "part")
        self.const_values["PRIO"] = tuple((i, r.weight) for i, r in enumerate(rules) if r.strength == "priority")
        return ["def _verdict(o):", "    v = 'accepted'", "    for i in MUST:", "        x = o[i]",
                "        if x == 1: return 'rejected', _score(o), o", "        if x == 2: v = 'incomplete'",
                "    if v == 'accepted':", "        for i in PART_IDX:",
                "            if o[i] != 0: v = 'incomplete'; break", "    return v, _score(o), o", "",
                "def _score(o):", "    return sum(w for i, w in PRIO if o[i] == 0)", ""]
