"""Sphinx extension for the sirules documentation: pages generated from the code.

At ``builder-inited`` it writes Markdown that the hand-written pages include or list:

- ``_generated/diagnostics.md``: every code of :data:`sirules.language.diagnostics.CODES` with its title,
  the bad input of ``tests/diagnostics/<CODE>-*`` and the rendered message of its ``.expected``
  golden file;
- ``_generated/cli.md``: every command of :func:`sirules.cli.main.build_parser` with its usage,
  description and options;
- ``gallery/<stem>.md``: one page per ``guidelines/<stem>.sir`` with a summary of its structure,
  its example applications (checked now, with the verdicts they get) and the highlighted source;
  ``_generated/gallery-table.md`` lists them.

A file is only rewritten when its text changes, so an unchanged page is not rebuilt. The folders
``_generated/`` and ``gallery/`` are build products (see ``docs/.gitignore``): edit this module,
not them.

It also registers the ``sirules`` Pygments lexer (``sirlexer.py``) and a directive that runs a
sirules command while the page is built and shows its real output::

    ```{sirules-run} sirules check guidelines/ale.sir examples/ale/rejected-single-sector.toml
    :exit: 1
    ```

``:exit:`` is the exit code the command must return (default 0): any other code is a build
warning, so a page that describes an outcome cannot silently drift from what sirules does.
``:file: NAME`` writes the directive's content to a temporary file called NAME first (shown above
the command), for commands on a draft that is not in the repository. ``:head: N`` shows the first
N lines of the output only, ``:tail: N`` the last N, ``:after: TEXT`` the lines from the first
that starts with TEXT (leading spaces ignored). Pages with this directive are re-read on
every build.

The toctree of ``index.md`` lists pages that other work is still writing (``OPTIONAL_PAGES``:
``comparing``); they are left out of it until their file exists.
"""

from __future__ import annotations

import argparse
import contextlib
import glob
import io
import os
import shlex
import shutil
import sys
import tempfile
import traceback
from pathlib import Path

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx.directives.code import container_wrapper
from sphinx.util import logging
from sphinx.util.docutils import SphinxDirective

HERE = Path(__file__).resolve().parent
DOCS = HERE.parent
ROOT = DOCS.parent
GENERATED = DOCS / "_generated"
GALLERY = DOCS / "gallery"

logger = logging.getLogger(__name__)

RANGES = {"0": "Syntax", "1": "Names", "2": "Meaning: types, ranges, dates",
          "3": "Application files", "4": "Limits and usage", "5": "Lint warnings"}
STRENGTHS = (("must", "must (ska)"), ("should", "should (bör)"), ("priority", "priority (prioriteras)"),
             ("part", "required parts"), ("supplied", "parts supplied by others"))
EXT_LANG = {".sir": "sirules", ".toml": "toml", ".json": "json", ".yaml": "yaml", ".yml": "yaml"}
COMMENT = {"sirules": "#", "toml": "#", "yaml": "#"}
MAX_EXAMPLE_LINES = 15


# ---- helpers ----------------------------------------------------------------------------

def write_if_changed(path: Path, text: str) -> bool:
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        if path.read_text(encoding="utf-8") == text:
            return False
    except OSError:
        pass
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    tmp.write_text(text, encoding="utf-8")
    os.replace(tmp, path)               # atomic: a concurrent build sees the old text or the new
    return True


def rel(path) -> str:
    return os.path.relpath(path, ROOT).replace(os.sep, "/")


def md_escape(text: str) -> str:
    """Text for a Markdown paragraph or table cell, shown literally."""
    out = []
    for ch in str(text):
        if ch in "\\`*_[]{}<>|#$~":
            out.append("\\" + ch)
        elif ch == "\n":
            out.append(" ")
        else:
            out.append(ch)
    return "".join(out)


def code(text: str) -> str:
    """An inline code span (also inside a table cell)."""
    text = str(text).replace("|", "\\|")
    fence = "``" if "`" in text else "`"
    return f"{fence}{text}{fence}"


