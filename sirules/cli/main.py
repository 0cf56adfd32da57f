"""The command line: a thin layer over the Python API.

Exit codes: 0 everything holds, 1 an application is rejected or incomplete (or a
command found problems), 2 a file could not be read or the command was misused.
"""

from __future__ import annotations

import argparse
import importlib
import os
import sys

from ..language.diagnostics import SirulesError

# argparse asks gettext for each of its own texts, and gettext imports ``locale`` and looks for
# catalogue files on every call: every start paid about a millisecond for texts it never finds.
# argparse's texts go through these two instead (they are where a translation of them is added).
argparse._ = lambda text: text                                               # type: ignore[attr-defined]
argparse.ngettext = lambda one, many, n: one if n == 1 else many             # type: ignore[attr-defined]


class _Formatter(argparse.HelpFormatter):
    """argparse's help layout, with the terminal width read through ``os`` (argparse asks
    ``shutil``, whose import, with its compression modules, costs every start a few ms)."""

    def __init__(self, prog, indent_increment=2, max_help_position=24, width=None):
        if width is None:
            try:
                width = int(os.environ["COLUMNS"])
            except (KeyError, ValueError):
                try:
                    width = os.get_terminal_size(sys.__stdout__.fileno()).columns
                except (AttributeError, ValueError, OSError):
                    width = 80
            width -= 2
        super().__init__(prog, indent_increment, max_help_position, width)


class _Parser(argparse.ArgumentParser):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("formatter_class", _Formatter)
        super().__init__(*args, **kwargs)

    def error(self, message):                      # usage errors exit 2, no traceback
        self.print_usage(sys.stderr)
        from ..language.printable import printable
        sys.stderr.write(f"error[SIR404]: {printable(message)}\n")
        raise SystemExit(2)


def build_parser(only: str | None = None) -> argparse.ArgumentParser:
    """The argument parser; with ``only``, just that subcommand (each command's module is
    imported to register it, so a run imports only its own)."""
    p = _Parser(prog="sirules", description="Guidelines of social investment funds as checkable programs.")
    p.add_argument("--version", action="version", version=f"sirules {_version()}")
    sub = p.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser, prog="sirules")

    for name in COMMANDS if only is None else (only,):
        importlib.import_module(f"sirules.cli.{name}").register(sub)
    return p


def _version() -> str:
    from ..engine.pipeline import VERSION
    return VERSION


def _escape_unprintable() -> None:
    """A file name need not be UTF-8 (Python keeps its bytes as lone surrogates), nor fit the
    terminal's encoding: what cannot be written is written as an escape (``\\udcff``), never a crash."""
    for stream in (sys.stdout, sys.stderr):
        if getattr(stream, "errors", None) == "strict" and hasattr(stream, "reconfigure"):
            try:
                stream.reconfigure(errors="backslashreplace")
            except (AttributeError, ValueError, OSError):
                pass


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else list(argv)
    _escape_unprintable()
    first = argv[0] if argv else None
    args = build_parser(first if first in COMMANDS else None).parse_args(argv)
    if args.command is None:
        build_parser().print_help()
        return 2
    try:
        return args.run(args)
    except SirulesError as exc:
        from ..report import render
        sys.stderr.write(render.diagnostics(exc.diagnostics, render.use_colour(sys.stderr)) + "\n")
        return 2
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return 0
    except RecursionError:
        sys.stderr.write("error[SIR402]: the input is nested too deeply to handle\n")
        return 2
    except Exception as exc:                         # a bug in sirules: say so in one line, no traceback
        from ..language.printable import printable
        sys.stderr.write(f"sirules: internal error ({type(exc).__name__}: {printable(str(exc))}). This is a bug in sirules; "
                         "please report it with the command and the files that caused it.\n")
        return 3


#: subcommands, one module each in sirules/cli/ with register(sub) and run(args)
COMMANDS = ("check", "test", "obligations", "calc", "compare", "fmt", "lint", "template", "schema", "debug", "fund", "serve")


if __name__ == "__main__":
    raise SystemExit(main())
