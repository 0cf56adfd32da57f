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
    c.add_argument("--format", choices=("text", "json", "csv"), default="text")
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
    g = pipeline.load(args.guideline)
    app = g.read_application(args.application)
    calc = socioeconomic.calculate(g.model, app, rate, args.horizon)
    if args.format == "json":
        sys.stdout.write(render.to_json(calc.to_json()) + "\n")
    elif args.format == "csv":
        sys.stdout.write(render.calc_csv(calc))
    else:
        sys.stdout.write(render.calc_text(calc) + "\n")
    return 0