def fenced(body: str, lang: str = "text") -> str:
    return f"````{lang}\n{body.rstrip()}\n````\n"


def lexes_cleanly(text: str, lang: str) -> bool:
    """True when Pygments highlights ``text`` as ``lang`` without an error token."""
    from pygments.lexers import get_lexer_by_name
    from pygments.token import Error
    if lang == "sirules":
        return True
    try:
        lexer = get_lexer_by_name(lang)
    except Exception:
        return False
    return not any(tok is Error for tok, _ in lexer.get_tokens(text))


@contextlib.contextmanager
def in_root():
    cwd = os.getcwd()
    os.chdir(ROOT)
    try:
        yield
    finally:
        os.chdir(cwd)


@contextlib.contextmanager
def environ(**values):
    old = {k: os.environ.get(k) for k in values}
    os.environ.update(values)
    try:
        yield
    finally:
        for k, v in old.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v


# ---- the diagnostics catalogue ----------------------------------------------------------------

def diagnostics_md() -> str:
    from sirules.language.diagnostics import CODES
    here = ROOT / "tests" / "diagnostics"
    out = ["<!-- generated by docs/_ext/sirules_docs.py from sirules.language.diagnostics.CODES and "
           "tests/diagnostics/: do not edit -->", ""]
    current = None
    for code_, title in CODES.items():
        group = code_[3]
        if group != current:
            current = group
            out += [f"## SIR{group}xx: {RANGES.get(group, 'Other')}", ""]
        out += [f"({code_})=", f"### {code_}: {md_escape(title)}", ""]
        cases = sorted(p for p in glob.glob(str(here / f"{code_}-*")) if not p.endswith(".expected"))
        if not cases:
            out += ["No example yet.", ""]
        for path in cases:
            out += _diagnostic_case(Path(path))
    return "\n".join(out).rstrip() + "\n"


def _diagnostic_case(path: Path) -> list[str]:
    expected = path.with_suffix(".expected")
    out = []
    if path.suffix == ".cmd":
        out.append(f"A command ({code(rel(path))}):")
        out.append("")
    else:
        lang = EXT_LANG.get(path.suffix, "text")
        data = path.read_bytes()
        try:
            text = data.decode("utf-8")
            note = ""
        except UnicodeDecodeError:
            text = data.decode("utf-8", errors="backslashreplace")
            note = " (not UTF-8: the bad bytes are shown as `\\x..`)"
        lines = text.splitlines()
        if len(lines) > MAX_EXAMPLE_LINES:
            rest = len(lines) - MAX_EXAMPLE_LINES
            mark = COMMENT.get(lang)
            lines = lines[:MAX_EXAMPLE_LINES] + [f"{mark} … {rest} more lines" if mark else f"… {rest} more lines"]
            text = "\n".join(lines)
        if not lexes_cleanly(text, lang):
            lang = "text"
        what = "A guideline" if path.suffix == ".sir" else \
            "An application, checked against `tests/diagnostics/_guideline.sir`"
        out += [f"{what} ({code(rel(path))}){note}:", "", fenced(text, lang)]
        out.append("gives:")
        out.append("")
    if expected.exists():
        out.append(fenced(expected.read_text(encoding="utf-8"), "text"))
    else:
        out += ["(no golden output yet)", ""]
    return out


# ---- the command line --------------------------------------------------------------------------

def cli_md() -> str:
    from sirules.cli.main import build_parser
    with environ(COLUMNS="100"):
        parser = build_parser()
        out = ["<!-- generated by docs/_ext/sirules_docs.py from sirules.cli.main.build_parser(): "
               "do not edit -->", ""]
        out += _command_md(parser, "sirules", level=2)
        out += _subcommands_md(parser, "sirules", level=2)
    return "\n".join(out).rstrip() + "\n"


