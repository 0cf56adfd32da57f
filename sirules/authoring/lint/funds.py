"""The checks of what is new in a guideline's declarations of the fund and its participants:
SIR550 (a gap between the periods of dated fund blocks that give the fund's size) and SIR551 (a
participant field the guideline declares but no rule reads). Two fund blocks setting the size at
the same time are SIR510 (:mod:`.validity`)."""

from __future__ import annotations

import datetime
from collections.abc import Iterator

from ...language.i18n import later
from ...language import nodes as n
from ...language.diagnostics import Diagnostic, warning
from .reading import Subject, _walk, subject  # noqa: F401  (subject: the doctests)


# ---- SIR550: gaps between fund periods -----------------------------------------------------------

def check_fund_gaps(s: Subject) -> Iterator[Diagnostic]:
    """Dated fund blocks giving the fund's size (or its yearly size) with days between them that no
    block covers: the size is unknown on those days.

    >>> s = subject('riktlinje "R" gäller från 2020-01-01\\n'
    ...             'fond gäller från 2020-01-01 till 2020-12-31\\n  storlek: 1 mnkr\\n'
    ...             'fond gäller från 2022-01-01\\n  storlek: 2 mnkr\\n')
    >>> [d.message for d in check_fund_gaps(s)]
    ['no fund block gives the size of the fund from 2021-01-01 to 2021-12-31']
    """
    blocks = [(node, b) for node, b in zip([x for x in s.nodes.items if isinstance(x, n.Block)], s.model.blocks)
              if b.kind == "fund"]
    for key in ("size", "yearly_size"):
        sized = sorted(((b.valid_from or datetime.date.min, b.valid_to, node) for node, b in blocks
                        if b.get(key) is not None), key=lambda x: x[0])
        reach = None                         # the last day covered so far (None: not started)
        for start, end, node in sized:
            if reach is not None and reach != datetime.date.max and start > reach + datetime.timedelta(days=1):
                lo, hi = reach + datetime.timedelta(days=1), start - datetime.timedelta(days=1)
                what = later("the size of the fund") if key == "size" else later("the yearly size of the fund")
                yield warning("SIR550", later("no fund block gives {what} from {start} to {end}", what=what,
                                              start=lo.isoformat(), end=hi.isoformat()),
                              node.span, later("let this block start the day after the previous one ends (or say "
                                               "in a comment why the fund is closed in between)"))
            last = end or datetime.date.max
            reach = last if reach is None else max(reach, last)


# ---- SIR551: participant fields never used ---------------------------------------------------------

def check_unused_fields(s: Subject) -> Iterator[Diagnostic]:
    """A participant field the guideline declares that no rule, part condition or setting reads.

    >>> s = subject('riktlinje "R" gäller från 2020-01-01\\ndeltagarfält styrelse: ja_nej\\n'
    ...             'ska r: förebyggande är ja\\n')
    >>> [d.message for d in check_unused_fields(s)]
    ['participant field "styrelse" is never used']
    """
    fields = {i.name: i for i in s.nodes.items if isinstance(i, n.FieldDecl)}
    if not fields:
        return
    used = set()
    for item in s.nodes.items:
        if isinstance(item, (n.Rule, n.Parts, n.Block)):
            for x in _walk(item):
                if isinstance(x, n.Name):
                    used.add(x.id)
                elif isinstance(x, n.Field):
                    used.add(x.field)
                elif isinstance(x, n.Count) and x.distinct:
                    used.add(x.distinct)
    for name, decl in fields.items():
        if name not in used:
            yield warning("SIR551", later('participant field "{name}" is never used', name=name), decl.span,
                          later("read it in a rule (e.g. every participant has it), or remove the declaration"))
