"""Text reports of the register's commands (JSON is the commands' data as it is)."""

from __future__ import annotations

from ..language.i18n import current, mark, shown, tr
from ..language.money import format_money

_VERDICT = {"accepted": mark("ACCEPTED"), "rejected": mark("REJECTED"), "incomplete": mark("INCOMPLETE")}


def _lang(d: dict | None = None) -> str:
    """The language of a register text: the guideline's when the data names it, else this run's."""
    lang = (d or {}).get("lang")
    return shown(lang) if lang else current()


def _verdict(verdict: str, lang: str) -> str:
    return tr(_VERDICT[verdict], lang) if verdict in _VERDICT else verdict


def _kr(ore: int | None) -> str:
    return "–" if ore is None else format_money(ore)


def init(d: dict) -> str:
    lang = _lang(d)
    capital = (tr("; capital {capital} booked", lang, capital=_kr(d["capital"])) if d["capital"]
               else tr("; the guideline gives no fund size", lang))
    return tr('created the register {register} for "{title}" (guideline version {version})', lang,
              register=d["register"], title=d["title"], version=d["guideline"]) + capital


def guideline_added(d: dict) -> str:
    lang = _lang(d)
    if not d["new"]:
        return tr('"{title}" is already in the register as version {version}', lang, title=d["title"],
                  version=d["guideline"])
    return tr('added "{title}" as guideline version {version}', lang, title=d["title"], version=d["guideline"])


def submitted(items: list[dict]) -> str:
    lines = []
    for d in items:
        lang = _lang(d)
        if not d["new"]:
            lines.append(tr("{file}: already in the register as application {id}", lang, file=d["application"],
                            id=d["id"]))
        else:
            lines.append(tr("{file}: {verdict}, recorded as application {id} (guideline version {version})", lang,
                            file=d["application"], verdict=_verdict(d["verdict"], lang), id=d["id"],
                            version=d["guideline"]))
    return "\n".join(lines)


def decided(d: dict) -> str:
    lang = _lang(d)
    if d["decision"] == "deny":
        return tr("application {id}: denied on {date} by {by} ({reason})", lang, id=d["id"], date=d["date"],
                  by=d["by"], reason=d["reason"])
    extra = tr("; override: {reason}", lang, reason=d["reason"]) if d["override"] else ""
    return (tr("application {id}: granted {amount} on {date} by {by}", lang, id=d["id"], amount=_kr(d["amount"]),
               date=d["date"], by=d["by"]) + extra + "\n"
            + tr("the fund has {balance} left to grant", lang, balance=_kr(d["balance"])))


def paid(d: dict) -> str:
    f = d["figures"]
    return tr("application {id}: paid {amount} on {date}; {paid} of {granted} paid, {unpaid} unpaid", _lang(d),
              id=d["id"], amount=_kr(d["amount"]), date=d["date"], paid=_kr(f["paid"]), granted=_kr(f["granted"]),
              unpaid=_kr(f["unpaid"]))


_COLUMNS = (("granted", mark("granted")), ("paid", mark("paid")), ("repaid", mark("repaid")),
            ("waived", mark("waived")), ("written_down", mark("written down")), ("outstanding", mark("outstanding")),
            ("unpaid", mark("committed")), ("balance", mark("balance")))


def status(d: dict) -> str:
    lang = _lang(d)
    head = [tr("year", lang)] + [tr(label, lang) for _, label in _COLUMNS]
    rows = [head]
    for y in d["years"]:
        m, end = y["movements"], y["at_end"]
        rows.append([str(y["year"])] + [_kr(m[k]) for k in ("granted", "paid", "repaid", "waived", "written_down")]
                    + [_kr(end[k]) for k in ("outstanding", "unpaid", "balance")])
    t = d["total"]
    rows.append([tr("in all", lang)] + [_kr(t[k]) for k, _ in _COLUMNS])
    widths = [max(len(r[i]) for r in rows) for i in range(len(head))]
    lines = [tr("{fund}: capital {capital}", lang, fund=d["fund"], capital=_kr(t["capital"]))]
    for r in rows:
        lines.append("  ".join(c.ljust(w) if i == 0 else c.rjust(w) for i, (c, w) in enumerate(zip(r, widths))).rstrip())
    a, dec = d["applications"], d["decisions"]
    lines.append(tr("applications: {accepted} accepted, {incomplete} incomplete, {rejected} rejected; "
                    "decisions: {granted} granted, {denied} denied", lang, accepted=a["accepted"],
                    incomplete=a["incomplete"], rejected=a["rejected"], granted=dec["grant"], denied=dec["deny"]))
    lines.append(tr("(movements in each year; outstanding, committed (granted, not yet paid) and balance at the "
                    "year's end)", lang))
    from .oversight import render as oversight
    lines.extend(oversight(d, d.get("lang")))
    if d.get("pots"):
        from .pots_render import pots
        lines += pots(d["pots"], lang)
    return "\n".join(lines)


#: a journal row's kind as ``show`` writes it (``tr`` it)
_KIND = {"capital": mark("capital"), "grant": mark("grant"), "payment": mark("payment"),
         "repayment": mark("repayment"), "waiver": mark("waiver"), "writedown": mark("write-down"),
         "reversal": mark("reversal")}
#: a finding's outcome as ``show`` writes it (``tr`` it)
_OUTCOME = {"pass": mark("pass"), "fail": mark("fail"), "undecided": mark("undecided")}


def _word(table: dict, key, lang: str) -> str:
    return tr(table[key], lang) if key in table else str(key)


def kind_word(kind: str, lang: str | None) -> str:
    """A journal row's kind (``payment``) as a text in ``lang`` shows it (``utbetalning``)."""
    return _word(_KIND, kind, shown(lang))


