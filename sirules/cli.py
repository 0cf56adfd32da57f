"""The command line: a thin layer over the Python API.

Exit codes: 0 everything holds, 1 an application is rejected or incomplete (or a
command found problems), 2 a file could not be read or the command was misused.
"""

from __future__ import annotations

import argparse
import datetime
import os
import sys

from .diagnostics import SirulesError, error

APP_SUFFIXES = (".toml", ".json", ".yaml", ".yml")


class _Parser(argparse.ArgumentParser):
    def error(self, message):                      # usage errors exit 2, no traceback
        self.print_usage(sys.stderr)
        sys.stderr.write(f"error[SIR404]: {message}\n")
        raise SystemExit(2)


def build_parser() -> argparse.ArgumentParser:
    p = _Parser(prog="sirules", description="Guidelines of social investment funds as checkable programs.")
    p.add_argument("--version", action="version", version=f"sirules {_version()}")
    sub = p.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)

    c = sub.add_parser("check", help="check applications against a guideline",
                       description="Check applications against a guideline. Every finding names its clause.")
    c.add_argument("guideline", help="the guideline file (.sir)")
    c.add_argument("applications", nargs="*", help="application files (.toml, .json, .yaml) or folders")
    c.add_argument("--date", help="check with the rules in force on this date (YYYY-MM-DD); "
                                  "default: the application's start date")
    c.add_argument("--format", choices=("text", "json"), default="text", help="output format (default: text)")
    c.add_argument("--strict", action="store_true", help="exit 1 on warnings too (failed should-rules, unknown keys)")
    c.add_argument("--explain", action="store_true", help="show the guideline's source line for each failed rule")
    c.add_argument("--batch", metavar="FILE", help="check every line of a .jsonl file or row of a .csv file; "
                                                   "writes one JSON result per line")
    c.add_argument("--jobs", type=int, default=1, help="worker processes for --batch (default 1)")
    c.add_argument("--no-cache", action="store_true", help="do not read or write the compiled-guideline cache")

    t = sub.add_parser("test", help="run the examples that state what they expect, with clause coverage",
                       description="Check every example under examples/<guideline>/ (or the given paths) against "
                                   "the [expect] table it carries.")
    t.add_argument("guidelines", nargs="+", help="guideline files; examples are found in examples/<stem>/")
    t.add_argument("--examples", nargs="*", metavar="PATH", help="example files or folders instead of examples/<stem>/")
    t.add_argument("--format", choices=("text", "json"), default="text")
    t.add_argument("--coverage", action="store_true", help="report, per rule, which outcomes the examples reach")
    t.add_argument("--require-full-coverage", action="store_true",
                   help="exit 1 unless every must-rule and required part is seen both passing and failing")

    d = sub.add_parser("debug", help="dump a stage of the pipeline (for developers)")
    d.add_argument("stage", choices=("tree", "nodes", "model", "code"))
    d.add_argument("guideline")
    return p


def _version() -> str:
    from .pipeline import VERSION
    return VERSION


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    if args.command is None:
        build_parser().print_help()
        return 2
    try:
        return COMMANDS[args.command](args)
    except SirulesError as exc:
        from . import render
        sys.stderr.write(render.diagnostics(exc.diagnostics, render.use_colour(sys.stderr)) + "\n")
        return 2
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return 0


def _date(text: str | None) -> datetime.date | None:
    if text is None:
        return None
    try:
        return datetime.date.fromisoformat(text)
    except ValueError:
        raise SirulesError([error("SIR404", f"--date {text!r} is not a date", hint="write YYYY-MM-DD")]) from None


def _expand(paths: list[str]) -> list[str]:
    out = []
    for p in paths:
        if os.path.isdir(p):
            found = sorted(os.path.join(p, f) for f in os.listdir(p) if f.lower().endswith(APP_SUFFIXES))
            if not found:
                raise SirulesError([error("SIR403", f"no application files (.toml, .json, .yaml) in {p}")])
            out.extend(found)
        else:
            out.append(p)
    return out


