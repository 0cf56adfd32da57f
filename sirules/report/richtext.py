"""Rich tables for the terminal. Imported only when a table is actually drawn."""

from __future__ import annotations

from rich import box
from rich.console import Console
from rich.padding import Padding
from rich.table import Table
from rich.text import Text

from ..language.printable import printable
from ..language.i18n import mark, shown, tr
from .render import ROLE, attestation_text, outcome_word, report_warning, setup_lines, strength_word, verdict_word

#: words shown with ``tr`` inside f-strings (where the extractor does not see them)
WORDS = (mark("application"), mark("verdict"), mark("failing or undecided"))

def plain(text: str, style: str = "") -> Text:
    """Text from a file for a rich table: control characters shown (:func:`printable`), and never
    read as rich markup (``[bold]`` in a title prints as written)."""
    return Text(printable(text), style)


STYLE = {"pass": "green", "fail": "bold red", "undecided": "yellow", "paused": "dim", "closed": "dim"}
VERDICT = {"accepted": "bold green", "rejected": "bold red", "incomplete": "bold yellow"}


def print_result(r, console: Console, explain: bool = False, verbose: bool = False) -> None:
    """One result for the terminal, at any width: nothing is cut, a long value wraps under its
    finding. Failed and undecided findings come first; passes are counted, and listed with ``verbose``."""
    g = r.guideline
    lang = shown(g.lang)
    title = Text.assemble((printable(r.application), "bold"), "  ",
                          (verdict_word(r.verdict, lang).upper(), VERDICT[r.verdict]))
    if any(rule.strength == "priority" for rule in g.rules):
        title.append(f"  {tr('score', lang)} {r.score}")
    console.print(title)
    console.print(_indent(plain(f"{tr('guideline', lang)}: {g.title} ({g.path})"
                                + (f", {tr('date', lang)} {r.on.isoformat()}" if r.on else ""), "dim"), (0, 0, 0, 2)))
    order = {"fail": 0, "undecided": 1}
    shown_findings = sorted((f for f in r.findings if f.outcome != "pass"), key=lambda f: order.get(f.outcome, 2))
    passes = [f for f in r.findings if f.outcome == "pass"]
    for f in shown_findings + (passes if verbose else []):
        _print_finding(f, g, lang, console, explain)
    if passes:
        console.print(Text("  " + tr("{n} passed", lang, n=len(passes))
                           + ("" if verbose else " (" + tr("list them with -v", lang) + ")"), "green"))
    for line in setup_lines(r):
        console.print(_indent(plain(line), (0, 0, 0, 2)), highlight=False)
    if r.route:
        console.print(_indent(plain(tr("decision route", lang) + ": " +
                                    " → ".join(f"{tr(ROLE[s.role], lang)} {s.body}" for s in r.route)), (0, 0, 0, 2)))
    if r.evaluation:
        from ..engine.explain import word
        console.print(_indent(plain(tr("evaluation", lang) + ": " + ", ".join(word(k, lang) for k in r.evaluation)),
                              (0, 0, 0, 2)))
    if r.duties:
        from .duties import duty_lines
        for line in duty_lines(r.duties, lang):
            console.print(_indent(plain(line.lstrip()), (0, 0, 0, 2 + len(line) - len(line.lstrip()))),
                          highlight=False)
    for w in r.warnings:
        label, message, hint = report_warning(w, lang)
        console.print(_indent(Text.assemble((f"{label}[{w.code}]", "yellow"), ": ",
                                            plain(message + (f"; {hint}" if hint else ""))), (0, 0, 0, 2)),
                      highlight=False)
    console.print()


def _indent(renderable, pad) -> Padding:
    """``renderable`` indented by ``pad`` (top, right, bottom, left), each wrapped line too."""
    return Padding(renderable, pad, expand=False)


def _print_finding(f, g, lang: str, console: Console, explain: bool) -> None:
    """A finding in two or more lines: outcome, strength, rule and label; then, indented, where it is
    and why (wrapped to the width, never cut)."""
    rule = f.rule
    style = STYLE[f.outcome] if rule.strength not in ("should", "priority") or f.outcome == "pass" else "yellow"
    head = Text.assemble((outcome_word(f, lang), style), " ", strength_word(rule.strength, lang), " ",
                         (printable(rule.id), "bold"))
    if rule.label and rule.strength not in ("part", "supplied"):
        head.append(f' "{printable(rule.label)}"', "dim")
    console.print(_indent(head, (0, 0, 0, 2)))
    where = f"{f.clause}, {tr('line', lang)} {f.line}" if f.clause else f"{tr('line', lang)} {f.line}"
    console.print(_indent(plain(where, "dim"), (0, 0, 0, 6)))
    console.print(_indent(plain(f.message), (0, 0, 0, 6)))
    for a in f.attestations:
        console.print(_indent(plain(attestation_text(a, lang)), (0, 0, 0, 6)))
    if explain and f.outcome != "pass":
        from .render import _line
        src = _line(g.path, rule.origin.line)
        if src is not None:
            console.print(_indent(plain(f"| {rule.origin.line}: {src.strip()}", "dim"), (0, 0, 0, 6)))


def print_summary(results, console: Console) -> None:
    lang = shown(results[0].guideline.lang if results else None)
    table = Table(title=tr("summary", lang), title_justify="left", box=box.SIMPLE_HEAD)
    table.add_column(tr("application", lang), overflow="fold")
    table.add_column(tr("verdict", lang))
    table.add_column(tr("score", lang), justify="right")
    table.add_column(tr("failing or undecided", lang), overflow="fold")
    for r in results:
        failing = [f.rule.id for f in r.findings if f.outcome in ("fail", "undecided") and f.rule.strength in ("must", "part")]
        table.add_row(plain(r.application), Text(verdict_word(r.verdict, lang), VERDICT[r.verdict]), str(r.score),
                      plain(", ".join(failing)))
    console.print(table)


def print_suggestions(s, console: Console) -> None:
    """The suggestions of ``check --suggest`` under a result's table."""
    from .suggestions import suggestion_lines
    lines = suggestion_lines(s)
    for i, line in enumerate(lines):
        if i == 0 and s.items:
            console.print(plain("  " + line, "bold"), highlight=False)
        elif i == len(lines) - 1 and s.items:
            style = VERDICT["accepted"] if s.after.verdict == "accepted" else VERDICT[s.after.verdict]
            head, _, rest = line.partition(": ")
            console.print(Text.assemble(plain("  " + head + ": "), plain(rest, style)), highlight=False)
        elif line.lstrip()[:1].isdigit():
            console.print(plain("  " + line, "cyan"), highlight=False)
        else:
            console.print(plain("  " + line), highlight=False)
    console.print()