def _subcommands_md(parser: argparse.ArgumentParser, name: str, level: int) -> list[str]:
    """The sections of a parser's subcommands, and of theirs (``sirules fund decide``) one level down."""
    out = []
    sub = next((a for a in parser._actions if isinstance(a, argparse._SubParsersAction)), None)
    if sub is not None:
        helps = {a.dest: a.help for a in sub._choices_actions}
        for child, p in sub.choices.items():
            out += _command_md(p, f"{name} {child}", level=level, summary=helps.get(child))
            out += _subcommands_md(p, f"{name} {child}", level + 1)
    return out


def _command_md(parser: argparse.ArgumentParser, name: str, level: int, summary: str | None = None) -> list[str]:
    anchor = "cli-" + name.replace(" ", "-")
    out = [f"({anchor})=", f"{'#' * level} `{name}`", ""]
    description = parser.description or ""
    if summary and not description.lower().startswith(summary.lower()):
        out += [md_escape(summary[:1].upper() + summary[1:]) + ".", ""]
    out.append(fenced(parser.format_usage().strip(), "text"))
    if description:
        out += [md_escape(description), ""]
    formatter = parser._get_formatter()
    rows, commands = [], []
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            commands += [(choice.dest, choice.help or "") for choice in action._choices_actions]
            continue
        invocation = formatter._format_action_invocation(action)
        text = formatter._expand_help(action) if action.help else ""
        extra = []
        if action.option_strings and action.default not in (None, False, argparse.SUPPRESS) \
                and "default" not in (action.help or ""):
            extra.append(f"default {code(action.default)}")
        if not action.option_strings:
            if action.nargs in ("*", "?"):
                extra.append("optional")
            if action.nargs in ("*", "+"):
                extra.append("repeatable")
        help_text = md_escape(text)
        if extra:
            help_text = (help_text + " " if help_text else "") + "(" + "; ".join(extra) + ")"
        rows.append((code(invocation), help_text))
    if rows:
        out += ["| argument or option | meaning |", "|---|---|"]
        out += [f"| {a} | {b} |" for a, b in rows]
        out.append("")
    if commands:
        out += ["| command | what it does |", "|---|---|"]
        out += [f"| {{ref}}`{name} {sub} <cli-{(name + ' ' + sub).replace(' ', '-')}>` | {md_escape(text)} |"
                for sub, text in commands]
        out.append("")
    if parser.epilog:
        out += [md_escape(parser.epilog), ""]
    return out


# ---- the gallery -------------------------------------------------------------------------------

def gallery(app) -> None:
    from sirules.language.diagnostics import SirulesError
    stems = []
    rows = []
    for path in sorted((ROOT / "guidelines").glob("*.sir")):
        stem = path.stem
        stems.append(stem)
        try:
            page, row = _guideline_page(path)
        except SirulesError as exc:
            from sirules.report import render
            with in_root():
                shown = render.diagnostics(exc.diagnostics)
            logger.warning("guidelines/%s.sir does not load, its gallery page shows the diagnostics:\n%s",
                           stem, shown, location=rel(path))
            page = (f"# {stem}.sir\n\nThis guideline does not load:\n\n" + fenced(shown) + "\n"
                    + f"```{{literalinclude}} ../../guidelines/{stem}.sir\n:language: sirules\n:linenos:\n```\n")
            row = f"| {{doc}}`{stem}.sir </gallery/{stem}>` | (does not load) | | |"
        write_if_changed(GALLERY / f"{stem}.md", page)
        rows.append(row)
    for old in GALLERY.glob("*.md"):           # a guideline that was removed or renamed
        if old.stem not in stems:
            old.unlink()
    table = ["<!-- generated by docs/_ext/sirules_docs.py from guidelines/*.sir: do not edit -->", "",
             "| guideline | body and title | rules | example verdicts |", "|---|---|---|---|", *rows, ""]
    write_if_changed(GENERATED / "gallery-table.md", "\n".join(table))


def _span(start, end) -> str:
    return " ".join(x for x in (f"from {start}" if start else "", f"to {end}" if end else "") if x)


