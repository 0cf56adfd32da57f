"""Application files (TOML, JSON, YAML) to the normalised form the checks read.

The normalised application is a plain dict: each fact the guideline reads under
its canonical key (money as int öre, durations as int months, dates as
``datetime.date``, missing facts absent), plus ``_applicant``, ``_participants``
(applicant first), ``_parts`` (the set of parts present and not empty), and the
budget as {year: öre}. Errors point at the key path and, where the format gives
one, the line; unknown keys give warnings with a "did you mean".

What an application is (``form``), reading the file (``files``), one value to its normalised form
(``values``), the normaliser of a whole application (``normalise``) and where a key is in the
text (``locate``).
"""

from __future__ import annotations

from .files import parse_text, read_file
from .form import (ALWAYS, MAX_APPLICATION_BYTES, MAX_DEPTH, MAX_LIST_ITEMS, MAX_PARTICIPANTS, MAX_SAVINGS_ROWS,
                   MAX_TEXT, MAX_VALUES, MAX_YAML_ALIASES, MAX_YEARS, STRUCTURAL, Application)
from .locate import Locator
from .normalise import Normaliser
from .values import BadValue, read_money

__all__ = ["ALWAYS", "MAX_APPLICATION_BYTES", "MAX_DEPTH", "MAX_LIST_ITEMS", "MAX_PARTICIPANTS",
           "MAX_SAVINGS_ROWS", "MAX_TEXT", "MAX_VALUES", "MAX_YAML_ALIASES", "MAX_YEARS", "STRUCTURAL",
           "Application", "Normaliser", "parse_text", "read_file", "BadValue", "Locator", "read_money"]
