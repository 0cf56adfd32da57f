"""The compiled model without attrs: the classes a warm start reads it into.

Every class of :mod:`sirules.language.model` has a namesake here that carries its methods and its place
in the class hierarchy, but no fields; the frozen attrs classes of :mod:`sirules.language.model` derive
from these. Code that only reads a compiled guideline (checking, explaining, rendering) tests
``isinstance`` against the classes here, so it works the same on the attrs model of a fresh
compile and on the light copy that :func:`loads` makes from the cache.

Why: importing attrs and creating the model's attrs classes takes longer than everything else a
warm ``sirules check`` does. The light copy has the same attributes, read-only by convention
(nothing writes to a compiled guideline); it has no structural equality or hashing, which only
the compiler, compare, lint and suggest use, and those ask for the attrs model
(:attr:`sirules.engine.checker.CompiledGuideline.model`).
"""

from __future__ import annotations


class Node:
    __slots__ = ()


class Origin(Node):
    """Where a rule comes from: line and the clause (section) it sits in."""
    __slots__ = ()

    def clause(self) -> str:
        if self.section is None:
            return ""
        return f"§ {self.section} {self.heading}" if self.heading else f"§ {self.section}"


# ---- expressions ----------------------------------------------------------------------

class Expr(Node):
    __slots__ = ()


class Const(Expr):
    __slots__ = ()


class Fact(Expr):
    __slots__ = ()


class PField(Expr):
    __slots__ = ()


class ApplicantField(Expr):
    __slots__ = ()


class Dated(Expr):
    __slots__ = ()

    def at(self, on):
        """The value in force on the day ``on`` (None without a day or outside every period)."""
        return dated_value(self.periods, on)


class Count(Expr):
    __slots__ = ()


class Every(Expr):
    __slots__ = ()


class Agg(Expr):
    __slots__ = ()


class PartPresent(Expr):
    __slots__ = ()


class And(Expr):
    __slots__ = ()


class Or(Expr):
    __slots__ = ()


class Not(Expr):
    __slots__ = ()


class Implies(Expr):
    __slots__ = ()


class Cmp(Expr):
    __slots__ = ()


class Member(Expr):
    __slots__ = ()


class Between(Expr):
    __slots__ = ()


class Arith(Expr):
    __slots__ = ()


class Neg(Expr):
    __slots__ = ()


class ShareOf(Expr):
    __slots__ = ()


class DatePart(Expr):
    __slots__ = ()


class WithinRound(Expr):
    __slots__ = ()


class InForce(Expr):
    __slots__ = ()


class RegisterValue(Expr):
    __slots__ = ()


class Pot(Node):
    __slots__ = ()


# ---- rules and the guideline ------------------------------------------------------------

class Rule(Node):
    __slots__ = ()


class Section(Node):
    __slots__ = ()


class SettingValue(Node):
    __slots__ = ()


class Block(Node):
    __slots__ = ()

    def get(self, key: str, default=None):
        for s in self.settings:
            if s.key == key:
                return s.values[0] if len(s.values) == 1 else s.values
        return default

    def all(self, key: str) -> tuple:
        return tuple(s for s in self.settings if s.key == key)


class FactInfo(Node):
    __slots__ = ()


class ReferenceInfo(Node):
    __slots__ = ()


class Round(Node):
    __slots__ = ()

    def open_on(self, day) -> bool:
        """Whether the round is open on ``day`` (a date)."""
        if self.status is not None:
            return False
        return within(self.start, self.end, day)


class Commitment(Node):
    __slots__ = ()


class Guideline(Node):
    __slots__ = ()

    def blocks_of(self, kind: str, on=None) -> tuple:
        return tuple(b for b in self.blocks if b.kind == kind and in_force(b.valid_from, b.valid_to, on))

    def rules_on(self, on) -> tuple:
        return tuple(r for r in self.rules if in_force(r.valid_from, r.valid_to, on))

    @property
    def fund_size(self) -> int | None:
        for b in self.blocks_of("fund"):
            v = b.get("size")
            if v is not None:
                return v
        return None


_CHILDREN = ("item", "left", "right", "low", "high", "cond", "then", "base", "filter")


def walk(e):
    """Every expression in ``e``, itself first, then ``items``, then the other sub-expressions
    (depth first, without recursion)."""
    stack = [e]
    while stack:
        x = stack.pop()
        yield x
        kids = list(getattr(x, "items", ()) or ())
        kids += [k for k in (getattr(x, f, None) for f in _CHILDREN) if isinstance(k, Expr)]
        stack.extend(reversed(kids))


def dated_value(periods, on):
    """The value of the first period (from, to, value) that covers the day ``on``, or None."""
    if on is None:
        return None
    for start, end, v in periods:
        if (start is None or start <= on) and (end is None or on <= end):
            return v
    return None


def within(start, end, day) -> bool:
    """Whether ``day`` lies from ``start`` to ``end``: dates, or (month, day) pairs every year
    (a yearly period may run over the new year: 1 december to 15 january)."""
    if isinstance(start, tuple):
        md = (day.month, day.day)
        return start <= md <= end if start <= end else (md >= start or md <= end)
    return start <= day <= end


def submission_matters(g) -> bool:
    """Whether guideline ``g`` reads the submission date, or picks its version by it."""
    return "submitted" in g.facts or g.identity.get("version_date") == "submitted"


def in_force(start, end, on) -> bool:
    """Whether a validity period from ``start`` to ``end`` (either may be None) covers the day ``on``."""
    if on is None:
        return True
    return (start is None or start <= on) and (end is None or on <= end)


# ---- the light copy -----------------------------------------------------------------------

_LIGHT: dict[str, type] = {}


def _light_repr(self) -> str:
    fields = ", ".join(f"{k}={v!r}" for k, v in self.__dict__.items())
    return f"{type(self).__name__}({fields})"


def light(name: str) -> type:
    """The light class for the model class ``name``: its namesake here, with a ``__dict__``."""
    cls = _LIGHT.get(name)
    if cls is None:
        base = globals()[name]
        if not (isinstance(base, type) and issubclass(base, Node)):
            raise KeyError(name)
        cls = _LIGHT[name] = type(name, (base,), {"__repr__": _light_repr, "__module__": __name__})
    return cls


def new(name: str, **fields):
    """A light instance of the model class ``name`` (for values made on the warm path)."""
    obj = light(name).__new__(light(name))
    obj.__dict__.update(fields)
    return obj


def loads(data: bytes):
    """Read a pickled :class:`sirules.language.model.Guideline` into light instances, without attrs."""
    import io
    try:                 # the C unpickler itself: pickle.py, which wraps it, costs every start a millisecond
        from _pickle import Unpickler
    except ImportError:  # pragma: no cover - a Python without the C accelerator
        from pickle import Unpickler

    class _Reader(Unpickler):
        def find_class(self, module: str, name: str):
            if module == "sirules.language.model":
                return light(name)
            return super().find_class(module, name)

    return _Reader(io.BytesIO(data)).load()
