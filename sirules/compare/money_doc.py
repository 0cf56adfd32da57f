"""The money of ``sirules compare --applications`` laid out as document blocks: the table of what a
grant means under each guideline (marked ≠ where the guidelines differ in money, as the verdict
table marks a difference in verdict), the sentences of the summary, and the heat map for html.
"""

from __future__ import annotations

import attrs

from ..language.i18n import tr
from ..language.money import format_money, format_money_short


@attrs.frozen
class Figure:
    """A chart (SVG text) with its caption; only the html writer shows it."""
    svg: str
    caption: str


def amount(ore: int, lang: str, short: bool) -> str:
    return format_money_short(ore, lang) if short else format_money(ore, lang)


def money_paras(o, lang: str, short: bool) -> tuple:
    """A cell: granted, returned, shortfall (and who carries it), net for the fund; or why none."""
    from .doc import Frag, _p
    m = o.money
    if m is None:
        if not o.answered:
            return (_p(tr("not answered: only this guideline asks", lang), "dim"),)
        return (_p("—", "dim"),)
    short_words = {"granted": tr("granted {amount}", lang, amount=amount(m.granted, lang, short)),
                   "returned": tr("returned {amount}", lang, amount=amount(m.returned, lang, short))}
    out = [(Frag(short_words["granted"]),), (Frag(short_words["returned"], "strong" if m.returned else None),)]
    if m.shortfall:
        who = m.carried_by or tr("nobody named", lang)
        out.append((Frag(tr("shortfall {amount}, carried by {who}", lang, amount=amount(m.shortfall, lang, short),
                             who=who)),))
    out.append((Frag(tr("net for the fund {amount}", lang, amount=amount(m.net, lang, short)), "strong"),))
    return tuple(out)


def money_table(mx, compact: bool) -> list:
    """The money table, when any guideline accepts any application; rows marked where they differ."""
    from .doc import Heading, Row, Table, Text, _c, _p
    lang = mx.lang
    if not any(o.money is not None for row in mx.rows for o in row):
        return []
    differ = set(mx.money_differences)
    names = tuple(str(i + 1) for i in range(len(mx.columns))) if compact else tuple(c.label for c in mx.columns)
    rows = [Row((_c(app),) + tuple(money_paras(o, lang, compact) for o in row), mark=i in differ)
            for i, (app, row) in enumerate(zip(mx.applications, mx.rows))
            if any(o.money is not None for o in row)]
    return [Heading(tr("Money if granted (planned)", lang), 2),
            Text(_p(tr("Per application and guideline: the amount granted, what comes back to the fund, the "
                       "shortfall and who carries it, and the net for the fund, from each guideline's repayment "
                       "and risk rules as in force on the compared date. ≠ marks an application where the "
                       "guidelines differ in money.", lang), "dim")),
            Table((tr("application", lang),) + names, tuple(rows), min_width=14 if compact else 18, label_max=48,
                  css="money")]


def summary_sentences(mx) -> list:
    from .doc import Text, _p
    lang = mx.lang
    out = []
    only = mx.unanswered_only
    if only:
        out.append(Text(_p(tr("On {n} more the verdicts differ only because one guideline asks what the "
                              "application does not answer: {names}.", lang, n=len(only),
                              names=", ".join(mx.applications[i] for i in only)))))
    money = mx.money_differences
    if money:
        out.append(Text(_p(tr("A grant means different money on {n}: {names}.", lang, n=len(money),
                              names=", ".join(mx.applications[i] for i in money)), "mark")))
    return out


def heat_map(mx) -> Figure | None:
    """The net for the fund per application and guideline, with the verdict in each cell (None
    without matplotlib)."""
    try:
        import matplotlib  # noqa: F401
    except ImportError:
        return None
    from ..report import charts
    from .doc import W
    lang = mx.lang
    values = [[o.money.net if o.money is not None else None for o in row] for row in mx.rows]
    notes = [[(W[lang][o.verdict] if o.answered else tr("not answered", lang))
              + (f"\n{charts.money_label(o.money.net, lang)}" if o.money is not None else "") for o in row]
             for row in mx.rows]
    svg = charts.heatmap(list(mx.applications), [c.label for c in mx.columns], values, lang, notes=notes,
                         title=tr("Net for the fund per application and guideline", lang),
                         scale_label=tr("net for the fund", lang))
    return Figure(charts.scoped(svg, "heat"), tr("Dark: the fund keeps less; hatched: no grant.", lang))
