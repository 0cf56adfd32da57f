"""Rendering at the edge: diagnostics and check reports as plain text and JSON.

Nothing here imports rich; :mod:`sirules.report.richtext` draws the terminal tables. The
obligations (:mod:`sirules.report.obligations`), the socio-economic calculation
(:mod:`sirules.report.calculation`) and the suggestions (:mod:`sirules.report.suggestions`) are
rendered in their own modules; their names are also found here (``render.calc_text``), imported
only when first asked for, so that a check does not load them.
"""

from __future__ import annotations

import json
import os

from ..language.diagnostics import Diagnostic

_sources: dict[str, list[str] | None] = {}

STRENGTH = {"sv": {"must": "ska", "should": "bör", "priority": "prioriteras", "part": "del", "supplied": "tillförs"},
            "en": {"must": "must", "should": "should", "priority": "priority", "part": "part", "supplied": "supplied"}}
OUTCOME = {"pass": "pass", "fail": "FAIL", "undecided": "undecided"}
ROLE = {"sv": {"prepared_by": "bereds av", "reviewed_by": "granskas av", "decided_by": "beslutas av"},
        "en": {"prepared_by": "prepared by", "reviewed_by": "reviewed by", "decided_by": "decided by"}}


def register_source(path: str, text: str) -> None:
    _sources[path] = text.splitlines()


def _line(path: str, line: int) -> str | None:
    if path not in _sources:
        try:
            with open(path, encoding="utf-8-sig", errors="replace") as fh:
                _sources[path] = fh.read().splitlines()
        except OSError:
            _sources[path] = None
    lines = _sources[path]
    if lines is None or not 1 <= line <= len(lines):
        return None
    return lines[line - 1]


def diagnostic(d: Diagnostic, colour: bool = False) -> str:
    """Render one diagnostic, Catala/rustc style, with the source line and a caret."""
    head = f"{d.severity.value}[{d.code}]: {d.message}"
    if colour:
        c = "\033[1;31m" if d.severity.value == "error" else "\033[1;33m"
        head = f"{c}{d.severity.value}[{d.code}]\033[0m\033[1m: {d.message}\033[0m"
    out = [head]
    if d.span is not None:
        sp = d.span
        where = f"  --> {sp.file}:{sp.line}:{sp.column}"
        if d.section:
            where += f"   ({d.section})"
        out.append(where)
        text = _line(sp.file, sp.line)
        if text is not None:
            num = str(sp.line)
            pad = " " * len(num)
            width = max(1, (sp.end_column - sp.column) if sp.end_line == sp.line else len(text) - sp.column + 1)
            if len(text) > 120:                   # cut first: expandtabs(1) keeps the length, and a long
                start = max(0, sp.column - 60)    # line times thousands of diagnostics was quadratic
                shown = "…" + text[start:start + 118].expandtabs(1)
                col = sp.column - start + 1
            else:
                shown = text.expandtabs(1)
                col = sp.column
            out.append(f" {pad} |")
            out.append(f" {num} | {shown}")
            out.append(f" {pad} | {' ' * (col - 1)}{'^' * min(width, 80)}")
        for label, rel in d.related:
            out.append(f"  --> {rel.file}:{rel.line}:{rel.column}: {label}")
    if d.hint:
        out.append(f"   = hint: {d.hint}")
    return "\n".join(out)


def diagnostics(ds, colour: bool = False) -> str:
    return "\n\n".join(diagnostic(d, colour) for d in ds)


# ---- check reports ------------------------------------------------------------------

