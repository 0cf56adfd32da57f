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
import difflib
from fractions import Fraction

import attrs

from ..language import model as m
from ..language.diagnostics import SirulesError, error
from ..language.money import allocate, round_ore
from ..language.source import Span

MUNICIPAL_KINDS = ("municipal_unit", "committee")


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

    def to_json(self) -> dict:
        return {"basis": self.basis, "model": self.model, "schedule": [ln.to_json() for ln in self.lines],
                "invested_ore": self.invested_ore, "repaid_ore": self.repaid_ore, "waived_ore": self.waived_ore,
                "written_down_ore": self.written_down_ore, "written_down_by": self.written_down_by,
                "outstanding_ore": self.outstanding_ore, "interest_ore": self.interest_ore,
                "outcome_paid_ore": self.outcome_paid_ore, "notes": list(self.notes)}


@attrs.frozen
class Obligations:
    guideline: str
    application: str
    lang: str
    planned: Schedule
    realised: Schedule | None = None

    def to_json(self) -> dict:
        main = (self.realised or self.planned).to_json()
        doc = {"guideline": self.guideline, "application": self.application, **main}
        if self.realised is not None:
            doc["planned"] = self.planned.to_json()
        return doc


# ---- outcome files ---------------------------------------------------------------------

@attrs.frozen
class Outcome:
    path: str
    savings: tuple                     # (actor, year, öre)
    units: dict                        # year -> measured outcome units (outcome contracts)


def read_outcome(path: str, app, g: m.Guideline) -> Outcome:
    """Read and validate a realised-outcome file (TOML, JSON or YAML)."""
    from ..engine.application import read_file, _Locator, _money
    raw, text = read_file(path)
    loc = _Locator(path, text)
    start = _start_year(app)
    known = _actors(app, g)
    savings, units, errs = [], {}, []
    for i, row in enumerate(raw.get("savings", []) if isinstance(raw.get("savings", []), list) else [None]):
        where = f"savings[{i}]"
        if not isinstance(row, dict) or not {"actor", "year", "amount"} <= set(row):
            errs.append(error("SIR307", f'"{where}" needs actor, year and amount', loc.span("savings")))
            continue
        actor, year = str(row["actor"]), row["year"]
        try:
            amount = _money(row["amount"])
        except Exception as exc:          # _BadValue from the application loader
            errs.append(error("SIR307", f'"{where}.amount": {getattr(exc, "message", exc)}', loc.span("amount", row["amount"])))
            continue
        if amount < 0:
            errs.append(error("SIR307", f'"{where}": a booked saving cannot be negative ({row["amount"]})',
                              loc.span("amount", row["amount"]), "book a cost increase as 0, or leave the year out"))
        if not isinstance(year, int) or isinstance(year, bool):
            errs.append(error("SIR307", f'"{where}.year" must be a year such as {start}', loc.span("year", year)))
            continue
        if year < start or year > start + 30:
            errs.append(error("SIR307", f'"{where}": year {year} is outside the project (it starts {start})',
                              loc.span("year", year), f"use a year from {start} on"))
        if actor not in known:
            close = difflib.get_close_matches(actor, sorted(known), n=1, cutoff=0.5)
            errs.append(error("SIR307", f'"{where}": unknown committee "{actor}"', loc.span("actor", actor),
                              f'did you mean "{close[0]}"?' if close else
                              "name a participant, its committee, or an actor with expected savings in the application"))
        savings.append((actor, year, amount))
    for i, row in enumerate(raw.get("outcomes", []) if isinstance(raw.get("outcomes", []), list) else []):
        if not isinstance(row, dict) or not isinstance(row.get("year"), int) or not isinstance(row.get("units"), int) \
                or row["units"] < 0:
            errs.append(error("SIR307", f'"outcomes[{i}]" needs a year and a whole number of units (0 or more)',
                              loc.span("outcomes")))
            continue
        units[row["year"]] = units.get(row["year"], 0) + row["units"]
    unknown = sorted(set(raw) - {"savings", "outcomes", "title", "note"}, key=str)   # YAML keys may be numbers
    for key in unknown:
        errs.append(error("SIR307", f'unknown key "{key}" in an outcome file', loc.span(key),
                          "an outcome file holds [[savings]] (actor, year, amount) and [[outcomes]] (year, units)"))
    if errs:
        raise SirulesError(errs)
    return Outcome(path, tuple(savings), units)