def show(d: dict) -> str:
    from ..report.render import strength_word
    lang = _lang(d)
    rec = d["recorded"]
    lines = [tr("application {id}: {title}", lang, id=d["id"], title=d["title"] or d["file"]),
             "  " + tr("file {file}, submitted {date} (recorded {at} by {by})", lang, file=d["file"],
                       date=d["submitted"], at=rec["at"], by=rec["by"]),
             "  " + tr("applied for {amount}; checked with guideline version {version}: {verdict}", lang,
                       amount=_kr(d["amount"]), version=d["guideline"], verdict=_verdict(d["verdict"], lang))]
    wide = max([9] + [len(tr(w, lang)) for w in _OUTCOME.values()])
    for f in d["check"].get("findings", []):
        if f["outcome"] != "pass":
            lines.append(f"    {_word(_OUTCOME, f['outcome'], lang):<{wide}} {strength_word(f['strength'], lang):<8} "
                         f"{f['rule']}  ({f['clause']}, " + tr("line {line}", lang, line=f["line"]) + ")")
    dec = d["decision"]
    if dec is None:
        lines.append("  " + tr("not decided yet", lang))
    elif dec["kind"] == "deny":
        lines.append("  " + tr("denied on {date} by {by}: {reason}", lang, date=dec["date"], by=dec["by"],
                               reason=dec["reason"]))
    else:
        extra = " " + tr("(override: {reason})", lang, reason=dec["reason"]) if dec["override"] else ""
        if dec.get("pot"):
            extra += " " + tr("from the pot {pot}", lang, pot=dec["pot"])
        lines.append("  " + tr("granted {amount} on {date} by {by}", lang, amount=_kr(dec["amount"]), date=dec["date"],
                               by=dec["by"]) + extra)
    kind_wide = max([10] + [len(tr(w, lang)) for w in _KIND.values()])
    for r in d["journal"]:
        lines.append(f"    {r['date']}  {_word(_KIND, r['kind'], lang):<{kind_wide}} {_kr(r['amount']):>16}  "
                     + tr("by {by}", lang, by=r["by"]))
    f = d["figures"]
    lines.append("  " + tr("paid {paid} of {granted}; outstanding {outstanding}", lang, paid=_kr(f["paid"]),
                           granted=_kr(f["granted"]), outstanding=_kr(f["outstanding"])))
    return "\n".join(lines)


#: the log's details that are amounts of öre, shown in kronor
_MONEY_KEYS = ("capital", "grant", "amount")
#: the log's details as its text names them (``tr`` it); JSON keeps the keys
_LOG_KEYS = {"file": mark("file"), "capital": mark("capital"), "application": mark("application"),
             "verdict": mark("verdict"), "grant": mark("grant"), "reason": mark("reason"),
             "override": mark("override"), "pot": mark("pot"), "amount": mark("amount"), "date": mark("date"),
             "booked": mark("booked"), "user": mark("user"), "role": mark("role")}


def _log_value(key: str, value, lang: str) -> str:
    if key in _MONEY_KEYS and isinstance(value, int) and not isinstance(value, bool):
        return _kr(value)
    if value is True:
        return tr("yes", lang)
    if key == "verdict":
        return _verdict_word(value, lang)
    return str(value)


def _verdict_word(verdict, lang: str) -> str:
    from ..report.render import verdict_word
    return verdict_word(verdict, lang)


def log(rows: list[dict], lang: str | None = None) -> str:
    lang = shown(lang) if lang else current()
    out = []
    for r in rows:
        detail = ", ".join(f"{_word(_LOG_KEYS, k, lang)}={_log_value(k, v, lang)}"
                           for k, v in r.items()
                           if k not in ("id", "at", "by", "command", "guideline") and v not in (None, False))
        out.append(f"{r['id']:>5}  {r['at']}  {r['by']}  {r['command']}  {detail}")
    return "\n".join(out)


def imported(d: dict) -> str:
    return tr("made the register {register} from the export: {guidelines} guideline versions, {applications} "
              "applications, {decisions} decisions, {journal} journal rows", _lang(d), register=d["register"],
              guidelines=d["guidelines"], applications=d["applications"], decisions=d["decisions"],
              journal=d["journal"])


def outcome(d: dict) -> str:
    lang = d["lang"]
    kinds = {"repayment": tr("repayment", lang), "waiver": tr("waiver", lang), "writedown": tr("write-down", lang),
             "reversal": tr("reversal", lang)}
    lines = [tr("application {id}: outcome file {file} booked on {date} by {by} (outcome file {n} for it)", lang,
                id=d["id"], file=d["file"], date=d["date"], by=d["by"], n=d["outcomes"])]
    if not d["booked"]:
        lines.append("  " + tr("nothing to book: the journal already holds what this outcome gives", lang))
    for r in d["booked"]:
        what = kinds[r["kind"]] + (f" ({tr('of row {row}', lang, row=r['reverses'])})" if r["kind"] == "reversal" else "")
        lines.append(f"    {r['date']}  {what:<24} {_kr(r['amount']):>16}" + (f"  {r['from']}" if r.get("from") else ""))
    f = d["figures"]
    lines.append("  " + tr("paid {paid}: repaid {repaid}, waived {waived}, written down {written_down}, "
                           "outstanding {outstanding}", lang, paid=_kr(f["paid"]), repaid=_kr(f["repaid"]),
                           waived=_kr(f["waived"]), written_down=_kr(f["written_down"]),
                           outstanding=_kr(f["outstanding"])))
    if d["written_down_by"] and f["written_down"]:
        lines.append("  " + tr("the write-down is carried by {who}", lang, who=d["written_down_by"]))
    for note in d["notes"]:
        lines.append("  " + note)
    return "\n".join(lines)