def result_text(r, explain: bool = False) -> str:
    g = r.guideline
    lang = g.lang
    out = [f"{r.application}: {r.verdict.upper()}" + (f"  (score {r.score})" if _has_priority(r) else "")]
    out.append(f"  {'riktlinje' if lang == 'sv' else 'guideline'}: {g.title} ({g.path})"
               + (f", {'datum' if lang == 'sv' else 'date'} {r.on.isoformat()}" if r.on else ""))
    for f in r.findings:
        rule = f.rule
        where = f"{f.clause}, {'rad' if lang == 'sv' else 'line'} {f.line}" if f.clause else \
            f"{'rad' if lang == 'sv' else 'line'} {f.line}"
        label = f' "{rule.label}"' if rule.label and rule.strength not in ("part", "supplied") else ""
        out.append(f"  {outcome_word(f):<9} {STRENGTH[lang][rule.strength]:<11} {rule.id}{label}  ({where})")
        out.append(f"            {f.message}")
        if explain and f.outcome != "pass":
            src = _line(g.path, rule.origin.line)
            if src is not None:
                out.append(f"            | {rule.origin.line}: {src.strip()}")
    for line in setup_lines(r):
        out.append("  " + line)
    if r.route:
        out.append("  " + ("beslutsväg" if lang == "sv" else "decision route") + ": " +
                   " → ".join(f"{ROLE[lang][s.role]} {s.body}" for s in r.route))
    if r.evaluation:
        from ..engine.explain import word
        out.append("  " + ("utvärdering" if lang == "sv" else "evaluation") + ": "
                   + ", ".join(word(k, lang) for k in r.evaluation))
    if r.duties:
        from .duties import duty_lines
        out.extend(duty_lines(r.duties, lang))
    for w in r.warnings:
        label, message, hint = report_warning(w, lang)
        out.append(f"  {label}[{w.code}]: {message}"
                   + (f" ({'rad' if lang == 'sv' else 'line'} {w.span.line})" if w.span else ""))
        if hint:
            out.append(f"    = {'tips' if lang == 'sv' else 'hint'}: {hint}")
    return "\n".join(out)


def report_warning(w: Diagnostic, lang: str) -> tuple[str, str, str | None]:
    """("warning" or "varning", message, hint) of a warning in a check report, in its language."""
    if lang == "sv" and w.sv:
        return "varning", w.sv[0], w.sv[1]
    return ("varning" if lang == "sv" else "warning"), w.message, w.hint


def outcome_word(f) -> str:
    """How an outcome reads: a priority rule adds points, a should-rule warns."""
    if f.rule.strength == "priority":
        return f"+{f.rule.weight}" if f.outcome == "pass" else ("—" if f.outcome == "fail" else "undecided")
    if f.rule.strength == "should" and f.outcome == "fail":
        return "warn"
    return OUTCOME[f.outcome]


BLOCK_WORDS = {"sv": {"fund": "fond", "repayment": "återbetalning", "risk": "risk", "portfolio": "portfölj"},
               "en": {"fund": "fund", "repayment": "repayment", "risk": "risk", "portfolio": "portfolio"}}


def setup_lines(r) -> list[str]:
    """The fund, repayment and risk blocks in force on the result's date, one line each."""
    from ..engine.explain import word
    from ..language import vocabulary as voc
    lang = r.guideline.lang
    out = []
    for b in r.blocks:
        schema = voc.SETTINGS[b.kind]
        items = []
        for s in b.settings:
            term = schema.get(s.key)
            name = term.name(lang) if term else s.key
            vals = ", ".join(_setting_value(v, term, lang, word) for v in s.values)
            items.append(f"{name}: {vals}")
        when = ""
        if b.valid_from or b.valid_to:
            when = (" (" + ("gäller" if lang == "sv" else "valid") +
                    (f" {'från' if lang == 'sv' else 'from'} {b.valid_from}" if b.valid_from else "") +
                    (f" {'till' if lang == 'sv' else 'to'} {b.valid_to}" if b.valid_to else "") + ")")
        out.append(f"{BLOCK_WORDS[lang][b.kind]}{when}: " + "; ".join(items)
                   + f"  ({'rad' if lang == 'sv' else 'line'} {b.origin.line})")
    return out


