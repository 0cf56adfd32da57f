"""Helpers shared by the commands."""

from __future__ import annotations

import datetime
import os

from ..language.i18n import later
from ..language.diagnostics import SirulesError, error

APP_SUFFIXES = (".toml", ".json", ".yaml", ".yml", ".xlsx")


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


def write_binary(data: bytes, output: str | None, lang: str | None = None) -> None:
    """A binary output (a workbook) to the file ``--output`` names, or to standard output when that
    is not a terminal (SIR433 when it is: the bytes would only garble it)."""
    import sys
    from ..language.i18n import tr
    if output and output != "-":
        from ..language.fileio import write_output
        write_output(output, data, "--output")
        return
    binary = getattr(sys.stdout, "buffer", None)
    if binary is None or sys.stdout.isatty():
        raise SirulesError([error("SIR433", tr("an Excel workbook is written to a file or a pipe, not to a terminal",
                                               lang),
                                  hint=tr("name a file with --output FILE.xlsx, or send the output to a file "
                                          "or a pipe", lang))])
    sys.stdout.flush()
    binary.write(data)
    binary.flush()


def write_text(text: str, output: str | None) -> None:
    """A text report to the file ``--output`` names (atomically), or to standard output."""
    import sys
    if output and output != "-":
        from ..language.fileio import write_output
        write_output(output, text, "--output")
    else:
        sys.stdout.write(text)
