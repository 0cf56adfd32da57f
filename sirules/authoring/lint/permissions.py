"""Permissions (``får``/``may``) that contradict a must-rule of the same guideline (SIR540)."""

from __future__ import annotations

from collections.abc import Iterator

from ...language.i18n import later
from ...language import model as m
from ...language.diagnostics import Diagnostic, warning
from .holds import truth
from .reading import Subject, subject  # noqa: F401  (subject: for the doctest)
from .validity import _overlap


def check_permissions(s: Subject) -> Iterator[Diagnostic]:
    """A permission whose condition can hold only where a must-rule fails permits nothing.

    >>> s = subject('riktlinje "R" gäller från 2020-01-01\\n'
    ...             'ska tak: belopp <= 1 mnkr\\nfår stort: belopp > 2 mnkr\\n')
    >>> [d.message for d in check_permissions(s)]
    ['permission "stort" contradicts must-rule "tak"']

    A paused or closed must-rule rejects nothing, so it contradicts no permission:

    >>> s = subject('riktlinje "R" gäller från 2020-01-01\\n'
    ...             'ska tak stängd: belopp <= 1 mnkr\\nfår stort: belopp > 2 mnkr\\n')
    >>> [d.message for d in check_permissions(s)]
    []
    """
    nodes = s.rule_nodes()
    rules = s.model.rules
    musts = [(j, r) for j, r in enumerate(rules) if r.strength == "must" and r.expr is not None and r.status is None]
    for k, r in enumerate(rules):
        if r.strength != "may" or r.expr is None or k not in nodes or r.status is not None:
            continue
        for j, must in musts:
            if _overlap(r.valid_from, r.valid_to, must.valid_from, must.valid_to) is None:
                continue
            both = m.And(type="bool", items=(r.expr, must.expr), text=f"{r.expr.text} och {must.expr.text}")
            holds, _ = truth(both)
            if holds is not False:
                continue
            related = ((later("the must-rule"), nodes[j].span),) if j in nodes and nodes[j].span else ()
            yield warning("SIR540", later('permission "{id}" contradicts must-rule "{must}"', id=r.id, must=must.id), nodes[k].span,
                          later('it permits only what "{must}" rejects: narrow it, or let the must-rule say the exception',
                                must=must.id),
                          related)
            break

