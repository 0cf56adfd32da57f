"""The socio-economic calculation: costs and savings per actor and year.

Municipal view (the municipality's own committees) and society-wide view (every
actor: region, Försäkringskassan, Arbetsförmedlingen, the justice system, the
state, the individual); net present value per actor at the guideline's discount
rate; payback year; the investment hump (the lowest point of the cumulative net
and its year); a sensitivity table over degrees of success; and who pays and who
gains. Money is int öre; discounting is exact (fractions) and each present value
is rounded once, with :func:`sirules.language.money.round_ore`.
"""

from __future__ import annotations

from fractions import Fraction

import attrs

from ..language import model as m
from ..language.diagnostics import SirulesError, error
from ..language.i18n import later
from ..language.money import round_ore
from ..language.source import Span

#: actor kinds; "municipality" is the municipal view, all of them the society-wide view
ACTOR_KINDS = ("municipality", "region", "social_insurance", "employment_service", "justice", "state", "individual")
_NAME_HINTS = (("försäkringskassa", "social_insurance"), ("arbetsförmedling", "employment_service"),
               ("region", "region"), ("landsting", "region"), ("polis", "justice"), ("kriminalvård", "justice"),
               ("rättsväsende", "justice"), ("staten", "state"), ("individ", "individual"), ("den enskilde", "individual"))
DEFAULT_SUCCESS = (Fraction(0), Fraction(25), Fraction(50), Fraction(75), Fraction(100))


@attrs.frozen
class ActorYear:
    actor: str
    kind: str
    year: int
    cost: int
    saving: int

    @property
    def net(self) -> int:
        return self.saving - self.cost


@attrs.frozen
class View:
    name: str                           # municipal | society
    years: tuple[int, ...]
    net_by_year: tuple[int, ...]
    cumulative: tuple[int, ...]
    npv: int
    payback_year: int | None
    hump_year: int
    hump_ore: int                       # the lowest cumulative net (<= 0)
    discounted_payback_year: int | None = None


@attrs.frozen
class Calculation:
    guideline: str
    application: str
    lang: str
    rate: Fraction                      # percent
    start: int
    horizon: int                        # years
    rows: tuple[ActorYear, ...]
    npv_by_actor: dict
    municipal: View
    society: View
    sensitivity: tuple                  # (degree %, municipal View, society View)
    warnings: tuple = ()                # Diagnostic warnings (an actor the guideline does not count)

    def actors(self) -> list[str]:
        return sorted({r.actor for r in self.rows}, key=lambda a: (ACTOR_KINDS.index(self.kind(a)), a))

    def kind(self, actor: str) -> str:
        return next(r.kind for r in self.rows if r.actor == actor)

    def to_json(self) -> dict:
        def view(v: View) -> dict:
            return {"npv_ore": v.npv, "payback_year": v.payback_year,
                    "discounted_payback_year": v.discounted_payback_year, "hump_year": v.hump_year,
                    "hump_ore": v.hump_ore,
                    "by_year": [{"year": y, "net_ore": n, "cumulative_ore": c}
                                for y, n, c in zip(v.years, v.net_by_year, v.cumulative)]}
        return {
            "guideline": self.guideline, "application": self.application, "discount_rate": str(self.rate),
            "start_year": self.start, "horizon_years": self.horizon,
            "actors": [{"actor": a, "kind": self.kind(a), "npv_ore": self.npv_by_actor[a],
                        "cost_ore": sum(r.cost for r in self.rows if r.actor == a),
                        "saving_ore": sum(r.saving for r in self.rows if r.actor == a)} for a in self.actors()],
            "rows": [{"actor": r.actor, "kind": r.kind, "year": r.year, "cost_ore": r.cost, "saving_ore": r.saving}
                     for r in self.rows],
            "municipal": view(self.municipal), "society": view(self.society),
            "sensitivity": [{"success_percent": str(d), "municipal": view(mv), "society": view(sv)}
                            for d, mv, sv in self.sensitivity],
            "warnings": [{"code": w.code, "message": w.message, "line": w.span.line if w.span else None}
                         for w in self.warnings],
        }


def actor_kind(name: str, given: str | None = None) -> str:
    if given:
        return given
    low = name.lower()
    for hint, kind in _NAME_HINTS:
        if hint in low:
            return kind
    return "municipality"


