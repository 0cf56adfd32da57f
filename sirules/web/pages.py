"""The applicant's pages (no login): the guidelines, one guideline as a readable page, and its
application form, which is checked as it is filled in (``static/form.js`` calls ``POST
/api/v1/check``) and, without JavaScript, each time its button is pressed."""

from __future__ import annotations

import secrets

from ..language.diagnostics import SirulesError, error
from . import bodies, formdata
from .templating import page

MAX_FORM = 1024 * 1024


def csrf_token(request) -> str:
    token = request.session.get("csrf")
    if not token:
        token = request.session["csrf"] = secrets.token_urlsafe(24)
    return token


async def read_form(request, files: int = 0) -> dict:
    """The posted form (at most :data:`MAX_FORM` bytes, read as a stream, so a body without a
    declared length is held to it too), its CSRF token checked (SIR635). With ``files``, up to that
    many uploaded files are kept too, each as (its file name, its bytes)."""
    request._body = await bodies.read(request.headers.get("content-length"), request.stream(), MAX_FORM,
                                      bodies.too_large(MAX_FORM, "the form", "shorten the texts of the parts"))
    form = await request.form(max_files=files, max_fields=2000)
    data = {k: v for k, v in form.multi_items() if isinstance(v, str)}
    for k, v in form.multi_items():
        if files and not isinstance(v, str) and v.filename:
            data[k] = (v.filename, await v.read())
    sent = data.get("csrf", "")
    if not sent or not secrets.compare_digest(sent, request.session.get("csrf", "")):
        raise SirulesError([error("SIR635", "the form's security token is missing or out of date",
                                  hint="reload the page and send the form again")])
    return data


def _lang(request, default: str = "sv") -> str:
    lang = request.query_params.get("lang")
    return lang if lang in ("sv", "en") else default


async def index(request):
    cat = request.app.state.catalogue
    langs = [s.lang for s in cat]
    lang = _lang(request, max(set(langs), key=langs.count) if langs else "sv")
    return page("index.html", lang=lang, guidelines=list(cat), register=request.app.state.register)


def _served(request):
    return request.app.state.catalogue.get(request.path_params["id"])


def _not_found(request, exc):
    return page("error.html", status=404, lang=_lang(request), diagnostics=exc.diagnostics)


async def guideline(request):
    try:
        served = _served(request)
    except SirulesError as exc:
        return _not_found(request, exc)
    g = served.model
    by_section: dict = {}
    loose = []
    for r in g.rules:
        if r.origin.section is None:
            loose.append(r)
        else:
            by_section.setdefault(r.origin.section, []).append(r)
    return page("guideline.html", lang=served.lang, served=served, g=g, by_section=by_section, loose=loose)


def panel(catalogue, served, raw: dict) -> dict:
    """What the form shows beside it: the result with suggestions, or the problems reading it."""
    from .checking import check_item
    try:
        doc = check_item(catalogue, {"guideline": served.id, "application": raw, "name": "<form>", "suggest": True})
    except SirulesError as exc:
        return {"problems": exc.diagnostics}
    return {"result": doc}


def _form_values(data: dict, served) -> tuple[dict, int, int]:
    """(values, participants, budget rows) to fill the form in again."""
    n = formdata.participant_count(data)
    rows = sum(1 for i in range(formdata.MAX_BUDGET_ROWS) if f"b.year.{i}" in data)
    return data, n, max(rows, 1)


async def form(request):
    try:
        served = _served(request)
    except SirulesError as exc:
        return _not_found(request, exc)
    values = {"participants": "1"}
    return _render_form(request, served, values, None, 1, 3)


def _render_form(request, served, values, shown, partners, rows, receipt=None, status=200):
    return page("form.html", status=status, lang=served.lang, served=served, sk=served.skeleton, values=values,
                partners=partners, rows=rows, shown=shown, csrf=csrf_token(request), receipt=receipt,
                register=request.app.state.register)


async def form_post(request):
    try:
        served = _served(request)
    except SirulesError as exc:
        return _not_found(request, exc)
    try:
        data = await read_form(request)
    except SirulesError as exc:
        return page("error.html", status=403 if exc.diagnostics[0].code == "SIR635" else 413,
                    lang=served.lang, diagnostics=exc.diagnostics)
    action = data.get("action", "check")
    values, partners, rows = _form_values(data, served)
    if action == "add_participant":
        partners = min(partners + 1, formdata.MAX_PARTICIPANTS)
    elif action.startswith("remove_participant:"):
        values, partners = _remove_participant(values, action.split(":", 1)[1], partners)
    elif action == "add_budget_row":
        rows = min(rows + 1, formdata.MAX_BUDGET_ROWS)
    values = {**values, "participants": str(partners)}
    raw = formdata.application(values, served.skeleton, served.facts)
    if action == "download":
        from starlette.responses import Response
        return Response(formdata.to_toml(raw, served.title), media_type="application/toml",
                        headers={"Content-Disposition": f'attachment; filename="{served.id}-application.toml"'})
    receipt = None
    if action == "submit" and request.app.state.register:
        from .officer import engine
        from .submitting import submit
        try:
            receipt = submit(engine(request.app), raw, served)
        except SirulesError as exc:
            return page("error.html", status=422, lang=served.lang, diagnostics=exc.diagnostics)
    return _render_form(request, served, values, panel(request.app.state.catalogue, served, raw), partners, rows,
                        receipt)


def _remove_participant(values: dict, which: str, partners: int):
    if not which.isdigit() or int(which) >= partners:
        return values, partners
    gone = int(which)
    out = {k: v for k, v in values.items() if not k.startswith("p.")}
    for k, v in values.items():
        if k.startswith("p."):
            _, i, field = k.split(".", 2)
            if not i.isdigit() or int(i) == gone:
                continue
            j = int(i) - (int(i) > gone)
            out[f"p.{j}.{field}"] = v
    return out, partners - 1


def routes() -> list:
    from starlette.routing import Route
    return [
        Route("/", index, methods=["GET"]),
        Route("/guidelines/{id}", guideline, methods=["GET"]),
        Route("/guidelines/{id}/form", form, methods=["GET"]),
        Route("/guidelines/{id}/form", form_post, methods=["POST"]),
    ]
