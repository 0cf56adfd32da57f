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
    c.add_argument("--format", choices=("text", "json", "xlsx", "html", "pdf"), default="text",
                   help=mark("output format (default: text); xlsx is an Excel workbook (with --output FILE); html and "
                        "pdf write the decision document, one per application (needs the document or pdf extra)"))
    c.add_argument("--output", metavar="FILE|DIR",
                   help=mark("with --format xlsx: the workbook to write (atomically); with --format html or pdf: the "
                        "file to write (one application) or the folder to write one document per application "
                        "into (made when missing)"))
    c.add_argument("--strict", action="store_true", help=mark("exit 1 on warnings too (failed should-rules, unknown keys)"))
    c.add_argument("--explain", action="store_true", help=mark("show the guideline's source line for each failed rule"))
    c.add_argument("--suggest", action="store_true",
                   help=mark("for each failed or undecided must-rule and missing part, the smallest change to the "
                        "application that makes it pass, and the verdict with all of them applied"))
    c.add_argument("--batch", metavar="FILE", help=mark("check every line of a .jsonl file or row of a .csv file "
                                                   "(, or ;) or .xlsx workbook; writes one JSON result per line"))
    c.add_argument("--jobs", type=int, default=1, help=mark("worker processes for --batch (default 1)"))
    c.add_argument("--delimiter", choices=(",", ";"),
                   help=mark("the delimiter of a --batch CSV file (default: told from its heading row)"))
    c.add_argument("--register", metavar="PATH|URL",
                   help=mark("the fund's register that decides rules reading earlier decisions (default: the "
                        "register found as `sirules fund` finds it; looked for only when a rule needs it)"))
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
    args.lang_used = getattr(args, "lang", None) or getattr(guideline.view, "lang", None)
    if args.output and args.format not in ("xlsx", "html", "pdf"):
        from ..language.i18n import tr
        raise SirulesError([error("SIR404", tr("--output writes the workbook of --format xlsx or the documents of "
                                               "--format html or pdf", args.lang_used),
                                  hint=tr("add --format xlsx, or send the text to a file with >", args.lang_used))])
    if args.batch and args.suggest:
        raise SirulesError([error("SIR404", later("--suggest does not work with --batch"),
                                  hint=later("run sirules check --suggest GUIDELINE APPLICATION... on the files instead"))])
    if args.batch and args.format in ("html", "pdf"):
        raise SirulesError([error("SIR404", later("--format {format} writes a decision document per application, "
                                                  "not for --batch", format=args.format),
                                  hint=later("give the application files instead of --batch"))])
    if args.batch and args.register:
        raise SirulesError([error("SIR613", later("--register does not work with --batch: a batch is checked without "
                                                  "the fund's register"),
                                  hint=later("check the files with sirules check --register PATH GUIDELINE "
                                             "APPLICATION..., or record them with sirules fund submit"))])
    if args.batch:
        from ..engine.batch import run_batch
        return run_batch(guideline, args.batch, on, _jobs(args.jobs), sys.stdout, args.delimiter)
    paths = expand(args.applications)
    if not paths:
        raise SirulesError([error("SIR404", later("no application given"),
                                  hint=later("sirules check GUIDELINE APPLICATION... (or --batch FILE)"))])
    if args.format in ("html", "pdf"):
        return _documents(args, paths, on)
    results, errors, suggestions, failed = [], [], [], {}
    history = _history(guideline, args.register)
    for path in paths:
        try:
            if args.suggest:
                from ..engine.suggest import suggest
                app = guideline.read_application(path)
                result = guideline.check(app, on, history)
                suggestions.append(suggest(guideline, app, on, history=history))
                results.append(result)
            else:
                results.append(guideline.check(path, on, history))
        except SirulesError as exc:
            errors.extend(exc.diagnostics)
            failed[len(results) + len(failed)] = (path, exc.diagnostics)
    _print_check(results, args, suggestions or None, failed)
    if errors:
        from ..report import render
        sys.stderr.write(render.diagnostics(errors, render.use_colour(sys.stderr), current()) + "\n")
        return 2
    bad = any(r.verdict != "accepted" for r in results)
    warned = any(r.warnings or any(f.outcome in ("fail", "undecided") and f.rule.strength == "should"
                                       for f in r.findings)
                 for r in results)
    return 1 if bad or (args.strict and warned) else 0


def _documents(args, paths: list[str], on) -> int:
    """``--format html|pdf``: the decision document of each application (:mod:`sirules.document`)."""
    from ..document import write
    from ..engine import pipeline
    from ..language.fileio import write_output
    from ..report import render
    if args.suggest or args.explain:
        raise SirulesError([error("SIR404", later("--format {format} writes the decision document; "
                                                  "--suggest and --explain belong to text and json", format=args.format))])
    where = write.targets(paths, args.format, args.output)
    write.need_libraries(args.format)
    guideline = pipeline.load(args.guideline, use_cache=not args.no_cache)
    errors, verdicts = [], []
    for path, target in zip(paths, where):
        try:
            doc, made = write.document(guideline, guideline.read_application(path), on, args.format)
        except SirulesError as exc:
            errors.extend(exc.diagnostics)
            continue
        verdicts.append(doc.verdict)
        if target is None:
            sys.stdout.write(made)
        else:
            write_output(target, made)
            sys.stdout.write(f"{target}\n")
    if errors:
        sys.stderr.write(render.diagnostics(errors, render.use_colour(sys.stderr)) + "\n")
        return 2
    return 1 if any(v != "accepted" for v in verdicts) else 0
def _history(guideline, register: str | None):
    """The register's history when a rule of the guideline reads it: from ``--register``, else from
    the register found as ``sirules fund`` finds it (none found: None, the rules are undecided).
    A guideline without such rules looks for nothing and imports nothing."""
    from ..engine.history import uses_register
    if not uses_register(guideline.view):
        return None
    from ..register import locate
    try:
        url = locate.find(register)
    except SirulesError:
        if register:
            raise
        return None
    try:
        import sqlalchemy  # noqa: F401
    except ImportError:
        raise SirulesError([error("SIR602", later("the register needs SQLAlchemy and Alembic, which are not installed"),
                                  hint=later("pip install 'sirules[register]'"))]) from None
    from ..register.pots import load_history
    return load_history(url)


def _print_check(results, args, suggestions=None, failed=None) -> None:
    from ..report import render
    if args.format in ("json", "xlsx"):
        docs = [r.to_json() for r in results]
        if suggestions is not None:
            docs = [{**d, **s.to_json()} for d, s in zip(docs, suggestions)]
        for i, (path, ds) in sorted((failed or {}).items()):     # in the order of the files
            docs.insert(i, {"application": path, "error": render.diagnostic_json(ds[0], current())})
        if args.format == "xlsx":
            from ..report.xlsx_reports import check_workbook
            from ._util import write_binary
            write_binary(check_workbook(docs, args.lang_used), args.output, args.lang_used)
            return
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
