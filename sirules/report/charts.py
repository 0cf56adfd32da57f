"""Charts of plain series: the investment hump, cash flows per actor and year, the fund's balance
and the heat map of ``sirules compare --applications``.

Every chart is a function of plain data (years, öre, labels), never of a file or a database: the
calculation passes its rows, the register its status, the comparison its matrix. matplotlib is
imported inside the functions (the ``charts`` extra) and drawn without pyplot or a display (a bare
``Figure`` renders through Agg for PNG and through matplotlib's SVG writer for SVG, with the text
kept as text, so a page can be searched and a test can read the axis labels).

The charts are made to be printed in black and white: series differ in lightness and hatching,
not in hue alone, and the font is DejaVu Sans (å, ä, ö). Axes are in kronor with Swedish
formatting (space between thousands, decimal comma) or, when the amounts are large, in millions
(``mnkr``); in English, SEK and MSEK.
"""

from __future__ import annotations

import io

from ..language.i18n import tr

FORMATS = ("svg", "png")
#: grey-safe fills: dark to light, each with its own hatching
FILLS = (("#1f3b57", ""), ("#8aa6c1", "//"), ("#d9e2ec", "\\\\"), ("#4f6d8a", ".."), ("#b8c8d8", "xx"),
         ("#f2f5f8", "--"), ("#2f2f2f", "++"))
WIDTH_IN, HEIGHT_IN = 7.0, 3.4


# ---- the pieces every chart shares --------------------------------------------------------

def scale(values, lang: str) -> tuple[float, str]:
    """(divisor in öre, unit) for an axis showing ``values`` (öre): millions from 1 000 000 kr up.

    >>> scale([150_000_000], "sv"), scale([5_000_000], "en")
    ((100000000, 'mnkr'), (100, 'SEK'))
    """
    top = max((abs(v) for v in values if v is not None), default=0)
    if top >= 100_000_000:
        return 100_000_000, tr("MSEK", lang)
    return 100, tr("SEK", lang)


def number(value: float, lang: str, decimals: int = 0) -> str:
    """A number as the language writes it: ``1 234,5`` (sv, with a no-break space) or ``1,234.5``.

    >>> number(-1234.5, "sv", 1), number(1234.5, "en", 1)
    ('−1\\xa0234,5', '1,234.5')
    """
    text = f"{abs(value):,.{decimals}f}"
    if lang == "sv":
        text = text.replace(",", "\u00a0").replace(".", ",")
    return ("\u2212" if value < 0 and round(abs(value), decimals) else "") + text


def money_label(ore: int, lang: str) -> str:
    """An amount for a label on a chart: ``1,5 mnkr`` or ``250 000 kr``."""
    div, unit = scale([ore], lang)
    return f"{number(ore / div, lang, 1 if div > 100 else 0)} {unit}"


def _figure(width: float = WIDTH_IN, height: float = HEIGHT_IN):
    from matplotlib.figure import Figure
    return Figure(figsize=(width, height), dpi=100, layout="constrained")


def _style():
    import matplotlib
    return matplotlib.rc_context({"font.family": "DejaVu Sans", "font.size": 9, "svg.fonttype": "none",
                                  "hatch.linewidth": 0.6, "axes.spines.top": False, "axes.spines.right": False,
                                  "svg.hashsalt": "sirules",
                                  "text.parse_math": False, "text.usetex": False})   # names are text, never TeX


def _money_axis(ax, values, lang: str, label: str) -> None:
    from matplotlib.ticker import FuncFormatter
    div, unit = scale(values, lang)
    decimals = 1 if div > 100 else 0
    ax.yaxis.set_major_formatter(FuncFormatter(lambda v, _pos: number(v / div, lang, decimals)))
    ax.set_ylabel(f"{label}, {unit}")
    ax.axhline(0, color="#000000", linewidth=0.8)
    ax.grid(axis="y", color="#cccccc", linewidth=0.5)
    ax.set_axisbelow(True)