def _actors(app, g: m.Guideline) -> set[str]:
    names = set()
    for p in app.data["_participants"]:
        for k in ("name", "committee"):
            if p.get(k):
                names.add(p[k])
    for actor, _, _ in app.data.get("savings") or ():
        names.add(actor)
    for b in g.blocks_of("repayment"):
        for s in b.all("central"):
            names.update(s.values)
    for b in g.blocks_of("risk"):
        if b.get("central_body"):
            names.add(b.get("central_body"))
    return names


def _start_year(app) -> int:
    start = app.data.get("start")
    if start is None:
        raise SirulesError([error("SIR302", f"{app.path}: obligations need the start date of the project",
                                  Span(app.path, 1, 1, 1, 1), "add start = YYYY-MM-DD to the application")])
    return start.year


# ---- the schedule ------------------------------------------------------------------------

def obligations(g: m.Guideline, app, outcome: Outcome | None = None, on: datetime.date | None = None) -> Obligations:
    on = on or app.data.get("start")
    planned = _schedule(g, app, "planned", app.data.get("savings") or (), None, on)
    realised = None
    if outcome is not None:
        realised = _schedule(g, app, "realised", outcome.savings, outcome.units, on)
    return Obligations(g.path, app.path, g.lang, planned, realised)


class _Builder:
    def __init__(self, g, app, basis, on):
        self.g, self.app, self.basis, self.on = g, app, basis, on
        self.lines: list[Line] = []
        self.notes: list[str] = []
        self.lang = g.lang

    def add(self, year, payer, payee, amount, kind, origin: m.Origin):
        if amount:
            self.lines.append(Line(year, payer, payee, amount, kind, origin.clause(), origin.line))

    def total(self, *kinds) -> int:
        return sum(ln.amount_ore for ln in self.lines if ln.kind in kinds)


def _schedule(g, app, basis, savings, units, on) -> Schedule:
    b = _Builder(g, app, basis, on)
    start = _start_year(app)
    lang = g.lang
    fund = _fund_name(g)
    applicant = _responsible(app)
    budget = app.data.get("budget") or {}
    invested = sum(budget.values()) if budget else (app.data.get("amount") or 0)
    block = next(iter(g.blocks_of("repayment", on)), None)
    model = block.get("model", "none") if block is not None else "none"
    origin = block.origin if block is not None else m.Origin(0, 0)
    fund_origin = next(iter(g.blocks_of("fund", on)), None)
    inv_origin = fund_origin.origin if fund_origin is not None else origin

    if model == "outcome_contract":
        financier = block.get("financier") or ("finansiären" if lang == "sv" else "the financier")
        for year, amount in _investment_years(budget, invested, start):
            b.add(year, financier, applicant, amount, "financing", origin)
    else:
        for year, amount in _investment_years(budget, invested, start):
            b.add(year, fund, applicant, amount, "investment", inv_origin)

    if block is None:
        b.notes.append("riktlinjen säger inget om återbetalning: inget flödar tillbaka" if lang == "sv"
                       else "the guideline says nothing about repayment: nothing flows back")
    elif model == "none":
        b.notes.append("budgetmodell: inget flödar tillbaka till fonden" if lang == "sv"
                       else "budget model: nothing flows back to the fund")
    elif model in ("reflow", "joint"):
        _reflow(b, block, savings, start, invested, fund, app, model)
    elif model == "plan":
        _plan(b, block, savings, invested, fund, app)
    elif model == "loan":
        _loan(b, block, start, invested, fund, applicant)
    elif model == "outcome_contract":
        return _outcome_contract(b, block, units, start, invested, app, basis)

    repaid = b.total("reflow", "repayment", "amortisation")
    waived = b.total("waived")
    remaining = invested - repaid - waived if model not in ("none",) else 0
    written_down, by, outstanding = 0, None, 0
    if remaining > 0:
        written_down, by, outstanding = _shortfall(b, g, app, remaining, on, fund, applicant)
    repaid = b.total("reflow", "repayment", "amortisation", "shortfall_repayment")
    return Schedule(basis, model, tuple(b.lines), invested, repaid, waived, written_down, by, outstanding,
                    interest_ore=b.total("interest"), notes=tuple(b.notes))


