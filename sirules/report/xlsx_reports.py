"""The reports of ``check``, ``obligations``, ``calc`` and ``compare`` as Excel workbooks
(``--format xlsx``), made from the same plain data as their JSON (``to_json``), so that a workbook
says what the JSON says: amounts in kronor with the kronor number format (not öre), a heading per
column in the guideline's language, every text through the cell-neutralising function, and for the
calculation native Excel charts (openpyxl.chart) of the investment hump and the cash flows.
"""

from __future__ import annotations

from ..language.i18n import mark, tr
from .workbook import KRONOR, heading_row, new_workbook, put, put_money, to_bytes

#: column headings, by the JSON key they show (an amount's key without its ``_ore``)
HEADINGS = {
    "application": mark("application"), "guideline": mark("guideline"), "verdict": mark("verdict"),
    "score": mark("score"), "date": mark("date"), "rule": mark("rule"), "strength": mark("strength"),
    "outcome": mark("outcome"), "label": mark("label"), "clause": mark("clause"), "line": mark("line"),
    "message": mark("message"), "passed": mark("passed"), "failed": mark("failed"),
    "undecided": mark("undecided"), "warnings": mark("warnings"), "error": mark("error"),
    "year": mark("year"), "payer": mark("payer"), "payee": mark("payee"), "amount": mark("amount"),
    "kind": mark("kind"), "basis": mark("basis"), "actor": mark("actor"), "cost": mark("cost"),
    "saving": mark("saving"), "net": mark("net"), "npv": mark("net present value"),
    "cumulative": mark("cumulative net"), "success_percent": mark("success (%)"),
    "payback_year": mark("payback year"), "hump_year": mark("year of the hump"), "hump": mark("hump"),
    "view": mark("view"), "total": mark("total"), "code": mark("code"),
    "npv_municipal": mark("net present value, the municipality"), "npv_society": mark("net present value, society"),
    "net_municipal": mark("net, the municipality"), "net_society": mark("net, society"),
    "cumulative_municipal": mark("cumulative net, the municipality"),
    "cumulative_society": mark("cumulative net, society"),
}
SHEETS = {
    "summary": mark("Summary"), "findings": mark("Findings"), "schedule": mark("Schedule"),
    "totals": mark("Totals"), "rows": mark("Per actor and year"), "views": mark("Net present value"),
    "sensitivity": mark("Sensitivity"), "charts": mark("Charts"), "errors": mark("Errors"),
}


def _heading(key: str, lang) -> str:
    base = key.removesuffix("_ore")
    text = tr(HEADINGS[base], lang) if base in HEADINGS else base
    return f"{text} (kr)" if key.endswith("_ore") else text


def table_sheet(wb, title: str, rows: list[dict], keys: list[str], lang, widths=None):
    """A sheet of ``rows`` (dicts), a column per key; a key ending in ``_ore`` is an amount in kronor."""
    ws = wb.create_sheet(title[:31])
    heading_row(ws, [_heading(k, lang) for k in keys], widths=widths or [max(12, min(60, len(k) * 2)) for k in keys])
    for r, row in enumerate(rows, 2):
        for c, k in enumerate(keys, 1):
            v = row.get(k)
            if v is None:
                continue
            if k.endswith("_ore") and isinstance(v, int):
                put_money(ws, r, c, v)
            else:
                put(ws, r, c, v if isinstance(v, (int, float, str, bool)) else str(v))
    return ws


def _sheet(key: str, lang) -> str:
    return tr(SHEETS[key], lang)


# -- check -----------------------------------------------------------------------------------------

def check_workbook(docs: list[dict], lang) -> bytes:
    """``sirules check --format xlsx``: a summary sheet (a row per application) and a findings sheet
    (a row per finding); ``docs`` are the results' JSON (an application that could not be read has
    an ``error``)."""
    wb = new_workbook()
    summary, findings = [], []
    for d in docs:
        if "error" in d:
            summary.append({"application": d["application"], "error": d["error"].get("message")})
            continue
        counts = {"pass": 0, "fail": 0, "undecided": 0}
        for f in d.get("findings", []):
            counts[f["outcome"]] = counts.get(f["outcome"], 0) + 1
            findings.append({"application": d["application"], **f})
        summary.append({"application": d["application"], "guideline": d.get("title"), "date": d.get("date"),
                        "verdict": d["verdict"], "score": d.get("score"), "passed": counts["pass"],
                        "failed": counts["fail"], "undecided": counts["undecided"],
                        "warnings": len(d.get("warnings", [])), "error": None})
    table_sheet(wb, _sheet("summary", lang), summary,
                ["application", "guideline", "date", "verdict", "score", "passed", "failed", "undecided", "warnings",
                 "error"], lang, widths=[40, 40, 12, 12, 8, 8, 8, 10, 10, 40])
    table_sheet(wb, _sheet("findings", lang), findings,
                ["application", "rule", "strength", "outcome", "label", "clause", "line", "message"], lang,
                widths=[40, 24, 10, 10, 50, 28, 8, 80])
    return to_bytes(wb)


# -- obligations -----------------------------------------------------------------------------------

_TOTAL_KEYS = ("invested_ore", "repaid_ore", "waived_ore", "written_down_ore", "outstanding_ore", "interest_ore",
               "outcome_paid_ore")