def _finish(fig, fmt: str) -> str | bytes:
    if fmt not in FORMATS:
        raise ValueError(f"chart format {fmt!r}: svg or png")
    buf = io.BytesIO()
    fig.savefig(buf, format=fmt, metadata={"Date": None} if fmt == "svg" else None)
    data = buf.getvalue()
    if fmt == "svg":
        text = data.decode("utf-8")
        return text[text.index("<svg"):]          # no XML prolog or doctype: it is inlined in HTML
    return data


def _legend(fig, ax) -> None:
    """The legend under the plot, where it hides no line."""
    handles, labels = ax.get_legend_handles_labels()
    fig.legend(handles, labels, loc="outside lower center", ncol=min(3, len(labels)), frameon=False, fontsize=8)


def scoped(svg: str, prefix: str) -> str:
    """The SVG with every id (and every reference to one) prefixed, so that several charts can be
    inlined in one HTML page without two elements sharing an id."""
    import re
    return re.sub(r'(\bid="|url\(#|href="#)', lambda mt: mt.group(1) + prefix + "-", svg)


def _years_axis(ax, years, lang: str) -> None:
    ax.set_xticks(list(years))
    ax.set_xticklabels([str(y) for y in years])
    ax.set_xlabel(tr("year", lang))


# ---- the charts ------------------------------------------------------------------------

def hump(years, cumulative, lang: str, band=None, second=None, title: str | None = None,
         fmt: str = "svg") -> str | bytes:
    """The investment hump: the cumulative net (öre) per year as a line, with the sensitivity band
    (``band`` = (low, high), cumulative öre per year) shaded and hatched, and optionally a second
    view as a dashed line (``second`` = (label, cumulative))."""
    years = list(years)
    with _style():
        fig = _figure()
        ax = fig.add_subplot()
        values = list(cumulative) + [v for s in (band or ()) for v in s] + list(second[1] if second else ())
        if band is not None:
            ax.fill_between(years, [v for v in band[0]], [v for v in band[1]], facecolor="#e4e9ef",
                            edgecolor="#7d8fa3", hatch="//", linewidth=0.0,
                            label=tr("sensitivity (degrees of success)", lang))
        ax.plot(years, list(cumulative), color="#1f3b57", linewidth=2.2, marker="o",
                label=tr("cumulative net, society-wide", lang) if second else tr("cumulative net", lang))
        if second is not None:
            ax.plot(years, list(second[1]), color="#555555", linewidth=1.6, linestyle="--", marker="s",
                    label=second[0])
        _money_axis(ax, values, lang, tr("cumulative net", lang))
        _years_axis(ax, years, lang)
        ax.set_title(title or tr("The investment hump", lang))
        _legend(fig, ax)
        return _finish(fig, fmt)


def flows(by_actor: dict, lang: str, title: str | None = None, fmt: str = "svg") -> str | bytes:
    """Cash flows per actor and year: ``by_actor`` is actor -> year -> net öre (saving − cost);
    one group of bars per year, one bar per actor, each actor its own lightness and hatching."""
    actors = list(by_actor)
    years = sorted({y for series in by_actor.values() for y in series})
    with _style():
        fig = _figure()
        ax = fig.add_subplot()
        width = 0.8 / max(1, len(actors))
        values = []
        for i, actor in enumerate(actors):
            colour, hatch = FILLS[i % len(FILLS)]
            ys = [by_actor[actor].get(y, 0) for y in years]
            values += ys
            xs = [y - 0.4 + width * (i + 0.5) for y in years]
            ax.bar(xs, ys, width, label=actor, color=colour, hatch=hatch, edgecolor="#000000", linewidth=0.5)
        _money_axis(ax, values, lang, tr("net (savings − costs)", lang))
        _years_axis(ax, years, lang)
        ax.set_title(title or tr("Cash flows per actor and year", lang))
        _legend(fig, ax)
        return _finish(fig, fmt)


