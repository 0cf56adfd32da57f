"""The socio-economic calculation as text (tables, the investment hump as a bar chart) and as CSV.

:func:`calc_text` is a sequence of sections, each written by one function: the head, the table
per actor and year (or per year, for a long horizon), the two views, the chart of the cumulative
net, the sensitivity table, and who pays and who gains.
"""

from __future__ import annotations

from decimal import Decimal

from ..language.i18n import Tables, mark
from ..language.money import format_money, format_percent
from ..language.printable import printable_lines


ACTOR_WORDS = Tables({
    "municipality": mark("municipality"), "region": mark("region"), "social_insurance": mark("social insurance"),
    "employment_service": mark("employment service"), "justice": mark("justice"), "state": mark("state"),
    "individual": mark("individual"),
})


def calc_text(c) -> str:
    lang = c.lang
    sv = lang == "sv"
    years = c.municipal.years
    actors = c.actors()
    out = _head_lines(c, years)
    out += _warning_lines(c)
    width = max([len(a) for a in actors] + [18])
    out += _actor_year_table(c, actors, width) if len(years) <= 6 else _year_table(c, actors, width)
    out.append("")
    out += _view_lines(c)
    out.append("")
    out.append("  " + ("kumulativt netto, samhället" if sv else "cumulative net, society-wide") + ":")
    out.extend("  " + line for line in hump_chart(c.society, lang))
    out.append("")
    out += _sensitivity_lines(c)
    out.append("")
    out += _who_pays_lines(c, actors, width)
    return printable_lines(out)


def _head_lines(c, years) -> list[str]:
    """What is calculated under which guideline, the discount rate and the horizon."""
    lang = c.lang
    sv = lang == "sv"
    out = [f"{c.application}: " + ("samhällsekonomisk kalkyl enligt" if sv else "socio-economic calculation under")
           + f" {c.guideline}",
           "  " + ("diskonteringsränta" if sv else "discount rate") + f" {format_percent(Decimal(c.rate.numerator) / c.rate.denominator, lang)}, "
           + ("horisont" if sv else "horizon") + f" {c.horizon} " + ("år" if sv else "years") + f" ({years[0]}–{years[-1]})", ""]
    return out


def _warning_lines(c) -> list[str]:
    """The warnings (an actor the guideline's calculation does not count), each with its line."""
    from .render import report_warning
    out = []
    for w in c.warnings:
        label, message, hint = report_warning(w, c.lang)
        out.append(f"  {label}[{w.code}]: {message}"
                   + (f" ({'rad' if c.lang == 'sv' else 'line'} {w.span.line})" if w.span else ""))
        if hint:
            out.append(f"    = {'tips' if c.lang == 'sv' else 'hint'}: {hint}")
    return out + [""] if out else out


def _actor_year_table(c, actors, width: int) -> list[str]:
    """A short horizon: a row per actor with its net each year and its NPV, then the two views."""
    lang = c.lang
    sv = lang == "sv"
    fm = lambda v: format_money(v, lang)  # noqa: E731
    years = c.municipal.years
    out = []
    head = f"  {('aktör' if sv else 'actor'):<{width}}  {('slag' if sv else 'kind'):<20}" \
        + "".join(f"{y:>14}" for y in years) + f"{('nuvärde' if sv else 'NPV'):>16}"
    out.append(head)
    for a in actors:
        row = f"  {a:<{width}}  {ACTOR_WORDS[lang][c.kind(a)]:<20}"
        for y in years:
            net = sum(r.net for r in c.rows if r.actor == a and r.year == y)
            row += f"{fm(net) if net else '–':>14}"
        out.append(row + f"{fm(c.npv_by_actor[a]):>16}")
    for v, label in ((c.municipal, "kommunen" if sv else "municipal view"),
                     (c.society, "samhället" if sv else "society-wide view")):
        out.append(f"  {label:<{width + 22}}" + "".join(f"{fm(n):>14}" for n in v.net_by_year) + f"{fm(v.npv):>16}")
    return out


