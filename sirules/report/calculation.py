"""The socio-economic calculation as text (tables, the investment hump as a bar chart) and as CSV.

:func:`calc_text` is a sequence of sections, each written by one function: the head, the table
per actor and year (or per year, for a long horizon), the two views, the chart of the cumulative
net, the sensitivity table, and who pays and who gains.
"""

from __future__ import annotations

from decimal import Decimal

from ..language.i18n import Tables, mark, tr
from ..language.money import format_money, format_percent
from ..language.printable import printable_lines


ACTOR_WORDS = Tables({
    "municipality": mark("municipality"), "region": mark("region"), "social_insurance": mark("social insurance"),
    "employment_service": mark("employment service"), "justice": mark("justice"), "state": mark("state"),
    "individual": mark("individual"),
})


#: the views' names in a table row and in their summary lines (the same English, two Swedish words)
VIEW_ROWS = Tables({"municipal": mark("municipal view"), "society": mark("society-wide view")},
                   sv={"municipal": "kommunen", "society": "samhället"})
VIEW_NAMES = Tables({"municipal": mark("municipal view"), "society": mark("society-wide view")},
                    sv={"municipal": "kommunalekonomiskt", "society": "samhällsekonomiskt"})
#: the tables' column headings
HEADINGS = Tables({"actor": mark("actor"), "kind": mark("kind"), "npv": mark("NPV"), "year": mark("year"),
                   "net_municipal": mark("net, municipal"), "net_society": mark("net, society"),
                   "cumulative_society": mark("cumulative, society"), "success": mark("success"),
                   "npv_municipal": mark("NPV municipal"), "npv_society": mark("NPV society"),
                   "payback": mark("payback")}, sv={"net_society": "netto samhället"})


def calc_text(c) -> str:
    lang = c.lang
    years = c.municipal.years
    actors = c.actors()
    out = _head_lines(c, years)
    out += _warning_lines(c)
    width = max([len(a) for a in actors] + [18])
    out += _actor_year_table(c, actors, width) if len(years) <= 6 else _year_table(c, actors, width)
    out.append("")
    out += _view_lines(c)
    out.append("")
    out.append("  " + tr("cumulative net, society-wide", lang) + ":")
    out.extend("  " + line for line in hump_chart(c.society, lang))
    out.append("")
    out += _sensitivity_lines(c)
    out.append("")
    out += _who_pays_lines(c, actors, width)
    return printable_lines(out)


def _head_lines(c, years) -> list[str]:
    """What is calculated under which guideline, the discount rate and the horizon."""
    lang = c.lang
    return [tr("{application}: socio-economic calculation under {guideline}", lang, application=c.application,
               guideline=c.guideline),
            "  " + tr("discount rate {rate}, horizon {years} years ({first}–{last})", lang,
                      rate=format_percent(Decimal(c.rate.numerator) / c.rate.denominator, lang), years=c.horizon,
                      first=years[0], last=years[-1]), ""]


def _warning_lines(c) -> list[str]:
    """The warnings (an actor the guideline's calculation does not count), each with its line."""
    from .render import report_warning
    out = []
    for w in c.warnings:
        label, message, hint = report_warning(w, c.lang)
        out.append(f"  {label}[{w.code}]: {message}"
                   + (" (" + tr("line {line}", c.lang, line=w.span.line) + ")" if w.span else ""))
        if hint:
            out.append(f"    = {tr('hint', c.lang)}: {hint}")
    return out + [""] if out else out


def _actor_year_table(c, actors, width: int) -> list[str]:
    """A short horizon: a row per actor with its net each year and its NPV, then the two views."""
    lang = c.lang
    h = HEADINGS[lang]
    fm = lambda v: format_money(v, lang)  # noqa: E731
    years = c.municipal.years
    out = []
    head = f"  {h['actor']:<{width}}  {h['kind']:<20}" + "".join(f"{y:>14}" for y in years) + f"{h['npv']:>16}"
    out.append(head)
    for a in actors:
        row = f"  {a:<{width}}  {ACTOR_WORDS[lang][c.kind(a)]:<20}"
        for y in years:
            net = sum(r.net for r in c.rows if r.actor == a and r.year == y)
            row += f"{fm(net) if net else '–':>14}"
        out.append(row + f"{fm(c.npv_by_actor[a]):>16}")
    for v, label in ((c.municipal, VIEW_ROWS[lang]["municipal"]), (c.society, VIEW_ROWS[lang]["society"])):
        out.append(f"  {label:<{width + 22}}" + "".join(f"{fm(n):>14}" for n in v.net_by_year) + f"{fm(v.npv):>16}")
    return out


