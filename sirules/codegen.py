"""From :mod:`sirules.model` rules to one Python function, compiled once.

The generated function ``check(a, on)`` takes a normalised application (see
:mod:`sirules.application`) and the date that picks the rules in force, and
returns ``(verdict, score, outcomes)`` where ``outcomes`` holds one small int
per rule: 0 pass, 1 fail, 2 undecided, 3 not in force. No syntax node is walked
per application, nothing is formatted, and every rule is inlined, so there is no
call per rule. Missing facts are ``None``; and/or/not/if follow Kleene's
three-valued logic. Numbers are compared exactly: a percentage is a fraction
whose denominator is multiplied out at compile time.
"""

from __future__ import annotations

import math
import re
from fractions import Fraction

from . import model as m

PASS, FAIL, UNDECIDED, NOT_IN_FORCE = 0, 1, 2, 3
OUTCOME_WORDS = ("pass", "fail", "undecided", "not_in_force")


def source(g: m.Guideline) -> str:
    """Python source of the check function for guideline ``g``."""
    return _Gen(g).module()


def compile_check(g: m.Guideline, src: str | None = None):
    """The check function (compiling the source once)."""
    src = src or source(g)
    code = compile(src, f"<sirules {g.path}>", "exec")
    return load_check(code)


def load_check(code):
    from fractions import Fraction as _F
    ns: dict = {"Fraction": _F}
    exec(code, ns)
    return ns["check"]


