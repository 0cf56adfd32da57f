"""The data of a decision document, gathered from the check, the obligations and the calculation.

:func:`build` returns a :class:`Document` of plain values (texts already in the guideline's
language, amounts already formatted, charts as SVG text): the HTML template only lays it out. The
money comes from :func:`sirules.finance.cashflow.obligations` and
:func:`sirules.finance.socioeconomic.calculate`, exactly as ``sirules obligations`` and
``sirules calc`` print it.
"""

from __future__ import annotations

import datetime

import attrs

from ..engine.checker import content_label
from ..engine.explain import word
from ..language.diagnostics import SirulesError
from ..language.i18n import mark, tr
from ..language.money import format_money

VERDICT_WORDS = {"accepted": mark("Meets the guideline"), "rejected": mark("Does not meet the guideline"),
                 "incomplete": mark("Cannot be decided yet")}
OUTCOME_WORDS = {"pass": mark("holds"), "fail": mark("not met"), "undecided": mark("cannot be decided"),
                 "permitted": mark("permitted")}
STRENGTH_WORDS = {"must": mark("must"), "should": mark("should"), "priority": mark("priority"),
                  "part": mark("part"), "may": mark("may"), "supplied": mark("supplied")}
ROLE_WORDS = {"prepared_by": mark("prepared by"), "reviewed_by": mark("reviewed by"),
              "decided_by": mark("decided by")}


@attrs.frozen
class Finding:
    rule: str
    strength: str                      # the word, translated
    outcome: str                       # pass | fail | undecided | permitted
    outcome_word: str
    label: str
    message: str                       # the sentence with the applicant's values
    line: int
    values: tuple = ()                 # (label, value) of the facts the rule reads
    style: str = ""                    # pass | fail | undecided | permitted | soft (a should or priority not met)
    weight: int = 0                    # the points of a priority rule


@attrs.frozen
class Clause:
    number: str | None
    heading: str | None
    wording: tuple[str, ...]           # paragraphs, the source's line breaks inside each undone
    line: int
    findings: tuple[Finding, ...]
    applied: tuple[str, ...] = ()      # the other parts of the document that apply it (money, route)


@attrs.frozen
class Document:
    lang: str
    guideline: str                     # the file
    title: str
    body: str | None
    version: str
    date: str                          # the date the rules in force were taken from
    application: str                   # the file
    project: str
    applicant: str
    amount: str
    period: str
    verdict: str
    verdict_word: str
    reason: str
    clauses: tuple[Clause, ...]
    score: int
    score_max: int = 0                 # the points of every priority rule together
    route: tuple = ()                  # (role word, body, line)
    evaluation: tuple = ()
    duties: tuple = ()                 # (who, what, when, line)
    obligations: dict | None = None    # planned schedule: lines, totals, notes
    calculation: dict | None = None    # summary rows and charts (SVG)
    sources: tuple = ()                # (what, where)
    warnings: tuple = ()

    @property
    def name(self) -> str:
        """A file name for the document: the application's, without folder or suffix."""
        import os
        return os.path.splitext(os.path.basename(self.application))[0] or "application"


def build(compiled, app, on: datetime.date | None = None, charts: bool = True) -> Document:
    """The decision document of the application ``app`` (read by ``compiled``) under ``compiled``."""
    r = compiled.check(app, on)
    g = compiled.model
    lang = g.lang
    data = r.data
    findings = [_finding(f, g, data, lang) for f in r.findings]
    head = r.to_json()
    return Document(
        lang=lang, guideline=g.path, title=g.title, body=g.identity.get("body"), version=_version(g, head, lang),
        date=r.on.isoformat() if r.on else tr("no date: every version's rules", lang),
        application=app.path, project=str(data.get("title") or ""), applicant=_applicant(data, lang),
        amount=format_money(data["amount"], lang) if isinstance(data.get("amount"), int) else tr("not stated", lang),
        period=_period(data, lang), verdict=r.verdict, verdict_word=tr(VERDICT_WORDS[r.verdict], lang),
        reason=_reason(r.verdict, findings, lang), clauses=_clauses(g, r.findings, findings, r.on, lang), score=r.score,
        score_max=sum(f.rule.weight for f in r.findings if f.rule.strength == "priority"),
        route=tuple((tr(ROLE_WORDS[s.role], lang), s.body, s.line) for s in r.route),
        evaluation=tuple(word(k, lang).replace("_", " ") for k in r.evaluation),
        duties=tuple(_duty(d, lang) for d in r.duties),
        obligations=_obligations(g, app, r.on, lang),
        calculation=_calculation(g, app, lang, charts) if data.get("savings") else None,
        sources=_sources(g, r, lang), warnings=tuple(w.message for w in r.warnings))


# ---- the head and the verdict ---------------------------------------------------------------

