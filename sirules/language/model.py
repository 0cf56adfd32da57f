"""The compiled model: resolved, typed, pure data (picklable, no lark).

Each class derives from its namesake in :mod:`sirules.language.modelview`, which holds the methods (so
that a warm start can read a cached model without attrs).

:mod:`sirules.language.analyse` builds it from nodes; :mod:`sirules.engine.codegen` turns its
rules into one Python function; :mod:`sirules.engine.explain` walks it to say why.
Money is int öre; durations are int months; percentages are Fractions.
"""

from __future__ import annotations

import datetime
from fractions import Fraction

import attrs

from . import modelview as v


@attrs.frozen
class Origin(v.Origin):
    """Where a rule comes from: line and the clause (section) it sits in."""
    line: int
    column: int
    section: str | None = None          # "3.1"
    heading: str | None = None          # "Vem kan söka"


# ---- expressions (each carries its type and the source text it was written as) ----

@attrs.frozen(kw_only=True)
class Expr(v.Expr):
    type: str
    text: str = attrs.field(default="", eq=False)


@attrs.frozen(kw_only=True)
class Const(Expr, v.Const):
    value: object


@attrs.frozen(kw_only=True)
class Fact(Expr, v.Fact):
    key: str


@attrs.frozen(kw_only=True)
class PField(Expr, v.PField):
    """A field of the participant in scope (inside ``where`` / ``has``)."""
    key: str


@attrs.frozen(kw_only=True)
class ApplicantField(Expr, v.ApplicantField):
    key: str


@attrs.frozen(kw_only=True)
class Dated(Expr, v.Dated):
    """A value that depends on the date in force: the fund's size of the dated fund blocks, or a
    yearly reference value. ``periods`` is ((from, to, value), ...); either end may be None."""
    key: str                         # fund_size | yearly_fund_size | reference:<name>
    periods: tuple


@attrs.frozen(kw_only=True)
class Count(Expr, v.Count):
    filter: Expr | None
    distinct: str | None = None


@attrs.frozen(kw_only=True)
class Every(Expr, v.Every):
    filter: Expr | None
    cond: Expr


@attrs.frozen(kw_only=True)
class Agg(Expr, v.Agg):
    fn: str          # sum | max | min
    key: str         # budget | savings


@attrs.frozen(kw_only=True)
class PartPresent(Expr, v.PartPresent):
    key: str
    name: str = attrs.field(default="", eq=False)


@attrs.frozen(kw_only=True)
class And(Expr, v.And):
    items: tuple


@attrs.frozen(kw_only=True)
class Or(Expr, v.Or):
    items: tuple


@attrs.frozen(kw_only=True)
class Not(Expr, v.Not):
    item: Expr


@attrs.frozen(kw_only=True)
class Implies(Expr, v.Implies):
    cond: Expr
    then: Expr


@attrs.frozen(kw_only=True)
class Cmp(Expr, v.Cmp):
    op: str
    left: Expr
    right: Expr


@attrs.frozen(kw_only=True)
class Member(Expr, v.Member):
    """``x is v`` / ``x in group``: value in a set (for tags: any tag in the set)."""
    item: Expr
    values: frozenset
    negated: bool = False
    group: str | None = None


@attrs.frozen(kw_only=True)
class Between(Expr, v.Between):
    item: Expr
    low: Expr
    high: Expr


@attrs.frozen(kw_only=True)
class Arith(Expr, v.Arith):
    op: str
    left: Expr
    right: Expr


@attrs.frozen(kw_only=True)
class Neg(Expr, v.Neg):
    item: Expr


@attrs.frozen(kw_only=True)
class ShareOf(Expr, v.ShareOf):
    share: Fraction
    base: Expr


# ---- rules and the guideline -------------------------------------------------------

@attrs.frozen(kw_only=True)
class Rule(v.Rule):
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
    status: str | None = None       # paused | closed: not applied while in force (outcome 4)


@attrs.frozen(kw_only=True)
class Section(v.Section):
    number: str
    heading: str | None
    wording: str | None
    line: int


