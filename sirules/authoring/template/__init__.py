"""An application skeleton for a guideline: every value its rules read, and the clause that asks.

:func:`skeleton` walks the compiled model (and the syntax nodes, for optional parts, which the
model does not keep) and collects what an application for the guideline must give: the facts
the rules and conditions read, the fields of the applicant and the partners, the parts (required,
optional, supplied by others), and the budget, savings and repayment plan when the guideline's
rules or its repayment model read them. Each entry keeps the clauses that ask for it.

:func:`to_toml` writes the skeleton with a comment per value (``# § 3 Vem kan söka, line 16:
…``) and every value commented out, so an untouched skeleton is a valid application that
``sirules check`` never accepts. :func:`to_data` gives the same keys with ``None`` values for
JSON and YAML. :mod:`sirules.authoring.schema` uses the same skeleton for the descriptions of its JSON
Schema.

The package: :mod:`.entries` (what a skeleton holds), :mod:`.builder` (:func:`skeleton`) with
:mod:`.asks` (the clauses that ask), :mod:`.values` (placeholders and notes on each type), and
:mod:`.writers` with :mod:`.formats` (TOML, JSON and YAML).

>>> import sirules
>>> g = sirules.load_text('riktlinje "R"\\navsnitt 2 "Krav"\\nska r "förebyggande": förebyggande är ja\\n')
>>> sk = skeleton(g.model)
>>> [(f.key, [str(a) for a in f.asks]) for f in sk.facts]
[('title', []), ('start', ['projektets startdatum']), \
('preventive', ['§ 2 Krav, rad 3: ska r "förebyggande"'])]
"""

from __future__ import annotations

from .builder import skeleton
from .union import union
from .entries import Ask, Entry, Skeleton
from .values import placeholder, type_note
from .writers import to_data, to_json, to_toml, to_yaml

__all__ = ["Ask", "Entry", "Skeleton", "placeholder", "skeleton", "to_data", "to_json", "to_toml", "to_yaml",
           "type_note", "union"]
