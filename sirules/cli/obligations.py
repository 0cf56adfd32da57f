"""sirules obligations: the year-by-year schedule of what an application commits each party to."""

from __future__ import annotations

import sys

from ._util import parse_date


def register(sub) -> None:
    o = sub.add_parser("obligations", help="who pays whom, how much and when; who carries a shortfall",
                       description="The year-by-year schedule of an application under the guideline's repayment "
                                   "and risk rules: payments out of the fund, reflows or repayments per committee, "
                                   "interest, outcome payments, and the write-down. With --outcome, the savings "
                                   "actually booked give the realised schedule beside the planned one.")
    o.add_argument("guideline", help="the guideline file (.sir)")
    o.add_argument("application", help="the application file (.toml, .json, .yaml)")
    o.add_argument("--outcome", metavar="FILE", help="realised outcome: [[savings]] actor, year, amount booked")
    o.add_argument("--date", help="use the rules in force on this date (default: the application's start date)")
    o.add_argument("--format", choices=("text", "json", "csv"), default="text")
    o.set_defaults(run=run)


def run(args) -> int:
    from ..finance import cashflow
    from ..engine import pipeline
    from ..report import render
    g = pipeline.load(args.guideline)
    app = g.read_application(args.application)
    if app.data.get("start") is None:                # the same words as check's warning, as an error
        from ..engine.dating import no_start_date
        from ..language.diagnostics import SirulesError
        undated = no_start_date(g.view, app.path, "error")
        if undated is not None:
            raise SirulesError([undated])
    outcome = cashflow.read_outcome(args.outcome, app, g.model) if args.outcome else None
    result = cashflow.obligations(g.model, app, outcome, parse_date(args.date))
    if args.format == "json":
        sys.stdout.write(render.to_json(result.to_json()) + "\n")
    elif args.format == "csv":
        sys.stdout.write(render.obligations_csv(result))
    else:
        sys.stdout.write(render.obligations_text(result) + "\n")
    return 0