def _setting_value(v, term, lang, word) -> str:
    import datetime
    from fractions import Fraction
    from ..language.money import format_money_short
    from ..engine.explain import fmt
    if term is None:
        return str(v)
    base = term.type.rstrip("*")
    if base == "choice":
        return word(v, lang)
    if base == "money":
        return format_money_short(v, lang)
    if base in ("percent", "duration", "number", "bool"):
        return fmt(v, base, lang)
    if isinstance(v, (datetime.date, Fraction)):
        return str(v)
    return str(v)


def _has_priority(r) -> bool:
    return any(rule.strength == "priority" for rule in r.guideline.rules)


def summary_text(results) -> str:
    counts: dict[str, int] = {}
    lines = ["", "summary:"]
    for r in results:
        counts[r.verdict] = counts.get(r.verdict, 0) + 1
        failing = [f.rule.id for f in r.findings if f.outcome != "pass" and f.rule.strength in ("must", "part")]
        lines.append(f"  {r.verdict:<10} {r.application}" + (f"  ({', '.join(failing)})" if failing else ""))
    lines.append("  " + ", ".join(f"{v}: {n}" for v, n in sorted(counts.items())))
    return "\n".join(lines)


def to_json(obj) -> str:
    return json.dumps(obj, ensure_ascii=False, indent=2, sort_keys=False, default=str)


def use_colour(stream) -> bool:
    return stream.isatty() and os.environ.get("NO_COLOR") is None and os.environ.get("TERM") != "dumb"


def test_text(gpath, guideline, cases, cov) -> str:
    ok = sum(c.ok for c in cases)
    out = [f"{gpath}: {len(cases)} examples, {ok} hold" + ("" if ok == len(cases) else f", {len(cases) - ok} do not")]
    for c in cases:
        out.append(f"  {'ok  ' if c.ok else 'FAIL'}  {c.path}  ({c.result.verdict})")
        for x in c.mismatches:
            if x.what == "finding":
                where = f" ({x.clause}, line {x.line})" if x.clause else (f" (line {x.line})" if x.line else "")
                out.append(f"        {x.rule}{where}: expected {x.expected}, got {x.actual}")
                if x.message:
                    out.append(f"          {x.message}")
            else:
                out.append(f"        {x.what}: expected {x.expected}, got {x.actual}")
    if cov is not None:
        must = [rc for rc in cov if rc.rule.strength in ("must", "part")]
        done = sum(rc.complete for rc in must)
        pct = 100 * done / len(must) if must else 100.0
        out.append(f"  coverage: {done}/{len(must)} must-rules and required parts seen passing and failing ({pct:.0f} %)")
        out.append(f"    {'rule':<32} {'strength':<9} {'pass':<5} {'fail':<5} {'undec.':<6} clause")
        for rc in cov:
            marks = ["x" if o in rc.seen else "-" for o in ("pass", "fail", "undecided")]
            flag = "" if rc.complete else "   <- not covered both ways" if rc.rule.strength in ("must", "part") else ""
            out.append(f"    {rc.rule.id:<32} {rc.rule.strength:<9} {marks[0]:<5} {marks[1]:<5} {marks[2]:<6} "
                       f"{rc.rule.origin.clause()}{flag}")
            for text, decided in rc.alternatives:
                out.append(f"      alternative {'decided' if decided else 'never decided'}: {text}")
    return "\n".join(out)


#: the names of the sibling modules that render the rest, imported when first asked for
_ELSEWHERE = {"KIND_WORDS": "obligations", "obligations_text": "obligations", "obligations_csv": "obligations",
              "ACTOR_WORDS": "calculation", "calc_text": "calculation", "hump_chart": "calculation",
              "calc_csv": "calculation",
              "SUGGEST_WORDS": "suggestions", "suggestion_lines": "suggestions", "suggestions_text": "suggestions"}


def __getattr__(name: str):
    module = _ELSEWHERE.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    import importlib
    return getattr(importlib.import_module(f"{__package__}.{module}"), name)
