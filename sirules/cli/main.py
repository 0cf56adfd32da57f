"""The command line: a thin layer over the Python API.

Exit codes: 0 everything holds, 1 an application is rejected or incomplete (or a
command found problems), 2 a file could not be read or the command was misused.
"""

from __future__ import annotations

import argparse
import importlib
import os
import sys

from ..language import i18n
from ..language.diagnostics import SirulesError

# argparse asks gettext for each of its own texts ("usage:"), and gettext imports ``locale`` and
# looks for catalogue files on every call: every start paid about a millisecond for it. argparse's
# texts go through our catalogue instead (marked in cli/argparse_words.py), in the help's language.
argparse._ = lambda text: i18n.tr(text, _HELP_LANG)                                          # type: ignore[attr-defined]
argparse.ngettext = lambda one, many, n: i18n.tr(one if n == 1 else many, _HELP_LANG)       # type: ignore[attr-defined]


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

    def _get_help_string(self, action):             # the help texts are msgids (marked where written)
        return i18n.tr(action.help, _HELP_LANG) if action.help else action.help

    def add_text(self, text):
        super().add_text(i18n.tr(text, _HELP_LANG) if text and text is not argparse.SUPPRESS else text)


#: the language of --help and of usage errors: the locale's (set by build_parser)
_HELP_LANG = "en"


class _Parser(argparse.ArgumentParser):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("formatter_class", _Formatter)
        super().__init__(*args, **kwargs)

    def error(self, message):                      # usage errors exit 2, no traceback
        self.print_usage(sys.stderr)
        from ..language.printable import printable
        sys.stderr.write(f"{i18n.tr('error', _HELP_LANG)}[SIR404]: {printable(message)}\n")
        raise SystemExit(2)


def build_parser(only: str | None = None) -> argparse.ArgumentParser:
    """The argument parser; with ``only``, just that subcommand (each command's module is
    imported to register it, so a run imports only its own)."""
    global _HELP_LANG
    _HELP_LANG = i18n.locale_lang()
    p = _Parser(prog="sirules", description=i18n.mark("Guidelines of social investment funds as checkable programs."))
    p.add_argument("--version", action="version", version=f"sirules {_version()}",
                   help=i18n.mark("show the version and exit"))
    sub = p.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser, prog="sirules")

    for name in COMMANDS if only is None else (only,):
        importlib.import_module(f"sirules.cli.{name}").register(sub)
    for parser in _parsers(sub):
        if "--lang" not in parser._option_string_actions:
            parser.add_argument("--lang", choices=("sv", "en"), help=i18n.mark(
                "language of the texts shown (default: the guideline's language, else the locale's)"))
    return p


def _parsers(sub):
    """Every subcommand's parser, and theirs (``fund status``)."""
    for parser in sub.choices.values():
        yield parser
        for action in parser._actions:
            if isinstance(action, argparse._SubParsersAction):
                yield from _parsers(action)


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
    i18n.force(None)
    i18n._seen = None
    args = build_parser(first if first in COMMANDS else None).parse_args(argv)
    if args.command is None:
        build_parser().print_help()
        return 2
    i18n.force(getattr(args, "lang", None))
    try:
        return args.run(args)
    except SirulesError as exc:
        from ..report import render
        sys.stderr.write(render.diagnostics(exc.diagnostics, render.use_colour(sys.stderr), i18n.current()) + "\n")
        return 2
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return 0
    except RecursionError:
        sys.stderr.write(i18n.tr("error", i18n.current()) + "[SIR402]: "
                         + i18n.tr("the input is nested too deeply to handle", i18n.current()) + "\n")
        return 2
    except Exception as exc:                         # a bug in sirules: say so in one line, no traceback
        from ..language.printable import printable
        sys.stderr.write(i18n.tr("sirules: internal error ({error}). This is a bug in sirules; please report it "
                                 "with the command and the files that caused it.", i18n.current(),
                                 error=f"{type(exc).__name__}: {printable(str(exc))}") + "\n")
        return 3
    finally:                                         # --lang is this command's: the Python API after it is not forced
        i18n.force(None)
        i18n._seen = None


#: subcommands, one module each in sirules/cli/ with register(sub) and run(args)
COMMANDS = ("check", "test", "obligations", "calc", "compare", "fmt", "lint", "template", "schema", "debug", "fund", "serve")


if __name__ == "__main__":
    raise SystemExit(main())
