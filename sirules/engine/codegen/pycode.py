"""Small pieces of the generated Python: tests for None, guards, multipliers and constant literals.

Shared by the emitters of :mod:`sirules.engine.codegen`. ``_NONNULL`` holds the temporaries the
generator knows are never None; :meth:`~sirules.engine.codegen.generator._Gen.module` clears it
for each guideline.
"""

from __future__ import annotations

import re
from fractions import Fraction

_NULLABLE = re.compile(r"^(t|f_)\d+$")
_NONNULL: set = set()          # temporaries the generator knows are never None (see _Gen.nonnull)


def _unknown(*codes: str) -> str:
    """Python test that any of ``codes`` is None (literals, constants and known values never are)."""
    tests = [f"{c} is None" for c in codes if _NULLABLE.match(c) and c not in _NONNULL]
    return " or ".join(tests) or "False"


def _guard(*codes: str, then: str) -> str:
    test = _unknown(*codes)
    return then if test == "False" else f"None if ({test}) else {then}"


def _mul(k: int) -> str:
    return "" if k == 1 else f" * {k}"


class _Code(str):
    """Python source written as it is by :func:`_literal`."""


def _literal(value) -> str:
    import datetime
    if isinstance(value, _Code):
        return str(value)
    if isinstance(value, frozenset):
        return "frozenset(" + repr(sorted(value)) + ")"
    if isinstance(value, Fraction):
        return f"Fraction({value.numerator}, {value.denominator})"
    if isinstance(value, datetime.date):
        return f"datetime.date({value.year}, {value.month}, {value.day})"
    return repr(value)
