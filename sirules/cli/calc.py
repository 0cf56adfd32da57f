"""sirules calc: the socio-economic calculation of an application."""

from __future__ import annotations

import re
import sys
from fractions import Fraction

from ..language.i18n import later, mark
from ..language.diagnostics import SirulesError, error


def register(sub) -> None:
    c = sub.add_parser("calc", help=mark("the socio-economic calculation: per actor and year, NPV, payback, "
                                    "the investment hump, sensitivity"),
                       description=mark("Costs and savings per actor and year, in the municipal and the society-wide "
                                   "view; net present value at the guideline's discount rate (or --rate); payback "
                                   "year; the investment hump; a sensitivity table over degrees of success; and who "
                                   "pays and who gains."))
    c.add_argument("guideline", help=mark("the guideline file (.sir)"))
    c.add_argument("application", help=mark("the application file with [[savings]] (and optionally [[costs]])"))
    c.add_argument("--rate", help=mark("discount rate in percent, e.g. 3.5 (default: the guideline's kalkyl block, else 0)"))
    c.add_argument("--horizon", type=int, help=mark("number of years from the start year (default: the guideline's, "
                                               "else the last year with data)"))
    c.add_argument("--format", choices=("text", "json", "csv", "xlsx"), default="text",
                   help=mark("output format (default: text); csv and xlsx give amounts in kronor"))
    c.add_argument("--output", metavar="FILE", help=mark("write to FILE (atomically) instead of standard output"))
    c.add_argument("--delimiter", choices=(",", ";"),
                   help=mark("the CSV delimiter (default: ; with a decimal comma for a Swedish guideline, else ,)"))
    c.add_argument("--plot", metavar="FILE", help=mark("also draw the investment hump (with the sensitivity band) to "
                                                  "FILE.svg or FILE.png; FILE-flows.svg|png gets the cash flows "
                                                  "per actor and year (needs the charts extra)"))
    c.set_defaults(run=run)


def run(args) -> int:
    from ..engine import pipeline
    from ..report import render
    from ..finance import socioeconomic
    rate = None
    if args.rate is not None:
        try:
            text = args.rate.replace(",", ".").rstrip("%").strip()
            if not re.fullmatch(r"[0-9]{1,3}(?:\.[0-9]{1,6})?", text):    # not 1e-999999: exact, and small
                raise ValueError(text)
            rate = Fraction(text)
        except (ValueError, ZeroDivisionError):
            raise SirulesError([error("SIR404", later("--rate {rate} is not a percentage", rate=repr(args.rate)),
                                      hint=later("write e.g. --rate 3.5 (at most six decimals)"))]) from None
        if rate < 0 or rate > 100:
            raise SirulesError([error("SIR404", later("--rate {rate} is outside 0–100 %", rate=args.rate))])
    if args.horizon is not None and not 1 <= args.horizon <= 100:
        raise SirulesError([error("SIR404", later("--horizon {n} is outside 1–100 years", n=args.horizon))])
    if args.plot:
        plot_format(args.plot)
    g = pipeline.load(args.guideline)
    app = g.read_application(args.application)
    calc = socioeconomic.calculate(g.model, app, rate, args.horizon)
    if getattr(args, "lang", None):           # --lang: the report's own words in it
        import attrs
        calc = attrs.evolve(calc, lang=args.lang)
    if args.plot:
        plot(calc, args.plot)
    lang = getattr(args, "lang", None) or calc.lang
    if args.format == "xlsx":
        from ..report.xlsx_reports import calc_workbook
        from ._util import write_binary
        write_binary(calc_workbook(calc.to_json(), lang), args.output, lang)
        return 0
    if args.format == "json":
        text = render.to_json(calc.to_json()) + "\n"
    elif args.format == "csv":
        text = render.calc_csv(calc, args.delimiter)
    else:
        text = render.calc_text(calc) + "\n"
    from ._util import write_text
    write_text(text, args.output)
    return 0


def plot_format(path: str) -> str:
    """svg or png, from the name of the file ``--plot`` names (SIR460 for anything else)."""
    import os
    ext = os.path.splitext(path)[1].lower().lstrip(".")
    if ext not in ("svg", "png"):
        raise SirulesError([error("SIR460", later("--plot {file}: a chart is written as .svg or .png", file=path),
                                  hint=later("name the file e.g. hump.svg or hump.png"))])
    return ext


def plot(calc, path: str) -> None:
    """The hump to ``path``, the flows per actor and year beside it (``NAME-flows.EXT``)."""
    import os
    from ..language.fileio import write_output
    from ..report import charts
    need_charts()
    fmt = plot_format(path)
    made = charts.calc_charts(calc, fmt)
    stem, ext = os.path.splitext(path)
    for name, data in (("hump", path), ("flows", f"{stem}-flows{ext}")):
        chart = made[name]
        write_output(data, chart, "--plot")


def need_charts() -> None:
    """SIR461 when matplotlib is missing."""
    try:
        import matplotlib  # noqa: F401
    except ImportError:
        raise SirulesError([error("SIR461", later("charts need matplotlib, which is not installed"),
                                  hint=later("pip install 'sirules[charts]'"))]) from None
