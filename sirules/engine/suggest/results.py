"""What a suggestion is: the changes to the raw application, the suggestions of one rule, the
conflicts between rules and the application with every suggestion applied, and their JSON."""

from __future__ import annotations

import datetime
from fractions import Fraction

import attrs

from .. import explain
from ...language import model as m
from ..checker import Cites


@attrs.frozen
class Change:
    """One change to the raw application.

    ``path`` is where in the application file: a fact key (``amount``), ``budget``,
    ``applicant``, ``applicant.kind``, ``participants[1].signed``, ``participants`` or ``parts``.
    A change sets ``new`` in place of ``old`` (``old`` is None when the fact was missing), or adds
    ``add`` to a list (a participant, or the key of a part). Money is öre, durations months.
    """
    path: str
    old: object = None
    new: object = None
    add: object = None
    op: str = "set"                                   # set | add | remove
    target: tuple = attrs.field(default=(), eq=True, repr=False)
    bound: tuple | None = attrs.field(default=None, eq=False, repr=False)   # (op, value, type, name)

    def to_json(self) -> dict:
        if self.op == "add":
            return {"path": self.path, "add": _jsonable(self.add)}
        return {"path": self.path, "old": _jsonable(self.old), "new": _jsonable(self.new)}


@attrs.frozen
class Suggestion(Cites):
    rule: m.Rule
    outcome: str                        # fail | undecided
    changes: tuple[Change, ...]
    sentence: str
    round: int = 1
    breaks: tuple[str, ...] = ()        # other rules this change would break
    options: tuple = attrs.field(default=(), repr=False, eq=False)   # (what, breaks) of every fix found
    superseded_by: str | None = None    # a later suggestion of the same round changes the same facts

    @property
    def invertible(self) -> bool:
        return bool(self.changes)

    def to_json(self) -> dict:
        return {"rule": self.rule.id, "strength": self.rule.strength, "label": self.rule.label,
                "clause": self.clause, "line": self.line, "outcome": self.outcome, "round": self.round,
                "changes": [c.to_json() for c in self.changes], "sentence": self.sentence,
                "superseded_by": self.superseded_by}


@attrs.frozen
class Conflict:
    rules: tuple[str, ...]
    message: str

    def to_json(self) -> dict:
        return {"rules": list(self.rules), "message": self.message}


@attrs.frozen
class After:
    """The application with every suggestion applied, checked again."""
    verdict: str
    remaining: tuple[str, ...]          # must-rules and parts still failing or undecided
    conflicts: tuple[Conflict, ...]
    rounds: int
    application: dict = attrs.field(repr=False)   # the raw application with the changes applied
    result: object = attrs.field(default=None, repr=False, eq=False)

    def to_json(self) -> dict:
        return {"verdict": self.verdict, "remaining": list(self.remaining), "rounds": self.rounds,
                "conflicts": [c.to_json() for c in self.conflicts]}


@attrs.frozen
class Suggestions:
    result: object                      # checker.Result of the application as it is
    items: tuple[Suggestion, ...]
    after: After

    @property
    def lang(self) -> str:
        return self.result.guideline.lang

    def __iter__(self):
        return iter(self.items)

    def __len__(self) -> int:
        return len(self.items)

    def to_json(self) -> dict:
        return {"suggestions": [s.to_json() for s in self.items], "after": self.after.to_json()}


def _jsonable(v):
    if isinstance(v, (datetime.date,)):
        return v.isoformat()
    if isinstance(v, Fraction):
        return str(explain._dec(v))
    if isinstance(v, dict):
        return {str(k): _jsonable(x) for k, x in v.items()}
    if isinstance(v, (list, tuple, frozenset, set)):
        return [_jsonable(x) for x in v]
    return v
