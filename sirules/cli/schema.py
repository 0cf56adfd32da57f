"""sirules schema: the JSON Schema of the applications for a guideline."""

from __future__ import annotations

import json
import sys

from ..language.i18n import mark


def register(sub) -> None:
    c = sub.add_parser("schema", help=mark("write the JSON Schema of a guideline's applications"),
                       description=mark("Write a JSON Schema (draft 2020-12) of the applications for a guideline: "
                                   "the facts its rules read with their types, the applicant and partners with "
                                   "the participant kinds it knows, the parts, the budget, the savings and the "
                                   "repayment plan. Dates are YYYY-MM-DD texts; other keys are allowed."))
    c.add_argument("guideline", help=mark("the guideline file (.sir)"))
    c.set_defaults(run=run)


def run(args) -> int:
    from ..authoring import schema
    from .template import load
    g, nodes = load(args.guideline)
    from ..language.printable import json_safe
    sys.stdout.write(json_safe(json.dumps(schema.schema(g, nodes), ensure_ascii=False, indent=2)) + "\n")
    return 0
