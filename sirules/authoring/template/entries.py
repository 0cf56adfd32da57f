"""What an application skeleton holds: the values (:class:`Entry`), each with the clauses that ask
for it (:class:`Ask`), grouped in a :class:`Skeleton`."""

from __future__ import annotations

import attrs

from ...language.i18n import tr
from ...language import model as m


@attrs.frozen(str=False)
class Ask:
    """One reason a value is asked for: the clause and line of a rule, block or part line."""
    text: str
    line: int = 0
    clause: str = ""

    def __str__(self) -> str:
        lang = LANG[0]
        if not self.line:
            return tr(self.text, lang)
        where = f"{self.clause}, {tr('line', lang)} {self.line}" if self.clause else f"{tr('line', lang)} {self.line}"
        return f"{where}: {tr(self.text, lang)}"


#: the language the skeleton is being written in (set by the writers: the guideline's, or --lang)
LANG = ["en"]


@attrs.frozen
class Entry:
    """A value of the application: a fact, a field of a participant, a part or a table."""
    key: str
    type: str                       # a fact type (vocabulary), or "part"
    label: str
    asks: tuple[Ask, ...] = ()
    choices: tuple[str, ...] = ()   # choice facts: the values; kind: the kinds the rules name
    mode: str = ""                  # parts: required | conditional | optional | supplied | tested


@attrs.frozen
class Skeleton:
    guideline: m.Guideline
    facts: tuple[Entry, ...]                 # top-level values, title and start first
    applicant: tuple[Entry, ...]             # fields of the applicant
    participants: tuple[Entry, ...]          # fields of each partner; () when no rule reads partners
    participant_asks: tuple[Ask, ...]
    tables: tuple[Entry, ...]                # budget, savings, repayment_plan, shares, expected_outcomes
    parts: tuple[Entry, ...]
    also: tuple = ()                         # the other guidelines of a union (sirules template A B …)


def _unique(asks) -> list[Ask]:
    """Each ask once, in the order of the guideline (asks without a line first)."""
    return sorted(dict.fromkeys(asks), key=lambda a: a.line)


def _first_line(asks) -> int:
    return min((a.line for a in asks if a.line), default=0)