def obligations_workbook(docs: list[dict], total: dict | None, lang) -> bytes:
    """``sirules obligations --format xlsx``: the schedule (planned and realised, a row per payment)
    and the totals per application (and of all, with several)."""
    wb = new_workbook()
    rows, totals = [], []
    for d in docs:
        for basis in (d, d.get("realised")):
            if not basis:
                continue
            for ln in basis.get("schedule", []):
                rows.append({"application": d["application"], "basis": basis.get("basis", "planned"), **ln})
        totals.append({"application": d["application"], **{k: d.get(k) for k in _TOTAL_KEYS}})
    if total is not None:
        totals.append({"application": tr(HEADINGS["total"], lang), **{k: total.get(k) for k in _TOTAL_KEYS}})
    table_sheet(wb, _sheet("schedule", lang), rows,
                ["application", "basis", "year", "kind", "payer", "payee", "amount_ore", "clause", "line"], lang,
                widths=[36, 10, 8, 16, 36, 36, 18, 24, 8])
    table_sheet(wb, _sheet("totals", lang), totals, ["application", *_TOTAL_KEYS], lang,
                widths=[36, *([18] * len(_TOTAL_KEYS))])
    return to_bytes(wb)


# -- calc ------------------------------------------------------------------------------------------

def calc_workbook(doc: dict, lang) -> bytes:
    """``sirules calc --format xlsx``: per actor and year, the two views (net present value, payback,
    the hump) with their yearly nets, the sensitivity, and a sheet of charts: the cumulative net
    (the hump) and the yearly cash flows, as native Excel charts over the cells."""
    wb = new_workbook()
    rows = [{**r, "net_ore": r.get("saving_ore", 0) - r.get("cost_ore", 0)} for r in doc["rows"]]
    table_sheet(wb, _sheet("rows", lang), rows, ["actor", "kind", "year", "cost_ore", "saving_ore", "net_ore"], lang,
                widths=[40, 18, 8, 18, 18, 18])
    views = [{"view": tr(name, lang), "npv_ore": doc[key]["npv_ore"], "payback_year": doc[key]["payback_year"],
              "hump_year": doc[key]["hump_year"], "hump_ore": doc[key]["hump_ore"]}
             for key, name in (("municipal", mark("the municipality")), ("society", mark("society")))]
    ws = table_sheet(wb, _sheet("views", lang), views, ["view", "npv_ore", "payback_year", "hump_year", "hump_ore"],
                     lang, widths=[24, 20, 14, 14, 20])
    flows = ws.parent.create_sheet(_sheet("charts", lang))
    _flows_table(flows, doc, lang)
    sens = [{"success_percent": s["success_percent"], "npv_municipal_ore": s["municipal"]["npv_ore"],
             "npv_society_ore": s["society"]["npv_ore"], "payback_year": s["society"]["payback_year"]}
            for s in doc.get("sensitivity", [])]
    table_sheet(wb, _sheet("sensitivity", lang), sens,
                ["success_percent", "npv_municipal_ore", "npv_society_ore", "payback_year"], lang,
                widths=[12, 28, 28, 14])
    return to_bytes(wb)


def _flows_table(ws, doc: dict, lang) -> None:
    """The yearly nets and cumulative nets of both views, and the two charts made over them."""
    from openpyxl.chart import BarChart, LineChart, Reference
    heads = ["year", "net_municipal_ore", "net_society_ore", "cumulative_municipal_ore", "cumulative_society_ore"]
    heading_row(ws, [_heading(h, lang) for h in heads], widths=[8, 22, 22, 26, 26])
    mun = {y["year"]: y for y in doc["municipal"]["by_year"]}
    soc = {y["year"]: y for y in doc["society"]["by_year"]}
    years = sorted(set(mun) | set(soc))
    for r, year in enumerate(years, 2):
        put(ws, r, 1, year)
        for c, (view, key) in enumerate(((mun, "net_ore"), (soc, "net_ore"), (mun, "cumulative_ore"),
                                         (soc, "cumulative_ore")), 2):
            if year in view:
                put_money(ws, r, c, view[year][key])
    last = len(years) + 1
    cats = Reference(ws, min_col=1, min_row=2, max_row=last)
    for chart, title, first_col, anchor in ((BarChart(), tr("Cash flows per year", lang), 2, "G2"),
                                            (LineChart(), tr("Cumulative net (the investment hump)", lang), 4, "G21")):
        chart.title = title
        chart.y_axis.title = "kr"
        chart.y_axis.number_format = KRONOR
        chart.add_data(Reference(ws, min_col=first_col, max_col=first_col + 1, min_row=1, max_row=last),
                       titles_from_data=True)
        chart.set_categories(cats)
        chart.width, chart.height = 18, 9
        ws.add_chart(chart, anchor)


# -- compare ---------------------------------------------------------------------------------------

def compare_workbook(header: list[str], rows: list[list], title: str, lang) -> bytes:
    """``sirules compare --format xlsx``: the comparison's table (the rows of its CSV) on one sheet."""
    wb = new_workbook()
    ws = wb.create_sheet((title or "compare")[:31].replace("/", "-"))
    heading_row(ws, header, widths=[30] + [40] * (len(header) - 1))
    for r, row in enumerate(rows, 2):
        for c, v in enumerate(row, 1):
            if v is not None and v != "":
                put(ws, r, c, v)
    return to_bytes(wb)