def cmd_check(args) -> int:
    from . import pipeline
    on = _date(args.date)
    guideline = pipeline.load(args.guideline, use_cache=not args.no_cache)
    if args.batch:
        from .batch import run_batch
        return run_batch(guideline, args.batch, on, args.jobs, sys.stdout)
    paths = _expand(args.applications)
    if not paths:
        raise SirulesError([error("SIR404", "no application given",
                                  hint="sirules check GUIDELINE APPLICATION... (or --batch FILE)")])
    results, errors = [], []
    for path in paths:
        try:
            results.append(guideline.check(path, on))
        except SirulesError as exc:
            errors.extend(exc.diagnostics)
    _print_check(results, args)
    if errors:
        from . import render
        sys.stderr.write(render.diagnostics(errors, render.use_colour(sys.stderr)) + "\n")
        return 2
    bad = any(r.verdict != "accepted" for r in results)
    warned = any(r.warnings or any(f.outcome != "pass" and f.rule.strength == "should" for f in r.findings)
                 for r in results)
    return 1 if bad or (args.strict and warned) else 0


def _print_check(results, args) -> None:
    from . import render
    if args.format == "json":
        docs = [r.to_json() for r in results]
        sys.stdout.write(render.to_json(docs[0] if len(docs) == 1 else docs) + "\n")
        return
    if sys.stdout.isatty() and os.environ.get("SIRULES_PLAIN") is None:
        from rich.console import Console
        from . import richtext
        console = Console()
        for r in results:
            richtext.print_result(r, console, args.explain)
        if len(results) > 1:
            richtext.print_summary(results, console)
        return
    for r in results:
        sys.stdout.write(render.result_text(r, args.explain) + "\n\n")
    if len(results) > 1:
        sys.stdout.write(render.summary_text(results).lstrip("\n") + "\n")


def cmd_debug(args) -> int:
    from . import pipeline
    source = pipeline.read_source(args.guideline)
    if args.stage == "tree":
        from . import syntax
        print(syntax.parse(source)[0].pretty())
    elif args.stage == "nodes":
        print(pipeline.parse(source))
    elif args.stage == "model":
        print(pipeline.analyse(source))
    else:
        print(pipeline.compile_source(source)[1])
    return 0


def cmd_test(args) -> int:
    from . import pipeline, render, testing
    reports, all_ok, full = [], True, True
    for gpath in args.guidelines:
        guideline = pipeline.load(gpath)
        paths = _expand(args.examples) if args.examples else testing.examples_for(gpath)
        if not paths:
            raise SirulesError([error("SIR403", f"no examples for {gpath}",
                                      hint="put applications with an [expect] table in examples/<stem>/")])
        cases = [testing.run_case(guideline, p) for p in paths]
        cov = testing.coverage(guideline, [c.result for c in cases]) if args.coverage or args.require_full_coverage \
            else None
        all_ok &= all(c.ok for c in cases)
        if cov is not None:
            full &= all(rc.complete for rc in cov if rc.rule.strength in ("must", "part"))
        reports.append((gpath, guideline, cases, cov))
    if args.format == "json":
        sys.stdout.write(render.to_json([_test_json(*r) for r in reports]) + "\n")
    else:
        for r in reports:
            sys.stdout.write(render.test_text(*r) + "\n")
    return 0 if all_ok and (full or not args.require_full_coverage) else 1


def _test_json(gpath, guideline, cases, cov):
    doc = {"guideline": gpath, "cases": [
        {"example": c.path, "ok": c.ok, "verdict": c.result.verdict,
         "mismatches": [{"what": x.what, "rule": x.rule, "expected": x.expected, "actual": x.actual,
                         "clause": x.clause, "line": x.line, "message": x.message} for x in c.mismatches]}
        for c in cases]}
    if cov is not None:
        doc["coverage"] = [{"rule": rc.rule.id, "strength": rc.rule.strength, "clause": rc.rule.origin.clause(),
                            "line": rc.rule.origin.line, "seen": sorted(rc.seen), "complete": rc.complete,
                            "alternatives": [{"text": t, "decided": d} for t, d in rc.alternatives]}
                           for rc in cov]
        must = [rc for rc in cov if rc.rule.strength in ("must", "part")]
        doc["coverage_percent"] = round(100 * sum(rc.complete for rc in must) / len(must), 1) if must else 100.0
    return doc


COMMANDS = {"check": cmd_check, "test": cmd_test, "debug": cmd_debug}


if __name__ == "__main__":
    raise SystemExit(main())