def _fmt_setting(block: str, key: str, values, lang: str) -> str:
    from sirules.engine import explain
    from sirules.language import vocabulary as voc
    term = voc.SETTINGS.get(block, {}).get(key)
    base = term.type.rstrip("*") if term else "text"
    shown = []
    for v in values:
        if base in ("money", "percent", "duration", "date", "bool", "number"):
            shown.append(explain.fmt(v, base, lang))
        elif base == "choice":
            shown.append(f"{v} ({voc.CHOICE_SV.get(v, v)})" if voc.CHOICE_SV.get(v, v) != v else str(v))
        else:
            shown.append(str(v))
    return ", ".join(shown)


def _setting_name(block: str, key: str, lang: str) -> str:
    from sirules.language import vocabulary as voc
    term = voc.SETTINGS.get(block, {}).get(key)
    if term is None:
        return key
    return f"{term.key} / {term.sv}" if term.key != term.sv else term.key


def _guideline_page(path: Path) -> tuple[str, str]:
    import sirules
    from sirules.language import nodes as n
    from sirules.engine import pipeline
    from sirules.language.keywords import KEYWORDS

    stem = path.stem
    relpath = rel(path)
    with in_root():
        g = sirules.load(relpath, use_cache=False)
        syntax = pipeline.parse(pipeline.read_source(relpath))
    m = g.model
    ident = m.identity
    body = ident.get("body") or stem
    lang_word = "Swedish" if m.lang == "sv" else "English"
    counts = {s: sum(1 for r in m.rules if r.strength == s) for s, _ in STRENGTHS}

    out = [f"<!-- generated by docs/_ext/sirules_docs.py from {relpath}: do not edit -->", "",
           f"(gallery-{stem})=", f"# {stem}.sir: {md_escape(body)}", "",
           f"*{md_escape(m.title)}*", ""]
    if ident.get("note"):
        out += ["```{note}", md_escape(ident["note"]), "```", ""]

    # summary
    out += ["## Summary", "", "| property | value |", "|---|---|", f"| file | {code(relpath)} ({lang_word} keywords) |",
            f"| title | {md_escape(m.title)} |"]
    labels = {"body": "body", "adopted_by": "adopted by", "adopted": "adopted", "reference": "reference",
              "source": "source"}
    for key, label in labels.items():
        if ident.get(key) is not None:
            out.append(f"| {label} | {md_escape(_fmt_setting('head', key, [ident[key]], m.lang))} |")
    if m.valid_from or m.valid_to:
        out.append(f"| in force | {_span(m.valid_from, m.valid_to)} |")
    for b in m.blocks_of("fund"):
        fund = "; ".join(f"{_setting_name('fund', s.key, m.lang).split(' / ')[0]} "
                         f"{md_escape(_fmt_setting('fund', s.key, s.values, m.lang))}" for s in b.settings)
        if b.valid_from or b.valid_to:
            fund += " (in force " + _span(b.valid_from, b.valid_to) + ")"
        out.append(f"| fund | {fund} |")
    rule_counts = ", ".join(f"{counts[s]} {label}" for s, label in STRENGTHS if counts[s])
    out.append(f"| rules | {rule_counts or 'none'} |")
    out.append(f"| sections | {len(m.sections)} |")
    out.append("")

    # sections and rules
    if m.sections or m.rules:
        out += ["## Sections and rules", "",
                "Every finding cites the section its rule stands in.", "",
                "| clause | rule | strength | line | what it says |", "|---|---|---|---|---|"]
        by_section: dict = {}
        for r in m.rules:
            by_section.setdefault(r.origin.section, []).append(r)
        order = [None] + [s.number for s in m.sections]
        heading = {s.number: s.heading for s in m.sections}
        for number in order:
            rules = by_section.get(number, [])
            clause = (f"§ {number} {heading.get(number) or ''}".strip() if number else "(before the first section)")
            if not rules:
                if number is not None:
                    out.append(f"| {md_escape(clause)} | | | | |")
                continue
            for i, r in enumerate(rules):
                weight = f" (weight {r.weight})" if r.strength == "priority" else ""
                valid = f" [in force {_span(r.valid_from, r.valid_to)}]" if r.valid_from or r.valid_to else ""
                label = r.label or ""
                if r.strength == "supplied":
                    label = f"{m.parts.get(r.part, r.part)}, supplied by {r.label}"
                if r.strength == "part" and r.expr is not None:
                    label += f" (if {r.expr.text})"
                out.append(f"| {md_escape(clause) if i == 0 else ''} | {code(r.id)} | {r.strength}{weight} | "
                           f"{r.origin.line} | {md_escape(label + valid)} |")
        out.append("")

    # parts
    optional = [name for item in syntax.items if isinstance(item, n.Parts)
                for line in item.lines if line.mode == "optional" for name in line.names]
    required = [r for r in m.rules if r.strength == "part"]
    supplied = [r for r in m.rules if r.strength == "supplied"]
    if required or supplied or optional:
        out += ["## Application parts", ""]
        for r in required:
            cond = f" (only if {code(r.expr.text)})" if r.expr is not None else ""
            out.append(f"- required: {code(r.part)}, {md_escape(m.parts.get(r.part, r.part))}{cond}")
        for name in optional:
            out.append(f"- optional: {code(name)}")
        for r in supplied:
            out.append(f"- supplied by {md_escape(r.label)}: {code(r.part)}, {md_escape(m.parts.get(r.part, r.part))}")
        out.append("")

    # other blocks
    others = [b for b in m.blocks if b.kind != "fund"]
    if others:
        out += ["## Settings", "",
                "The blocks of settings, as the guideline states them (money, percentages and "
                "durations are shown in their canonical form).", ""]
        for b in others:
            kw = KEYWORDS[b.kind.upper()]
            title = f"`{kw[0][0]}` / `{kw[1][0]}`" + (f" {md_escape(b.name)}" if b.name else "")
            if b.valid_from or b.valid_to:
                title += f" (in force {_span(b.valid_from, b.valid_to)})"
            out += [f"### {title}", "", "| setting | value | line |", "|---|---|---|"]
            for s in b.settings:
                value = md_escape(_fmt_setting(b.kind, s.key, s.values, m.lang))
                if s.condition is not None:
                    value += f" (if {code(s.condition.text)})"
                out.append(f"| {code(_setting_name(b.kind, s.key, m.lang))} | {value} | {s.origin.line} |")
            out.append("")

    # examples
    verdicts: dict[str, int] = {}
    out += ["## Example applications", ""]
    folder = ROOT / "examples" / stem
    apps = sorted(p for p in folder.glob("*") if p.suffix in (".toml", ".json", ".yaml", ".yml")) \
        if folder.is_dir() else []
    if not apps:
        out += [f"There are no example applications in `examples/{stem}/` yet.", ""]
    else:
        out += [f"Each file in `examples/{stem}/` checked against this guideline while these pages "
                "were built (the same as "
                f"`sirules check {relpath} examples/{stem}/`). *Expected* is the verdict the example's "
                "`[expect]` table states; `sirules test` fails when the two differ.", "",
                "| application | title | verdict | expected | findings that did not pass |",
                "|---|---|---|---|---|"]
        for app in apps:
            out.append(_example_row(g, app, verdicts))
        out.append("")
    out += ["## Source", "",
            f"```{{literalinclude}} ../../{relpath}", ":language: sirules", ":linenos:", "```", ""]

    summary = "<br>".join(f"{n} {v}" for v, n in sorted(verdicts.items())) or "none"
    rule_short = "<br>".join(f"{counts[s]} {s}" for s in ("must", "should", "priority") if counts[s]) or "0"
    row = (f"| {{doc}}`{stem}.sir </gallery/{stem}>` | **{md_escape(body)}**<br>{md_escape(m.title)} "
           f"({lang_word} keywords) | {rule_short} | {summary} |")
    return "\n".join(out).rstrip() + "\n", row