def calculate(g: m.Guideline, app, rate: Fraction | None = None, horizon: int | None = None,
              success=None) -> Calculation:
    block = next(iter(g.blocks_of("calculation", app.data.get("start"))), None)
    if rate is None:
        rate = Fraction(block.get("discount_rate", 0) or 0) if block is not None else Fraction(0)
    start = app.data.get("start")
    if start is None:
        raise SirulesError([error("SIR302", later("{file}: the calculation needs the start date of the project",
                                                  file=app.path),
                                  Span(app.path, 1, 1, 1, 1), later("add start = YYYY-MM-DD to the application"))])
    start = start.year
    if success is None and block is not None:
        vals = [v for s in block.all("success") for v in s.values]
        success = tuple(Fraction(v) for v in vals) or None
    success = success or DEFAULT_SUCCESS
    cells = _cells(app, g)
    warnings = ()
    if block is not None and block.all("actors"):
        counted = {v for s in block.all("actors") for v in s.values}
        warnings = _not_counted(app, g, cells, counted)
    years_with_data = [y for (_, y) in cells] or [start]
    if horizon is None:
        horizon = (block.get("horizon") // 12) if block is not None and block.get("horizon") else \
            max(years_with_data) - start + 1
    years = tuple(range(start, start + max(1, horizon)))
    rows = tuple(ActorYear(actor, kind, y, cost, saving)
                 for (actor, y), (kind, cost, saving) in sorted(cells.items(), key=lambda kv: (kv[0][1], kv[0][0]))
                 if y in years)
    npv_by_actor = {}
    for actor in sorted({r.actor for r in rows}):
        npv_by_actor[actor] = _npv([(r.year - start, r.net) for r in rows if r.actor == actor], rate)
    municipal = _view("municipal", rows, years, rate, start, lambda r: r.kind == "municipality")
    society = _view("society", rows, years, rate, start, lambda r: True)
    sens = []
    for d in success:
        scaled = tuple(attrs.evolve(r, saving=Fraction(r.saving) * d / 100) for r in rows)   # exact; each
        sens.append((d, _view("municipal", scaled, years, rate, start, lambda r: r.kind == "municipality"),
                     _view("society", scaled, years, rate, start, lambda r: True)))      # view rounds once
    return Calculation(g.path, app.path, g.lang, rate, start, len(years), rows, npv_by_actor, municipal, society,
                       tuple(sens), warnings)


def _not_counted(app, g, cells: dict, counted: set) -> tuple:
    """A warning for each actor whose kind the guideline's calculation does not list among its
    actors: it still counts in the society-wide view (and in the municipal view when it is the
    municipality's), never dropped."""
    from ..language.diagnostics import warning
    from ..language.vocabulary import CHOICE_SV
    out = []
    seen = set()
    listed = [k for k in ACTOR_KINDS if k in counted or k == "municipality"]
    en_list, sv_list = ", ".join(listed), ", ".join(CHOICE_SV.get(k, k) for k in listed)
    for (actor, _), (kind, _, _) in sorted(cells.items(), key=lambda kv: (kv[0][1], kv[0][0])):
        if kind in counted or kind == "municipality" or actor in seen:
            continue
        seen.add(actor)
        out.append(warning(
            "SIR330", f'"{actor}" ({kind}) is not among the calculation\'s actors ({en_list})',
            _actor_span(app, actor), "it still counts society-wide; add its kind to the calculation block's "
                                     "actors, or check the row's actor_kind",
            sv=(f'"{actor}" ({CHOICE_SV.get(kind, kind)}) är inte bland kalkylens aktörer ({sv_list})',
                "den räknas ändå i samhällsperspektivet; lägg till slaget bland kalkylblockets aktörer, "
                "eller se över radens actor_kind")))
    return tuple(out)


def _actor_span(app, actor: str) -> Span:
    for i, line in enumerate(app.text.splitlines(), 1):
        if f'"{actor}"' in line:
            col = line.index(f'"{actor}"') + 1
            return Span(app.path, i, col, i, col + len(actor) + 2)
    return Span(app.path, 1, 1, 1, 1)


def _cells(app, g) -> dict:
    """(actor, year) -> (kind, cost öre, saving öre) from the budget, [[costs]] and [[savings]]."""
    from ..engine.application import BadValue, read_money
    cells: dict = {}
    payer = _cost_bearer(app, g)

    def add(actor, year, kind, cost=0, saving=0):
        k, c, s = cells.get((actor, year), (kind, 0, 0))
        cells[(actor, year)] = (k, c + cost, s + saving)

    budget = app.data.get("budget") or {}
    if budget:
        for year, amount in budget.items():
            add(payer, year, "municipality", cost=amount)
    elif app.data.get("amount") and app.data.get("start"):
        add(payer, app.data["start"].year, "municipality", cost=app.data["amount"])
    for key, field in (("costs", "cost"), ("savings", "saving")):
        rows = app.raw.get(key) or []
        if not isinstance(rows, list):
            rows = []
        for i, row in enumerate(rows):
            if not isinstance(row, dict) or not {"actor", "year", "amount"} <= set(row) or not isinstance(row["year"], int):
                raise SirulesError([error("SIR302", f'{app.path}: "{key}[{i}]" needs actor, year and amount',
                                          Span(app.path, 1, 1, 1, 1))])
            kind = row.get("actor_kind")
            if kind is not None and kind not in ACTOR_KINDS:
                raise SirulesError([error("SIR302", f'{app.path}: "{key}[{i}].actor_kind" must be one of '
                                          + ", ".join(ACTOR_KINDS), Span(app.path, 1, 1, 1, 1))])
            try:
                amount = read_money(row["amount"])
            except BadValue as exc:
                raise SirulesError([error("SIR305", f'{app.path}: "{key}[{i}].amount": {exc.message}',
                                          Span(app.path, 1, 1, 1, 1))]) from None
            add(str(row["actor"]), row["year"], actor_kind(str(row["actor"]), kind), **{field: amount})
    return cells


def _cost_bearer(app, g) -> str:
    for b in g.blocks_of("fund"):
        if b.get("name"):
            return b.get("name")
    return "fonden" if g.lang == "sv" else "the fund"


def _npv(flows, rate: Fraction) -> int:
    """Present value of (year index, öre) at ``rate`` percent, rounded once."""
    factor = 1 + rate / 100
    return round_ore(sum(Fraction(amount) / factor ** t for t, amount in flows))


def _view(name, rows, years, rate, start, keep) -> View:
    """One view of the rows, computed exactly (savings may be fractions of an öre when scaled by a
    degree of success); every amount in it is rounded once, at the end, with ``round_ore``."""
    net = {y: Fraction(0) for y in years}
    for r in rows:
        if keep(r):
            net[r.year] += r.net
    nets = [net[y] for y in years]
    factor = 1 + rate / 100
    cumulative = _running(nets)
    discounted = _running([v / factor ** (y - start) for y, v in zip(years, nets)])
    low = min(cumulative)
    hump_year = years[cumulative.index(low)]
    return View(name, tuple(years), tuple(round_ore(v) for v in nets), tuple(round_ore(c) for c in cumulative),
                round_ore(discounted[-1]), _payback(years, cumulative), hump_year, round_ore(min(low, Fraction(0))),
                _payback(years, discounted))


def _running(values) -> list:
    out, total = [], Fraction(0)
    for v in values:
        total += v
        out.append(total)
    return out


def _payback(years, cumulative) -> int | None:
    """The first year after the lowest point of the cumulative net where it is 0 or more (the first
    year when it never goes below 0), or None within the horizon."""
    low = min(cumulative)
    if low >= 0:
        return years[0]
    hump = cumulative.index(low)
    return next((y for y, c in zip(years[hump + 1:], cumulative[hump + 1:]) if c >= 0), None)


def sensitivity_many(calc: Calculation, scenarios) -> list[int]:
    """Society-wide NPV (öre) for many scenarios, fast and exact.

    A scenario gives one degree of success per actor, in basis points (10 000 = 100 %),
    in the order of ``calc.actors()``. NPV is linear in the savings, so each actor's
    present values are computed once (exactly, scaled to integers) and a scenario costs
    one multiplication per actor.
    """
    actors = calc.actors()
    factor = 1 + calc.rate / 100
    scale = 10 ** 6
    pv_save, pv_cost = [], 0
    for a in actors:
        s = sum(Fraction(r.saving) / factor ** (r.year - calc.start) for r in calc.rows if r.actor == a)
        pv_save.append(round_ore(s * scale))
        pv_cost += sum(Fraction(r.cost) / factor ** (r.year - calc.start) for r in calc.rows if r.actor == a)
    cost_scaled = round_ore(pv_cost * scale * 10_000)
    den = scale * 10_000
    out = []
    for degrees in scenarios:
        total = -cost_scaled
        for d, pv in zip(degrees, pv_save):
            total += d * pv
        q, r = divmod(abs(total), den)
        val = q + (1 if 2 * r >= den else 0)          # half away from zero, as round_ore
        out.append(val if total >= 0 else -val)
    return out
