"""Lint: warnings about guidelines that load but probably do not say what their author meant.

A guideline that loads has no errors; ``sirules lint`` looks further, for rules that can never
pass or never fail, constants nobody uses, versions that overlap, keywords of the wrong language
and the like. Every warning has a stable code ``SIR5xx`` (listed in
:data:`sirules.language.diagnostics.CODES`) and a hint.

Each check is a small pure function ``check_<thing>(s: Subject) -> Iterator[Diagnostic]`` over
the syntax nodes, the compiled model and the keyword tokens of one file; :data:`CHECKS` lists
them in order. :func:`lint` runs them all and drops the warnings a comment silences::

    # lint: ignore SIR505
    avsnitt 1 "Fondens syfte"

(the comment stands on the line the warning points at, or on the line above it).

The checks live in the modules of this package: :mod:`.declarations` (SIR501, SIR505, SIR508,
SIR509), :mod:`.rules` (SIR502 to SIR504, with :mod:`.holds` and :mod:`.intervals` deciding
whether a condition is fixed), :mod:`.validity` (SIR506, SIR507, SIR510) and
:mod:`.mixed_keywords` (SIR511), :mod:`.permissions` (SIR540), :mod:`.confusables` (SIR520, SIR521: Trojan Source), :mod:`.dates` (SIR560), :mod:`.register` (SIR580, SIR581); :mod:`.reading` makes the :class:`Subject` they look at.

>>> s = subject('riktlinje "R" gäller från 2020-01-01\\nkonstant tak = 1 mnkr\\n')
>>> [str(d) for d in lint(s)]
['<text>:2:1: warning[SIR501]: constant "tak" is never used']
"""

from __future__ import annotations

import re

from ...language.diagnostics import Diagnostic
from .dates import check_rounds_in_validity
from .declarations import check_empty_sections, check_part_descriptions, check_unused_constants, check_unused_parts
from .funds import check_fund_gaps, check_unused_fields
from .holds import truth  # noqa: F401  (a public name of lint)
from .confusables import check_bidi, check_lookalikes
from .mixed_keywords import check_language
from .permissions import check_permissions
from .register import check_pots
from .reading import Keyword, Subject, _walk_expr, from_source, read, subject  # noqa: F401  (public names)
from .rules import check_fixed_conditions, check_repeated_must
from .validity import check_overlapping_versions, check_repayment_risk, check_validity


def lint(s: Subject, ignore: frozenset | set | tuple = ()) -> tuple[Diagnostic, ...]:
    """Every warning of every check, in file order, without those silenced or ignored."""
    silenced = _silenced(s.nodes.comments)
    out = []
    for check in CHECKS:
        for d in check(s):
            if d.code in ignore:
                continue
            line = d.span.line if d.span else 0
            if d.code in silenced.get(line, ()) or d.code in silenced.get(line - 1, ()):
                continue
            out.append(d._replace(section=d.section or _section_at(s, line)))
    out.sort(key=lambda d: (d.span.line if d.span else 0, d.span.column if d.span else 0, d.code))
    return tuple(out)


_IGNORE = re.compile(r"#\s*lint\s*:\s*ignore\b(.*)", re.IGNORECASE)


def _silenced(comments) -> dict[int, set[str]]:
    out: dict[int, set[str]] = {}
    for line, _col, text in comments:
        mt = _IGNORE.match(text)
        if mt:
            out.setdefault(line, set()).update(c.upper() for c in re.findall(r"SIR\d{3}", mt.group(1), re.IGNORECASE))
    return out


def _section_at(s: Subject, line: int) -> str | None:
    current = None
    for sec in s.model.sections:
        if sec.line <= line:
            current = sec
    if current is None:
        return None
    return f"§ {current.number} {current.heading}" if current.heading else f"§ {current.number}"


#: every check, in the order their warnings are explained in the docs
CHECKS = (
    check_unused_constants,
    check_fixed_conditions,
    check_repeated_must,
    check_empty_sections,
    check_validity,
    check_repayment_risk,
    check_part_descriptions,
    check_unused_parts,
    check_overlapping_versions,
    check_language,
    check_fund_gaps,
    check_unused_fields,
    check_permissions,
    check_bidi,
    check_lookalikes,
    check_rounds_in_validity,
    check_pots,
)
