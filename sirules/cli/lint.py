"""sirules lint: warnings about guidelines that load but probably do not say what was meant."""

from __future__ import annotations

import re
import sys

from ..language.i18n import current, later, mark, seen, tr
from ..language.diagnostics import SirulesError, error
from ._util import guideline_files


def register(sub) -> None:
    c = sub.add_parser("lint", help=mark("warn about likely mistakes in guideline files"),
                       description=mark("Warn about likely mistakes in guidelines that load: rules that can never "
                                   "pass or never fail, unused constants, should-rules that repeat must-rules, "
                                   "sections without rules, missing validity dates, repayment without a risk "
                                   "bearer, parts without a description, overlapping versions, and Swedish and "
                                   "English keywords mixed. Exit 0 when clean, 1 when there are warnings, 2 when "
                                   "a file cannot be read. A comment `# lint: ignore SIR505` on the line of a "
                                   "warning, or on the line above it, silences it."))
    c.add_argument("files", nargs="+", help=mark("guideline files (.sir) or folders of them"))
    c.add_argument("--format", choices=("text", "json"), default="text", help=mark("output format (default: text)"))
    c.add_argument("--ignore", metavar="CODES", default="",
                   help=mark("codes to leave out, separated by commas (e.g. SIR505,SIR506)"))
    c.set_defaults(run=run)


def _codes(text: str) -> frozenset:
    from ..language.diagnostics import CODES
    codes = frozenset(c.strip().upper() for c in re.split(r"[,\s]+", text) if c.strip())
    unknown = sorted(c for c in codes if c not in CODES or not c.startswith("SIR5"))
    if unknown:
        raise SirulesError([error("SIR404", later("--ignore {codes}: not a lint code", codes=", ".join(unknown)),
                                  hint=later("lint codes are SIR501 to {last}", last=max(c for c in CODES if c.startswith("SIR5"))))])
    return codes


def run(args) -> int:
    from ..authoring import lint
    from ..report import render
    ignore = _codes(args.ignore)
    found, failed, unread = [], [], 0
    files = guideline_files(args.files)
    for path in files:
        try:
            subject = lint.read(path)
            seen(subject.nodes.lang)             # the texts follow the (first) guideline's language
            found.extend(lint.lint(subject, ignore))
        except SirulesError as exc:
            failed.extend(exc.diagnostics)
            unread += 1
    if args.format == "json":
        sys.stdout.write(render.to_json([_json(d) for d in failed + found]) + "\n")
    else:
        if found:
            sys.stdout.write(render.diagnostics(found, render.use_colour(sys.stdout), current()) + "\n")
        if failed:
            sys.stderr.write(render.diagnostics(failed, render.use_colour(sys.stderr), current()) + "\n")
        sys.stderr.write(_summary(len(files), found, unread) + "\n")
    if failed:
        return 2
    return 1 if found else 0


def _summary(files: int, found, unread: int) -> str:
    n = len(found)
    lang = current()
    warned = len({d.span.file for d in found if d.span})
    text = (tr("{n} warnings in {warned} of {files}", lang, n=n, warned=warned, files=_files_word(files)) if n > 1
            else tr("1 warning in {warned} of {files}", lang, warned=warned, files=_files_word(files)) if n
            else tr("no warnings in {files}", lang, files=_files_word(files)))
    if unread:
        text += "; " + tr("{files} could not be read", lang, files=_files_word(unread))
    return text


def _files_word(k: int) -> str:
    return tr("1 file", current()) if k == 1 else tr("{k} files", current(), k=k)


def _json(d) -> dict:
    sp = d.span
    return {"file": sp.file if sp else None, "line": sp.line if sp else None, "column": sp.column if sp else None,
            "end_line": sp.end_line if sp else None, "end_column": sp.end_column if sp else None,
            "code": d.code, "severity": d.severity.value, "message": d.words(current())[0], "hint": d.words(current())[1],
            "section": d.section,
            "related": [{"label": label, "file": r.file, "line": r.line, "column": r.column} for label, r in d.related]}
