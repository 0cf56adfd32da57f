"""Rendering at the edge: diagnostics and reports as plain text and JSON.

Nothing here imports rich; :mod:`sirules.report.richtext` draws the terminal tables.
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


# ---- obligations ------------------------------------------------------------------------

KIND_WORDS = {
    "sv": {"investment": "utbetalning", "financing": "finansiering", "reflow": "återföring", "surplus": "överskott",
           "repayment": "återbetalning", "waived": "eftergiven", "interest": "ränta", "amortisation": "amortering",
           "outcome_payment": "utfallsbetalning", "shortfall_repayment": "återbetalar underskott",
           "write_down": "nedskrivning", "financier_loss": "finansiärens förlust"},
    "en": {"investment": "payment out", "financing": "financing", "reflow": "reflow", "surplus": "surplus",
           "repayment": "repayment", "waived": "waived", "interest": "interest", "amortisation": "amortisation",
           "outcome_payment": "outcome payment", "shortfall_repayment": "repays shortfall",
           "write_down": "write-down", "financier_loss": "financier's loss"},
}


def obligations_text(ob) -> str:
    from ..language.money import format_money
    lang = ob.lang
    sv = lang == "sv"
    both = ob.realised is not None
    out = [f"{ob.application}: " + ("åtaganden enligt" if sv else "obligations under") + f" {ob.guideline}"]
    rows: dict = {}
    order = []
    for basis, sched in (("planned", ob.planned), ("realised", ob.realised)):
        if sched is None:
            continue
        for ln in sched.lines:
            key = (ln.year, ln.kind, ln.payer, ln.payee)
            if key not in rows:
                rows[key] = {"clause": ln.clause, "line": ln.line}
                order.append(key)
            rows[key][basis] = rows[key].get(basis, 0) + ln.amount_ore
    order.sort(key=lambda k: (k[0], list(KIND_WORDS["en"]).index(k[1]), k[2], k[3]))
    width = max([len(k[2]) + len(k[3]) + 3 for k in order] + [12])
    head = f"  {'år' if sv else 'year':<5} {'vad' if sv else 'what':<23} {'från → till' if sv else 'from → to':<{width}}"
    head += f" {'planerat' if sv else 'planned':>16}" + (f" {'utfall' if sv else 'realised':>16}" if both else "")
    out.append(head)
    for key in order:
        r = rows[key]
        year, kind, payer, payee = key
        cells = f"  {year:<5} {KIND_WORDS[lang][kind]:<23} {payer + ' → ' + payee:<{width}}"
        cells += f" {format_money(r.get('planned', 0), lang):>16}"
        if both:
            cells += f" {format_money(r.get('realised', 0), lang):>16}"
        where = r["clause"] or ""
        cells += f"   {where}{', ' if where else ''}{'rad' if sv else 'line'} {r['line']}" if r["line"] else ""
        out.append(cells)
    for label, sched in (("planerat" if sv else "planned", ob.planned), ("utfall" if sv else "realised", ob.realised)):
        if sched is None:
            continue
        out.append("")
        from ..engine.explain import word
        out.append(f"  {label}: " + ("modell" if sv else "model") + f" {word(sched.model, lang)}")
        out.append(f"    {'investerat' if sv else 'invested':<14} {format_money(sched.invested_ore, lang):>16}")
        out.append(f"    {'återbetalt' if sv else 'repaid':<14} {format_money(sched.repaid_ore, lang):>16}")
        if sched.waived_ore:
            out.append(f"    {'eftergivet' if sv else 'waived':<14} {format_money(sched.waived_ore, lang):>16}")
        if sched.interest_ore:
            out.append(f"    {'ränta' if sv else 'interest':<14} {format_money(sched.interest_ore, lang):>16}")
        if sched.outcome_paid_ore:
            out.append(f"    {'utfallsbetalt' if sv else 'outcome paid':<14} {format_money(sched.outcome_paid_ore, lang):>16}")
        out.append(f"    {'nedskrivet' if sv else 'written down':<14} {format_money(sched.written_down_ore, lang):>16}"
                   + (f"  ({'bärs av' if sv else 'carried by'} {sched.written_down_by})" if sched.written_down_by else ""))
        if sched.outstanding_ore:
            out.append(f"    {'obestämt' if sv else 'outstanding':<14} {format_money(sched.outstanding_ore, lang):>16}"
                       + ("  (ingen bärare angiven)" if sv else "  (no bearer named)"))
        for note in sched.notes:
            out.append(f"    {'not' if sv else 'note'}: {note}")
    return "\n".join(out)


def obligations_csv(ob) -> str:
    import csv
    import io
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(["basis", "year", "kind", "payer", "payee", "amount_ore", "clause", "line"])
    for sched in (ob.planned, ob.realised):
        if sched is None:
            continue
        for ln in sched.lines:
            w.writerow([sched.basis, ln.year, ln.kind, ln.payer, ln.payee, ln.amount_ore, ln.clause, ln.line])
    return buf.getvalue()


# ---- the socio-economic calculation ---------------------------------------------------------

ACTOR_WORDS = {"sv": {"municipality": "kommun", "region": "region", "social_insurance": "Försäkringskassan",
                      "employment_service": "Arbetsförmedlingen", "justice": "rättsväsendet", "state": "staten",
                      "individual": "individen"},
               "en": {"municipality": "municipality", "region": "region", "social_insurance": "social insurance",
                      "employment_service": "employment service", "justice": "justice", "state": "state",
                      "individual": "individual"}}


def calc_text(c) -> str:
    from ..language.money import format_money, format_percent
    from decimal import Decimal
    lang = c.lang
    sv = lang == "sv"
    fm = lambda v: format_money(v, lang)  # noqa: E731
    years = c.municipal.years
    actors = c.actors()
    out = [f"{c.application}: " + ("samhällsekonomisk kalkyl enligt" if sv else "socio-economic calculation under")
           + f" {c.guideline}",
           "  " + ("diskonteringsränta" if sv else "discount rate") + f" {format_percent(Decimal(c.rate.numerator) / c.rate.denominator, lang)}, "
           + ("horisont" if sv else "horizon") + f" {c.horizon} " + ("år" if sv else "years") + f" ({years[0]}–{years[-1]})", ""]
    width = max([len(a) for a in actors] + [18])
    if len(years) <= 6:
        head = f"  {('aktör' if sv else 'actor'):<{width}}  {('slag' if sv else 'kind'):<20}" \
            + "".join(f"{y:>14}" for y in years) + f"{('nuvärde' if sv else 'NPV'):>16}"
        out.append(head)
        for a in actors:
            row = f"  {a:<{width}}  {ACTOR_WORDS[lang][c.kind(a)]:<20}"
            for y in years:
                net = sum(r.net for r in c.rows if r.actor == a and r.year == y)
                row += f"{fm(net) if net else '–':>14}"
            out.append(row + f"{fm(c.npv_by_actor[a]):>16}")
        for v, label in ((c.municipal, "kommunen" if sv else "municipal view"),
                         (c.society, "samhället" if sv else "society-wide view")):
            out.append(f"  {label:<{width + 22}}" + "".join(f"{fm(n):>14}" for n in v.net_by_year) + f"{fm(v.npv):>16}")
    else:
        out.append(f"  {('år' if sv else 'year'):<6}{('netto kommunen' if sv else 'net, municipal'):>18}"
                   f"{('netto samhället' if sv else 'net, society'):>18}{('kumulativt, samhället' if sv else 'cumulative, society'):>24}")
        for i, y in enumerate(years):
            out.append(f"  {y:<6}{fm(c.municipal.net_by_year[i]):>18}{fm(c.society.net_by_year[i]):>18}"
                       f"{fm(c.society.cumulative[i]):>24}")
        out.append("")
        out.append(f"  {('aktör' if sv else 'actor'):<{width}}  {('slag' if sv else 'kind'):<20}{('nuvärde' if sv else 'NPV'):>18}")
        for a in actors:
            out.append(f"  {a:<{width}}  {ACTOR_WORDS[lang][c.kind(a)]:<20}{fm(c.npv_by_actor[a]):>18}")
    out.append("")
    for v, label in ((c.municipal, "kommunalekonomiskt" if sv else "municipal view"),
                     (c.society, "samhällsekonomiskt" if sv else "society-wide view")):
        pay = str(v.payback_year) if v.payback_year else ("inte inom horisonten" if sv else "not within the horizon")
        out.append(f"  {label}: " + ("nuvärde" if sv else "NPV") + f" {fm(v.npv)}; "
                   + ("återbetald" if sv else "payback") + f" {pay}; "
                   + ("investeringspuckel" if sv else "investment hump") + f" {fm(v.hump_ore)} ({v.hump_year})")
    out.append("")
    out.append("  " + ("kumulativt netto, samhället" if sv else "cumulative net, society-wide") + ":")
    out.extend("  " + line for line in hump_chart(c.society, lang))
    out.append("")
    out.append("  " + ("känslighetsanalys (utfallsgrad av besparingarna)" if sv
                       else "sensitivity (degree of success of the savings)") + ":")
    out.append(f"    {('utfall' if sv else 'success'):>8} {('nuvärde kommunen' if sv else 'NPV municipal'):>20}"
               f" {('nuvärde samhället' if sv else 'NPV society'):>20} {('återbetald' if sv else 'payback'):>12}")
    for d, mv, svw in c.sensitivity:
        pay = str(svw.payback_year) if svw.payback_year else "–"
        out.append(f"    {format_percent(Decimal(d.numerator) / d.denominator, lang):>8} {fm(mv.npv):>20} {fm(svw.npv):>20} {pay:>12}")
    out.append("")
    out.append("  " + ("vem betalar och vem vinner" if sv else "who pays and who gains") + ":")
    for a in actors:
        cost = sum(r.cost for r in c.rows if r.actor == a)
        gain = sum(r.saving for r in c.rows if r.actor == a)
        out.append(f"    {a:<{width}}  " + ("betalar" if sv else "pays") + f" {fm(cost):>16}  "
                   + ("vinner" if sv else "gains") + f" {fm(gain):>16}  netto {fm(gain - cost):>16}")
    return "\n".join(out)


def hump_chart(view, lang: str, width: int = 40) -> list[str]:
    """The cumulative net as one horizontal bar per year, negative to the left of the zero line."""
    from ..language.money import format_money
    vals = view.cumulative
    neg = -min(min(vals), 0)
    pos = max(max(vals), 0)
    total = (neg + pos) or 1
    left = round(width * neg / total)
    right = width - left
    rows = []
    for y, v in zip(view.years, vals):
        if v < 0:
            n = max(1, round(left * -v / neg)) if neg else 0
            bar = " " * (left - n) + "█" * n + "│"
        else:
            n = round(right * v / pos) if pos else 0
            bar = " " * left + "│" + "█" * n
        mark = "  ←" if y == view.hump_year and v < 0 else ""
        rows.append(f"{y}  {format_money(v, lang):>16}  {bar}{mark}")
    return rows


def calc_csv(c) -> str:
    import csv
    import io
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(["actor", "kind", "year", "cost_ore", "saving_ore", "net_ore"])
    for r in c.rows:
        w.writerow([r.actor, r.kind, r.year, r.cost, r.saving, r.net])
    return buf.getvalue()


# ---- suggestions (check --suggest) -------------------------------------------------------------

SUGGEST_WORDS = {
    "sv": {"head": "förslag", "then": "därefter", "line": "rad", "after": "med alla förslag genomförda",
           "still": "fortfarande", "left": "kvar", "none": "inga förslag: ansökan uppfyller alla ska-regler och krav på delar",
           "superseded": "ersätts av förslaget för {r}"},
    "en": {"head": "suggestions", "then": "then", "line": "line", "after": "with all suggestions applied",
           "still": "still", "left": "remaining", "none": "no suggestions: the application meets every must-rule "
                                                          "and required part",
           "superseded": "superseded by the suggestion for {r}"},
}


def suggestion_lines(s) -> list[str]:
    """The suggestions of :func:`sirules.engine.suggest.suggest` as lines, in the guideline's language.

    Each suggestion: the rule, its clause and line, then the sentence. A suggestion of a later
    round (needed once the earlier ones are applied) starts with "then". Last: the verdict with
    every suggestion applied, and the rules that still conflict.
    """
    w = SUGGEST_WORDS[s.lang]
    if not s.items:
        return [w["none"]]
    out = [f"{w['head']}:"]
    for n, it in enumerate(s.items, 1):
        where = f"{it.clause}, {w['line']} {it.line}" if it.clause else f"{w['line']} {it.line}"
        then = f"{w['then']}: " if it.round > 1 else ""
        out.append(f"  {n}. {then}{it.rule.id}  ({where})")
        out.append(f"     {it.sentence}")
        if it.superseded_by:
            out.append(f"     ({w['superseded'].format(r=it.superseded_by)})")
    a = s.after
    if a.verdict == "accepted":
        out.append(f"{w['after']}: {a.verdict.upper()}")
    else:
        line = f"{w['after']}: {w['still']} {a.verdict.upper()}"
        if a.conflicts:
            line += " – " + "; ".join(c.message for c in a.conflicts)
        elif a.remaining:
            line += f"; {w['left']}: " + ", ".join(a.remaining)
        out.append(line)
    return out


def suggestions_text(s) -> str:
    return "\n".join("  " + line for line in suggestion_lines(s))