def _example_row(g, app: Path, verdicts: dict) -> str:
    from sirules.language.diagnostics import SirulesError
    relapp = rel(app)
    with in_root():
        try:
            a = g.read_application(relapp)
            r = g.check(a)
        except SirulesError as exc:
            logger.warning("%s cannot be checked: %s", relapp, exc, location=relapp)
            return f"| {code(app.name)} | | error | | {md_escape(str(exc))} |"
    verdicts[r.verdict] = verdicts.get(r.verdict, 0) + 1
    expect = a.raw.get("expect") if isinstance(a.raw.get("expect"), dict) else {}
    expected = expect.get("verdict", "")
    mark = "" if not expected else (" ✓" if expected == r.verdict else " ✗ differs")
    bad = [f for f in r.findings if f.outcome != "pass"]
    why = "<br>".join(f"{f.outcome} ({f.rule.strength}) {code(f.rule.id)}: {md_escape(f.message)}"
                      for f in bad) or "—"
    title = a.raw.get("title") or a.raw.get("titel") or ""
    return f"| {code(app.name)} | {md_escape(title)} | **{r.verdict}** | {expected}{mark} | {why} |"


# ---- the sirules-run directive ---------------------------------------------------------------------

class SirulesRun(SphinxDirective):
    """Run a sirules command now and show the command with its real output."""

    required_arguments = 1
    final_argument_whitespace = True
    has_content = True
    option_spec = {"exit": directives.nonnegative_int, "file": directives.unchanged_required,
                   "head": directives.positive_int, "tail": directives.positive_int,
                   "after": directives.unchanged_required, "register": directives.unchanged,
                   "fresh": directives.flag}

    def run(self):
        command = self.arguments[0].strip()
        argv = shlex.split(command)
        if not argv or argv[0] != "sirules":
            raise self.error(f"sirules-run runs sirules commands only, not {command!r}")
        self.env.sirules_run_docs = getattr(self.env, "sirules_run_docs", set())
        self.env.sirules_run_docs.add(self.env.docname)
        want = self.options.get("exit", 0)
        result = []
        with tempfile.TemporaryDirectory(prefix="sirules-docs-") as tmp:
            name = self.options.get("file")
            if name:
                text = "\n".join(self.content) + "\n"
                Path(tmp, name).write_text(text, encoding="utf-8")
                argv = [os.path.join(tmp, a) if a == name else a for a in argv]
                block = nodes.literal_block(text, text)
                block["language"] = {".sir": "sirules", ".toml": "toml"}.get(Path(name).suffix, "text")
                block["linenos"] = True
                result.append(container_wrapper(self, block, name))
            if "register" in self.options:
                # the page's own register (SIRULES_DB), kept from one command of the page to the next
                # (``:register: NAME`` keeps another register of the page, by that name)
                name = (self.options["register"] or "").strip()
                folder = register_folder(self.env.docname + (":" + name if name else ""), "fresh" in self.options)
                # a file named TMP/NAME lives in that folder too (a workbook written, then read back)
                argv = [os.path.join(folder, a[4:]) if a.startswith("TMP/") else a for a in argv]
                command = command.replace("TMP/", "")
                with environ(SIRULES_DB=os.path.join(folder, "sirules-register.db")):
                    output, code_ = run_cli(argv[1:])
                output = output.replace(folder + os.sep, "")
            else:
                output, code_ = run_cli(argv[1:])
            output = output.replace(tmp + os.sep, "")
        if code_ != want:
            logger.warning("%r exited %s, the page says %s:\n%s", command, code_, want, output,
                           location=self.get_location())
        lines = output.rstrip("\n").splitlines()
        head, tail, after = self.options.get("head"), self.options.get("tail"), self.options.get("after")
        if after:
            start = next((i for i, line in enumerate(lines) if line.strip().startswith(after.strip())), None)
            if start is None:
                logger.warning("%r: no line of the output starts with %r", command, after,
                               location=self.get_location())
            elif start > 0:
                lines = [f"… ({start} lines before)"] + lines[start:]
        if head and len(lines) > head:
            lines = lines[:head] + [f"… ({len(lines) - head} more lines)"]
        elif tail and len(lines) > tail:
            lines = [f"… ({len(lines) - tail} lines before)"] + lines[-tail:]
        shown = f"$ {command}\n" + "\n".join(lines)
        block = nodes.literal_block(shown, shown)
        block["language"] = "text"
        self.set_source_info(block)
        result.append(block)
        return result


