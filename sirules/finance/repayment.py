"""The repayment models: reflow (also joint), a repayment plan, a loan and an outcome contract,
and who carries what the repayment leaves open (the shortfall).

Each model adds its lines to a :class:`~sirules.finance.lines.Builder`; every split goes through
:func:`~sirules.language.money.allocate`, so the parts sum to the whole.
"""

from __future__ import annotations

from fractions import Fraction

from ..language.diagnostics import SirulesError, error
from ..language.i18n import later
from ..language.money import allocate, round_ore
from ..language.source import Span
from .lines import MUNICIPAL_KINDS, Schedule, responsible, start_year


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


KEY_WORDS = {"pro_rata_savings": ("efter_besparing", "in proportion to savings"),
             "stated_shares": ("angivna_andelar", "by the stated shares"), "equal": ("lika", "equally")}


def reflow(b, block, savings, start, invested, fund, app, model) -> None:
    by_year = _by_year(savings)
    remaining = invested
    surplus_to_fund = block.get("surplus") == "fund"
    origin = block.origin
    key = block.get("key")
    if key is None:
        key = "pro_rata_savings"
        if model == "joint":
            b.assumptions.append(_assumed_key(b.lang, key))
    sectors, alias = _sectors(app)
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
        elif pay:
            weights = _joint_weights(key, sectors, alias, found, app)
            if weights is None:
                weights = [1] * len(sectors)
                b.notes.append(_key_changed(b.lang, year, key))
            for sector, part in zip(sectors, allocate(pay, weights)):
                b.add(year, sector, fund, part, "reflow", origin)
        remaining -= pay
    if by_year and max(by_year) > _window(block, start, by_year)[-1]:
        b.notes.append(later("savings after the repayment period do not count"))


def _assumed_key(lang: str, key: str) -> str:
    sv, en = KEY_WORDS[key]
    return later("the guideline gives no allocation key (key) for the joint repayment; sirules splits it {how} ({key})",
                 how=en, key=key, key_sv=sv)


def _key_changed(lang: str, year: int, key: str) -> str:
    sv, en = KEY_WORDS[key]
    return later("{year}: no participating sector saved that year, so the repayment is split equally instead of "
                 "{how} ({key})", year=year, how=en, key=key, how_sv=sv.replace("_", " "), key_sv=sv)


def _sectors(app) -> tuple[list[str], dict[str, str]]:
    """The participating municipal units, each by its name (its committee when it has no name), and
    every name a saving may be booked under mapped to its unit: the unit's name, and its committee
    when no other unit has the same one. Neither the units nor the split depend on whether a
    committee is given."""
    units = [p for p in app.data["_participants"]
             if p.get("kind") in MUNICIPAL_KINDS and (p.get("name") or p.get("committee"))]
    out: list[str] = []
    for p in units:
        if (p.get("name") or p["committee"]) not in out:
            out.append(p.get("name") or p["committee"])
    alias = {name: name for name in out}
    by_committee: dict[str, set] = {}
    for p in units:
        if p.get("committee"):
            by_committee.setdefault(p["committee"], set()).add(p.get("name") or p["committee"])
    for committee, names in by_committee.items():
        if len(names) == 1:
            alias.setdefault(committee, next(iter(names)))
    if not out:
        out.append(responsible(app))
        alias[out[0]] = out[0]
    return out, alias


def _joint_weights(key, sectors, alias, found, app) -> list | None:
    """The weights of the sectors in one year's repayment, or None when the key gives none (no
    participating sector saved that year) and the repayment is split equally instead."""
    if key == "equal":
        return [1] * len(sectors)
    if key == "stated_shares":
        shares = app.raw.get("shares") or {}
        weights = [Fraction(str(_share(shares, s, alias))) for s in sectors]
        if not any(weights):
            raise SirulesError([error("SIR302", f'{app.path}: the guideline splits the repayment by stated shares; '
                                      'give them as [shares] "Sektor A" = 50', Span(app.path, 1, 1, 1, 1))])
        return weights
    saved: dict[str, int] = {}
    for actor, amount in found.items():
        if actor in alias:
            saved[alias[actor]] = saved.get(alias[actor], 0) + amount
    weights = [saved.get(s, 0) for s in sectors]
    return weights if any(weights) else None


