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
    c.add_argument("guideline", help=mark("the guideline file (.sir)"))
    c.add_argument("--format", choices=("toml", "json", "yaml"), default="toml", help=mark("output format (default: toml)"))
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
    g, nodes = load(args.guideline)
    sk = template.skeleton(g, nodes)
    writer = {"toml": template.to_toml, "json": template.to_json, "yaml": template.to_yaml}[args.format]
    sys.stdout.write(writer(sk))
    return 0