def _investment_years(budget: dict, invested: int, start: int):
    if budget:
        return sorted(budget.items())
    return [(start, invested)] if invested else []


def _fund_name(g) -> str:
    for blk in g.blocks_of("fund"):
        if blk.get("name"):
            return blk.get("name")
    return "fonden" if g.lang == "sv" else "the fund"


def _responsible(app) -> str:
    a = app.data.get("_applicant") or {}
    return a.get("committee") or a.get("name") or ("sökande" if False else "applicant")


def _by_year(savings) -> dict:
    out: dict[int, dict[str, int]] = {}
    for actor, year, amount in savings:
        if amount > 0:
            out.setdefault(year, {})
            out[year][actor] = out[year].get(actor, 0) + amount
    return out


def _window(block, start: int, savings_years) -> range:
    first = start + int(block.get("first_year", 1) or 1) - 1
    max_years = block.get("max_years")
    if max_years:
        return range(first, first + int(max_years))
    last = max([first, *savings_years])
    return range(first, last + 1)


def _central(block) -> set:
    return {v for s in block.all("central") for v in s.values}


def _reflow(b, block, savings, start, invested, fund, app, model) -> None:
    by_year = _by_year(savings)
    remaining = invested
    surplus_to_fund = block.get("surplus") == "fund"
    origin = block.origin
    key = block.get("key", "pro_rata_savings")
    sectors = _sectors(app)
    for year in _window(block, start, by_year):
        found = by_year.get(year, {})
        total = sum(found.values())
        pay = min(total, remaining)
        if model == "reflow":
            actors = sorted(found)
            for actor, part in zip(actors, allocate(pay, [found[a] for a in actors]) if actors else []):
                b.add(year, actor, fund, part, "reflow", origin)
            if surplus_to_fund and total > pay:
                for actor, part in zip(actors, allocate(total - pay, [found[a] for a in actors])):
                    b.add(year, actor, fund, part, "surplus", origin)
        else:
            weights = _joint_weights(key, sectors, found, app)
            for sector, part in zip(sectors, allocate(pay, weights) if pay else []):
                b.add(year, sector, fund, part, "reflow", origin)
        remaining -= pay
    if by_year and max(by_year) > _window(block, start, by_year)[-1]:
        b.notes.append("besparingar efter återbetalningsperioden räknas inte" if b.lang == "sv"
                       else "savings after the repayment period do not count")


def _sectors(app) -> list[str]:
    out = []
    for p in app.data["_participants"]:
        if p.get("kind") in MUNICIPAL_KINDS:
            name = p.get("committee") or p.get("name")
            if name and name not in out:
                out.append(name)
    if not out:
        out.append(_responsible(app))
    return out


def _joint_weights(key, sectors, found, app) -> list:
    if key == "equal":
        return [1] * len(sectors)
    if key == "stated_shares":
        shares = app.raw.get("shares") or {}
        weights = [Fraction(str(shares.get(s, 0))) for s in sectors]
        if not any(weights):
            raise SirulesError([error("SIR302", f'{app.path}: the guideline splits the repayment by stated shares; '
                                      'give them as [shares] "Sektor A" = 50', Span(app.path, 1, 1, 1, 1))])
        return weights
    weights = [found.get(s, 0) for s in sectors]
    return weights if any(weights) else [1] * len(sectors)


def _plan(b, block, savings, invested, fund, app) -> None:
    rows = _plan_rows(app)
    origin = block.origin
    central = _central(block)
    waive = block.get("waived_when") == "savings_central"
    central_left = {}
    for actor, year, amount in savings:
        if actor in central and amount > 0:
            central_left[year] = central_left.get(year, 0) + amount
    for payer, year, amount in rows:
        waived = 0
        if waive and central_left.get(year):
            waived = min(amount, central_left[year])
            central_left[year] -= waived
            b.add(year, payer, fund, waived, "waived", origin)
        b.add(year, payer, fund, amount - waived, "repayment", origin)
    planned = sum(r[2] for r in rows)
    if planned > invested:
        b.notes.append(f"the repayment plan ({planned} öre) exceeds the investment ({invested} öre)")


