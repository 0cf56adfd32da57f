"""The register's history an example gives ``sirules test`` (#18 point 3): ``[expect.history]``.

An example whose guideline reads the register says what the register held when it was checked::

    [expect]
    verdict = "accepted"
    [expect.history]
    balance = [["2013-05-27", "10 mnkr"]]     # money into the fund (+) or out of it (-), by date
    [[expect.history.grants]]                  # earlier grants
    date = "2017-09-01"
    project = "läxhjälp"                       # the project key (optional)
    amount = "2 mnkr"
    pot = "folkhälsa"                          # optional
    high_risk = false                          # optional

Amounts are written as in the language (``"2 mnkr"``) or as kronor (an integer); dates as
``YYYY-MM-DD``. Without ``[expect.history]`` the example is checked as ``sirules check`` checks
it without a register: the rules that read the register are undecided.
"""

from __future__ import annotations

import datetime

from ..language.diagnostics import SirulesError, error
from ..language.i18n import later


def history_of(expect: dict, path: str):
    """The History of an ``[expect]`` table, or None when it gives none."""
    doc = expect.get("history")
    if doc is None:
        return None
    from ..engine.history import History
    if not isinstance(doc, dict) or set(doc) - {"balance", "grants"}:
        raise _bad(path, later("[expect.history] has the keys balance and grants"))
    try:
        balance = [(_day(d), _money(v)) for d, v in doc.get("balance", [])]
        grants = [{"date": _day(g["date"]), "project": g.get("project"), "amount": _money(g["amount"]),
                   "pot": g.get("pot"), "high_risk": bool(g.get("high_risk", False))}
                  for g in doc.get("grants", [])]
    except (KeyError, TypeError, ValueError, SirulesError) as exc:
        raise _bad(path, later("[expect.history] cannot be read: {why}", why=str(exc))) from None
    return History(grants, sorted(balance))


def _day(v) -> datetime.date:
    return v if isinstance(v, datetime.date) else datetime.date.fromisoformat(str(v))


def _money(v) -> int:
    if isinstance(v, bool):
        raise ValueError(later("an amount, not yes/no"))
    if isinstance(v, int):
        return v * 100
    from ..language.money import parse_money
    return parse_money(str(v))


def _bad(path: str, what: str) -> SirulesError:
    return SirulesError([error("SIR302", later("{path}: {what}", path=path, what=what),
                               hint=later('e.g. [expect.history] balance = [["2013-05-27", "10 mnkr"]]'))])
