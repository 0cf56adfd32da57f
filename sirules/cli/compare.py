"""sirules compare: guidelines side by side, two versions as a change list, applications through all."""

from __future__ import annotations

import os
import sys

from ..language.i18n import later, mark
from ..language.diagnostics import SirulesError, error
from ._util import expand

FORMATS = ("text", "markdown", "csv", "json", "html", "xlsx")


def register(sub) -> None:
    c = sub.add_parser(
        "compare", help=mark("compare guidelines side by side, or two versions as a change list"),
        description=mark("Compare guidelines concept by concept (fund, who may apply, caps, target group, parts, "
                    "rule strengths, repayment, risk, evaluation, decision route); every value cites its clause. "
                    "Two versions of one guideline (the same file at two dates, or the same body) give a change "
                    "list (added, removed, tightened, loosened); other guidelines are shown side by side. "
                    "GUIDELINE@YYYY-MM-DD means the guideline as in force on that date."),
        epilog=mark("Exit codes: 0 the comparison ran (differences are not errors), 2 a file could not be read "
                    "or an argument is wrong."))
    c.add_argument("guidelines", nargs="+", metavar="GUIDELINE[@DATE]", help=mark("guideline files (.sir)"))
    mode = c.add_mutually_exclusive_group()
    mode.add_argument("--changes", action="store_true",
                      help=mark("a change list (the default for two versions of one guideline); with more, "
                           "each one against the next"))
    mode.add_argument("--table", action="store_true", help=mark("side by side, even for two versions of one guideline"))
    mode.add_argument("--applications", nargs="+", action="extend", metavar="PATH",
                      help=mark("check these applications (files or folders) with every guideline and compare the "
                           "verdicts (put this option last)"))
    c.add_argument("--format", choices=FORMATS, default="text", help=mark("output format (default: text)"))
    c.add_argument("--output", metavar="FILE",
                   help=mark("write to FILE (atomically) instead of standard output (- is standard output)"))
    c.add_argument("--layout", choices=("auto", "table", "list"), default="auto",
                   help=mark("text side by side: table (one column per guideline, paged to the width) or list (one "
                        "line per guideline under each concept); auto picks table when it fits"))
    c.add_argument("--width", type=int, help=mark("width of text output (default: the terminal's, or 100)"))
    c.add_argument("--lang", choices=("en", "sv"),
                   help=mark("language of the report (default: the guidelines' language when they share one, else en)"))
    c.add_argument("--differences", action="store_true", help=mark("show only the concepts where the guidelines differ"))
    c.add_argument("--no-cache", action="store_true",
                   help=mark("do not read or write any cache (compiled guidelines, parser tables)"))
    c.set_defaults(run=run)


def run(args) -> int:
    from .. import compare
    from ..compare.render import document, print_rich, render
    if args.width is not None and args.width < 40:
        raise SirulesError([error("SIR404", later("--width {width} is too narrow", width=args.width),
                                  hint=later("use 40 or more"))])
    from ..language import cache
    cache.turn_off(args.no_cache)
    subjects = compare.load_subjects(args.guidelines, use_cache=not args.no_cache)
    if len(subjects) < 2:
        raise SirulesError([error("SIR404", later("compare needs at least two guidelines"),
                                  hint=later("sirules compare A.sir B.sir, or A.sir@2020-12-31 A.sir@2021-01-01"))])
    if args.applications:
        paths = expand(args.applications)
        missing = [p for p in paths if not os.path.exists(p)]
        if missing:
            raise SirulesError([error("SIR403", later("no such file: {path}", path=p)) for p in missing])
        report, data = "behaviour", compare.behaviour(subjects, paths, args.lang)
    elif args.changes or (len(subjects) == 2 and not args.table and compare.versions_of_one(*subjects)):
        comp = compare.compare(subjects, args.lang)
        report, data = "changes", [compare.changes(comp, i, i + 1) for i in range(len(subjects) - 1)]
    else:
        report, data = "structure", compare.compare(subjects, args.lang)
    if args.output == "-":                  # the usual name of standard output, not a file
        args.output = None
    width = args.width or (100 if args.output else _width())
    if args.output is None and args.format == "text" and sys.stdout.isatty() and not os.environ.get("SIRULES_PLAIN"):
        from rich.console import Console
        console = Console(width=args.width) if args.width else Console()
        lang = data[0].lang if isinstance(data, list) else data.lang
        print_rich(document(report, data, args.layout, console.width, True, args.differences), console, lang)
        return 0
    if args.format == "xlsx":
        _write_xlsx(render(report, data, "csv", width, args.layout, args.differences), report, args.output,
                    data[0].lang if isinstance(data, list) and data else getattr(data, "lang", None))
        return 0
    text = render(report, data, args.format, width, args.layout, args.differences)
    if args.output:
        write_atomically(args.output, text)
    else:
        sys.stdout.write(text)
    return 0


def _width() -> int:
    import shutil
    return max(40, shutil.get_terminal_size((100, 24)).columns)


def write_atomically(path: str, text: str) -> None:
    """Write ``text`` to ``path`` atomically (:func:`sirules.language.fileio.write_output`)."""
    from ..language.fileio import write_output
    write_output(path, text, "--output")


def _write_xlsx(csv_text: str, report: str, output, lang) -> None:
    """The comparison as a workbook: the rows of its CSV on one sheet, numbers as numbers."""
    import csv
    import io
    from ..report.xlsx_reports import compare_workbook
    from ._util import write_binary
    rows = list(csv.reader(io.StringIO(csv_text)))
    header, body = (rows[0], rows[1:]) if rows else ([], [])
    body = [[int(v) if v.isdigit() and v.isascii() and len(v) < 16 else v for v in row] for row in body]
    write_binary(compare_workbook(header, body, report, lang), output, lang)
