"""sirules template: an application skeleton for a guideline, with the clause that asks for each value."""

from __future__ import annotations

import sys

from ..language.i18n import mark


def register(sub) -> None:
    c = sub.add_parser("template", help=mark("write an application skeleton for a guideline"),
                       description=mark("Write an application skeleton for a guideline: every fact its rules read, "
                                   "the fields of the applicant and the partners, the parts it requires, accepts "
                                   "or gets from others, and the budget, savings or repayment plan when the "
                                   "rules or the repayment model read them. The TOML has a comment per value "
                                   "naming the clause that asks for it, with every value commented out (an "
                                   "untouched skeleton loads but is never accepted); JSON and YAML have the "
                                   "same keys with null values."))
    c.add_argument("guidelines", nargs="+", metavar="guideline",
                   help=mark("the guideline file (.sir); with several, one skeleton with the union of their questions, "
                        "each marked with the guidelines that ask it"))
    c.add_argument("--format", choices=("toml", "json", "yaml", "xlsx"), default="toml",
                   help=mark("output format (default: toml); xlsx is an Excel workbook to fill in"))
    c.add_argument("--output", metavar="FILE", help=mark("write to FILE (atomically) instead of standard output"))
    c.set_defaults(run=run)


def load(path: str):
    """(model, nodes) of a guideline file; raises SirulesError when it does not load."""
    from ..engine import pipeline
    from ..language.analyse import from_nodes
    source = pipeline.read_source(path)
    nodes = pipeline.parse(source)
    return from_nodes(nodes, source), nodes


def run(args) -> int:
    from ..authoring import template
    loaded = [load(path) for path in args.guidelines]
    skeletons = [template.skeleton(g, nodes) for g, nodes in loaded]
    sk = skeletons[0] if len(skeletons) == 1 else template.union(skeletons, _labels(args.guidelines))
    if args.format == "xlsx":
        from ..report.workbook import application_workbook
        from ._util import write_binary
        write_binary(application_workbook(sk, template.type_note), args.output, loaded[0][0].lang)
        return 0
    writer = {"toml": template.to_toml, "json": template.to_json, "yaml": template.to_yaml}[args.format]
    text = writer(sk)
    if args.output and args.output != "-":
        from ..language.fileio import write_output
        write_output(args.output, text)
    else:
        sys.stdout.write(text)
    return 0


def _labels(paths: list[str]) -> list[str]:
    """Each guideline's file name without its suffix; the whole path when two names are the same."""
    import os
    stems = [os.path.splitext(os.path.basename(p))[0] for p in paths]
    return stems if len(set(stems)) == len(stems) else list(paths)
