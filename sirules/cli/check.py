"""sirules check: applications against a guideline."""

from __future__ import annotations

import os
import sys

from ..language.i18n import current, later, mark
from ..language.diagnostics import SirulesError, error
from ._util import expand, parse_date



def register(sub) -> None:
    c = sub.add_parser("check", help=mark("check applications against a guideline"),
                       description=mark("Check applications against a guideline. Every finding names its clause."))
    c.add_argument("guideline", help=mark("the guideline file (.sir)"))
    c.add_argument("applications", nargs="*", help=mark("application files (.toml, .json, .yaml) or folders"))
    c.add_argument("--date", help=mark("check with the rules in force on this date (YYYY-MM-DD); "
                                  "default: the application's start date"))
    c.add_argument("--format", choices=("text", "json"), default="text", help=mark("output format (default: text)"))
    c.add_argument("--strict", action="store_true", help=mark("exit 1 on warnings too (failed should-rules, unknown keys)"))
    c.add_argument("--explain", action="store_true", help=mark("show the guideline's source line for each failed rule"))
    c.add_argument("--suggest", action="store_true",
                   help=mark("for each failed or undecided must-rule and missing part, the smallest change to the "
                        "application that makes it pass, and the verdict with all of them applied"))
    c.add_argument("--batch", metavar="FILE", help=mark("check every line of a .jsonl file or row of a .csv file; "
                                                   "writes one JSON result per line"))
    c.add_argument("--jobs", type=int, default=1, help=mark("worker processes for --batch (default 1)"))
    c.add_argument("-v", "--verbose", action="store_true",
                   help=mark("on a terminal, list the rules that pass too (else they are counted)"))
    c.add_argument("--no-cache", action="store_true",
                   help=mark("do not read or write any cache (compiled guidelines, parser tables)"))

    c.set_defaults(run=run)


def run(args) -> int:
    from ..engine import pipeline
    from ..language import cache
    cache.turn_off(args.no_cache)          # no entry of any kind is read or written, in workers too
    on = parse_date(args.date)
    guideline = pipeline.load(args.guideline, use_cache=not args.no_cache, light=True)
    if args.batch and args.suggest:
        raise SirulesError([error("SIR404", later("--suggest does not work with --batch"),
                                  hint=later("run sirules check --suggest GUIDELINE APPLICATION... on the files instead"))])
    if args.batch:
        from ..engine.batch import run_batch
        return run_batch(guideline, args.batch, on, _jobs(args.jobs), sys.stdout)
    paths = expand(args.applications)
    if not paths:
        raise SirulesError([error("SIR404", later("no application given"),
                                  hint=later("sirules check GUIDELINE APPLICATION... (or --batch FILE)"))])
    results, errors, suggestions, failed = [], [], [], {}
    for path in paths:
        try:
            if args.suggest:
                from ..engine.suggest import suggest
                app = guideline.read_application(path)
                result = guideline.check(app, on)
                suggestions.append(suggest(guideline, app, on))
                results.append(result)
            else:
                results.append(guideline.check(path, on))
        except SirulesError as exc:
            errors.extend(exc.diagnostics)
            failed[len(results) + len(failed)] = (path, exc.diagnostics)
    _print_check(results, args, suggestions or None, failed)
    if errors:
        from ..report import render
        sys.stderr.write(render.diagnostics(errors, render.use_colour(sys.stderr), current()) + "\n")
        return 2
    bad = any(r.verdict != "accepted" for r in results)
    warned = any(r.warnings or any(f.outcome != "pass" and f.rule.strength == "should" for f in r.findings)
                 for r in results)
    return 1 if bad or (args.strict and warned) else 0


def _print_check(results, args, suggestions=None, failed=None) -> None:
    from ..report import render
    if args.format == "json":
        docs = [r.to_json() for r in results]
        if suggestions is not None:
            docs = [{**d, **s.to_json()} for d, s in zip(docs, suggestions)]
        for i, (path, ds) in sorted((failed or {}).items()):     # in the order of the files
            docs.insert(i, {"application": path, "error": render.diagnostic_json(ds[0], current())})
        sys.stdout.write(render.to_json(docs[0] if len(docs) == 1 else docs) + "\n")
        return
    if (sys.stdout.isatty() and os.environ.get("SIRULES_PLAIN") is None) or os.environ.get("SIRULES_RICH"):
        from rich.console import Console
        from ..report import richtext
        console = Console()
        for i, r in enumerate(results):
            richtext.print_result(r, console, args.explain, args.verbose)
            if suggestions is not None:
                richtext.print_suggestions(suggestions[i], console)
        if len(results) > 1:
            richtext.print_summary(results, console)
        return
    for i, r in enumerate(results):
        sys.stdout.write(render.result_text(r, args.explain) + "\n")
        if suggestions is not None:
            sys.stdout.write(render.suggestions_text(suggestions[i]) + "\n")
        sys.stdout.write("\n")
    if len(results) > 1:
        sys.stdout.write(render.summary_text(results).lstrip("\n") + "\n")


def _jobs(jobs: int) -> int:
    """``--jobs``: at least 1; more than the processors is cut to their number, with a warning."""
    import os
    if jobs < 1:
        raise SirulesError([error("SIR404", later("--jobs {jobs}: the number of worker processes must be 1 or more", jobs=jobs),
                                  hint=later("leave --jobs out for one process, or give e.g. --jobs 2"))])
    cpus = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)
    if jobs > cpus:
        from ..language.diagnostics import warning
        from ..report import render
        sys.stderr.write(render.diagnostics([warning("SIR404", later("--jobs {jobs} is more than the {cpus} processors; "
                                                                     "using {cpus}", jobs=jobs, cpus=cpus))],
                                            render.use_colour(sys.stderr), current()) + "\n")
        return cpus
    return jobs
