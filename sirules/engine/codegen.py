"""From :mod:`sirules.language.model` rules to one Python function, compiled once.

The generated function ``check(a, on)`` takes a normalised application (see
:mod:`sirules.engine.application`) and the date that picks the rules in force, and
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

from ..language import model as m

PASS, FAIL, UNDECIDED, NOT_IN_FORCE = 0, 1, 2, 3
INLINE_RULES = 40        # up to this many rules, both entry points inline every rule
CHUNK = 100              # rules per function in a larger guideline


def source(g: m.Guideline) -> str:
    """Python source of the check function for guideline ``g`` (run by :mod:`sirules.engine.checker`)."""
    return _Gen(g).module()


class _Gen:
    def __init__(self, g: m.Guideline):
        self.g = g
        self.lines: list[str] = []
        self.consts: dict[object, str] = {}
        self.n = 0
        self.facts: dict[str, str] = {}
        self.bounds: dict[str, tuple[str, str]] = {}
        self.shared: tuple[list[str], list[str], list[str]] = ([], [], [])
        self.in_shared = False           # writing the body of the shared participant loop
        self.qfields: dict[str, str] = {}    # participant fields already read at its top level

    def tmp(self) -> str:
        self.n += 1
        return f"t{self.n}"

    def known(self, var: str) -> str:
        """Mark ``var`` as never None."""
        _NONNULL.add(var)
        return var

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
        _NONNULL.clear()
        self.memo: dict = {}
        self.cse: dict[str, str] = {}
        rules = self.g.rules
        if len(rules) > INLINE_RULES:
            return self.chunked_module()
        body_start = len(self.lines)
        outs = []
        for i, rule in enumerate(rules):
            outs.append(self.rule(i, rule))
        init, loop, post = self.shared
        body = self.shared_loop() + self.lines[body_start:]
        rules_only = body[len(init) + 1 + len(loop) + len(post):] if loop else body[len(init) + len(post):]
        head = ["def check(a, on):"]
        for key, var in self.facts.items():
            head.append(f"    {var} = a.get({key!r})")
        head.append("    P = a['_participants']")
        head.append("    AP = a['_applicant']")
        head.append("    PARTS = a['_parts']")
        head.append("    BS = 1")
        tail = self.verdict(outs)
        # the raw entry checks each participant's form and counts for the rules in one loop
        fast = self.raw_prologue(init, loop, post)
        consts = []
        for name, value in getattr(self, "const_values", {}).items():
            consts.append(f"{name} = {_literal(value)}")
        return "\n".join(["import datetime", "_fromiso = datetime.date.fromisoformat", *consts,
                          *head, *body, *tail, "", *self.raw_entry([*fast, *rules_only, *tail])]) + "\n"

    def chunked_module(self) -> str:
        """A large guideline: the rules in functions of CHUNK rules each, called by both entry
        points, and the verdict computed by a loop (one body, linear compile time)."""
        rules = self.g.rules
        chunks = []
        for start in range(0, len(rules), CHUNK):
            self.memo, self.cse = {}, {}
            mark = len(self.lines)
            outs = [self.rule(i, rules[i]) for i in range(start, min(start + CHUNK, len(rules)))]
            chunks.append((self.shared_loop() + self.lines[mark:], outs))
            del self.lines[mark:]
        args = ", ".join(["on", "P", "AP", "PARTS", "BS", *self.facts.values()])
        funcs = []
        for k, (body, outs) in enumerate(chunks):
            funcs += [f"def _c{k}({args}):", *body, f"    return ({', '.join(outs)},)", ""]
        call = " + ".join(f"_c{k}({args})" for k in range(len(chunks)))
        self.const_values = getattr(self, "const_values", {})
        self.const_values["MUST"] = tuple(i for i, r in enumerate(rules) if r.strength == "must")
        self.const_values["PART_IDX"] = tuple(i for i, r in enumerate(rules) if r.strength == "part")
        self.const_values["PRIO"] = tuple((i, r.weight) for i, r in enumerate(rules) if r.strength == "priority")
        verdict = ["def _verdict(o):", "    v = 'accepted'", "    for i in MUST:", "        x = o[i]",
                   "        if x == 1: return 'rejected', _score(o), o", "        if x == 2: v = 'incomplete'",
                   "    if v == 'accepted':", "        for i in PART_IDX:",
                   "            if o[i] != 0: v = 'incomplete'; break", "    return v, _score(o), o", "",
                   "def _score(o):", "    return sum(w for i, w in PRIO if o[i] == 0)", ""]
        head = ["def check(a, on):", *[f"    {var} = a.get({key!r})" for key, var in self.facts.items()],
                "    P = a['_participants']", "    AP = a['_applicant']", "    PARTS = a['_parts']", "    BS = 1",
                f"    return _verdict({call})", ""]
        fast = self.raw_prologue() + [f"    return _verdict({call})"]
        consts = [f"{name} = {_literal(value)}" for name, value in self.const_values.items()]
        return "\n".join(["import datetime", "_fromiso = datetime.date.fromisoformat", *consts, *funcs,
                          *verdict, *head, *self.raw_entry(fast)]) + "\n"

    def raw_prologue(self, init=(), loop=(), post=()) -> list[str]:
        """``check_raw(raw, on)``: the same checks read straight from an application as parsed from JSON.

        ``init``, ``loop`` and ``post`` are the rules' shared participant loop (see :meth:`loop`):
        its body runs in the loop that checks the participants' form, once each is checked.

        It converts only the facts the rules read, and only when they have the plain forms (kronor as
        int, dates as ISO strings, canonical English keys and kinds); anything else raises ``Slow`` and
        the caller takes the full loader (:mod:`sirules.engine.application`), which gives the same result or
        the error. The generated code is tested against the full loader (the fast-path property tests
        in tests/test_properties.py).
        """
        from ..language import vocabulary as voc
        from .application import ALWAYS, MAX_PARTICIPANTS, MAX_TEXT, STRUCTURAL
        facts = self.g.facts
        known = set(STRUCTURAL) | set(ALWAYS) | set(facts)
        self.const_values = getattr(self, "const_values", {})
        self.const_values["FIELD_TYPES"] = _Code("{%s}" % ", ".join(
            f"{k!r}: {'bool' if t.type == 'bool' else 'str'}" for k, t in sorted(voc.FIELDS.items())))
        self.const_values["KINDS"] = frozenset(self.g.kinds)
        self.const_values["PART_KEYS"] = frozenset(self.g.parts)
        L = ["    if not FAST_KEYS.issuperset(raw): raise Slow",
             "    v = raw.get('start')",
             "    if type(v) is str:",
             "        start = DATES.get(v)",
             "        if start is None: start = _date(v)",
             "    elif v is None: start = None",
             "    elif type(v) is datetime.date: start = v",
             "    else: raise Slow",
             "    if on is None: on = start"]
        extra = [(k, "_") for k in ALWAYS if k not in self.facts and k != "start"]
        slow_keys = set()
        for key, var in [*self.facts.items(), *extra]:
            t = facts[key].type if key in facts else voc.FACTS[key].type
            if key == "start":
                L.append(f"    {var} = start")
                continue
            if t in ("text", "tags", "choice", "percent", "savings") and (var == "_" or t != "text"):
                if var == "_" and t == "text":
                    L.append(f"    v = raw.get({key!r})")
                    L.append("    if type(v) is not str and v is not None: raise Slow")
                else:
                    slow_keys.add(key)               # the full loader reads these
                    if var != "_":
                        L.append(f"    {var} = None")
                continue
            L.append(f"    v = raw.get({key!r})")
            if t == "money":
                L.append(f"    if type(v) is int and -10**15 <= v <= 10**15: {var} = v * 100")
                L.append(f"    elif v is None: {var} = None")
                L.append("    else: raise Slow")
            elif t == "bool":
                L.append("    if type(v) is not bool and v is not None: raise Slow")
                L.append(f"    {var} = v")
            elif t == "duration":
                L.append("    if v is not None and (type(v) is not int or not 0 <= v <= 1200): raise Slow")
                L.append(f"    {var} = v")
            elif t == "number":
                L.append("    if type(v) is not int and v is not None: raise Slow")
                L.append(f"    {var} = v")
            elif t == "date":
                L.append("    if type(v) is str:")
                L.append(f"        {var} = DATES.get(v)")
                L.append(f"        if {var} is None: {var} = _date(v)")
                L.append(f"    elif v is None: {var} = None")
                L.append(f"    elif type(v) is datetime.date: {var} = v")
                L.append("    else: raise Slow")
            elif t == "table":
                # kept in kronor as read; the aggregates scale by BS (100 here, 1 in check())
                # one loop over the years (a chain of set operations and max/min is several passes)
                L.append("    if type(v) is dict:")
                L.append("        for k, x in v.items():")
                L.append("            if type(x) is not int or not -10**15 <= x <= 10**15 or k not in YEARS: raise Slow")
                L.append(f"        {var} = v")
                L.append(f"    elif v is None: {var} = None")
                L.append("    else: raise Slow")
            else:
                L.append("    if v is not None: raise Slow")
                L.append(f"    {var} = None")
        # the keys read here; an unknown key, or one the full loader reads, goes the slow way
        self.const_values["FAST_KEYS"] = frozenset(known - slow_keys)
        self.const_values["YEARS"] = _Code("frozenset(map(str, range(1900, 2201)))")
        L += ["    BS = 100",
              "    AP = raw.get('applicant')",
              "    ps = raw.get('participants', ())",
              "    if type(ps) is not list or len(ps) > %d: raise Slow" % MAX_PARTICIPANTS,
              "    P = [AP, *ps] if AP is not None else ps",
              *init,
              "    for q in P:",
              "        if type(q) is not dict: raise Slow",
              "        try:",
              "            if q.get('kind') not in KINDS: raise Slow",
              "            for k, x in q.items():",
              "                if type(x) is not FIELD_TYPES[k] and x is not None: raise Slow",
              "        except (KeyError, TypeError):    # not a participant field, or a kind that is a list",
              "            raise Slow",
              *loop,
              *post,
              "    v = raw.get('parts')",
              "    if type(v) is dict:",
              "        PARTS = set()",
              "        for k, x in v.items():",
              "            if k not in PART_KEYS: raise Slow",
              "            if type(x) is str:",
              "                if len(x) > %d: raise Slow" % MAX_TEXT,
              "                if x.strip(): PARTS.add(k)",
              "            elif x is not None and x is not False: raise Slow",
              "    elif v is None and 'parts' not in raw: PARTS = ()    # written as null: the loader says why not",
              "    else: raise Slow"]
        return L

    @staticmethod
    def raw_entry(lines: list[str]) -> list[str]:
        """``check_raw_many(apps, on, out)``: the body ``lines`` of check_raw (depth 1, ending in
        ``return``) in one loop over many applications, appending each result to ``out`` (None
        for one that needs the full loader): a batch pays no call per application. And
        ``check_raw(raw, on)`` for one, which raises ``Slow`` instead of the None."""
        loop = []
        for line in lines:
            if line.startswith("    return "):
                loop.append("            append((" + line[len("    return "):] + "))")
            else:
                loop.append("        " + line if line else line)
        return ["class Slow(Exception):", "    pass", "",
                "DATES = {}     # the dates read so far: a batch has few distinct ones",
                "",
                "def _date(text):",
                "    try:",
                "        d = _fromiso(text)",
                "    except ValueError:",
                "        raise Slow from None",
                "    if len(DATES) < 4096:",
                "        DATES[text] = d",
                "    return d",
                "",
                "def check_raw_many(apps, on0, out, type=type, int=int, bool=bool, str=str, dict=dict, list=list):",
                "    append = out.append",
                "    for raw in apps:",
                "        on = on0",
                "        try:",
                *loop,
                "        except Slow:",
                "            append(None)",
                "",
                "def check_raw(raw, on):",
                "    out = []",
                "    check_raw_many((raw,), on, out)",
                "    if out[0] is None:",
                "        raise Slow",
                "    return out[0]",
                ""]

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
        reuse = self.in_shared and d == 2 and p == "q"     # read once per participant, not per count
        if reuse and e.key in self.qfields:
            return self.qfields[e.key]
        t = self.e_PField_read(e, d, p)
        if reuse:
            self.qfields[e.key] = t
        return t

    def e_PField_read(self, e, d, p):
        t = self.tmp()
        if e.key == "kind":                 # every participant has a kind (the loader requires it)
            self.emit(f"{t} = {p}['kind']", d)
            return self.known(t)
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
        return self.from_parts(e, d, p)

    def from_parts(self, e, d, p):
        parts = self.test_parts(e, d, p)
        if parts is None:                      # a count known only as a range: already a temp
            return self._range_result
        unknown, test = parts
        t = self.tmp()
        if unknown == "False":
            self.emit(f"{t} = {test}", d)
            return self.known(t)
        self.emit(f"{t} = None if ({unknown}) else {test}", d)
        return t

    def test_parts(self, e, d, p):
        """(Python test that the outcome is unknown, Python test of the condition), or None."""
        if isinstance(e, m.Cmp):
            return self.cmp_parts(e, d, p)
        if isinstance(e, m.Between):
            return self.between_parts(e, d, p)
        return self.member_parts(e, d, p)

    def cmp_parts(self, e, d, p):
        numeric = e.left.type in ("money", "number", "percent", "duration", "ratio")
        op = "==" if e.op == "=" else e.op
        if numeric:
            a, da = self.num(e.left, d, p)
            b, db = self.num(e.right, d, p)
            if e.left.type == "ratio" and e.right.type == "percent":
                db *= 100
            if e.right.type == "ratio" and e.left.type == "percent":
                da *= 100
            if a in self.bounds or b in self.bounds:
                self._range_result = self.count_cmp(self.tmp(), op, a, da, b, db, d)
                return None
            return _unknown(a, b), f"{a}{_mul(db)} {op} {b}{_mul(da)}"
        a = self.expr(e.left, d, p)
        b = self.expr(e.right, d, p)
        if e.left.type == "bool" and b in ("True", "False") and op in ("==", "!="):
            return _unknown(a), f"{a} is {b}" if op == "==" else f"{a} is not {b}"
        return _unknown(a, b), f"{a} {op} {b}"

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

    e_Between = from_parts
    e_Member = from_parts

    def between_parts(self, e, d, p):
        x, dx = self.num(e.item, d, p) if e.item.type != "date" else (self.expr(e.item, d, p), 1)
        lo, dl = self.num(e.low, d, p) if e.low.type != "date" else (self.expr(e.low, d, p), 1)
        hi, dh = self.num(e.high, d, p) if e.high.type != "date" else (self.expr(e.high, d, p), 1)
        return _unknown(x, lo, hi), f"({lo}{_mul(dx)} <= {x}{_mul(dl)} and {x}{_mul(dh)} <= {hi}{_mul(dx)})"

    def member_parts(self, e, d, p):
        x = self.expr(e.item, d, p)
        s = self.const(frozenset(e.values))
        test = f"not {s}.isdisjoint({x})" if e.item.type == "tags" else f"{x} in {s}"
        if e.negated:
            test = f"not ({test})"
        return _unknown(x), f"({test})"

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
        key = (e.filter, e.distinct)
        if d == 1 and key in self.memo:          # the same count earlier in the function: reuse it
            return self.memo[key]
        if e.filter is not None and not e.distinct:
            plain = self.plain_count(e, d)
            if plain is not None:
                if d == 1:
                    self.memo[key] = plain
                return plain
        lo, hi = self.tmp(), self.tmp()
        t = self.tmp()
        if e.distinct:
            sure, maybe = self.tmp(), self.tmp()
            init = [f"{sure} = set(); {maybe} = set()"]
            post = [f"{lo} = len({sure}); {hi} = len({sure} | {maybe})"]
        else:
            init, post = [f"{lo} = 0; {hi} = 0"], []
        post.append(f"{t} = {lo} if {lo} == {hi} else None")

        def body(b):
            c = "True" if e.filter is None else self.expr(e.filter, b, "q")
            if e.distinct:
                self.emit(f"if {c} is not False:", b)
                self.emit(f"v = q.get({e.distinct!r})", b + 1)
                self.emit(f"if v is not None: ({sure} if {c} is True else {maybe}).add(v)", b + 1)
                self.emit(f"else: {maybe}.add(id(q))", b + 1)
            else:
                self.emit(f"if {c} is True: {lo} += 1; {hi} += 1", b)
                self.emit(f"elif {c} is None: {hi} += 1", b)
            return True

        self.loop(d, init, body, post)
        self.bounds[t] = (lo, hi)
        if d == 1:
            self.memo[key] = t
        return t

    def plain_count(self, e, d):
        """A count whose filter can never be undecided: one loop, no range."""
        t = self.tmp()

        def body(b):
            c = self.expr(e.filter, b, "q")
            if c not in _NONNULL:
                return False
            self.emit(f"if {c}: {t} += 1", b)
            return True

        return self.known(t) if self.loop(d, [f"{t} = 0"], body, []) else None

    def e_Every(self, e, d, p):
        t = self.tmp()

        def body(b):
            # no break or continue: the loop may be shared with other counts (see loop())
            self.emit(f"if {t} is not False:", b)
            b += 1
            if e.filter is not None:
                f = self.expr(e.filter, b, "q")
                self.emit(f"if {f} is not False:", b)
                b += 1
            c = self.expr(e.cond, b, "q")
            if e.filter is not None:
                self.emit(f"if {f} is None and {c} is not True and {t} is True: {t} = None", b)
            self.emit(f"if {c} is False: {t} = False", b)
            self.emit(f"elif {c} is None: {t} = None", b)
            return True

        self.loop(d, [f"{t} = True"], body, [])
        return t

    def loop(self, d: int, init: list[str], body, post: list[str]) -> bool:
        """A loop over the participants: ``init`` lines, ``body(depth)`` in the loop, ``post`` lines.

        At the top level of a function (d == 1) the loop joins the one shared loop that runs
        before the rules, so that a guideline with five counts walks the participants once, not
        five times; elsewhere it is written in place. ``body`` returns False to give up, and then
        nothing is written.
        """
        saved, self.lines = self.lines, []
        shared, fields = self.in_shared, dict(self.qfields)
        self.in_shared = d == 1
        ok = body(d + 1)
        self.in_shared = shared
        lines, self.lines = self.lines, saved
        if not ok:
            self.qfields = fields
            return False
        if d == 1:
            self.shared[0].extend("    " + x for x in init)
            self.shared[1].extend(lines)
            self.shared[2].extend("    " + x for x in post)
        else:
            for x in init:
                self.emit(x, d)
            self.emit("for q in P:", d)
            self.lines.extend(lines)
            for x in post:
                self.emit(x, d)
        return True

    def shared_loop(self) -> list[str]:
        """The shared participant loop of the function just written (see :meth:`loop`); starts a new one."""
        init, body, post = self.shared
        self.shared, self.qfields = ([], [], []), {}
        return [*init, "    for q in P:", *body, *post] if body else [*init, *post]

    def e_Agg(self, e, d, p):
        src = self.fact(e.key)
        t = self.tmp()
        if e.key == "savings":
            vals = f"[s[2] for s in {src}]"
            scale = ""
        else:
            vals = f"{src}.values()"
            scale = " * BS"                       # yearly tables: kronor in check_raw, öre in check
        fn = {"sum": "sum", "max": "max", "min": "min"}[e.fn]
        self.emit(f"{t} = None if not {src} else {fn}({vals}){scale}", d)
        return t

    def e_PartPresent(self, e, d, p):
        t = self.tmp()
        self.emit(f"{t} = {e.key!r} in PARTS", d)
        return self.known(t)


_NULLABLE = re.compile(r"^(t|f_)\d+$")
_NONNULL: set = set()          # temporaries the generator knows are never None (see _Gen.nonnull)


def _unknown(*codes: str) -> str:
    """Python test that any of ``codes`` is None (literals, constants and known values never are)."""
    tests = [f"{c} is None" for c in codes if _NULLABLE.match(c) and c not in _NONNULL]
    return " or ".join(tests) or "False"


def _guard(*codes: str, then: str) -> str:
    test = _unknown(*codes)
    return then if test == "False" else f"None if ({test}) else {then}"


def _mul(k: int) -> str:
    return "" if k == 1 else f" * {k}"


class _Code(str):
    """Python source written as it is by :func:`_literal`."""


def _literal(value) -> str:
    import datetime
    if isinstance(value, _Code):
        return str(value)
    if isinstance(value, frozenset):
        return "frozenset(" + repr(sorted(value)) + ")"
    if isinstance(value, Fraction):
        return f"Fraction({value.numerator}, {value.denominator})"
    if isinstance(value, datetime.date):
        return f"datetime.date({value.year}, {value.month}, {value.day})"
    return repr(value)
