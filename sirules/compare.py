"""Guidelines side by side, aligned by concept: the data behind ``sirules compare``.

Three results, all frozen data (rendering is in :mod:`sirules.compare_render`):

- :func:`compare` gives a :class:`Comparison`: one :class:`Concept` row per idea (fund size, amount
  cap, who must take part, required parts, repayment model, ...) with one :class:`Cell` per
  guideline. Every :class:`Item` of a cell keeps the clause and line it comes from and a canonical,
  language-neutral key, so a guideline written with Swedish keywords compares with one written with
  English keywords by meaning, not by words.
- :func:`changes` gives a :class:`ChangeSet`: what was added, removed or changed between two columns
  of a comparison, marked tightened or loosened where that can be told.
- :func:`behaviour` gives a :class:`Matrix`: every application through every guideline.

This module loads the guidelines to compare (:func:`load_subjects`) and is where the rest is
imported from; the work is done in :mod:`sirules.concepts` (reading the concepts off each
guideline, with :mod:`sirules.concept_exprs`), :mod:`sirules.compare_changes` and
:mod:`sirules.compare_matrix`, on the data of :mod:`sirules.compare_data`.

>>> from sirules.pipeline import load_text
>>> a = Subject("a", "<a>", None, load_text('guideline "A"\\nmust cap "cap": amount <= 1 MSEK\\n'))
>>> b = Subject("b", "<b>", None, load_text('riktlinje "B"\\nska tak "tak": belopp <= 2 mnkr\\n'))
>>> c = compare([a, b])
>>> [i.text for i in c.concept("caps.amount").cells[1].items]
['must: ≤ 2 MSEK']
>>> [(x.what, x.direction) for x in changes(c).changes]
[('changed', 'loosened')]
"""

from __future__ import annotations

import datetime
import os
import re

from .compare_changes import RANK, Change, ChangeSet, changes
from .compare_data import LANGS, TOPICS, Cell, Column, Comparison, Concept, Item, Subject, column, report_lang
from .compare_matrix import VERDICTS, Decider, Matrix, Outcome, behaviour
from .concept_exprs import CAP_FACTS, FLIP, OPS, WORDS
from .concepts import BLOCK_SETTINGS, LABELS, compare
from .diagnostics import SirulesError, error

__all__ = ["BLOCK_SETTINGS", "CAP_FACTS", "FLIP", "LABELS", "LANGS", "OPS", "RANK", "TOPICS", "VERDICTS", "WORDS",
           "Cell", "Change", "ChangeSet", "Column", "Comparison", "Concept", "Decider", "Item", "Matrix",
           "Outcome", "Subject", "behaviour", "changes", "column", "compare", "load_subjects", "parse_spec",
           "report_lang"]


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
        day = datetime.date.fromisoformat(tail)
    except ValueError:
        day = None
    if day is None or not path:
        raise SirulesError([error("SIR404", f"{arg!r}: {tail!r} is not a date" if path else f"{arg!r} has no file",
                                  hint="write PATH@YYYY-MM-DD, e.g. guidelines/norrkoping.sir@2021-01-01")])
    return path, day


def load_subjects(args, use_cache: bool = True) -> tuple[Subject, ...]:
    """Load every guideline argument; report every file that cannot be read at once."""
    from . import pipeline
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
