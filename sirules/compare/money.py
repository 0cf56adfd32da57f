"""Money in ``sirules compare --applications``: what a grant under each guideline means in kronor,
and which verdicts come only from questions one guideline asks and the application never answers.

:func:`money` reads the planned obligations schedule (:func:`sirules.finance.cashflow.obligations`,
the same that ``sirules obligations`` prints) of an application under one guideline as in force on
the compared date: the amount granted, what comes back to the fund, the shortfall and who carries
it, and the net for the fund. :func:`unanswered` names the facts and parts that decide an
incomplete verdict and that no other compared guideline asks.
"""

from __future__ import annotations

import attrs

from ..language.diagnostics import SirulesError


@attrs.frozen
class Money:
    """A grant under one guideline, planned: every amount in öre."""
    model: str                         # the repayment model in force: none | reflow | plan | ...
    granted: int
    returned: int                      # repaid (reflows, repayments, amortisation) and interest
    shortfall: int                     # written down or left open
    carried_by: str | None             # who carries the write-down (None: nobody named, or nothing)

    @property
    def net(self) -> int:
        """The net for the fund: what comes back less what went out (≤ 0 unless interest is paid)."""
        return self.returned - self.granted

    @property
    def key(self) -> tuple:
        return (self.granted, self.returned, self.shortfall, self.carried_by)

    def to_json(self) -> dict:
        return {"model": self.model, "granted_ore": self.granted, "returned_ore": self.returned,
                "shortfall_ore": self.shortfall, "shortfall_carried_by": self.carried_by, "fund_net_ore": self.net}


def money(subject, app, verdict: str) -> Money | None:
    """The money of a grant of ``app`` under ``subject`` (None unless the verdict is accepted, or
    when the schedule cannot be made: no start date)."""
    if verdict != "accepted":
        return None
    from ..finance import cashflow
    try:
        ob = cashflow.obligations(subject.model, app, None, subject.on)
    except SirulesError:
        return None
    s = ob.planned
    returned = s.repaid_ore + s.interest_ore
    return Money(s.model, s.invested_ore, returned, s.written_down_ore + s.outstanding_ore,
                 s.written_down_by if s.written_down_ore else None)


def asked(subject) -> tuple[set, set]:
    """(fact keys, part keys) a guideline asks about."""
    g = subject.model
    return set(g.facts), set(g.parts)


def unanswered(result, elsewhere: tuple[set, set]) -> tuple[str, ...]:
    """The labels of the facts and parts that decide an incomplete ``result`` and that only its
    guideline asks (no other compared guideline does, and the application does not say); empty
    when anything else decides it too (then the verdict is a real one)."""
    if result.verdict != "incomplete":
        return ()
    facts, parts = elsewhere
    g = result.guideline
    given = set(result.data) | set(result.data.get("_parts") or ())
    labels = []
    for f in result.findings:
        if f.outcome == "pass" or f.rule.strength not in ("must", "part"):
            continue
        if f.rule.strength == "part":
            key = f.rule.part
            if key in parts or key in given:
                return ()
            labels.append(g.parts.get(key, key) if isinstance(g.parts, dict) else key)
            continue
        if f.outcome != "undecided":
            return ()
        own = [k for k in f.rule.facts if k not in facts and k not in given]
        if not own:
            return ()
        labels += [g.facts[k].label if k in g.facts else k for k in own]
    return tuple(dict.fromkeys(labels))