def balance(by_year: dict, lang: str, title: str | None = None, fmt: str = "svg") -> str | bytes:
    """The fund's balance at the end of each year: ``by_year`` is year -> öre."""
    years = sorted(by_year)
    ys = [by_year[y] for y in years]
    with _style():
        fig = _figure()
        ax = fig.add_subplot()
        colours = ["#8aa6c1" if v >= 0 else "#1f3b57" for v in ys]
        hatches = ["" if v >= 0 else "//" for v in ys]
        for x, y, c, h in zip(years, ys, colours, hatches):
            ax.bar([x], [y], 0.6, color=c, hatch=h, edgecolor="#000000", linewidth=0.5)
        _money_axis(ax, ys, lang, tr("balance", lang))
        _years_axis(ax, years, lang)
        ax.set_title(title or tr("The fund's balance", lang))
        return _finish(fig, fmt)


def heatmap(rows, columns, values, lang: str, notes=None, title: str | None = None,
            fmt: str = "svg", scale_label: str | None = None) -> str | bytes:
    """A grid of ``values`` (öre or None, one list per row) with ``rows`` and ``columns`` as labels,
    shaded by amount on a scale that keeps its order in grey (cividis); ``notes`` (text per cell,
    e.g. the verdict) are written in the cells, and a cell without a value is hatched."""
    import numpy
    from matplotlib.patches import Rectangle
    data = numpy.array([[numpy.nan if v is None else float(v) for v in row] for row in values], dtype=float)
    shown = [v for row in values for v in row if v is not None]
    div, unit = scale(shown, lang)
    with _style():
        fig = _figure(max(4.0, 1.6 + 1.5 * len(columns)), max(2.0, 1.0 + 0.32 * len(rows)))
        ax = fig.add_subplot()
        masked = numpy.ma.masked_invalid(data / div)
        image = ax.imshow(masked, cmap="cividis", aspect="auto")
        for i, row in enumerate(values):
            for j, v in enumerate(row):
                if v is None:
                    ax.add_patch(Rectangle((j - 0.5, i - 0.5), 1, 1, facecolor="#ffffff", hatch="//",
                                           edgecolor="#999999", linewidth=0.0))
                note = notes[i][j] if notes else (money_label(v, lang) if v is not None else "")
                if note:
                    dark = v is not None and shown and (v - min(shown)) < 0.5 * (max(shown) - min(shown) or 1)
                    ax.text(j, i, note, ha="center", va="center", fontsize=7,
                            color="#ffffff" if dark else "#000000")
        ax.set_xticks(range(len(columns)))
        ax.set_xticklabels(list(columns), rotation=20, ha="right")
        ax.set_yticks(range(len(rows)))
        ax.set_yticklabels(list(rows))
        ax.spines[:].set_visible(False)
        bar = fig.colorbar(image, ax=ax)
        label = scale_label or tr("net for the municipality", lang)
        bar.set_label(f"{label}, {unit}")
        ax.set_title(title or tr("Money per application and guideline", lang))
        return _finish(fig, fmt)


# ---- from the calculation ---------------------------------------------------------------

def calc_charts(c, fmt: str = "svg") -> dict:
    """The charts of a socio-economic calculation (:mod:`sirules.finance.socioeconomic`): the hump
    of the society-wide view with the band of its sensitivity table, and the flows per actor."""
    lang = c.lang
    years = c.society.years
    band = None
    if c.sensitivity:
        cums = [s.cumulative for _d, _m, s in c.sensitivity]
        band = ([min(col) for col in zip(*cums)], [max(col) for col in zip(*cums)])
    by_actor: dict = {}
    for r in c.rows:
        by_actor.setdefault(r.actor, {})
        by_actor[r.actor][r.year] = by_actor[r.actor].get(r.year, 0) + r.net
    for actor in by_actor:
        for y in years:
            by_actor[actor].setdefault(y, 0)
    return {"hump": hump(years, c.society.cumulative, lang, band,
                         (tr("cumulative net, municipal", lang), c.municipal.cumulative), fmt=fmt),
            "flows": flows({a: by_actor[a] for a in c.actors()}, lang, fmt=fmt)}
