"""Rendering at the edge: diagnostics and check reports as plain text and JSON.

Nothing here imports rich; :mod:`sirules.report.richtext` draws the terminal tables. The
obligations (:mod:`sirules.report.obligations`), the socio-economic calculation
(:mod:`sirules.report.calculation`) and the suggestions (:mod:`sirules.report.suggestions`) are
rendered in their own modules; their names are also found here (``render.calc_text``), imported
only when first asked for, so that a check does not load them.
"""

from __future__ import annotations

import os

from ..language.diagnostics import Diagnostic
from ..language import i18n as _i18n
from ..language.i18n import mark, shown, tr
from ..language.source import kept
from ..language.printable import json_safe, printable, printable_lines
from ..language.jsontext import dumps as json_text   # json.dumps(indent=2), by the C encoder

_sources: dict[str, tuple] = {}

#: a rule's strength as a report shows it (``tr`` it)
STRENGTH = {"must": mark("must"), "should": mark("should"), "priority": mark("priority"), "part": mark("part"),
            "supplied": mark("supplied"), "may": mark("may")}
OUTCOME = {"pass": mark("pass"), "fail": mark("FAIL"), "undecided": mark("undecided")}
ROLE = {"prepared_by": mark("prepared by"), "reviewed_by": mark("reviewed by"), "decided_by": mark("decided by")}
VERDICT = {"accepted": mark("accepted"), "rejected": mark("rejected"), "incomplete": mark("incomplete")}


#: words shown with ``tr`` inside f-strings (where the extractor does not see them)
WORDS = (mark("line"), mark("hint"), mark("guideline"), mark("date"), mark("score"), mark("from"), mark("to"),
         mark("attested by"), mark("per"), mark("rule"), mark("strength"), mark("clause"), mark("undec."))


def strength_word(strength: str, lang: str | None) -> str:
    """``must`` as a report in ``lang`` shows it (``ska``)."""
    return tr(STRENGTH[strength], lang) if strength in STRENGTH else strength


def verdict_word(verdict: str, lang: str | None) -> str:
    """``accepted`` as a report in ``lang`` shows it (``beviljas``); JSON keeps the code."""
    return tr(VERDICT[verdict], lang) if verdict in VERDICT else verdict


def register_source(path: str, text: str) -> None:
    from ..language.source import keep
    keep(path, text)


def _line(path: str, line: int) -> str | None:
    """Line ``line`` of ``path``: of the text read from it in this process (a pipe cannot be read
    again), else of the file when it is a regular file of at most 8 MB (never a device)."""
    text = kept(path)
    got = _sources.get(path)
    if text is not None:
        if got is None or got[0] is not text:
            got = _sources[path] = (text, text.splitlines())
    elif got is None:
        got = _sources[path] = (None, _read_lines(path))
    lines = got[1]
    if lines is None or not 1 <= line <= len(lines):
        return None
    return lines[line - 1]


def _read_lines(path: str) -> list[str] | None:
    import stat
    try:
        st = os.stat(path)
        if not stat.S_ISREG(st.st_mode) or st.st_size > 8_000_000:
            return None
        with open(path, "rb") as fh:
            return fh.read(8_000_001).decode("utf-8-sig", "replace").splitlines()
    except (OSError, ValueError):
        return None


