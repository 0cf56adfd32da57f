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
from .i18n import later

# The defaults, one set for every way in: an application file, a line or row of ``--batch`` (whose
# generated fast path has these numbers built in and hands anything bigger to the full loader), and
# the Python API. tests/test_limits.py lists them with their variables; docs/cli.md too.
APPLICATION_BYTES = 5_000_000   # an application file (bytes; characters for a text), and one batch line
PARTICIPANTS = 1_000
YEARS = 100                     # years in a yearly table
TEXT = 200_000                  # characters in one text (title, part, text fact)
APPLICATION_DEPTH = 20
APPLICATION_VALUES = 100_000    # values in one application, YAML aliases expanded
YAML_ALIASES = 100
YAML_BYTES = 300_000            # a YAML application (characters): PyYAML is slow, TOML and JSON are not
YAML_NODES = 10_000             # lines and list items of a YAML application (each a value PyYAML builds)
SAVINGS_ROWS = YEARS * 20
LIST_ITEMS = 1_000              # words in a list of words (target_group, tags facts)
TERMS = 500                     # conditions joined by and/or in one expression of a guideline
EXACT_DIGITS = 100              # digits of a constant computed in a guideline (numerator or denominator)
REGISTER_EXPORT_BYTES = 1_000_000_000   # a register's export read by `sirules fund import` (bytes)


def get(name: str, default: int) -> int:
    """The limit ``name`` (the part after ``SIRULES_MAX_``): ``default`` unless the variable raises it."""
    raw = os.environ.get(f"SIRULES_MAX_{name}")
    if raw is None or not raw.strip():
        return default
    try:
        value = int(raw.strip().replace("_", ""))
    except ValueError:
        raise SirulesError([error("SIR404", later("SIRULES_MAX_{name}={raw} is not a whole number", name=name, raw=repr(raw)),
                                  hint=later("set it to a number larger than the default {default}, or unset it",
                                             default=default))]) from None
    return max(default, value)


def hint(name: str) -> str:
    """How to raise limit ``name``, for the hint of its error (the message names the limit in force)."""
    return later("raise the limit by setting SIRULES_MAX_{name}", name=name)