def run_cli(argv: list[str]) -> tuple[str, int]:
    """Run ``sirules ARGV`` in this process from the repository root: (stdout and stderr, exit code).

    ``sirules test`` prints absolute paths of the examples it finds; the repository root is cut
    from the output so the page shows the paths a reader sees from their own checkout.
    """
    from sirules.cli import main as cli
    buf = io.StringIO()
    with in_root(), environ(SIRULES_PLAIN="1", COLUMNS="100"), \
            contextlib.redirect_stdout(buf), contextlib.redirect_stderr(buf):
        try:
            code_ = cli.main(argv)
        except SystemExit as exc:
            code_ = exc.code if isinstance(exc.code, int) else 2
        except Exception:                     # a crash is shown, and is a build warning
            traceback.print_exc(file=buf)
            code_ = "a crash"
    return buf.getvalue().replace(str(ROOT) + os.sep, ""), code_


#: docname -> the folder of the register its sirules-run commands share
REGISTERS: dict[str, str] = {}


def register_folder(docname: str, fresh: bool) -> str:
    """The folder of a page's register; emptied when ``fresh`` (the page's first command)."""
    import shutil
    folder = REGISTERS.setdefault(docname, tempfile.mkdtemp(prefix="sirules-docs-register-"))
    if fresh:
        shutil.rmtree(folder, ignore_errors=True)
        os.makedirs(folder)
    return folder