def _year_table(c, actors, width: int) -> list[str]:
    """A long horizon: a row per year with the net of both views, then each actor's NPV."""
    lang = c.lang
    h = HEADINGS[lang]
    fm = lambda v: format_money(v, lang)  # noqa: E731
    years = c.municipal.years
    out = []
    out.append(f"  {h['year']:<6}{h['net_municipal']:>18}{h['net_society']:>18}{h['cumulative_society']:>24}")
    for i, y in enumerate(years):
        out.append(f"  {y:<6}{fm(c.municipal.net_by_year[i]):>18}{fm(c.society.net_by_year[i]):>18}"
                   f"{fm(c.society.cumulative[i]):>24}")
    out.append("")
    out.append(f"  {h['actor']:<{width}}  {h['kind']:<20}{h['npv']:>18}")
    for a in actors:
        out.append(f"  {a:<{width}}  {ACTOR_WORDS[lang][c.kind(a)]:<20}{fm(c.npv_by_actor[a]):>18}")
    return out


def _view_lines(c) -> list[str]:
    """The municipal and the society-wide view: NPV, payback year and investment hump."""
    lang = c.lang
    fm = lambda v: format_money(v, lang)  # noqa: E731
    out = []
    never = tr("not within the horizon", lang)
    for v, label in ((c.municipal, VIEW_NAMES[lang]["municipal"]), (c.society, VIEW_NAMES[lang]["society"])):
        pay = str(v.payback_year) if v.payback_year else never
        disc = str(v.discounted_payback_year) if v.discounted_payback_year else never
        out.append("  " + tr("{view}: NPV {npv}; payback {payback} (discounted {discounted}); investment hump {hump} "
                             "({year})", lang, view=label, npv=fm(v.npv), payback=pay, discounted=disc,
                             hump=fm(v.hump_ore), year=v.hump_year))
    return out


def _sensitivity_lines(c) -> list[str]:
    """NPV and payback for each degree of success of the savings."""
    lang = c.lang
    h = HEADINGS[lang]
    fm = lambda v: format_money(v, lang)  # noqa: E731
    out = []
    out.append("  " + tr("sensitivity (degree of success of the savings)", lang) + ":")
    out.append(f"    {h['success']:>8} {h['npv_municipal']:>20} {h['npv_society']:>20} {h['payback']:>12}")
    for d, mv, svw in c.sensitivity:
        pay = str(svw.payback_year) if svw.payback_year else "–"
        out.append(f"    {format_percent(Decimal(d.numerator) / d.denominator, lang):>8} {fm(mv.npv):>20} {fm(svw.npv):>20} {pay:>12}")
    return out


def _who_pays_lines(c, actors, width: int) -> list[str]:
    """What each actor pays and gains over the horizon."""
    lang = c.lang
    fm = lambda v: format_money(v, lang)  # noqa: E731
    out = []
    out.append("  " + tr("who pays and who gains", lang) + ":")
    for a in actors:
        cost = sum(r.cost for r in c.rows if r.actor == a)
        gain = sum(r.saving for r in c.rows if r.actor == a)
        out.append(f"    {a:<{width}}  " + tr("pays {cost}  gains {gain}  net {net}", lang, cost=f"{fm(cost):>16}",
                                              gain=f"{fm(gain):>16}", net=f"{fm(gain - cost):>16}"))
    return out


def hump_chart(view, lang: str, width: int = 40) -> list[str]:
    """The cumulative net as one horizontal bar per year, negative to the left of the zero line."""
    vals = view.cumulative
    neg = -min(min(vals), 0)
    pos = max(max(vals), 0)
    total = (neg + pos) or 1
    left = round(width * neg / total)
    right = width - left
    rows = []
    for y, v in zip(view.years, vals):
        if v < 0:
            n = max(1, round(left * -v / neg)) if neg else 0
            bar = " " * (left - n) + "█" * n + "│"
        else:
            n = round(right * v / pos) if pos else 0
            bar = " " * left + "│" + "█" * n
        mark = "  ←" if y == view.hump_year and v < 0 else ""
        rows.append(f"{y}  {format_money(v, lang):>16}  {bar}{mark}")
    return rows


def calc_csv(c, delimiter: str | None = None) -> str:
    """A row per actor and year, amounts in kronor."""
    from .cells import Kronor, csv_form, csv_text
    delimiter, decimal = csv_form(c.lang, delimiter)
    return csv_text(["actor", "kind", "year", "cost_kr", "saving_kr", "net_kr"],
                    [[r.actor, r.kind, r.year, Kronor(r.cost, decimal), Kronor(r.saving, decimal),
                      Kronor(r.net, decimal)] for r in c.rows], delimiter)
