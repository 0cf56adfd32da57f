"""The compiled model: resolved, typed, pure data (picklable, no lark).

:mod:`sirules.analyse` builds it from nodes; :mod:`sirules.codegen` turns its
rules into one Python function; :mod:`sirules.explain` walks it to say why.
Money is int öre; durations are int months; percentages are Fractions.
"""

from __future__ import annotations

import datetime
from fractions import Fraction

import attrs


@attrs.frozen
class Origin:
    """Where a rule comes from: line and the clause (section) it sits in."""
    line: int
    column: int
    section: str | None = None          # "3.1"
    heading: str | None = None          # "Vem kan söka"

    def clause(self) -> str:
        if self.section is None:
            return ""
        return f"§ {self.section} {self.heading}" if self.heading else f"§ {self.section}"


# ---- expressions (each carries its type and the source text it was written as) ----

@attrs.frozen(kw_only=True)
class Expr:
    type: str
    text: str = attrs.field(default="", eq=False)


@attrs.frozen(kw_only=True)
class Const(Expr):
    value: object


@attrs.frozen(kw_only=True)
class Fact(Expr):
    key: str


@attrs.frozen(kw_only=True)
class PField(Expr):
    """A field of the participant in scope (inside ``where`` / ``has``)."""
    key: str


@attrs.frozen(kw_only=True)
class ApplicantField(Expr):
    key: str


@attrs.frozen(kw_only=True)
class Count(Expr):
    filter: Expr | None
    distinct: str | None = None


@attrs.frozen(kw_only=True)
class Every(Expr):
    filter: Expr | None
    cond: Expr


@attrs.frozen(kw_only=True)
class Agg(Expr):
    fn: str          # sum | max | min
    key: str         # budget | savings


@attrs.frozen(kw_only=True)
class PartPresent(Expr):
    key: str
    name: str = attrs.field(default="", eq=False)


@attrs.frozen(kw_only=True)
class And(Expr):
    items: tuple


@attrs.frozen(kw_only=True)
class Or(Expr):
    items: tuple


@attrs.frozen(kw_only=True)
class Not(Expr):
    item: Expr


@attrs.frozen(kw_only=True)
class Implies(Expr):
    cond: Expr
    then: Expr


@attrs.frozen(kw_only=True)
class Cmp(Expr):
    op: str
    left: Expr
    right: Expr


@attrs.frozen(kw_only=True)
class Member(Expr):
    """``x is v`` / ``x in group``: value in a set (for tags: any tag in the set)."""
    item: Expr
    values: frozenset
    negated: bool = False
    group: str | None = None


@attrs.frozen(kw_only=True)
class Between(Expr):
    item: Expr
    low: Expr
    high: Expr


@attrs.frozen(kw_only=True)
class Arith(Expr):
    op: str
    left: Expr
    right: Expr


@attrs.frozen(kw_only=True)
class Neg(Expr):
    item: Expr


@attrs.frozen(kw_only=True)
class ShareOf(Expr):
    share: Fraction
    base: Expr


# ---- rules and the guideline -------------------------------------------------------

@attrs.frozen(kw_only=True)
class Rule:
    id: str
    strength: str                   # must | should | priority | part
    label: str | None
    expr: Expr | None               # None for a part requirement without condition
    origin: Origin
    weight: int = 0
    valid_from: datetime.date | None = None
    valid_to: datetime.date | None = None
    part: str | None = None         # for part requirements: the part key
    facts: tuple[str, ...] = ()     # application facts the rule reads


@attrs.frozen(kw_only=True)
class Section:
    number: str
    heading: str | None
    wording: str | None
    line: int


@attrs.frozen(kw_only=True)
class SettingValue:
    key: str
    values: tuple                   # python values (öre, Fraction, date, str, ...)
    condition: Expr | None
    origin: Origin


@attrs.frozen(kw_only=True)
class Block:
    kind: str                       # fund | decision | evaluation | repayment | risk | ...
    name: str | None
    settings: tuple[SettingValue, ...]
    origin: Origin
    valid_from: datetime.date | None = None
    valid_to: datetime.date | None = None

    def get(self, key: str, default=None):
        for s in self.settings:
            if s.key == key:
                return s.values[0] if len(s.values) == 1 else s.values
        return default

    def all(self, key: str) -> tuple[SettingValue, ...]:
        return tuple(s for s in self.settings if s.key == key)


@attrs.frozen(kw_only=True)
class FactInfo:
    key: str
    type: str
    label: str
    choices: tuple[str, ...] = ()
    declared: bool = False


@attrs.frozen(kw_only=True)
class Guideline:
    path: str
    lang: str
    title: str
    identity: dict                  # body, adopted_by, adopted, reference, ...
    valid_from: datetime.date | None
    valid_to: datetime.date | None
    sections: tuple[Section, ...]
    blocks: tuple[Block, ...]
    constants: dict                 # name -> (type, value)
    groups: dict                    # name -> frozenset of kind keys
    kinds: dict                     # kind key -> label
    facts: dict                     # fact key -> FactInfo (every fact the rules read)
    project_types: dict             # key -> label
    parts: dict                     # part key -> label
    rules: tuple[Rule, ...]
    source_hash: str = ""

    def blocks_of(self, kind: str, on: datetime.date | None = None) -> tuple[Block, ...]:
        return tuple(b for b in self.blocks if b.kind == kind and _in_force(b.valid_from, b.valid_to, on))

    def rules_on(self, on: datetime.date | None) -> tuple[Rule, ...]:
        return tuple(r for r in self.rules if _in_force(r.valid_from, r.valid_to, on))

    @property
    def fund_size(self) -> int | None:
        for b in self.blocks_of("fund"):
            v = b.get("size")
            if v is not None:
                return v
        return None


def _in_force(start, end, on) -> bool:
    if on is None:
        return True
    return (start is None or start <= on) and (end is None or on <= end)
