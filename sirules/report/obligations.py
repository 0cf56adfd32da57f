"""The obligations of an application (planned and realised payments) as a text table and as CSV."""

from __future__ import annotations

from ..language.printable import printable_lines

from ..engine.explain import word
from ..language.i18n import Tables, mark, tr
from ..language.money import format_money


KIND_WORDS = Tables({
    "investment": mark("payment out"), "financing": mark("financing"), "reflow": mark("reflow"),
    "surplus": mark("surplus"), "repayment": mark("repayment"), "waived": mark("waived"),
    "interest": mark("interest"), "amortisation": mark("amortisation"), "outcome_payment": mark("outcome payment"),
    "shortfall_repayment": mark("repays shortfall"), "write_down": mark("write-down"),
    "financier_loss": mark("financier's loss"),
}, sv={"waived": "eftergiven"})



#: the words of the obligations' table and totals
WORDS = Tables({"year": mark("year"), "what": mark("what"), "from_to": mark("from → to"), "planned": mark("planned"),
                "realised": mark("realised"), "model": mark("model"), "note": mark("note"),
                "assumption": mark("assumption")}, sv={"note": "not"})


def obligations_text(ob) -> str:
    w = WORDS[ob.lang]
    out = [tr("{application}: obligations under {guideline}", ob.lang, application=ob.application,
              guideline=ob.guideline)]
    rows, order = _merged_rows(ob)
    out += _table_lines(ob, rows, order)
    for label, sched in ((w["planned"], ob.planned), (w["realised"], ob.realised)):
        if sched is None:
            continue
        out.append("")
        out += _schedule_lines(label, sched, ob.lang)
    if ob.duties:
        from .duties import duty_lines
        out += [""] + duty_lines(ob.duties, ob.lang)
    return printable_lines(out)


def _merged_rows(ob) -> tuple[dict, list]:
    """One row per (year, kind, payer, payee) with its planned and realised amounts, and the rows in order."""
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
    return rows, order


def _table_lines(ob, rows: dict, order: list) -> list[str]:
    """The table of payments: a head line, then one line per row."""
    lang = ob.lang
    w = WORDS[lang]
    both = ob.realised is not None
    out = []
    width = max([len(k[2]) + len(k[3]) + 3 for k in order] + [12])
    head = f"  {w['year']:<5} {w['what']:<23} {w['from_to']:<{width}}"
    head += f" {w['planned']:>16}" + (f" {w['realised']:>16}" if both else "")
    out.append(head)
    for key in order:
        r = rows[key]
        year, kind, payer, payee = key
        cells = f"  {year:<5} {KIND_WORDS[lang][kind]:<23} {payer + ' → ' + payee:<{width}}"
        cells += f" {format_money(r.get('planned', 0), lang):>16}"
        if both:
            cells += f" {format_money(r.get('realised', 0), lang):>16}"
        where = r["clause"] or ""
        cells += f"   {where}{', ' if where else ''}" + tr("line {line}", lang, line=r["line"]) if r["line"] else ""
        out.append(cells)
    return out


def _schedule_lines(label: str, sched, lang: str) -> list[str]:
    """The totals of one schedule (planned or realised) and its notes."""
    w, t = WORDS[lang], TOTAL_WORDS[lang]
    out = []
    out.append(f"  {label}: {w['model']} {word(sched.model, lang)}")
    out.append(f"    {t['invested_ore']:<14} {format_money(sched.invested_ore, lang):>16}")
    out.append(f"    {t['repaid_ore']:<14} {format_money(sched.repaid_ore, lang):>16}")
    if sched.waived_ore:
        out.append(f"    {t['waived_ore']:<14} {format_money(sched.waived_ore, lang):>16}")
    if sched.interest_ore:
        out.append(f"    {t['interest_ore']:<14} {format_money(sched.interest_ore, lang):>16}")
    if sched.outcome_paid_ore:
        out.append(f"    {t['outcome_paid_ore']:<14} {format_money(sched.outcome_paid_ore, lang):>16}")
    out.append(f"    {t['written_down_ore']:<14} {format_money(sched.written_down_ore, lang):>16}"
               + ("  " + tr("(carried by {who})", lang, who=sched.written_down_by) if sched.written_down_by else ""))
    if sched.outstanding_ore:
        out.append(f"    {t['outstanding_ore']:<14} {format_money(sched.outstanding_ore, lang):>16}"
                   + "  " + tr("(no bearer named)", lang))
    for note in sched.notes:
        out.append(f"    {w['note']}: {tr(note, lang)}")
    for assumption in sched.assumptions:
        out.append(f"    {w['assumption']}: {tr(assumption, lang)}")
    return out


TOTAL_WORDS = Tables({
    "invested_ore": mark("invested"), "repaid_ore": mark("repaid"), "waived_ore": mark("waived"),
    "interest_ore": mark("interest"), "outcome_paid_ore": mark("outcome paid"),
    "written_down_ore": mark("written down"), "outstanding_ore": mark("outstanding"),
}, sv={"outstanding_ore": "obestämt"})


def obligations_total_text(total: dict, lang: str) -> str:
    """The total over several applications: what was invested, repaid, written down, ..."""
    out = [tr("Total, {n} applications:", lang, n=total["applications"])]
    for key, label in TOTAL_WORDS[lang].items():
        if total[key] or key in ("invested_ore", "repaid_ore", "written_down_ore"):
            out.append(f"    {label:<14} {format_money(total[key], lang):>16}")
    return "\n".join(out)


def obligations_csv_many(results, total: dict, delimiter: str | None = None) -> str:
    """The rows of several applications, each with its application first, then one row per total
    (basis ``total``, kind the amount's name without ``_ore``); amounts in kronor."""
    from .cells import Kronor, csv_form, csv_text
    delimiter, decimal = csv_form(results[0].lang if results else None, delimiter)
    rows = []
    for ob in results:
        for sched in (ob.planned, ob.realised):
            if sched is None:
                continue
            for ln in sched.lines:
                rows.append([ob.application, sched.basis, ln.year, ln.kind, ln.payer, ln.payee,
                             Kronor(ln.amount_ore, decimal), ln.clause, ln.line])
    for key in TOTAL_WORDS["en"]:
        rows.append(["", "total", "", key.removesuffix("_ore"), "", "", Kronor(total[key], decimal), "", ""])
    return csv_text(["application", "basis", "year", "kind", "payer", "payee", "amount_kr", "clause", "line"], rows,
                    delimiter)


def obligations_csv(ob, delimiter: str | None = None) -> str:
    """The schedule's lines (planned, then realised), amounts in kronor."""
    from .cells import Kronor, csv_form, csv_text
    delimiter, decimal = csv_form(ob.lang, delimiter)
    rows = [[sched.basis, ln.year, ln.kind, ln.payer, ln.payee, Kronor(ln.amount_ore, decimal), ln.clause, ln.line]
            for sched in (ob.planned, ob.realised) if sched is not None for ln in sched.lines]
    return csv_text(["basis", "year", "kind", "payer", "payee", "amount_kr", "clause", "line"], rows, delimiter)
