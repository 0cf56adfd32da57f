"""The guidelines to compare: ``path`` or ``path@date`` arguments, loaded and labelled."""

from __future__ import annotations

import datetime
import os
import re

from ..language.diagnostics import SirulesError, error
from ..language.i18n import later
from .data import Subject


# ---- loading -------------------------------------------------------------------------------

def parse_spec(arg: str) -> tuple[str, datetime.date | None]:
    """``path`` or ``path@YYYY-MM-DD`` (the guideline as in force on that date).

    >>> parse_spec("guidelines/norrkoping.sir@2021-01-01")
    ('guidelines/norrkoping.sir', datetime.date(2021, 1, 1))
    """
    path, at, tail = arg.rpartition("@")
    if not at or os.path.exists(arg) or not re.fullmatch(r"\d[\d-]*", tail):
        return arg, None
    try:
        day = datetime.date.fromisoformat(tail) if re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", tail) else None
    except ValueError:
        day = None
    if day is None or not path:
        raise SirulesError([error("SIR404", later("{arg}: {tail} is not a date", arg=repr(arg), tail=repr(tail)) if path
                                  else later("{arg} has no file", arg=repr(arg)),
                                  hint=later("write PATH@YYYY-MM-DD, e.g. guidelines/norrkoping.sir@2021-01-01"))])
    return path, day


def load_subjects(args, use_cache: bool = True) -> tuple[Subject, ...]:
    """Load every guideline argument; report every file that cannot be read at once."""
    from ..engine import pipeline
    diags, found = [], []
    for arg in args:
        try:
            path, on = parse_spec(arg)
            found.append((path, on, pipeline.load(path, use_cache)))
        except SirulesError as exc:
            diags.extend(exc.diagnostics)
    if diags:
        raise SirulesError(diags)
    labels = _labels([(p, on) for p, on, _ in found])
    return tuple(Subject(label, p, on, g) for label, (p, on, g) in zip(labels, found))


def versions_of_one(a: Subject, b: Subject) -> bool:
    """Whether two guidelines are versions of one guideline (so that a change list from one to the
    other means something): the same file (``file@date``), the same body (``organ``), or, when a
    body is missing, the same title."""
    if os.path.normcase(os.path.realpath(a.path)) == os.path.normcase(os.path.realpath(b.path)):
        return True
    ga, gb = a.compiled.view, b.compiled.view
    body_a, body_b = (str(g.identity.get("body") or "").strip().casefold() for g in (ga, gb))
    if body_a and body_b:
        return body_a == body_b
    return (ga.title or "").strip().casefold() == (gb.title or "").strip().casefold()


def _labels(specs) -> list[str]:
    def name(path, on, depth):
        parts = os.path.normpath(os.path.splitext(path)[0]).split(os.sep)
        return "/".join(parts[-depth:]) + (f"@{on.isoformat()}" if on else "")
    depth = 1
    while True:
        labels = [name(p, on, depth) for p, on in specs]
        if len(set(labels)) == len({(os.path.normpath(p), on) for p, on in specs}) or depth > 8:
            break                          # a longer name cannot tell one file given twice apart
        depth += 1
    seen: dict[str, int] = {}
    out = []
    for label in labels:
        seen[label] = seen.get(label, 0) + 1
        out.append(label if seen[label] == 1 else f"{label}#{seen[label]}")
    return out
