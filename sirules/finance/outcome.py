"""Outcome files: the savings actually booked (and outcome units measured), read and checked."""

from __future__ import annotations

import difflib

import attrs

from ..language.i18n import later
from ..language import model as m
from ..language.diagnostics import SirulesError, error
from .lines import start_year


@attrs.frozen
class Outcome:
    path: str
    savings: tuple                     # (actor, year, öre)
    units: dict                        # year -> measured outcome units (outcome contracts)
    done: dict = attrs.field(factory=dict)   # duty id -> date done, or False (#17 point 5)
    as_of: object = None               # the day the file describes (None: today)


def read_outcome(path: str, app, g: m.Guideline) -> Outcome:
    """Read and validate a realised-outcome file (TOML, JSON or YAML)."""
    from ..engine.application import Locator, read_file
    raw, text = read_file(path)
    loc = Locator(path, text)
    errs: list = []
    savings = _savings(raw, loc, start_year(app), _actors(app, g), errs)
    units = _units(raw, loc, errs)
    from .duties import as_of, read_done
    done, day = read_done(raw, loc, g, errs), as_of(raw, loc, errs)
    unknown = sorted(set(raw) - {"savings", "outcomes", "title", "note", "duties", "as_of"}, key=str)   # YAML keys may be numbers
    for key in unknown:
        errs.append(error("SIR307", later('unknown key "{key}" in an outcome file', key=key), loc.span(key),
                          later("an outcome file holds [[savings]] (actor, year, amount) and [[outcomes]] (year, units)")))
    if errs:
        raise SirulesError(errs)
    return Outcome(path, tuple(savings), units, done, day)


def _savings(raw: dict, loc, start: int, known: set[str], errs: list) -> list:
    """The [[savings]] rows as (actor, year, öre); what is wrong with a row goes to ``errs``."""
    from ..engine.application import read_money
    savings = []
    for i, row in enumerate(raw.get("savings", []) if isinstance(raw.get("savings", []), list) else [None]):
        where = f"savings[{i}]"
        if not isinstance(row, dict) or not {"actor", "year", "amount"} <= set(row):
            errs.append(error("SIR307", later('"{where}" needs actor, year and amount', where=where), loc.span("savings")))
            continue
        actor, year = str(row["actor"]), row["year"]
        try:
            amount = read_money(row["amount"])
        except Exception as exc:          # BadValue from the application loader
            errs.append(error("SIR307", later('"{where}.amount": {why}', where=where, why=getattr(exc, "message", str(exc))),
                              loc.span("amount", row["amount"])))
            continue
        if amount < 0:
            errs.append(error("SIR307", later('"{where}": a booked saving cannot be negative ({amount})', where=where,
                                                    amount=row["amount"]),
                              loc.span("amount", row["amount"]), later("book a cost increase as 0, or leave the year out")))
        if not isinstance(year, int) or isinstance(year, bool):
            errs.append(error("SIR307", later('"{where}.year" must be a year such as {start}', where=where, start=start),
                              loc.span("year", year)))
            continue
        _check_year_and_actor(where, actor, year, start, known, loc, errs)
        savings.append((actor, year, amount))
    return savings


def _check_year_and_actor(where: str, actor: str, year: int, start: int, known: set[str], loc, errs: list) -> None:
    if year < start or year > start + 30:
        errs.append(error("SIR307", later('"{where}": year {year} is outside the project (it starts {start})', where=where,
                                                year=year, start=start),
                          loc.span("year", year), later("use a year from {start} on", start=start)))
    if actor not in known:
        close = difflib.get_close_matches(actor, sorted(known), n=1, cutoff=0.5)
        errs.append(error("SIR307", later('"{where}": unknown committee "{actor}"', where=where, actor=actor),
                          loc.span("actor", actor),
                          later('did you mean "{word}"?', word=close[0]) if close else
                          later("name a participant, its committee, or an actor with expected savings in the application")))


def _units(raw: dict, loc, errs: list) -> dict:
    """The [[outcomes]] rows as year -> units measured (outcome contracts)."""
    units: dict = {}
    for i, row in enumerate(raw.get("outcomes", []) if isinstance(raw.get("outcomes", []), list) else []):
        if not isinstance(row, dict) or not isinstance(row.get("year"), int) or not isinstance(row.get("units"), int) \
                or row["units"] < 0:
            errs.append(error("SIR307", later('"outcomes[{i}]" needs a year and a whole number of units (0 or more)', i=i),
                              loc.span("outcomes")))
            continue
        units[row["year"]] = units.get(row["year"], 0) + row["units"]
    return units


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
