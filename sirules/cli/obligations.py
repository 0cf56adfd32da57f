"""sirules obligations: the year-by-year schedule of what an application commits each party to."""

from __future__ import annotations

import sys

from ..language.i18n import current, later, mark
from ..language.diagnostics import SirulesError, error
from ._util import expand, parse_date


def register(sub) -> None:
    o = sub.add_parser("obligations", help=mark("who pays whom, how much and when; who carries a shortfall"),
                       description=mark("The year-by-year schedule of an application under the guideline's repayment "
                                   "and risk rules: payments out of the fund, reflows or repayments per committee, "
                                   "interest, outcome payments, and the write-down. With --outcome, the savings "
                                   "actually booked give the realised schedule beside the planned one."))
    o.add_argument("guideline", help=mark("the guideline file (.sir)"))
    o.add_argument("applications", nargs="+", help=mark("application files (.toml, .json, .yaml) or folders; with "
                                                   "more than one, a total follows"))
    o.add_argument("--outcome", metavar="FILE", help=mark("realised outcome: [[savings]] actor, year, amount booked "
                                                     "(with one application only)"))
    o.add_argument("--date", help=mark("use the rules in force on this date (default: the application's start date)"))
    o.add_argument("--format", choices=("text", "json", "csv", "xlsx"), default="text",
                   help=mark("output format (default: text); csv and xlsx give amounts in kronor"))
    o.add_argument("--output", metavar="FILE", help=mark("write to FILE (atomically) instead of standard output"))
    o.add_argument("--delimiter", choices=(",", ";"),
                   help=mark("the CSV delimiter (default: ; with a decimal comma for a Swedish guideline, else ,)"))
    o.set_defaults(run=run)


def run(args) -> int:
    from ..finance import cashflow
    from ..engine import pipeline
    from ..report import render
    paths = expand(args.applications)
    if args.outcome and len(paths) > 1:
        raise SirulesError([error("SIR404", later("--outcome belongs to one application, not {n}", n=len(paths)),
                                  hint=later("run sirules obligations GUIDELINE APPLICATION --outcome FILE per "
                                             "application"))])
    g = pipeline.load(args.guideline)
    results, errors = [], []
    for path in paths:
        try:
            app = g.read_application(path)
            if app.data.get("start") is None:        # the same words as check's warning, as an error
                from ..engine.dating import no_start_date
                undated = no_start_date(g.view, app.path, "error")
                if undated is not None:
                    raise SirulesError([undated])
            outcome = cashflow.read_outcome(args.outcome, app, g.model) if args.outcome else None
            ob = cashflow.obligations(g.model, app, outcome, parse_date(args.date))
            if getattr(args, "lang", None):   # --lang: the report's own words in it
                import attrs
                ob = attrs.evolve(ob, lang=args.lang)
            results.append(ob)
        except SirulesError as exc:
            errors.extend(exc.diagnostics)
    if args.format == "xlsx":
        _write_xlsx(results, len(paths) > 1, args)
    else:
        import io
        buf = io.StringIO()
        _write(results, len(paths) > 1, args.format, buf, args.delimiter)
        from ._util import write_text
        write_text(buf.getvalue(), args.output)
    if errors:
        sys.stderr.write(render.diagnostics(errors, render.use_colour(sys.stderr), current()) + "\n")
        return 2
    return 0


def _write_xlsx(results: list, several: bool, args) -> None:
    from ..finance import cashflow
    from ..report.xlsx_reports import obligations_workbook
    from ._util import write_binary
    lang = getattr(args, "lang", None) or (results[0].lang if results else None)
    total = cashflow.total(results) if several else None
    write_binary(obligations_workbook([r.to_json() for r in results], total, lang), args.output, lang)


def _write(results: list, several: bool, fmt: str, out=None, delimiter: str | None = None) -> None:
    from ..finance import cashflow
    from ..report import obligations as report, render
    sys = _Out(out)
    if not several:
        if not results:
            return
        result = results[0]
        if fmt == "json":
            sys.stdout.write(render.to_json(result.to_json()) + "\n")
        elif fmt == "csv":
            sys.stdout.write(render.obligations_csv(result, delimiter))
        else:
            sys.stdout.write(render.obligations_text(result) + "\n")
        return
    total = cashflow.total(results)
    if fmt == "json":
        sys.stdout.write(render.to_json({"applications": [r.to_json() for r in results], "total": total}) + "\n")
    elif fmt == "csv":
        sys.stdout.write(report.obligations_csv_many(results, total, delimiter))
    else:
        for r in results:
            sys.stdout.write(render.obligations_text(r) + "\n\n")
        sys.stdout.write(report.obligations_total_text(total, results[0].lang if results else "sv") + "\n")


class _Out:
    """``sys`` as :func:`_write` sees it: its ``stdout`` is the buffer the report is written to."""

    def __init__(self, out):
        import sys as real
        self.stdout = out if out is not None else real.stdout