@attrs.frozen(kw_only=True)
class SettingValue(v.SettingValue):
    key: str
    values: tuple                   # python values (öre, Fraction, date, str, ...)
    condition: Expr | None
    origin: Origin


@attrs.frozen(kw_only=True)
class Block(v.Block):
    kind: str                       # fund | decision | evaluation | repayment | risk | ...
    name: str | None
    settings: tuple[SettingValue, ...]
    origin: Origin
    valid_from: datetime.date | None = None
    valid_to: datetime.date | None = None
    status: str | None = None       # paused | closed: applications are rejected while it is in force
    pots: tuple = ()                # Pot, a fund block's, in the order written


@attrs.frozen(kw_only=True)
class FactInfo(v.FactInfo):
    key: str
    type: str
    label: str
    choices: tuple[str, ...] = ()
    declared: bool = False
    attested_by: str | None = None      # who attests the fact
    per: str | None = None              # the document the fact refers to


@attrs.frozen(kw_only=True)
class Guideline(v.Guideline):
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
    source_hash: str = ""           # the compile cache's key: the text, sirules' version and its files
    fields: dict = attrs.field(factory=dict)        # declared participant field key -> FactInfo
    references: dict = attrs.field(factory=dict)    # reference value name -> ReferenceInfo
    status: str | None = None       # paused | closed (said in the head's validity)
    rounds: tuple = ()              # Round, in the order written
    text_hash: str = ""             # the digest of the guideline's text alone (its version label without a date)
    commitments: tuple = ()         # Commitment, in the order written


@attrs.frozen(kw_only=True)
class ReferenceInfo(v.ReferenceInfo):
    """A yearly table of reference values: ``years`` is ((year, value), ...) in year order."""
    key: str
    type: str
    label: str
    years: tuple


# ---- dates, call rounds and duties (#17 points 2 and 5) ------------------------------

@attrs.frozen(kw_only=True)
class DatePart(Expr, v.DatePart):
    """A part of a date: year, month (1-12), day, weekday (1 Monday - 7 Sunday) or the day of
    the year as (month, day) (``monthday``, compared with a yearly date)."""
    item: Expr
    part: str


@attrs.frozen(kw_only=True)
class Round(v.Round):
    """A call round: open from ``start`` to ``end`` (dates, or (month, day) every year)."""
    name: str
    label: str | None
    start: object
    end: object
    status: str | None
    origin: Origin


@attrs.frozen(kw_only=True)
class WithinRound(Expr, v.WithinRound):
    """A date inside a round that is open (neither paused nor closed)."""
    item: Expr
    rounds: tuple


@attrs.frozen(kw_only=True)
class InForce(Expr, v.InForce):
    """The date used is inside a validity and nothing is paused or closed: the condition of the
    rule a guideline's validity, or a paused or closed block, adds (``what``: guideline | a block kind)."""
    what: str
    valid_from: datetime.date | None = None
    valid_to: datetime.date | None = None
    status: str | None = None


@attrs.frozen(kw_only=True)
class Commitment(v.Commitment):
    """A duty a grant commits to: who, what, and when (months after the project's end, or None)."""
    id: str
    who: str                        # "applicant" or a text
    what: str
    months: int | None
    origin: Origin


_in_force = v.in_force


# ---- the fund's register (#18 point 3) ------------------------------------------------

@attrs.frozen(kw_only=True)
class Pot(v.Pot):
    """A pot of the fund block: its name as written and its size per year, in öre."""
    name: str
    size: int
    origin: Origin


@attrs.frozen(kw_only=True)
class RegisterValue(Expr, v.RegisterValue):
    """A value the register gives from earlier decisions (see :mod:`sirules.engine.history`):
    ``what`` is ``earlier_grants`` (number), ``pot_granted`` (money, with ``pot``), ``balance``
    (money) or ``high_risk_share`` (percent). ``key`` is where the checker finds it in the
    application's data (absent without a register: unknown)."""
    what: str
    key: str
    pot: str | None = None