def _share(shares: dict, sector: str, alias: dict) -> object:
    if sector in shares:
        return shares[sector]
    for other, unit in alias.items():
        if unit == sector and other in shares:
            return shares[other]
    return 0


def plan(b, block, savings, invested, fund, app) -> None:
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
        b.notes.append(later("the repayment plan ({planned} öre) exceeds the investment ({invested} öre)",
                             planned=planned, invested=invested))


def _percent(b, block, key: str, year: int) -> Fraction:
    """A rate of the loan in ``year``: a percentage, or one computed from a yearly reference value
    (``base_rate - 0.5 %``), read for that year; a year the table does not give takes the latest
    earlier year's value (and says so in the notes)."""
    import datetime
    v = block.get(key, 0) or 0
    if not hasattr(v, "type"):
        return Fraction(v)
    from ..engine.explain import value
    x = value(v, {"_on": datetime.date(year, 7, 1)})
    back = year
    while x is None and back > 1900:
        back -= 1
        x = value(v, {"_on": datetime.date(back, 7, 1)})
    if x is None:
        b.notes.append(later("{value}: no value for {year} or any year before it; 0 % is used", value=v.text, year=year))
        return Fraction(0)
    if back != year:
        note = later("{value}: no value for {year}; the value of {back} is used", value=v.text, year=year, back=back)
        if note not in b.notes:
            b.notes.append(note)
    return Fraction(x)


def _plan_rows(app) -> list:
    from ..engine.application import BadValue, read_money
    rows = app.raw.get("repayment_plan") or []
    out = []
    if not isinstance(rows, list):
        rows = [rows]
    for i, row in enumerate(rows):
        if not isinstance(row, dict) or not {"payer", "year", "amount"} <= set(row) or not isinstance(row["year"], int):
            raise SirulesError([error("SIR302", f'{app.path}: "repayment_plan[{i}]" needs payer, year and amount',
                                      Span(app.path, 1, 1, 1, 1))])
        try:
            out.append((str(row["payer"]), row["year"], read_money(row["amount"])))
        except BadValue as exc:
            raise SirulesError([error("SIR305", f'{app.path}: "repayment_plan[{i}].amount": {exc.message}',
                                      Span(app.path, 1, 1, 1, 1))]) from None
    return sorted(out, key=lambda r: (r[1], r[0]))


def loan(b, block, start, invested, fund, borrower) -> None:
    years = int(block.get("amortisation_years", 1) or 1)
    first = start + int(block.get("first_year", 2) or 2) - 1
    parts = instalments(invested, years)
    outstanding = invested
    for k, part in enumerate(parts):
        year = first + k
        rate = _percent(b, block, "rate", year) + _percent(b, block, "margin", year)
        b.add(year, borrower, fund, round_ore(Fraction(outstanding) * rate / 100), "interest", block.origin)
        b.add(year, borrower, fund, part, "amortisation", block.origin)
        outstanding -= part


def instalments(total: int, years: int) -> list[int]:
    """Straight-line amortisation: equal instalments of ``total / years`` rounded to the öre, the last
    paying the rest. Where the rounded instalment would overpay before the last year (a few öre over
    many years), the instalment is rounded down instead, so that no instalment is negative."""
    if years <= 1:
        return [total]
    each = round_ore(Fraction(total, years))
    if each * (years - 1) > total:
        each = total // years
    return [each] * (years - 1) + [total - each * (years - 1)]


def outcome_contract(b, block, units, start, invested, app, basis) -> Schedule:
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
    return Schedule(basis, "outcome_contract", b.sorted_lines(), invested, 0, 0, loss, financier if loss else None, 0,
                    outcome_paid_ore=paid, notes=tuple(b.notes), assumptions=tuple(b.assumptions))


def shortfall(b, g, app, remaining, on, fund, applicant):
    """Who carries what the repayment left open: central write-down, the committee, or a split."""
    from ..engine import explain
    risk = next(iter(g.blocks_of("risk", on)), None)
    last = max((ln.year for ln in b.lines), default=start_year(app))
    if risk is None:
        b.notes.append(later("the guideline does not say who carries a shortfall; it is left outstanding"))
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