class _Gen:
    def __init__(self, g: m.Guideline):
        self.g = g
        self.lines: list[str] = []
        self.consts: dict[object, str] = {}
        self.n = 0
        self.facts: dict[str, str] = {}
        self.bounds: dict[str, tuple[str, str]] = {}

    def tmp(self) -> str:
        self.n += 1
        return f"t{self.n}"

    def const(self, value) -> str:
        key = (type(value).__name__, value if not isinstance(value, frozenset) else tuple(sorted(value)))
        if key not in self.consts:
            self.consts[key] = f"C{len(self.consts)}"
            self.const_values = getattr(self, "const_values", {})
            self.const_values[self.consts[key]] = value
        return self.consts[key]

    def emit(self, line: str, depth: int) -> None:
        self.lines.append("    " * depth + line)

    def fact(self, key: str) -> str:
        if key not in self.facts:
            self.facts[key] = f"f_{len(self.facts)}"
        return self.facts[key]

    def module(self) -> str:
        body_start = len(self.lines)
        outs = []
        for i, rule in enumerate(self.g.rules):
            outs.append(self.rule(i, rule))
        body = self.lines[body_start:]
        head = ["def check(a, on):"]
        for key, var in self.facts.items():
            head.append(f"    {var} = a.get({key!r})")
        head.append("    P = a['_participants']")
        head.append("    AP = a['_applicant']")
        head.append("    PARTS = a['_parts']")
        tail = self.verdict(outs)
        consts = []
        for name, value in getattr(self, "const_values", {}).items():
            consts.append(f"{name} = {_literal(value)}")
        return "\n".join(["import datetime", *consts, *head, *body, *tail]) + "\n"

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
        if r.strength in ("part", "supplied"):
            present = "0" if r.strength == "supplied" else f"(0 if {r.part!r} in PARTS else 1)"
            if r.expr is None:
                self.emit(f"{out} = {present}", depth)
            else:
                c = self.expr(r.expr, depth)
                self.emit(f"{out} = 2 if {c} is None else ({present} if {c} else 0)", depth)
        else:
            c = self.expr(r.expr, depth)
            self.emit(f"{out} = 0 if {c} is True else (1 if {c} is False else 2)", depth)
        return out

    def verdict(self, outs: list[str]) -> list[str]:
        rules = self.g.rules
        must = [o for o, r in zip(outs, rules) if r.strength == "must"]
        parts = [o for o, r in zip(outs, rules) if r.strength == "part"]
        prio = [(o, r.weight) for o, r in zip(outs, rules) if r.strength == "priority"]
        lines = []
        reject = " or ".join(f"{o} == 1" for o in must) or "False"
        incomplete = " or ".join([f"{o} == 2" for o in must] + [f"{o} != 0" for o in parts]) or "False"
        lines.append(f"    if {reject}:")
        lines.append("        v = 'rejected'")
        lines.append(f"    elif {incomplete}:")
        lines.append("        v = 'incomplete'")
        lines.append("    else:")
        lines.append("        v = 'accepted'")
        score = " + ".join(f"({w} if {o} == 0 else 0)" for o, w in prio) or "0"
        lines.append(f"    return v, {score}, ({', '.join(outs)}{',' if len(outs) == 1 else ''})")
        return lines

    # ---- expressions: each returns a name or literal holding True/False/None or a value --
    def expr(self, e: m.Expr, d: int, p: str | None = None) -> str:
        return getattr(self, "e_" + type(e).__name__)(e, d, p)

    def e_Const(self, e, d, p):
        if isinstance(e.value, (bool, int, str)) and not isinstance(e.value, Fraction):
            return repr(e.value)
        return self.const(e.value)

    def e_Fact(self, e, d, p):
        return self.fact(e.key)

    def e_PField(self, e, d, p):
        t = self.tmp()
        self.emit(f"{t} = {p}.get({e.key!r})", d)
        return t

    def e_ApplicantField(self, e, d, p):
        t = self.tmp()
        self.emit(f"{t} = None if AP is None else AP.get({e.key!r})", d)
        return t

    def e_And(self, e, d, p):
        t = self.tmp()
        self.emit(f"{t} = True", d)
        for item in e.items:
            c = self.expr(item, d, p)
            self.emit(f"if {c} is False: {t} = False", d)
            self.emit(f"elif {c} is None and {t} is True: {t} = None", d)
        return t

    def e_Or(self, e, d, p):
        t = self.tmp()
        self.emit(f"{t} = False", d)
        for item in e.items:
            c = self.expr(item, d, p)
            self.emit(f"if {c} is True: {t} = True", d)
            self.emit(f"elif {c} is None and {t} is False: {t} = None", d)
        return t

    def e_Not(self, e, d, p):
        c = self.expr(e.item, d, p)
        t = self.tmp()
        self.emit(f"{t} = " + _guard(c, then=f"not {c}"), d)
        return t

    def e_Implies(self, e, d, p):
        c = self.expr(e.cond, d, p)
        b = self.expr(e.then, d, p)
        t = self.tmp()
        self.emit(f"{t} = True if ({c} is False or {b} is True) else (None if ({c} is None or {b} is None) else False)", d)
        return t

    def num(self, e: m.Expr, d: int, p) -> tuple[str, int]:
        """(code, denominator): the value is code / denominator, denominator static."""
        if isinstance(e, m.Const) and isinstance(e.value, (int, Fraction)) and not isinstance(e.value, bool):
            v = Fraction(e.value)
            return repr(v.numerator), v.denominator
        if isinstance(e, m.ShareOf):
            code, den = self.num(e.base, d, p)
            if e.share.numerator == 1:
                return code, den * e.share.denominator
            t = self.tmp()
            self.emit(f"{t} = " + _guard(code, then=f"{code} * {e.share.numerator}"), d)
            return t, den * e.share.denominator
        if isinstance(e, m.Arith) and e.op in "+-":
            a, da = self.num(e.left, d, p)
            b, db = self.num(e.right, d, p)
            lcm = math.lcm(da, db)
            t = self.tmp()
            self.emit(f"{t} = " + _guard(a, b, then=f"{a}{_mul(lcm // da)} {e.op} {b}{_mul(lcm // db)}"), d)
            return t, lcm
        if isinstance(e, m.Arith) and e.op == "*":
            a, da = self.num(e.left, d, p)
            b, db = self.num(e.right, d, p)
            t = self.tmp()
            self.emit(f"{t} = " + _guard(a, b, then=f"{a} * {b}"), d)
            return t, da * db
        if isinstance(e, m.Neg):
            a, da = self.num(e.item, d, p)
            t = self.tmp()
            self.emit(f"{t} = " + _guard(a, then=f"-{a}"), d)
            return t, da
        if isinstance(e, m.Arith) and e.op == "/":
            a, da = self.num(e.left, d, p)
            b, db = self.num(e.right, d, p)
            t = self.tmp()
            self.emit(f"{t} = None if ({_unknown(a, b)} or {b} == 0) else Fraction({a}{_mul(db)}, {b}{_mul(da)})", d)
            return t, 1
        return self.expr(e, d, p), 1

    def e_Cmp(self, e, d, p):
        t = self.tmp()
        numeric = e.left.type in ("money", "number", "percent", "duration", "ratio")
        if numeric:
            left, right = e.left, e.right
            a, da = self.num(left, d, p)
            b, db = self.num(right, d, p)
            if e.left.type == "ratio" and e.right.type == "percent":
                db *= 100
            if e.right.type == "ratio" and e.left.type == "percent":
                da *= 100
            op = "==" if e.op == "=" else e.op
            if a in self.bounds or b in self.bounds:
                return self.count_cmp(t, op, a, da, b, db, d)
            self.emit(f"{t} = " + _guard(a, b, then=f"{a}{_mul(db)} {op} {b}{_mul(da)}"), d)
            return t
        a = self.expr(e.left, d, p)
        b = self.expr(e.right, d, p)
        op = "==" if e.op == "=" else e.op
        self.emit(f"{t} = " + _guard(a, b, then=f"{a} {op} {b}"), d)
        return t

    def count_cmp(self, t, op, a, da, b, db, d):
        """Compare a count known only as a range: decided when every count in the range agrees."""
        flip = {"<": ">", "<=": ">=", ">": "<", ">=": "<=", "==": "==", "!=": "!="}
        if a not in self.bounds:
            a, da, b, db, op = b, db, a, da, flip[op]
        lo, hi = self.bounds[a]
        x = f"{b}{_mul(da)}"
        lo_s, hi_s = f"{lo}{_mul(db)}", f"{hi}{_mul(db)}"
        test = _unknown(b)
        self.emit(f"if {test}: {t} = None" if test != "False" else "if False: pass", d)
        if op in ("==", "!="):
            self.emit(f"elif {lo_s} == {x} == {hi_s}: {t} = {op == '=='}", d)
            self.emit(f"elif {x} < {lo_s} or {x} > {hi_s}: {t} = {op == '!='}", d)
            self.emit(f"else: {t} = None", d)
        else:
            self.emit("else:", d)
            self.emit(f"r1 = {lo_s} {op} {x}; r2 = {hi_s} {op} {x}", d + 1)
            self.emit(f"{t} = r1 if r1 == r2 else None", d + 1)
        return t

    def e_Between(self, e, d, p):
        x, dx = self.num(e.item, d, p) if e.item.type != "date" else (self.expr(e.item, d, p), 1)
        lo, dl = self.num(e.low, d, p) if e.low.type != "date" else (self.expr(e.low, d, p), 1)
        hi, dh = self.num(e.high, d, p) if e.high.type != "date" else (self.expr(e.high, d, p), 1)
        t = self.tmp()
        self.emit(f"{t} = " + _guard(x, lo, hi, then=f"({lo}{_mul(dx)} <= {x}{_mul(dl)} and {x}{_mul(dh)} <= {hi}{_mul(dx)})"), d)
        return t

    def e_Member(self, e, d, p):
        x = self.expr(e.item, d, p)
        s = self.const(frozenset(e.values))
        t = self.tmp()
        test = f"not {s}.isdisjoint({x})" if e.item.type == "tags" else f"{x} in {s}"
        if e.negated:
            test = f"not ({test})"
        self.emit(f"{t} = " + _guard(x, then=f"({test})"), d)
        return t

    def e_Arith(self, e, d, p):
        code, den = self.num(e, d, p)
        if den == 1:
            return code
        t = self.tmp()
        self.emit(f"{t} = " + _guard(code, then=f"Fraction({code}, {den})"), d)
        return t

    e_ShareOf = e_Arith
    e_Neg = e_Arith

    def e_Count(self, e, d, p):
        """Counts participants; with unknown fields the count is a range [lo, hi] (``self.bounds``)."""
        lo, hi = self.tmp(), self.tmp()
        t = self.tmp()
        if e.distinct:
            sure, maybe = self.tmp(), self.tmp()
            self.emit(f"{sure} = set(); {maybe} = set()", d)
        else:
            self.emit(f"{lo} = 0; {hi} = 0", d)
        self.emit("for q in P:", d)
        if e.filter is not None:
            c = self.expr(e.filter, d + 1, "q")
        else:
            c = "True"
        if e.distinct:
            self.emit(f"if {c} is not False:", d + 1)
            self.emit(f"v = q.get({e.distinct!r})", d + 2)
            self.emit(f"if v is not None: ({sure} if {c} is True else {maybe}).add(v)", d + 2)
            self.emit(f"{lo} = len({sure}); {hi} = len({sure} | {maybe})", d)
        else:
            self.emit(f"if {c} is True: {lo} += 1; {hi} += 1", d + 1)
            self.emit(f"elif {c} is None: {hi} += 1", d + 1)
        self.emit(f"{t} = {lo} if {lo} == {hi} else None", d)
        self.bounds[t] = (lo, hi)
        return t

    def e_Every(self, e, d, p):
        t = self.tmp()
        self.emit(f"{t} = True", d)
        self.emit("for q in P:", d)
        depth = d + 1
        if e.filter is not None:
            f = self.expr(e.filter, depth, "q")
            self.emit(f"if {f} is False: continue", depth)
        c = self.expr(e.cond, depth, "q")
        if e.filter is not None:
            self.emit(f"if {f} is None and {c} is not True and {t} is True: {t} = None", depth)
        self.emit(f"if {c} is False:", depth)
        self.emit(f"{t} = False", depth + 1)
        self.emit("break", depth + 1)
        self.emit(f"if {c} is None: {t} = None", depth)
        return t

    def e_Agg(self, e, d, p):
        src = self.fact(e.key)
        t = self.tmp()
        if e.key == "savings":
            vals = f"[s[2] for s in {src}]"
        else:
            vals = f"{src}.values()"
        fn = {"sum": "sum", "max": "max", "min": "min"}[e.fn]
        self.emit(f"{t} = None if not {src} else {fn}({vals})", d)
        return t

    def e_PartPresent(self, e, d, p):
        t = self.tmp()
        self.emit(f"{t} = {e.key!r} in PARTS", d)
        return t


_NULLABLE = re.compile(r"^(t|f_)\d+$")


def _unknown(*codes: str) -> str:
    """Python test that any of ``codes`` is None (literals and constants never are)."""
    tests = [f"{c} is None" for c in codes if _NULLABLE.match(c)]
    return " or ".join(tests) or "False"


def _guard(*codes: str, then: str) -> str:
    test = _unknown(*codes)
    return then if test == "False" else f"None if ({test}) else {then}"


def _mul(k: int) -> str:
    return "" if k == 1 else f" * {k}"


def _literal(value) -> str:
    import datetime
    if isinstance(value, frozenset):
        return "frozenset(" + repr(sorted(value)) + ")"
    if isinstance(value, Fraction):
        return f"Fraction({value.numerator}, {value.denominator})"
    if isinstance(value, datetime.date):
        return f"datetime.date({value.year}, {value.month}, {value.day})"
    return repr(value)