def _version(g, head: dict, lang: str) -> str:
    """The version label the check gives; a guideline with no reference, adoption or start date
    has only its content's fingerprint, which is said as such."""
    if head["version"] == content_label(g):
        return tr("no reference or date in the guideline file (content {fingerprint})", lang,
                  fingerprint=head["version"])
    return head["version"]


def _applicant(data: dict, lang: str) -> str:
    a = data.get("_applicant") or {}
    name = a.get("name") or tr("not stated", lang)
    extra = [x for x in (a.get("committee"), word(a["kind"], lang) if a.get("kind") else None) if x]
    return f"{name} ({', '.join(extra)})" if extra else name


def _period(data: dict, lang: str) -> str:
    from ..engine.duties import add_months
    start, months = data.get("start"), data.get("duration")
    if not isinstance(start, datetime.date):
        return tr("not stated", lang)
    if isinstance(months, int):
        end = add_months(start, months)
        if end is not None:
            end -= datetime.timedelta(days=1)
            return tr("{start} to {end} ({months} months)", lang, start=start.isoformat(), end=end.isoformat(),
                      months=months)
    return tr("from {start}", lang, start=start.isoformat())


def _reason(verdict: str, findings: list, lang: str) -> str:
    if verdict == "accepted":
        soft = [f.label for f in findings if f.outcome == "fail" and f.strength == tr("should", lang)]
        if soft:
            return tr("Every must-rule holds and every required part is there; not met, as a warning: {rules}.",
                      lang, rules="; ".join(soft))
        return tr("Every must-rule holds and every required part is there.", lang)
    wanted = ("fail",) if verdict == "rejected" else ("fail", "undecided")
    deciding = [f for f in findings if f.outcome in wanted
                and f.strength in (tr("must", lang), tr("part", lang))]
    labels = "; ".join(f.label for f in deciding)
    if verdict == "rejected":
        return tr("Not met: {rules}.", lang, rules=labels)
    return tr("Missing or not yet decidable: {rules}.", lang, rules=labels)


# ---- the clauses -----------------------------------------------------------------------------

def _finding(f, g, data: dict, lang: str) -> Finding:
    strength = f.rule.strength
    outcome = "permitted" if strength == "may" else f.outcome
    label = f.rule.label or f.rule.id
    style, word_ = outcome, tr(OUTCOME_WORDS[outcome], lang)
    if outcome == "fail" and strength == "priority":
        style, word_ = "soft", tr("no points", lang)
    elif outcome == "fail" and strength == "should":
        style, word_ = "soft", tr("not met (a warning)", lang)
    return Finding(f.rule.id, tr(STRENGTH_WORDS.get(strength, strength), lang), outcome, word_, label, f.message,
                   f.line, _values(f.rule, g, data, lang), style,
                   f.rule.weight if strength == "priority" else 0)


def _values(rule, g, data: dict, lang: str) -> tuple:
    out = []
    for key in rule.facts:
        info = g.facts.get(key)
        if info is None or key not in data:
            continue
        out.append((info.label or key, show_value(data[key], info.type, lang)))
    return tuple(out)


def show_value(value, kind: str, lang: str) -> str:
    """A fact's value as the document shows it (yes/no, kronor, dates, lists)."""
    if value is None:
        return tr("not stated", lang)
    if isinstance(value, bool):
        return tr("yes", lang) if value else tr("no", lang)
    if kind == "money" and isinstance(value, int):
        return format_money(value, lang)
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, (list, tuple, set, frozenset)):
        return ", ".join(show_value(v, "", lang) for v in value)
    if isinstance(value, str):
        return word(value, lang)
    return str(value)


def _clauses(g, raw, findings, on, lang: str) -> tuple[Clause, ...]:
    """Each section with its wording and the findings of the rules written under it, in the
    guideline's order; rules outside any section come last, under no heading."""
    by_section: dict = {}
    for f, shown in zip(raw, findings):
        by_section.setdefault(f.rule.origin.section, []).append(shown)
    applied: dict = {}
    for b in g.blocks:
        if b.origin.section is not None and b.kind in BLOCK_PLACES and mv_in_force(b, on):
            place = tr(BLOCK_PLACES[b.kind], lang)
            if place not in applied.setdefault(b.origin.section, []):
                applied[b.origin.section].append(place)
    for c in getattr(g, "commitments", ()):
        place = tr(BLOCK_PLACES["commitments"], lang)
        if c.origin.section is not None and place not in applied.setdefault(c.origin.section, []):
            applied[c.origin.section].append(place)
    out = [Clause(s.number, s.heading, paragraphs(s.wording), s.line, tuple(by_section.pop(s.number, ())),
                  tuple(applied.get(s.number, ()))) for s in g.sections]
    rest = [f for fs in by_section.values() for f in fs]
    if rest:
        out.append(Clause(None, None, (), 0, tuple(rest)))
    return tuple(out)


