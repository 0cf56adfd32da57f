"""sirules test: examples with expectations, and clause coverage."""

from __future__ import annotations

import os
import sys

from ..language.i18n import later, mark
from ..language.diagnostics import SirulesError, error
from ._util import expand, guideline_files



def register(sub) -> None:
    t = sub.add_parser("test", help=mark("run the examples that state what they expect, with clause coverage"),
                       description=mark("Check every example under examples/<guideline>/ (or the given paths) against "
                                   "the [expect] table it carries."))
    t.add_argument("guidelines", nargs="+", help=mark("guideline files, or folders of them; examples are found in "
                                                 "examples/<stem>/"))
    t.add_argument("--examples", nargs="*", metavar="PATH", help=mark("example files or folders instead of examples/<stem>/"))
    t.add_argument("--format", choices=("text", "json"), default="text")
    t.add_argument("--coverage", action="store_true", help=mark("report, per rule, which outcomes the examples reach"))
    t.add_argument("--require-full-coverage", action="store_true",
                   help=mark("exit 1 unless every must-rule and required part is seen both passing and failing"))

    t.set_defaults(run=run)


def run(args) -> int:
    from ..engine import pipeline
    from ..report import render
    from ..authoring import testing
    reports, all_ok, full = [], True, True
    for gpath in guideline_files(args.guidelines):
        guideline = pipeline.load(gpath)
        paths = expand(args.examples) if args.examples else testing.examples_for(gpath)
        if not paths:
            folders = [f"{p}{os.sep}" for p in ([*args.examples] if args.examples else testing.example_folders(gpath))]
            looked = folders[0] if folders else ""
            for folder in folders[1:]:
                looked = later("{a} or {b}", a=looked, b=folder)
            raise SirulesError([error("SIR403", later("no examples for {file}: looked in {looked}", file=gpath,
                                                      looked=looked),
                                      hint=later("put applications with an [expect] table in examples/<stem>/ beside "
                                                 "the guideline or beside its folder, or name them with --examples"))])
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