def diagnostic(d: Diagnostic, colour: bool = False, lang: str | None = None) -> str:
    """Render one diagnostic, Catala/rustc style, with the source line and a caret.

    Text from files (the message, the file name, the source line) is shown through
    :func:`~sirules.language.printable.printable`: a control character is written, not obeyed.
    (One function, inline: a run can render thousands of diagnostics.)"""
    sp = d.span
    english = (_i18n._forced or lang or "en") == "en"   # as written (fast: a run may render thousands)
    if english:
        message, hint, severity, hint_word = d.message, d.hint, d.severity.value, "hint"
    else:
        message, hint = d.words(lang)
        severity, hint_word = tr(SEVERITY[d.severity.value], lang), tr("hint", lang)
    plain = f"{message}{hint or ''}{d.section or ''}{sp.file if sp else ''}".isprintable() and not d.related
    esc = _as_is if plain else printable
    message = esc(message)
    head = f"{severity}[{d.code}]: {message}"
    if colour:
        c = "\033[1;31m" if d.severity.value == "error" else "\033[1;33m"
        head = f"{c}{severity}[{d.code}]\033[0m\033[1m: {message}\033[0m"
    out = [head]
    if sp is not None:
        where = f"  --> {esc(sp.file)}:{sp.line}:{sp.column}"
        if d.section:
            where += f"   ({esc(d.section)})"
        out.append(where)
        text = _line(sp.file, sp.line)
        if text is not None:
            num = str(sp.line)
            pad = " " * len(num)
            width = max(1, (sp.end_column - sp.column) if sp.end_line == sp.line else len(text) - sp.column + 1)
            if len(text) > 120:                   # cut first: expandtabs(1) keeps the length, and a long
                start = max(0, sp.column - 60)    # line times thousands of diagnostics was quadratic
                text = text[start:start + 118].expandtabs(1)
                lead, col = "…", sp.column - start - 1
            else:
                text = text.expandtabs(1)
                lead, col = "", sp.column - 1
            offset = col
            if not text.isprintable():
                shown = printable(text)
                if shown is not text:             # escapes before the caret move it; one under it widens it
                    offset = len(printable(text[:col]))
                    width = max(width, len(printable(text[col:col + width])))
                    text = shown
            out.append(f" {pad} |")
            out.append(f" {num} | {lead}{text}")
            out.append(f" {pad} | {' ' * (len(lead) + offset)}{'^' * min(width, 80)}")
        for label, rel in d.related:
            out.append(f"  --> {esc(rel.file)}:{rel.line}:{rel.column}: {esc(label if english else tr(label, lang))}")
    if hint:
        out.append(f"   = {hint_word}: {esc(hint)}")
    return "\n".join(out)


SEVERITY = {"error": mark("error"), "warning": mark("warning"), "note": mark("note")}



def diagnostic_words(d: Diagnostic, lang: str | None) -> tuple[str, str | None]:
    """A diagnostic's message and hint in ``lang`` (a warning's own Swedish ``sv``, if it has one)."""
    return d.words(lang)


def diagnostic_json(d: Diagnostic, lang: str | None = None) -> dict:
    """One diagnostic as JSON: what its text shows (code, severity, message, where, hint)."""
    sp = d.span
    message, hint = diagnostic_words(d, lang)
    return {"code": d.code, "severity": d.severity.value, "message": message,
            "file": sp.file if sp else None, "line": sp.line if sp else None,
            "column": sp.column if sp else None, "hint": hint}


def _as_is(text: str) -> str:
    return text


def diagnostics(ds, colour: bool = False, lang: str | None = None) -> str:
    return "\n\n".join(diagnostic(d, colour, lang) for d in ds)


# ---- check reports ------------------------------------------------------------------

def result_text(r, explain: bool = False) -> str:
    g = r.guideline
    lang = shown(g.lang)
    out = [f"{r.application}: {verdict_word(r.verdict, lang).upper()}"
           + (f"  ({tr('score', lang)} {r.score})" if _has_priority(r) else "")]
    out.append(f"  {tr('guideline', lang)}: {g.title} ({g.path})"
               + (f", {tr('date', lang)} {r.on.isoformat()}" if r.on else ""))
    for f in r.findings:
        rule = f.rule
        where = f"{f.clause}, {tr('line', lang)} {f.line}" if f.clause else f"{tr('line', lang)} {f.line}"
        label = f' "{rule.label}"' if rule.label and rule.strength not in ("part", "supplied") else ""
        out.append(f"  {outcome_word(f, lang):<9} {strength_word(rule.strength, lang):<11} {rule.id}{label}  ({where})")
        out.append(f"            {f.message}")
        for a in f.attestations:
            out.append("            " + attestation_text(a, lang))
        if explain and f.outcome not in ("pass", "paused", "closed"):
            src = _line(g.path, rule.origin.line)
            if src is not None:
                out.append(f"            | {rule.origin.line}: {src.strip()}")
    for line in setup_lines(r):
        out.append("  " + line)
    if r.route:
        out.append("  " + tr("decision route", lang) + ": " +
                   " → ".join(f"{tr(ROLE[s.role], lang)} {s.body}" for s in r.route))
    if r.evaluation:
        from ..engine.explain import word
        out.append("  " + tr("evaluation", lang) + ": "
                   + ", ".join(word(k, lang) for k in r.evaluation))
    if r.duties:
        from .duties import duty_lines
        out.extend(duty_lines(r.duties, lang))
    for w in r.warnings:
        label, message, hint = report_warning(w, lang)
        out.append(f"  {label}[{w.code}]: {message}"
                   + (f" ({tr('line', lang)} {w.span.line})" if w.span else ""))
        if hint:
            out.append(f"    = {tr('hint', lang)}: {hint}")
    return printable_lines(out)


