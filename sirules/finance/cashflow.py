"""Obligations: who pays whom, how much, in which year, and who carries a shortfall.

``obligations(guideline, application, outcome)`` turns the repayment and risk
blocks in force on the application's start date into a year-by-year schedule:
payments out of the fund, reflows or repayments per committee, interest, outcome
payments, and at the end the write-down and who carries it. The planned schedule
uses the application's expected savings; with an outcome file, the realised one
uses the savings actually booked. Every amount is int öre; every split goes
through :func:`sirules.language.money.allocate`, so parts always sum to the whole.

Invariant (tested): repaid + waived + written down + outstanding = invested.
"""

from __future__ import annotations

import datetime

from ..language import model as m
from ..language.i18n import later
from . import repayment
from .lines import Builder, Line, MUNICIPAL_KINDS, Obligations, Schedule, responsible, start_year
from .outcome import Outcome, read_outcome

__all__ = ["MUNICIPAL_KINDS", "Line", "Obligations", "Outcome", "Schedule", "obligations", "read_outcome", "total"]

#: the amounts a total over several applications adds up
TOTAL_KEYS = ("invested_ore", "repaid_ore", "waived_ore", "interest_ore", "outcome_paid_ore", "written_down_ore",
              "outstanding_ore")


# ---- the schedule ------------------------------------------------------------------------

def obligations(g: m.Guideline, app, outcome: Outcome | None = None, on: datetime.date | None = None) -> Obligations:
    on = on or app.data.get("start")
    planned = _schedule(g, app, "planned", app.data.get("savings") or (), None, on)
    realised = None
    if outcome is not None:
        realised = _schedule(g, app, "realised", outcome.savings, outcome.units, on)
    from ..engine.duties import duties
    done = (outcome.done, outcome.as_of) if outcome is not None else (None, None)
    return Obligations(g.path, app.path, g.lang, planned, realised, duties(g, app.data, *done))


def total(results) -> dict:
    """The sum of the schedules of several applications (each its realised schedule when it has
    one, else its planned one), and how many there are."""
    out = {"applications": len(results)}
    for key in TOTAL_KEYS:
        out[key] = sum(getattr(r.realised or r.planned, key) for r in results)
    return out


def _schedule(g, app, basis, savings, units, on) -> Schedule:
    b = Builder(g, app, basis, on)
    start = start_year(app)
    fund = _fund_name(g)
    applicant = responsible(app)
    budget = app.data.get("budget") or {}
    invested = sum(budget.values()) if budget else (app.data.get("amount") or 0)
    block = next(iter(g.blocks_of("repayment", on)), None)
    model = block.get("model", "none") if block is not None else "none"
    _invest(b, block, model, budget, invested, start, fund, applicant)

    if block is None:
        b.notes.append(later("the guideline says nothing about repayment: nothing flows back"))
    elif model == "none":
        b.notes.append(later("budget model: nothing flows back to the fund"))
    elif model in ("reflow", "joint"):
        repayment.reflow(b, block, savings, start, invested, fund, app, model)
    elif model == "plan":
        repayment.plan(b, block, savings, invested, fund, app)
    elif model == "loan":
        repayment.loan(b, block, start, invested, fund, applicant)
    elif model == "outcome_contract":
        return repayment.outcome_contract(b, block, units, start, invested, app, basis)

    repaid = b.total("reflow", "repayment", "amortisation")
    waived = b.total("waived")
    remaining = invested - repaid - waived if model not in ("none",) else 0
    written_down, by, outstanding = 0, None, 0
    if remaining > 0:
        written_down, by, outstanding = repayment.shortfall(b, g, app, remaining, on, fund, applicant)
    repaid = b.total("reflow", "repayment", "amortisation", "shortfall_repayment")
    return Schedule(basis, model, b.sorted_lines(), invested, repaid, waived, written_down, by, outstanding,
                    interest_ore=b.total("interest"), notes=tuple(b.notes), assumptions=tuple(b.assumptions))


def _invest(b: Builder, block, model: str, budget: dict, invested: int, start: int, fund: str, applicant: str) -> None:
    """The money going out: from the fund, or from the financier under an outcome contract."""
    origin = block.origin if block is not None else m.Origin(0, 0)
    if model == "outcome_contract":
        financier = block.get("financier") or ("finansiären" if b.lang == "sv" else "the financier")
        for year, amount in _investment_years(budget, invested, start):
            b.add(year, financier, applicant, amount, "financing", origin)
        return
    fund_origin = next(iter(b.g.blocks_of("fund", b.on)), None)
    inv_origin = fund_origin.origin if fund_origin is not None else origin
    for year, amount in _investment_years(budget, invested, start):
        b.add(year, fund, applicant, amount, "investment", inv_origin)


def _investment_years(budget: dict, invested: int, start: int):
    if budget:
        return sorted(budget.items())
    return [(start, invested)] if invested else []


def _fund_name(g) -> str:
    for blk in g.blocks_of("fund"):
        if blk.get("name"):
            return blk.get("name")
    return "fonden" if g.lang == "sv" else "the fund"
