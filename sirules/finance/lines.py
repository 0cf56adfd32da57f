"""The data of an obligations schedule: its lines, the schedule, and the builder that adds them.

Every amount is int öre. :mod:`sirules.finance.cashflow` builds a :class:`Schedule` with a
:class:`Builder`; :mod:`sirules.finance.repayment` adds the lines of each repayment model.
"""

from __future__ import annotations

import attrs

from ..language import model as m
from ..language.diagnostics import SirulesError, error
from ..language.i18n import later, tr
from ..language.source import Span

MUNICIPAL_KINDS = ("municipal_unit", "committee")

#: the kinds of line, in the order a schedule lists them within a year (then by payer, then payee)
KINDS = ("investment", "financing", "reflow", "surplus", "repayment", "waived", "interest", "amortisation",
         "outcome_payment", "shortfall_repayment", "write_down", "financier_loss")


@attrs.frozen
class Line:
    year: int
    payer: str
    payee: str
    amount_ore: int
    kind: str          # investment | financing | reflow | surplus | repayment | waived | interest |
    #                    amortisation | outcome_payment | shortfall_repayment | write_down | financier_loss
    clause: str
    line: int

    def to_json(self) -> dict:
        return {"year": self.year, "payer": self.payer, "payee": self.payee, "amount_ore": self.amount_ore,
                "kind": self.kind, "clause": self.clause, "line": self.line}


@attrs.frozen
class Schedule:
    basis: str                         # planned | realised
    model: str                         # none | reflow | plan | joint | loan | outcome_contract
    lines: tuple[Line, ...]
    invested_ore: int
    repaid_ore: int
    waived_ore: int
    written_down_ore: int
    written_down_by: str | None
    outstanding_ore: int               # shortfall nobody is named to carry
    interest_ore: int = 0
    outcome_paid_ore: int = 0
    notes: tuple[str, ...] = ()
    assumptions: tuple[str, ...] = ()  # what the guideline's source does not say and sirules assumed

    def to_json(self, lang: str | None = None) -> dict:
        """The schedule as JSON; its notes and assumptions in ``lang``."""
        return {"basis": self.basis, "model": self.model, "schedule": [ln.to_json() for ln in self.lines],
                "invested_ore": self.invested_ore, "repaid_ore": self.repaid_ore, "waived_ore": self.waived_ore,
                "written_down_ore": self.written_down_ore, "written_down_by": self.written_down_by,
                "outstanding_ore": self.outstanding_ore, "interest_ore": self.interest_ore,
                "outcome_paid_ore": self.outcome_paid_ore, "notes": [tr(n, lang) for n in self.notes],
                "assumptions": [tr(a, lang) for a in self.assumptions]}


@attrs.frozen
class Obligations:
    guideline: str
    application: str
    lang: str
    planned: Schedule
    realised: Schedule | None = None
    duties: tuple = ()                  # finance.duties.Duty: what the grant commits to, and when

    def to_json(self) -> dict:
        main = (self.realised or self.planned).to_json(self.lang)
        doc = {"guideline": self.guideline, "application": self.application, **main}
        if self.duties:
            doc["duties"] = [d.to_json() for d in self.duties]
        if self.realised is not None:
            doc["planned"] = self.planned.to_json(self.lang)
        return doc


class Builder:
    """The lines of one schedule as they are added, and the notes that explain it."""

    def __init__(self, g, app, basis, on):
        self.g, self.app, self.basis, self.on = g, app, basis, on
        self.lines: list[Line] = []
        self.notes: list[str] = []
        self.assumptions: list[str] = []
        self.lang = g.lang

    def add(self, year, payer, payee, amount, kind, origin: m.Origin):
        if amount:
            self.lines.append(Line(year, payer, payee, amount, kind, origin.clause(), origin.line))

    def sorted_lines(self) -> tuple[Line, ...]:
        """The lines by year, then kind (in the order of :data:`KINDS`), then payer and payee."""
        return tuple(sorted(self.lines, key=lambda ln: (ln.year, KINDS.index(ln.kind), ln.payer, ln.payee)))

    def total(self, *kinds) -> int:
        return sum(ln.amount_ore for ln in self.lines if ln.kind in kinds)


def responsible(app) -> str:
    a = app.data.get("_applicant") or {}
    return a.get("committee") or a.get("name") or ("sökande" if False else "applicant")


def start_year(app) -> int:
    start = app.data.get("start")
    if start is None:
        raise SirulesError([error("SIR302", later("{file}: obligations need the start date of the project", file=app.path),
                                  Span(app.path, 1, 1, 1, 1), later("add start = YYYY-MM-DD to the application"))])
    return start.year
