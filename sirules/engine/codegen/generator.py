"""The generator: its state (lines, temporaries, constants, facts) and the layout of the module.

:class:`_Gen` combines the emitters of its sibling modules (expressions, comparisons,
participant loops, rules) and writes the whole module: the constants, ``check(a, on)`` and the
raw entry points of :mod:`sirules.engine.codegen.fastpath`, with every rule inlined
(:meth:`_Gen.module`) or, for a large guideline, in functions of ``CHUNK`` rules
(:meth:`_Gen.chunked_module`).
"""

from __future__ import annotations

from ...language import model as m
from .comparisons import Comparisons
from .dates import Dates
from .expressions import Expressions
from .fastpath import raw_entry, raw_prologue
from .loops import ParticipantLoops
from .pycode import _NONNULL, _literal
from .rules import Rules

PASS, FAIL, UNDECIDED, NOT_IN_FORCE = 0, 1, 2, 3
INLINE_RULES = 40        # up to this many rules, both entry points inline every rule
CHUNK = 100              # rules per function in a larger guideline


def source(g: m.Guideline) -> str:
    """Python source of the check function for guideline ``g`` (run by :mod:`sirules.engine.checker`)."""
    return _Gen(g).module()


class _Gen(Expressions, Comparisons, ParticipantLoops, Rules, Dates):
    def __init__(self, g: m.Guideline):
        self.g = g
        self.lines: list[str] = []
        self.consts: dict[object, str] = {}
        self.const_values: dict[str, object] = {}     # constant name -> value, written at the top
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
            self.const_values[self.consts[key]] = value
        return self.consts[key]

    def emit(self, line: str, depth: int) -> None:
        self.lines.append("    " * depth + line)

    def fact(self, key: str) -> str:
        if key not in self.facts:
            self.facts[key] = f"f_{len(self.facts)}"
        return self.facts[key]

    def check_head(self) -> list[str]:
        """The start of ``check(a, on)``: the facts the rules read, the participants and the parts."""
        return ["def check(a, on):", *[f"    {var} = a.get({key!r})" for key, var in self.facts.items()],
                "    P = a['_participants']", "    AP = a['_applicant']", "    PARTS = a['_parts']", "    BS = 1"]

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
        head = self.check_head()
        tail = self.verdict(outs)
        # the raw entry checks each participant's form and counts for the rules in one loop
        fast = raw_prologue(self.g, self.facts, self.const_values, init, loop, post)
        consts = []
        for name, value in self.const_values.items():
            consts.append(f"{name} = {_literal(value)}")
        return "\n".join(["import datetime", "_fromiso = datetime.date.fromisoformat", *consts,
                          *head, *body, *tail, "", *raw_entry([*fast, *rules_only, *tail])]) + "\n"

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
        verdict = self.chunked_verdict()
        head = [*self.check_head(), f"    return _verdict({call})", ""]
        fast = raw_prologue(self.g, self.facts, self.const_values) + [f"    return _verdict({call})"]
        consts = [f"{name} = {_literal(value)}" for name, value in self.const_values.items()]
        return "\n".join(["import datetime", "_fromiso = datetime.date.fromisoformat", *consts, *funcs,
                          *verdict, *head, *raw_entry(fast)]) + "\n"