def _plan_rows(app) -> list:
    from ..engine.application import _BadValue, _money
    rows = app.raw.get("repayment_plan") or []
    out = []
    if not isinstance(rows, list):
        rows = [rows]
    for i, row in enumerate(rows):
        if not isinstance(row, dict) or not {"payer", "year", "amount"} <= set(row) or not isinstance(row["year"], int):
            raise SirulesError([error("SIR302", f'{app.path}: "repayment_plan[{i}]" needs payer, year and amount',
                                      Span(app.path, 1, 1, 1, 1))])
        try:
            out.append((str(row["payer"]), row["year"], _money(row["amount"])))
        except _BadValue as exc:
            raise SirulesError([error("SIR305", f'{app.path}: "repayment_plan[{i}].amount": {exc.message}',
                                      Span(app.path, 1, 1, 1, 1))]) from None
    return sorted(out, key=lambda r: (r[1], r[0]))


def _loan(b, block, start, invested, fund, borrower) -> None:
    rate = Fraction(block.get("rate", 0) or 0) + Fraction(block.get("margin", 0) or 0)
    years = int(block.get("amortisation_years", 1) or 1)
    first = start + int(block.get("first_year", 2) or 2) - 1
    parts = allocate(invested, [1] * years)
    outstanding = invested
    for k, part in enumerate(parts):
        year = first + k
        b.add(year, borrower, fund, round_ore(Fraction(outstanding) * rate / 100), "interest", block.origin)
        b.add(year, borrower, fund, part, "amortisation", block.origin)
        outstanding -= part


def _outcome_contract(b, block, units, start, invested, app, basis) -> Schedule:
    g = b.g
    rate = block.get("outcome_rate") or 0
    cap = block.get("outcome_cap")
    financier = block.get("financier") or ("finansiären" if g.lang == "sv" else "the financier")
    payer = g.identity.get("body") or ("kommunen" if g.lang == "sv" else "the municipality")
    if units is None:
        units = {}
        for row in app.raw.get("expected_outcomes") or []:
            if isinstance(row, dict) and isinstance(row.get("year"), int) and isinstance(row.get("units"), int):
                units[row["year"]] = units.get(row["year"], 0) + row["units"]
    paid = 0
    for year in sorted(units):
        amount = units[year] * rate
        if cap is not None:
            amount = max(0, min(amount, cap - paid))
        b.add(year, payer, financier, amount, "outcome_payment", block.origin)
        paid += amount
    loss = max(0, invested - paid)
    if loss:
        last = max(units) if units else start
        b.add(last, financier, financier, loss, "financier_loss", block.origin)
    return Schedule(basis, "outcome_contract", tuple(b.lines), invested, 0, 0, loss, financier if loss else None, 0,
                    outcome_paid_ore=paid, notes=tuple(b.notes))


def _shortfall(b, g, app, remaining, on, fund, applicant):
    """Who carries what the repayment left open: central write-down, the committee, or a split."""
    from ..engine import explain
    risk = next(iter(g.blocks_of("risk", on)), None)
    last = max((ln.year for ln in b.lines), default=_start_year(app))
    if risk is None:
        b.notes.append("riktlinjen säger inte vem som bär ett underskott; det står kvar som obestämt" if g.lang == "sv"
                       else "the guideline does not say who carries a shortfall; it is left outstanding")
        return 0, None, remaining
    entries = risk.all("bearer")
    chosen = [s for s in entries if s.condition is not None and explain.value(s.condition, app.data) is True] \
        or [s for s in entries if s.condition is None]
    bearer = chosen[0].values[0] if chosen else "central"
    origin = chosen[0].origin if chosen else risk.origin
    central_body = risk.get("central_body") or ("kommunen" if g.lang == "sv" else "the municipality")
    if bearer == "committee":
        b.add(last, applicant, fund, remaining, "shortfall_repayment", origin)
        return 0, None, 0
    if bearer == "split":
        share = Fraction(risk.get("central_share", 50) or 0)
        central, committee = allocate(remaining, [share, 100 - share])
        b.add(last, central_body, fund, central, "write_down", origin)
        b.add(last, applicant, fund, committee, "shortfall_repayment", origin)
        return central, central_body, 0
    if bearer == "financier":
        financier = next((blk.get("financier") for blk in g.blocks_of("repayment", on) if blk.get("financier")),
                         "the financier")
        b.add(last, financier, fund, remaining, "write_down", origin)
        return remaining, financier, 0
    b.add(last, central_body, fund, remaining, "write_down", origin)
    return remaining, central_body, 0