# ---- Sphinx events ------------------------------------------------------------------------------

def generate(app) -> None:
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
    write_if_changed(GENERATED / "diagnostics.md", diagnostics_md())
    write_if_changed(GENERATED / "cli.md", cli_md())
    gallery(app)


def rerun_pages(app, env, added, changed, removed):
    return sorted(getattr(env, "sirules_run_docs", set()) - set(removed))


def purge(app, env, docname):
    getattr(env, "sirules_run_docs", set()).discard(docname)


def merge(app, env, docnames, other):
    env.sirules_run_docs = getattr(env, "sirules_run_docs", set()) | \
        (getattr(other, "sirules_run_docs", set()) & set(docnames))


#: pages that other work adds: listed in the toctree of index.md, left out of it while missing
OPTIONAL_PAGES = ("comparing",)


def drop_missing_pages(app, docname, source):
    """Remove the toctree lines of OPTIONAL_PAGES that do not exist yet (``source-read``)."""
    if docname != app.config.root_doc:
        return
    missing = {p for p in OPTIONAL_PAGES if not (DOCS / f"{p}.md").exists()}
    if missing:
        source[0] = "\n".join(line for line in source[0].split("\n") if line.strip() not in missing)


def setup(app):
    from sirlexer import SirLexer
    if "SIRULES_CACHE_DIR" not in os.environ:     # never the reader's own cache, and never a stale one
        cache = tempfile.mkdtemp(prefix="sirules-docs-cache-")
        os.environ["SIRULES_CACHE_DIR"] = cache
        app.connect("build-finished", lambda app, exc: shutil.rmtree(cache, ignore_errors=True))
    app.add_lexer("sirules", SirLexer)
    app.add_directive("sirules-run", SirulesRun)
    app.connect("builder-inited", generate)
    app.connect("source-read", drop_missing_pages)
    app.connect("env-get-outdated", rerun_pages)
    app.connect("env-purge-doc", purge)
    app.connect("env-merge-info", merge)
    return {"version": "1", "env_version": 1, "parallel_read_safe": True, "parallel_write_safe": True}