#: where in the document a block of the guideline is applied
BLOCK_PLACES = {"repayment": mark("Money over the years if granted (planned)"), "risk": mark("Money over the years if granted (planned)"),
                "fund": mark("Money over the years if granted (planned)"), "decision": mark("Decision route"),
                "evaluation": mark("Decision route"), "commitments": mark("What a grant commits the applicant to"),
                "calculation": mark("Socio-economic calculation")}


def mv_in_force(block, on) -> bool:
    from ..language.modelview import in_force
    return in_force(block.valid_from, block.valid_to, on)


def paragraphs(text: str | None) -> tuple[str, ...]:
    """The wording as paragraphs: blank lines part them; a line break inside one is the file's
    and is undone, unless the next line starts a list item.

    >>> paragraphs("Ett två\\ntre.\\n\\n- a\\n- b")
    ('Ett två tre.', '- a\\n- b')
    """
    if not text:
        return ()
    import re
    out = []
    for block in re.split(r"\n\s*\n", text.strip()):
        lines = [ln.strip() for ln in block.splitlines() if ln.strip()]
        para = ""
        for ln in lines:
            item = re.match(r"([-•*–]|[0-9]+[.)]|[a-z][.)])\s", ln)
            para += ("\n" if item and para else " " if para else "") + ln
        out.append(para)
    return tuple(out)


def _duty(d, lang: str) -> tuple:
    who = tr("the applicant", lang) if d.who == "applicant" else d.who
    if d.due is not None:
        when = tr("by {date}", lang, date=d.due.isoformat())
    elif d.months is not None:
        when = tr("{months} months after the project ends", lang, months=d.months)
    else:
        when = tr("after the project ends", lang)
    return who, d.what, when, d.line


# ---- the money ---------------------------------------------------------------------------

def _obligations(g, app, on, lang: str) -> dict | None:
    from ..finance import cashflow
    from ..report.obligations import KIND_WORDS
    try:
        ob = cashflow.obligations(g, app, None, on)
    except SirulesError as exc:
        return {"error": exc.diagnostics[0].message}
    s = ob.planned
    lines = [(ln.year, KIND_WORDS[lang][ln.kind], ln.payer, ln.payee,
              format_money(ln.amount_ore, lang), ln.line) for ln in s.lines]
    totals = [(tr("invested", lang), format_money(s.invested_ore, lang)),
              (tr("repaid", lang), format_money(s.repaid_ore, lang))]
    for label, amount in ((mark("waived"), s.waived_ore), (mark("interest"), s.interest_ore),
                          (mark("outcome payments"), s.outcome_paid_ore)):
        if amount:
            totals.append((tr(label, lang), format_money(amount, lang)))
    down = format_money(s.written_down_ore, lang)
    if s.written_down_by:
        down += " " + tr("(carried by {who})", lang, who=s.written_down_by)
    totals.append((tr("written down", lang), down))
    if s.outstanding_ore:
        totals.append((tr("shortfall nobody is named to carry", lang), format_money(s.outstanding_ore, lang)))
    summary = tr("A grant pays out {out}; planned to come back: {back} ({model}); written down: {down}.", lang,
                 out=format_money(s.invested_ore, lang), back=format_money(s.repaid_ore + s.interest_ore, lang),
                 model=word(s.model, lang), down=down)
    return {"model": word(s.model, lang), "lines": lines, "totals": totals,
            "notes": [tr(n, lang) for n in (*s.notes, *s.assumptions)], "summary": summary}


def _calculation(g, app, lang: str, charts: bool) -> dict | None:
    from ..finance import socioeconomic
    try:
        c = socioeconomic.calculate(g, app)
    except SirulesError as exc:
        return {"error": exc.diagnostics[0].message}
    from decimal import Decimal
    from ..language.money import format_percent
    rows = []
    for label, v in ((mark("municipal view"), c.municipal), (mark("society-wide view"), c.society)):
        rows.append((tr(label, lang), format_money(v.npv, lang),
                     str(v.payback_year) if v.payback_year else tr("not within the horizon", lang),
                     f"{format_money(v.hump_ore, lang)} ({v.hump_year})"))
    actors = [(a, word(c.kind(a), lang), format_money(c.npv_by_actor[a], lang)) for a in c.actors()]
    out = {"rate": format_percent(Decimal(c.rate.numerator) / c.rate.denominator, lang),
           "years": f"{c.society.years[0]}–{c.society.years[-1]}", "views": rows, "actors": actors, "charts": []}
    if charts:
        from ..report import charts as ch
        made = ch.calc_charts(c, "svg")
        out["charts"] = [ch.scoped(made["hump"], "hump"), ch.scoped(made["flows"], "flows")]
    return out


def _sources(g, r, lang: str) -> tuple:
    out = [(tr("guideline file", lang), g.path)]
    if g.identity.get("source"):
        out.append((tr("the guideline's sources", lang), g.identity["source"]))
    if g.identity.get("note"):
        out.append((tr("note", lang), g.identity["note"]))
    out.append((tr("application file", lang), r.application))
    return tuple(out)
