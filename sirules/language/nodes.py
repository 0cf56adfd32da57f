"""The surface syntax tree: frozen nodes, each with a span outside equality.

Built from the lark tree by :mod:`sirules.language.build`. Names are kept as written
(Swedish or English); :mod:`sirules.language.analyse` resolves them. Two guidelines that
differ only in layout and comments have equal nodes.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

import attrs

from .source import Span

_span = attrs.field(eq=False, repr=False, default=None)


@attrs.frozen(kw_only=True)
class Node:
    span: Span | None = _span


# ---- expressions ---------------------------------------------------------------

@attrs.frozen(kw_only=True)
class Name(Node):
    id: str


@attrs.frozen(kw_only=True)
class Field(Node):
    obj: str
    field: str


@attrs.frozen(kw_only=True)
class Quantity(Node):
    """A number with an optional unit as written: ``10 mnkr``, ``50 %``, ``3 år``."""
    value: Decimal
    unit: str | None = None
    text: str = attrs.field(eq=False, default="")   # the number as written


@attrs.frozen(kw_only=True)
class DateLit(Node):
    value: datetime.date


@attrs.frozen(kw_only=True)
class Text(Node):
    value: str
    triple: bool = attrs.field(eq=False, default=False)


@attrs.frozen(kw_only=True)
class Bool(Node):
    value: bool


@attrs.frozen(kw_only=True)
class And(Node):
    items: tuple


@attrs.frozen(kw_only=True)
class Or(Node):
    items: tuple


@attrs.frozen(kw_only=True)
class Not(Node):
    item: object


@attrs.frozen(kw_only=True)
class IfThen(Node):
    cond: object
    then: object


@attrs.frozen(kw_only=True)
class Compare(Node):
    op: str        # one of < <= = != >= >
    left: object
    right: object


@attrs.frozen(kw_only=True)
class Is(Node):
    left: object
    right: object
    negated: bool = False


@attrs.frozen(kw_only=True)
class InGroup(Node):
    left: object
    group: str
    negated: bool = False


@attrs.frozen(kw_only=True)
class InList(Node):
    """``x i (a, b, "unga vuxna")`` / ``x inte i (...)``: items are Name and Text nodes."""
    left: object
    items: tuple
    negated: bool = False


@attrs.frozen(kw_only=True)
class Between(Node):
    item: object
    low: object
    high: object


@attrs.frozen(kw_only=True)
class Arith(Node):
    op: str        # + - * /
    left: object
    right: object


@attrs.frozen(kw_only=True)
class Neg(Node):
    item: object


@attrs.frozen(kw_only=True)
class ShareOf(Node):
    share: object
    base: object


@attrs.frozen(kw_only=True)
class Count(Node):
    distinct: str | None = None
    filter: object = None


@attrs.frozen(kw_only=True)
class Every(Node):
    filter: object
    cond: object


@attrs.frozen(kw_only=True)
class Aggregate(Node):
    fn: str        # sum | max | min
    name: str


@attrs.frozen(kw_only=True)
class PartPresent(Node):
    part: str


# ---- statements ----------------------------------------------------------------

@attrs.frozen(kw_only=True)
class Validity(Node):
    start: datetime.date | None = None
    end: datetime.date | None = None
    status: str | None = None      # paused | closed (#17 point 2)


@attrs.frozen(kw_only=True)
class Setting(Node):
    key: str
    values: tuple
    condition: object = None


@attrs.frozen(kw_only=True)
class Section(Node):
    number: str
    heading: str | None = None
    settings: tuple = ()


@attrs.frozen(kw_only=True)
class Block(Node):
    kind: str          # canonical keyword name: FUND, DECISION, EVALUATION, ...
    name: str | None = None
    validity: Validity | None = None
    settings: tuple = ()
    pots: tuple = ()   # PotDecl, in the order written (a fund block's)


@attrs.frozen(kw_only=True)
class Constant(Node):
    name: str
    value: object


@attrs.frozen(kw_only=True)
class Group(Node):
    name: str
    members: tuple[str, ...]


@attrs.frozen(kw_only=True)
class KindDecl(Node):
    name: str
    label: str | None = None


@attrs.frozen(kw_only=True)
class FactDecl(Node):
    name: str
    type: str
    choices: tuple[str, ...] = ()
    question: str | None = None
    attested_by: str | None = None     # who attests the fact (intygas av / attested by)
    per: str | None = None             # the document it refers to (enligt / per)


@attrs.frozen(kw_only=True)
class TypeDecl(Node):
    name: str
    label: str | None = None


@attrs.frozen(kw_only=True)
class PartDecl(Node):
    name: str
    label: str | None = None


@attrs.frozen(kw_only=True)
class Rule(Node):
    strength: str      # MUST | SHOULD | PRIORITY
    name: str
    weight: Quantity | None = None
    label: str | None = None
    validity: Validity | None = None
    expr: object = None


@attrs.frozen(kw_only=True)
class PartLine(Node):
    mode: str          # required | optional | supplied
    names: tuple[str, ...]
    supplier: str | None = None
    condition: object = None


@attrs.frozen(kw_only=True)
class Parts(Node):
    lines: tuple[PartLine, ...]


@attrs.frozen(kw_only=True)
class FieldDecl(Node):
    """``participant field board: yes_no "..."``: a field of every participant."""
    name: str
    type: str
    choices: tuple[str, ...] = ()
    question: str | None = None


@attrs.frozen(kw_only=True)
class ReferenceDecl(Node):
    """``reference value base_rate: 2024 = 3.5 %, 2025 = 3.1 %``: a value for each year."""
    name: str
    years: tuple = ()                  # ((year, Quantity or Neg), ...)
    label: str | None = None


@attrs.frozen(kw_only=True)
class Guideline(Node):
    """The whole file; ``span`` is the span of the head statement."""
    lang: str
    title: str
    validity: Validity | None = None
    settings: tuple = ()
    items: tuple = ()
    comments: tuple = attrs.field(eq=False, default=())   # (line, column, text)


# ---- dates, call rounds and duties -------------------------------------------------------

@attrs.frozen(kw_only=True)
class Yearly(Node):
    """A day that comes back every year: ``15 april varje år``."""
    month: int
    day: int
    text: str = attrs.field(eq=False, default="")   # the day and month as written


@attrs.frozen(kw_only=True)
class WithinRound(Node):
    """``inlämnad inom en öppen omgång``: a date inside a round that is open."""
    item: object


@attrs.frozen(kw_only=True)
class RoundDecl(Node):
    """``omgång vår "Vårens utlysning" från 1 mars varje år till 15 april varje år``."""
    name: str
    label: str | None = None
    start: object = None           # DateLit or Yearly
    end: object = None
    status: str | None = None      # paused | closed


@attrs.frozen(kw_only=True)
class Commitment(Node):
    """``åtagande slutrapport: sökande "lämnar slutrapport" senast 3 månader efter projektslut``."""
    name: str
    who: object                    # Name or Text
    what: str
    due: object = None             # Quantity (a duration after the project's end) or None


# ---- the fund's register (#18 point 3) ---------------------------------------------------

@attrs.frozen(kw_only=True)
class PotDecl(Node):
    """``pott folkhälsa: 500 000 kr per år``: a pot of the fund block and its size per year."""
    name: str
    size: object                   # Quantity


@attrs.frozen(kw_only=True)
class RegisterValue(Node):
    """A value read from the register's earlier decisions: ``what`` is ``earlier_grants``,
    ``pot_granted`` (with ``pot``), ``balance`` or ``high_risk_share``."""
    what: str
    pot: str | None = None
