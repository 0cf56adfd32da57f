"""Guidelines side by side, aligned by concept: the data behind ``sirules compare``.

Three results, all frozen data (rendering is in :mod:`sirules.compare.render`):

- :func:`compare` gives a :class:`Comparison`: one :class:`Concept` row per idea (fund size, amount
  cap, who must take part, required parts, repayment model, ...) with one :class:`Cell` per
  guideline. Every :class:`Item` of a cell keeps the clause and line it comes from and a canonical,
  language-neutral key, so a guideline written with Swedish keywords compares with one written with
  English keywords by meaning, not by words.
- :func:`changes` gives a :class:`ChangeSet`: what was added, removed or changed between two columns
  of a comparison, marked tightened or loosened where that can be told.
- :func:`behaviour` gives a :class:`Matrix`: every application through every guideline.

The rest is imported from this package (``from sirules import compare``). The guidelines to
compare are loaded by :mod:`~sirules.compare.subjects`; the work is done in
:mod:`~sirules.compare.concepts` (the concepts of each guideline, with
:mod:`~sirules.compare.concept_exprs`), :mod:`~sirules.compare.changes` and
:mod:`~sirules.compare.matrix`, on the data of :mod:`~sirules.compare.data`; the document and its
writers are :mod:`~sirules.compare.doc`, :mod:`~sirules.compare.text`,
:mod:`~sirules.compare.markdown`, :mod:`~sirules.compare.html` and :mod:`~sirules.compare.render`.

Imports: :mod:`sirules.language`, :mod:`sirules.engine` and :mod:`sirules.report` (floor 4).

Floor 4: imports ``language``, ``engine`` and ``report``; nothing below imports it.

>>> from sirules.engine.pipeline import load_text
>>> a = Subject("a", "<a>", None, load_text('guideline "A"\\nmust cap "cap": amount <= 1 MSEK\\n'))
>>> b = Subject("b", "<b>", None, load_text('riktlinje "B"\\nska tak "tak": belopp <= 2 mnkr\\n'))
>>> c = compare([a, b])
>>> [i.text for i in c.concept("caps.amount").cells[1].items]
['must: ≤ 2 MSEK']
>>> [(x.what, x.direction) for x in changes(c).changes]
[('changed', 'loosened')]
"""

from __future__ import annotations

from .changes import RANK, Change, ChangeSet, changes
from .concept_exprs import CAP_FACTS, FLIP, OPS, WORDS
from .concepts import BLOCK_SETTINGS, LABELS, compare
from .data import LANGS, TOPICS, Cell, Column, Comparison, Concept, Item, Subject, column, report_lang
from .matrix import VERDICTS, Decider, Matrix, Outcome, behaviour
from .subjects import load_subjects, parse_spec, versions_of_one

__all__ = ["BLOCK_SETTINGS", "CAP_FACTS", "FLIP", "LABELS", "LANGS", "OPS", "RANK", "TOPICS", "VERDICTS", "WORDS",
           "Cell", "Change", "ChangeSet", "Column", "Comparison", "Concept", "Decider", "Item", "Matrix",
           "Outcome", "Subject", "behaviour", "changes", "column", "compare", "load_subjects", "parse_spec",
           "report_lang", "versions_of_one"]
