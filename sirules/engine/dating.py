"""An application without a start date against a guideline whose blocks are dated.

Which dated block (``återbetalning gäller från …``) is in force depends on the application's date;
without one (and without ``--date``) that is undecided. ``check`` says so as a warning and marks
those blocks; ``obligations``, which cannot go on without the date, says it as its error, in the
same words (:func:`no_start_date`).
"""

from __future__ import annotations

from ..language.diagnostics import Diagnostic, error, warning
from ..language.source import Span

#: block kinds whose dating the reports show (fund, repayment, risk, portfolio, decision, evaluation)
KINDS = ("fund", "repayment", "risk", "portfolio", "decision", "evaluation")


def dated_blocks(g) -> tuple:
    """The guideline's blocks that are in force only from or to a date."""
    return tuple(b for b in g.blocks if b.kind in KINDS and (b.valid_from or b.valid_to))


def undecided(block, on) -> bool:
    """Whether it cannot be said if ``block`` is in force: it is dated, and there is no date."""
    return on is None and bool(block.valid_from or block.valid_to)


def no_start_date(g, path: str, severity: str = "warning") -> Diagnostic | None:
    """The diagnostic for an application at ``path`` without a start date, or None when no block of
    ``g`` is dated (then the date decides nothing here)."""
    dated = dated_blocks(g)
    if not dated:
        return None
    lines = ", ".join(str(b.origin.line) for b in dated)
    from ..language.i18n import later
    message = later("the application has no start date: which dated block of the guideline is in force "
                    "is undecided (lines {lines})", lines=lines)
    hint = later("add start = YYYY-MM-DD to the application, or give --date") if severity != "error" else \
        later("add start = YYYY-MM-DD to the application (the schedule's years count from it)")
    span = Span(path, 1, 1, 1, 1)
    if severity == "error":
        return error("SIR340", message, span, hint)
    return warning("SIR340", message, None, hint)
