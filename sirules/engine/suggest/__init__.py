"""What to change so that an application passes (``sirules check --suggest``).

For every must-rule that fails or cannot be decided, and every required part that is missing,
:func:`suggest` derives the smallest change to the application's facts that makes the rule
pass, from the compiled rule itself (nothing here is written per guideline):

- a comparison ``fact OP value`` is solved for the fact (also through ``% of``, ``+``, ``-``,
  ``*``, ``/``), on either side; the amount applied for carries its yearly budget with it
  (rescaled with :func:`sirules.language.money.allocate`, so it still adds up);
- ``sum``/``max``/``min budget`` rescale or cap the yearly budget;
- a count that falls short adds participants of the kind its filter asks for (or sets a field
  that is missing), a count that is too high clears a field or removes a participant;
- ``every participant … has …`` sets the field of each participant that does not meet it;
- a yes/no fact, a choice, a word in a list, a date, a missing part, the applicant's kind;
- ``or`` takes the cheapest branch and names the others; ``if … then`` makes the consequence
  true or the condition false, whichever is cheaper.

Each candidate is tried on a copy of the application: it must make its rule pass, and one that
breaks another rule costs more. A rule that cannot be inverted gets a suggestion that says
which rule and clause to look at.

Then all suggestions are applied to a copy of the raw application (the same shape as the input
file) and it is checked again; rules that are still not met get suggestions of their own, for a
few rounds. If the changes go round in a circle, the rules involved conflict and are named.

The parts: what a suggestion is (``results``); the re-check, round after round (``rounds``), and
merging a round's suggestions (``merge``); the candidate builders for a rule's logic
(``expressions``), its comparisons (``values``), choices and kinds (``choices``) and participants
(``participants``); the solver (``solve``); the raw application (``rawapp``); the words
(``wording``, ``phrases``, ``kinds``); and what they share (``context``).
"""

from __future__ import annotations

import datetime

from .results import After, Change, Conflict, Suggestion, Suggestions
from .rounds import MAX_ROUNDS, Suggester

__all__ = ["suggest", "Suggestions", "Suggestion", "Change", "Conflict", "After", "MAX_ROUNDS"]


def suggest(guideline, application, on: datetime.date | None = None, rounds: int = MAX_ROUNDS,
            history=None) -> Suggestions:
    """Suggest changes that make ``application`` pass the must-rules of ``guideline``.

    ``guideline`` is what :func:`sirules.load` returns (or a path to a ``.sir`` file);
    ``application`` a path, a raw dict (as read from an application file) or an
    :class:`~sirules.engine.application.Application`. ``on`` is the date whose rules apply (default: the
    application's start date), as for ``check``. ``history``
    (:class:`~sirules.engine.history.History`) decides the rules that read the fund's register.
    """
    if isinstance(guideline, str):
        from ..pipeline import load
        guideline = load(guideline)
    from ..application import Application
    if isinstance(application, str):
        application = guideline.read_application(application)
    elif isinstance(application, dict):
        application = guideline.normaliser.normalise(application)
    assert isinstance(application, Application)
    return Suggester(guideline, on, history).run(application, rounds)
