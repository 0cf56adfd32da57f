"""sirules fmt: one canonical layout for guideline files."""

from __future__ import annotations

import difflib
import sys

from ..language.i18n import current, mark, seen, tr
from ..language.diagnostics import SirulesError
from ._util import guideline_files


def register(sub) -> None:
    f = sub.add_parser("fmt", help=mark("format guideline files in the canonical layout"),
                       description=mark("Format guideline files in place, keeping every comment and every piece of "
                                   "original wording. A file that does not parse is left untouched."))
    f.add_argument("files", nargs="+", help=mark("guideline files (.sir) or folders of them"))
    f.add_argument("--check", action="store_true", help=mark("change nothing; exit 1 and show the diff if a file "
                                                       "is not formatted"))
    f.add_argument("--diff", action="store_true", help=mark("change nothing; print the diff"))
    f.add_argument("--lang", choices=("sv", "en"), help=mark("translate keywords and standard names to Swedish or English"))
    f.set_defaults(run=run)


def format_text(text: str, path: str, lang: str | None = None) -> str:
    from ..authoring import formatter
    from ..engine import pipeline
    from ..language.source import SourceFile
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return formatter.format_guideline(pipeline.parse(SourceFile(path, text)), lang, text)


def run(args) -> int:
    from ..engine import pipeline
    from ..language import syntax
    from ..report import render
    from ..language.fileio import write_output
    from ..language.printable import printable
    changed, failed = [], []
    for path in guideline_files(args.files):
        try:
            data = pipeline.read_guideline_bytes(path)        # read once: a pipe cannot be read twice
            source = pipeline.decode_source(data, path)
            seen(syntax.detect_language(source.text))         # the texts follow the (first) guideline's
            new = format_text(source.text, path, args.lang)
            old = data.decode("utf-8-sig")
            if new == old:
                continue
            changed.append(path)
            if args.check or args.diff:
                sys.stdout.writelines(printable(line, keep="\n") for line in difflib.unified_diff(
                    old.splitlines(True), new.splitlines(True), f"{path} (now)", f"{path} (formatted)"))
            else:
                write_output(path, new, "")
                sys.stderr.write(tr("formatted {path}", current(), path=printable(path)) + "\n")
        except SirulesError as exc:
            sys.stderr.write(render.diagnostics(exc.diagnostics, render.use_colour(sys.stderr), current()) + "\n")
            failed.append(path)
    if failed:
        return 2
    if args.check and changed:
        sys.stderr.write(tr("{n} file(s) would be reformatted", current(), n=len(changed)) + "\n")
        return 1
    return 0