def report_warning(w: Diagnostic, lang: str) -> tuple[str, str, str | None]:
    """("warning" or "varning", message, hint) of a warning in a check report, in its language."""
    message, hint = diagnostic_words(w, lang)
    return tr("warning", lang), message, hint


def outcome_word(f, lang: str = "en") -> str:
    """How an outcome reads: a priority rule adds points, a should-rule warns, a permission permits,
    a paused or closed rule is not applied."""
    if f.outcome == "paused":
        return tr("paused", lang)
    if f.outcome == "closed":
        return tr("closed", lang)
    if f.rule.strength == "may":
        return tr("permitted", lang)
    if f.rule.strength == "priority":
        return f"+{f.rule.weight}" if f.outcome == "pass" else ("—" if f.outcome == "fail" else tr("undecided", lang))
    if f.rule.strength == "should" and f.outcome == "fail":
        return tr("warn", lang)
    return tr(OUTCOME[f.outcome], lang)


BLOCK_WORDS = {"fund": mark("fund"), "repayment": mark("repayment"), "risk": mark("risk"),
               "portfolio": mark("portfolio")}


def setup_lines(r) -> list[str]:
    """The fund, repayment and risk blocks in force on the result's date, one line each."""
    from ..engine.explain import word
    from ..language import vocabulary as voc
    lang = shown(r.guideline.lang)
    out = []
    for b in r.blocks:
        schema = voc.SETTINGS[b.kind]
        items = []
        for s in b.settings:
            term = schema.get(s.key)
            name = term.name(lang) if term else s.key
            vals = ", ".join(_setting_value(v, term, lang, word, r.on) for v in s.values)
            items.append(f"{name}: {vals}")
        for pot in getattr(b, "pots", ()):                # a fund block's pots (#18 point 3)
            from ..language.money import format_money
            items.append(tr("pot {pot}: {size} per year", lang, pot=pot.name, size=format_money(pot.size, lang)))
        when = ""
        if b.valid_from or b.valid_to:
            when = (" (" + tr("valid", lang) +
                    (f" {tr('from', lang)} {b.valid_from}" if b.valid_from else "") +
                    (f" {tr('to', lang)} {b.valid_to}" if b.valid_to else "") +
                    (", " + tr("undecided: no start date", lang) if r.on is None else "") + ")")
        out.append(f"{tr(BLOCK_WORDS[b.kind], lang)}{when}: " + "; ".join(items)
                   + f"  ({tr('line', lang)} {b.origin.line})")
    return out


def attestation_text(a: dict, lang: str) -> str:
    """``vision: intygas av "Beredningsgruppen", enligt "Vision 2030"`` (a fact someone attests)."""
    bits = []
    if a.get("attested_by"):
        bits.append(f'{tr("attested by", lang)} "{a["attested_by"]}"')
    if a.get("per"):
        bits.append(f'{tr("per", lang)} "{a["per"]}"')
    return f"{a.get('name') or a['fact']}: " + ", ".join(bits)


