"""Limits on the size of inputs, each raisable with an environment variable.

``get("PARTICIPANTS", 1000)`` is the limit in force: the default, or the value of
``SIRULES_MAX_PARTICIPANTS`` when that is larger. The variable is read every time
a limit is checked, so a long-running process sees a change. Limits can be raised
but not lowered: the generated fast path of the checks has the defaults built in
and hands anything bigger to the full loader, which must never be stricter.
"""

from __future__ import annotations

import os

from .diagnostics import SirulesError, error


def get(name: str, default: int) -> int:
    """The limit ``name`` (the part after ``SIRULES_MAX_``): ``default`` unless the variable raises it."""
    raw = os.environ.get(f"SIRULES_MAX_{name}")
    if raw is None or not raw.strip():
        return default
    try:
        value = int(raw.strip().replace("_", ""))
    except ValueError:
        raise SirulesError([error("SIR404", f"SIRULES_MAX_{name}={raw!r} is not a whole number",
                                  hint=f"set it to a number larger than the default {default}, or unset it")]) from None
    return max(default, value)


def hint(name: str) -> str:
    """How to raise limit ``name``, for the hint of its error (the message names the limit in force)."""
    return f"raise the limit by setting SIRULES_MAX_{name}"