def _year_table(c, actors, width: int) -> list[str]:
    """A long horizon: a row per year with the net of both views, then each actor's NPV."""
    lang = c.lang
    sv = lang == "sv"
    fm = lambda v: format_money(v, lang)  # noqa: E731
    years = c.municipal.years
    out = []
    out.append(f"  {('år' if sv else 'year'):<6}{('netto kommunen' if sv else 'net, municipal'):>18}"
               f"{('netto samhället' if sv else 'net, society'):>18}{('kumulativt, samhället' if sv else 'cumulative, society'):>24}")
    for i, y in enumerate(years):
        out.append(f"  {y:<6}{fm(c.municipal.net_by_year[i]):>18}{fm(c.society.net_by_year[i]):>18}"
                   f"{fm(c.society.cumulative[i]):>24}")
    out.append("")
    out.append(f"  {('aktör' if sv else 'actor'):<{width}}  {('slag' if sv else 'kind'):<20}{('nuvärde' if sv else 'NPV'):>18}")
    for a in actors:
        out.append(f"  {a:<{width}}  {ACTOR_WORDS[lang][c.kind(a)]:<20}{fm(c.npv_by_actor[a]):>18}")
    return out


def _view_lines(c) -> list[str]:
    """The municipal and the society-wide view: NPV, payback year and investment hump."""
    lang = c.lang
    sv = lang == "sv"
    fm = lambda v: format_money(v, lang)  # noqa: E731
    out = []
    for v, label in ((c.municipal, "kommunalekonomiskt" if sv else "municipal view"),
                     (c.society, "samhällsekonomiskt" if sv else "society-wide view")):
        never = "inte inom horisonten" if sv else "not within the horizon"
        pay = str(v.payback_year) if v.payback_year else never
        disc = str(v.discounted_payback_year) if v.discounted_payback_year else never
        out.append(f"  {label}: " + ("nuvärde" if sv else "NPV") + f" {fm(v.npv)}; "
                   + ("återbetald" if sv else "payback") + f" {pay} ("
                   + ("diskonterat" if sv else "discounted") + f" {disc}); "
                   + ("investeringspuckel" if sv else "investment hump") + f" {fm(v.hump_ore)} ({v.hump_year})")
    return out


def _sensitivity_lines(c) -> list[str]:
    """NPV and payback for each degree of success of the savings."""
    lang = c.lang
    sv = lang == "sv"
    fm = lambda v: format_money(v, lang)  # noqa: E731
    out = []
    out.append("  " + ("känslighetsanalys (utfallsgrad av besparingarna)" if sv
                       else "sensitivity (degree of success of the savings)") + ":")
    out.append(f"    {('utfall' if sv else 'success'):>8} {('nuvärde kommunen' if sv else 'NPV municipal'):>20}"
               f" {('nuvärde samhället' if sv else 'NPV society'):>20} {('återbetald' if sv else 'payback'):>12}")
    for d, mv, svw in c.sensitivity:
        pay = str(svw.payback_year) if svw.payback_year else "–"
        out.append(f"    {format_percent(Decimal(d.numerator) / d.denominator, lang):>8} {fm(mv.npv):>20} {fm(svw.npv):>20} {pay:>12}")
    return out


def _who_pays_lines(c, actors, width: int) -> list[str]:
    """What each actor pays and gains over the horizon."""
    lang = c.lang
    sv = lang == "sv"
    fm = lambda v: format_money(v, lang)  # noqa: E731
    out = []
    out.append("  " + ("vem betalar och vem vinner" if sv else "who pays and who gains") + ":")
    for a in actors:
        cost = sum(r.cost for r in c.rows if r.actor == a)
        gain = sum(r.saving for r in c.rows if r.actor == a)
        out.append(f"    {a:<{width}}  " + ("betalar" if sv else "pays") + f" {fm(cost):>16}  "
                   + ("vinner" if sv else "gains") + f" {fm(gain):>16}  " + ("netto" if sv else "net")
                   + f" {fm(gain - cost):>16}")
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
