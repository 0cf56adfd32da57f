"""What the parts of one suggester share: the guideline, its words and the raw-application editor
(:class:`Context`), the application as a candidate sees it (:class:`State`), a candidate fix
(:class:`Fix`) and what each kind of change costs."""

from __future__ import annotations

import attrs

from .. import explain
from ...language.diagnostics import SirulesError
from .kinds import KindOrder
from .phrases import table
from .rawapp import RawEditor
from .wording import Wording

#: what a kind of change costs; the cheapest candidate that breaks no other rule wins
COST_SET = 1.0          # change or state one fact or field
COST_OTHER_SIDE = 0.25  # extra for solving a comparison for its right-hand side (total_cost, not amount)
COST_ADD = 2.0          # add a participant
COST_REMOVE = 2.5       # remove a participant
COST_EXEMPT = 0.5       # extra for making the condition of an ``if`` false instead of meeting it
COST_BREAK = 3.0        # extra per other rule that the change breaks
COST_SEEN = 5.0         # extra for a change that leads back to an application seen in an earlier round


@attrs.frozen
class Fix:
    """A candidate: what it costs, the changes it makes and the sentence that says so."""
    cost: float
    changes: tuple
    sentence: str


class State:
    """The raw application and its normalised data."""
    __slots__ = ("data", "raw")

    def __init__(self, raw, data):
        self.raw, self.data = raw, data


class Context:
    """The guideline (compiled ``cg`` and model ``g``), its language, the date whose rules apply,
    the must-rules and parts checked, and the names of participants that suggestions added."""

    def __init__(self, guideline, on, history=None):
        self.cg = guideline
        self.history = history            # the fund's register, for the rules that read it
        self.g = guideline.model
        self.lang = self.g.lang
        self.t = table(self.lang)
        self.on = on
        self.normaliser = guideline.normaliser
        self.checked = [r for r in self.g.rules if r.strength in ("must", "part")]
        self.added: set = set()           # names of participants that suggestions added
        self.kinds = KindOrder(self.g)
        self.words = Wording(self.g, self.t, self.kinds)
        self.raw = RawEditor(self.normaliser, self.words)

    def state(self, raw) -> State:
        data = self.normaliser.normalise(raw).data
        if self.history is not None:
            data = {**data, **self.history.values(self.cg.view, data, self.cg.date_used(data, self.on))}
        return State(raw, data)

    def try_changes(self, state: State, changes) -> State | None:
        """The application with ``changes`` made, or None when it is no longer a valid application."""
        raw = self.raw.apply(state.raw, changes)
        try:
            return self.state(raw)
        except SirulesError:
            return None

    def outcomes(self, data) -> dict:
        day = self.cg.date_used(data, self.on)
        return {r.id: explain.outcome(r, data, day) for r in self.checked}

    def harmless(self, changes, st) -> bool:
        """Whether ``changes`` leave every must-rule and part that holds now holding."""
        after = self.try_changes(st, changes)
        if after is None:
            return False
        before, now = self.outcomes(st.data), self.outcomes(after.data)
        return not any(before.get(i) in (0, 3) and o in (1, 2) for i, o in now.items())
