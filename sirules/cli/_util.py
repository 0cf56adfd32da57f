"""Helpers shared by the commands."""

from __future__ import annotations

import datetime
import os

from ..language.i18n import later
from ..language.diagnostics import SirulesError, error

APP_SUFFIXES = (".toml", ".json", ".yaml", ".yml")


def parse_date(text: str | None) -> datetime.date | None:
    if text is None:
        return None
    from ..engine.application.values import BadValue, strict_date
    try:
        return strict_date(text)
    except BadValue:
        raise SirulesError([error("SIR404", later("--date {text} is not a date", text=repr(text)),
                                  hint=later("write YYYY-MM-DD"))]) from None


def expand(paths: list[str]) -> list[str]:
    out = []
    for p in paths:
        if os.path.isdir(p):
            found = sorted(os.path.join(p, f) for f in os.listdir(p) if f.lower().endswith(APP_SUFFIXES))
            if not found:
                raise SirulesError([error("SIR403", later("no application files (.toml, .json, .yaml) in {path}", path=p))])
            out.extend(found)
        else:
            out.append(p)
    return out




def guideline_files(paths: list[str]) -> list[str]:
    """Guideline files, with each folder expanded to the .sir files in it."""
    out = []
    for p in paths:
        if os.path.isdir(p):
            found = sorted(os.path.join(p, f) for f in os.listdir(p) if f.endswith(".sir"))
            if not found:
                raise SirulesError([error("SIR403", later("no guideline files (.sir) in {path}", path=p))])
            out.extend(found)
        else:
            out.append(p)
    return out
