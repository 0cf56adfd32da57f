"""The checks of a guideline's pots and the rules that read the register (#18 point 3):
SIR580 (the pots of a fund block add up to more a year than the fund's size) and SIR581 (a pot
declared that no rule reads, so a grant from it is never checked before the decision)."""

from __future__ import annotations

from collections.abc import Iterator

from ...language.i18n import later
from ...language import modelview as mv
from ...language import nodes as n
from ...language.diagnostics import Diagnostic, warning
from ...language.money import format_money
from .reading import Subject, subject  # noqa: F401  (subject: the doctests)


def check_pots(s: Subject) -> Iterator[Diagnostic]:
    """Pots larger together than the fund, and pots no rule reads.

    >>> s = subject('riktlinje "R"\\nfond\\n  storlek: 1 mnkr\\n  pott a: 800 000 kr per år\\n'
    ...             '  pott b: 300 000 kr per år\\nska r: summa beviljat i år ur pott a <= 1 mnkr\\n')
    >>> [d.code for d in check_pots(s)]
    ['SIR580', 'SIR581']
    >>> print(next(check_pots(s)).message)
    the pots add up to 1 100 000 kr a year, more than the fund's 1 000 000 kr
    """
    read = {e.pot for r in s.model.rules if r.expr is not None for e in mv.walk(r.expr)
            if isinstance(e, mv.RegisterValue) and e.pot}
    nodes = [x for x in s.nodes.items if isinstance(x, n.Block) and x.kind == "FUND"]
    blocks = [b for b in s.model.blocks if b.kind == "fund"]
    for node, block in zip(nodes, blocks):
        size = block.get("size")
        total = sum(p.size for p in block.pots)
        if block.pots and isinstance(size, int) and total > size:
            yield warning("SIR580", later("the pots add up to {total} a year, more than the fund's {size}",
                                          total=format_money(total), size=format_money(size)), node.pots[0].span,
                          later("make the pots smaller, or say in a comment why they may be larger together"))
        first = {}
        for p in node.pots:
            first.setdefault(p.name, p)
        for pot in block.pots:
            pot_node = first[pot.name]
            if pot.name not in read:
                yield warning("SIR581", later('no rule reads the pot "{name}"', name=pot.name), pot_node.span,
                              later("e.g. must cap: sum granted this year from pot {name} + amount <= {size}",
                                    name=pot.name, size=format_money(pot.size)))
