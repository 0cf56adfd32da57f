"""What the officer's desk adds to one application and to the fund's status: the application's
decision document (the same HTML that ``sirules check --format html`` makes, built from the
application as the register holds it, under the guideline version it was checked with, on the date
whose rules were used; and its PDF when WeasyPrint can be loaded), booking an outcome file (the
register's :func:`sirules.register.outcome.record`, as ``sirules fund outcome`` does) and the
fund's balance by year as a chart (:func:`sirules.report.charts.balance`).
"""

from __future__ import annotations

import os

from ..language.diagnostics import SirulesError, error
from ..language.i18n import tr
from .officer import _app_id, _officer, _page, _lang, day, engine, needs_login
from .pages import read_form

#: the outcome file's formats, as its name ends
FORMATS = ("toml", "json", "yaml", "yml")
#: the decision document is one self-contained page: its CSS inline, nothing fetched
DOCUMENT_CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; frame-ancestors 'none'"


def decision_document(register, app_id: int, fmt: str = "html") -> tuple[str, str | bytes]:
    """(the application's file name, its decision document as HTML text or PDF bytes)."""
    from ..document import write
    from ..register import outcome
    from ..register.service import application_row
    with register.connect() as conn:
        row = application_row(conn, app_id)
        g, app = outcome.application(conn, row)
    _, made = write.document(g, app, row.checked_on, fmt)
    return row.name, made


def pdf_available() -> bool:
    from ..document import pdf
    try:
        pdf._weasyprint()
    except SirulesError:
        return False
    return True


@needs_login
async def document(request):
    from starlette.responses import HTMLResponse
    _, html = decision_document(engine(request.app), _app_id(request))
    return HTMLResponse(html, headers={"Content-Security-Policy": DOCUMENT_CSP, "X-Content-Type-Options": "nosniff"})


@needs_login
async def document_pdf(request):
    from starlette.responses import Response
    name, made = decision_document(engine(request.app), _app_id(request), "pdf")
    stem = "".join(c for c in os.path.splitext(os.path.basename(name))[0] if c.isalnum() or c in "-_") or "decision"
    return Response(made, media_type="application/pdf",
                    headers={"Content-Disposition": f'attachment; filename="{stem}.pdf"',
                             "X-Content-Type-Options": "nosniff"})


@needs_login
async def book_outcome(request):
    """An outcome file, uploaded or pasted, booked for the application; the page shows what was booked."""
    import tempfile
    from ..register import outcome
    form = await read_form(request, files=1)
    app_id = _app_id(request)
    by = _officer(request)
    lang = _lang(request)
    name, text = _outcome_file(form, lang)
    with tempfile.TemporaryDirectory(prefix="sirules-outcome-") as folder:
        path = os.path.join(folder, name)
        with open(path, "wb") as fh:
            fh.write(text)
        booked = outcome.record(engine(request.app), app_id, path, day(form.get("date")), by)
    booked["file"] = name
    return _page(request, "outcome.html", app_id=app_id, booked=booked)


def _outcome_file(form: dict, lang: str) -> tuple[str, bytes]:
    """(a safe file name whose ending gives the format, the file's bytes) from the form."""
    upload = form.get("file")
    if isinstance(upload, tuple) and upload[1].strip():
        name, text = os.path.basename(upload[0].replace("\\", "/")), upload[1]
    else:
        pasted = (form.get("text") or "").strip()
        if not pasted:
            raise SirulesError([error("SIR632", tr("no outcome file was given", lang),
                                      hint=tr("choose a file or paste its text", lang))])
        fmt = form.get("format") if form.get("format") in FORMATS else "toml"
        name, text = f"outcome.{fmt}", pasted.encode("utf-8")
    stem, ext = os.path.splitext(name)
    ext = ext.lstrip(".").lower()
    stem = "".join(c for c in stem if c.isalnum() or c in "-_.")[:80] or "outcome"
    return f"{stem}.{ext if ext in FORMATS else 'toml'}", text


def balance_chart(s: dict, lang: str) -> str | None:
    """The balance at the end of each year of the status ``s`` as inline SVG (None without years,
    or without matplotlib: the table says the same)."""
    if not s["years"]:
        return None
    try:
        import matplotlib  # noqa: F401
    except ImportError:
        return None
    from ..report import charts
    svg = charts.balance({y["year"]: y["at_end"]["balance"] for y in s["years"]}, lang)
    return charts.scoped(svg, "balance")


def routes() -> list:
    from starlette.routing import Route
    return [
        Route("/officer/applications/{id}/document", document, methods=["GET"]),
        Route("/officer/applications/{id}/document.pdf", document_pdf, methods=["GET"]),
        Route("/officer/applications/{id}/outcome", book_outcome, methods=["POST"]),
    ]
