"""Rich tables for the terminal. Imported only when a table is actually drawn."""

from __future__ import annotations

from rich import box
from rich.console import Console
from rich.table import Table
from rich.text import Text

from ..language.printable import printable
from .render import ROLE, STRENGTH, outcome_word, report_warning, setup_lines

def plain(text: str, style: str = "") -> Text:
    """Text from a file for a rich table: control characters shown (:func:`printable`), and never
    read as rich markup (``[bold]`` in a title prints as written)."""
    return Text(printable(text), style)


STYLE = {"pass": "green", "fail": "bold red", "undecided": "yellow", "paused": "dim", "closed": "dim"}
VERDICT = {"accepted": "bold green", "rejected": "bold red", "incomplete": "bold yellow"}


def print_result(r, console: Console, explain: bool = False) -> None:
    g = r.guideline
    lang = g.lang
    title = Text.assemble((printable(r.application), "bold"), "  ", (r.verdict.upper(), VERDICT[r.verdict]))
    if any(rule.strength == "priority" for rule in g.rules):
        title.append(f"  score {r.score}")
    table = Table(title=title, title_justify="left", box=box.SIMPLE_HEAD, expand=False, show_lines=False)
    table.add_column("outcome", no_wrap=True)
    table.add_column("rule", no_wrap=True)
    table.add_column("clause")
    table.add_column("line", justify="right")
    table.add_column("why")
    for f in r.findings:
        rule = Text(f"{STRENGTH[lang][f.rule.strength]} {printable(f.rule.id)}")
        if f.rule.label and f.rule.strength not in ("part", "supplied"):
            rule.append("\n" + printable(f.rule.label), "dim")
        style = STYLE[f.outcome] if f.rule.strength not in ("should", "priority") or f.outcome in ("pass", "paused", "closed") \
            else "yellow"
        table.add_row(Text(outcome_word(f, lang), style),
                      rule, plain(f.clause or ""), str(f.line), plain(f.message))
    console.print(table)
    console.print(plain(f"  {g.title} ({g.path})" + (f", {r.on.isoformat()}" if r.on else ""), "dim"))
    for line in setup_lines(r):
        console.print(plain("  " + line), highlight=False)
    if r.route:
        console.print(plain("  " + ("beslutsväg" if lang == "sv" else "decision route") + ": " +
                            " → ".join(f"{ROLE[lang][s.role]} {s.body}" for s in r.route)))
    if r.evaluation:
        from ..engine.explain import word
        console.print(plain("  " + ("utvärdering" if lang == "sv" else "evaluation") + ": "
                            + ", ".join(word(k, lang) for k in r.evaluation)))
    if r.duties:
        from .duties import duty_lines
        for line in duty_lines(r.duties, lang):
            console.print(plain(line), highlight=False)
    for w in r.warnings:
        label, message, hint = report_warning(w, lang)
        console.print(Text.assemble(("  " + f"{label}[{w.code}]", "yellow"), ": ",
                                    plain(message + (f"; {hint}" if hint else ""))), highlight=False)
    console.print()


def print_summary(results, console: Console) -> None:
    table = Table(title="summary", title_justify="left", box=box.SIMPLE_HEAD)
    table.add_column("application")
    table.add_column("verdict")
    table.add_column("score", justify="right")
    table.add_column("failing or undecided")
    for r in results:
        failing = [f.rule.id for f in r.findings if f.outcome in ("fail", "undecided") and f.rule.strength in ("must", "part")]
        table.add_row(plain(r.application), Text(r.verdict, VERDICT[r.verdict]), str(r.score),
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
