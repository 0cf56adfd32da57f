"""The checks of call rounds (#17 point 2): SIR560 (a round that is never open while the
guideline is in force)."""

from __future__ import annotations

from collections.abc import Iterator

from ...language.i18n import later
from ...language.diagnostics import Diagnostic, warning
from .reading import Subject, subject  # noqa: F401  (subject: the doctests)


def check_rounds_in_validity(s: Subject) -> Iterator[Diagnostic]:
    """A round with dates that lies wholly outside the guideline's validity: no application can
    be submitted in it while the guideline is in force.

    >>> s = subject('guideline "R" valid from 2020-01-01\\nround old from 2019-03-01 to 2019-04-15\\n'
    ...             'must on_time: submitted within an open round\\n')
    >>> [d.message for d in check_rounds_in_validity(s)]
    ['the round "old" (2019-03-01 to 2019-04-15) is never open while the guideline is in force']
    """
    g = s.model
    decls = {r.name: r for r in s.nodes.items if type(r).__name__ == "RoundDecl"}
    for r in g.rounds:
        if isinstance(r.start, tuple):
            continue                                  # every year: open in every year of the validity
        before = g.valid_from is not None and r.end < g.valid_from
        after = g.valid_to is not None and r.start > g.valid_to
        if before or after:
            node = decls.get(r.name)
            yield warning("SIR560", later('the round "{name}" ({start} to {end}) is never open while the guideline is in force',
                                          name=r.name, start=r.start, end=r.end), node.span if node is not None else None,
                          later("check the round's dates and the guideline's validity (gäller från … till … / valid from … to …)"))