def _setting_value(v, term, lang, word, on=None) -> str:
    import datetime
    from fractions import Fraction
    from ..language.money import format_money_short
    from ..engine.explain import fmt
    if term is None:
        return str(v)
    if isinstance(v, tuple):                 # a fund source with its amount
        return f"{word(v[0], lang)} {format_money_short(v[1], lang)}"
    if hasattr(v, "text") and hasattr(v, "type"):      # a rate computed from a reference value
        from ..engine.explain import value
        x = value(v, {"_on": on})
        return v.text + (f" = {fmt(x, v.type, lang)}" if x is not None else "")
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
    lang = shown(results[0].guideline.lang if results else None)
    lines = ["", tr("summary", lang) + ":"]
    for r in results:
        counts[r.verdict] = counts.get(r.verdict, 0) + 1
        failing = [f.rule.id for f in r.findings if f.outcome in ("fail", "undecided") and f.rule.strength in ("must", "part")]
        lines.append(f"  {verdict_word(r.verdict, lang):<10} {r.application}" + (f"  ({', '.join(failing)})" if failing else ""))
    lines.append("  " + ", ".join(f"{verdict_word(v, lang)}: {n}" for v, n in sorted(counts.items())))
    return printable_lines(lines)


def _word(code, lang):
    """An outcome or verdict code (``fail``, ``accepted``) as a report in ``lang`` shows it."""
    if code in VERDICT:
        return verdict_word(code, lang)
    if code in OUTCOME:
        return tr("fail", lang) if code == "fail" else tr(OUTCOME[code], lang)
    return code


def to_json(obj) -> str:
    return json_safe(json_text(obj))


def use_colour(stream) -> bool:
    return stream.isatty() and os.environ.get("NO_COLOR") is None and os.environ.get("TERM") != "dumb"


def test_text(gpath, guideline, cases, cov) -> str:
    ok = sum(c.ok for c in cases)
    lang = shown(getattr(getattr(guideline, "view", guideline), "lang", None))
    out = [f"{gpath}: " + tr("{n} examples, {ok} hold", lang, n=len(cases), ok=ok)
           + ("" if ok == len(cases) else ", " + tr("{n} do not", lang, n=len(cases) - ok))]
    for c in cases:
        out.append(f"  {'ok  ' if c.ok else tr('FAIL', lang)}  {c.path}  ({verdict_word(c.result.verdict, lang)})")
        for x in c.mismatches:
            got = tr("expected {expected}, got {actual}", lang, expected=_word(x.expected, lang),
                     actual=_word(x.actual, lang))
            if x.what == "finding":
                where = f" ({x.clause}, {tr('line', lang)} {x.line})" if x.clause else \
                    (f" ({tr('line', lang)} {x.line})" if x.line else "")
                out.append(f"        {x.rule}{where}: {got}")
                if x.message:
                    out.append(f"          {x.message}")
            else:
                out.append(f"        {x.what}: {got}")
    if cov is not None:
        must = [rc for rc in cov if rc.rule.strength in ("must", "part")]
        done = sum(rc.complete for rc in must)
        pct = 100 * done / len(must) if must else 100.0
        out.append("  " + tr("coverage: {done}/{total} must-rules and required parts seen passing and failing "
                              "({pct} %)", lang, done=done, total=len(must), pct=f"{pct:.0f}"))
        out.append(f"    {tr('rule', lang):<32} {tr('strength', lang):<9} {tr('pass', lang):<5} {tr('fail', lang):<5} "
                   f"{tr('undec.', lang):<6} {tr('clause', lang)}")
        for rc in cov:
            marks = ["x" if o in rc.seen else "-" for o in ("pass", "fail", "undecided")]
            flag = "" if rc.complete else "   <- " + tr("not covered both ways", lang) \
                if rc.rule.strength in ("must", "part") else ""
            if rc.rule.status is not None:
                flag = f"   ({tr(rc.rule.status, lang)}" + (")" if rc.complete
                                                            else ", " + tr("never seen in force", lang) + ")")
            out.append(f"    {rc.rule.id:<32} {strength_word(rc.rule.strength, lang):<9} {marks[0]:<5} {marks[1]:<5} "
                       f"{marks[2]:<6} {rc.rule.origin.clause()}{flag}")
            for text, decided in rc.alternatives:
                out.append("      " + (tr("alternative decided: {text}", lang, text=text) if decided else
                                          tr("alternative never decided: {text}", lang, text=text)))
    return printable_lines(out)


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
