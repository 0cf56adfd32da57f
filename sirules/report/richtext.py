"""Rich tables for the terminal. Imported only when a table is actually drawn."""

from __future__ import annotations

from rich import box
from rich.console import Console
from rich.markup import escape
from rich.table import Table
from rich.text import Text

from .render import ROLE, STRENGTH, outcome_word, report_warning, setup_lines

STYLE = {"pass": "green", "fail": "bold red", "undecided": "yellow"}
VERDICT = {"accepted": "bold green", "rejected": "bold red", "incomplete": "bold yellow"}


def print_result(r, console: Console, explain: bool = False) -> None:
    g = r.guideline
    lang = g.lang
    title = Text.assemble((r.application, "bold"), "  ", (r.verdict.upper(), VERDICT[r.verdict]))
    if any(rule.strength == "priority" for rule in g.rules):
        title.append(f"  score {r.score}")
    table = Table(title=title, title_justify="left", box=box.SIMPLE_HEAD, expand=False, show_lines=False)
    table.add_column("outcome", no_wrap=True)
    table.add_column("rule", no_wrap=True)
    table.add_column("clause")
    table.add_column("line", justify="right")
    table.add_column("why")
    for f in r.findings:
        label = f"\n[dim]{f.rule.label}[/dim]" if f.rule.label and f.rule.strength not in ("part", "supplied") else ""
        style = STYLE[f.outcome] if f.rule.strength not in ("should", "priority") or f.outcome == "pass" else "yellow"
        table.add_row(Text(outcome_word(f), style),
                      Text.from_markup(f"{STRENGTH[lang][f.rule.strength]} {f.rule.id}{label}"),
                      f.clause, str(f.line), f.message)
    console.print(table)
    console.print(f"  {g.title} ({g.path})" + (f", {r.on.isoformat()}" if r.on else ""), style="dim")
    for line in setup_lines(r):
        console.print("  " + line, highlight=False)
    if r.route:
        console.print("  " + ("beslutsväg" if lang == "sv" else "decision route") + ": " +
                      " → ".join(f"{ROLE[lang][s.role]} {s.body}" for s in r.route))
    if r.evaluation:
        from ..engine.explain import word
        console.print("  " + ("utvärdering" if lang == "sv" else "evaluation") + ": "
                      + ", ".join(word(k, lang) for k in r.evaluation))
    if r.duties:
        from .duties import duty_lines
        for line in duty_lines(r.duties, lang):
            console.print(escape(line), markup=True, highlight=False)
    for w in r.warnings:
        label, message, hint = report_warning(w, lang)
        console.print(f"  [yellow]{label}[{w.code}][/yellow]: " + escape(message) + (f"; {escape(hint)}" if hint else ""),
                      markup=True, highlight=False)
    console.print()


def print_summary(results, console: Console) -> None:
    table = Table(title="summary", title_justify="left", box=box.SIMPLE_HEAD)
    table.add_column("application")
    table.add_column("verdict")
    table.add_column("score", justify="right")
    table.add_column("failing or undecided")
    for r in results:
        failing = [f.rule.id for f in r.findings if f.outcome != "pass" and f.rule.strength in ("must", "part")]
        table.add_row(r.application, Text(r.verdict, VERDICT[r.verdict]), str(r.score), ", ".join(failing))
    console.print(table)


def print_suggestions(s, console: Console) -> None:
    """The suggestions of ``check --suggest`` under a result's table."""
    from .suggestions import suggestion_lines
    lines = suggestion_lines(s)
    for i, line in enumerate(lines):
        if i == 0 and s.items:
            console.print("  " + line, style="bold", highlight=False)
        elif i == len(lines) - 1 and s.items:
            style = VERDICT["accepted"] if s.after.verdict == "accepted" else VERDICT[s.after.verdict]
            head, _, rest = line.partition(": ")
            console.print(Text.assemble("  " + head + ": ", (rest, style)), highlight=False)
        elif line.lstrip()[:1].isdigit():
            console.print("  " + line, style="cyan", highlight=False)
        else:
            console.print("  " + line, highlight=False)
    console.print()
