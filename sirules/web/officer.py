"""The officer's desk, behind a login: the round's applications with their verdicts and filters,
one application (its findings, decision and money), decide and pay, the fund's status by year,
and ``compare`` of the guidelines served. Every read and write is the register's own function
(the same ``sirules fund`` calls); this module holds no money logic.

The session is a signed cookie (Starlette's SessionMiddleware, itsdangerous) holding the user's
name and role; every form carries the session's CSRF token (:func:`pages.read_form`).
"""

from __future__ import annotations

import datetime

from ..language.diagnostics import SirulesError, error
from .pages import csrf_token, read_form
from .templating import page


def engine(app):
    """The register's engine, opened (and migrated) once per application."""
    if getattr(app.state, "engine", None) is None:
        from ..register import database
        app.state.engine = database.open_register(app.state.register)
    return app.state.engine


def _user(request):
    return request.session.get("user")


def _redirect(url: str):
    from starlette.responses import RedirectResponse
    return RedirectResponse(url, status_code=303)


def _lang(request) -> str:
    cat = request.app.state.catalogue
    langs = [s.lang for s in cat]
    return max(set(langs), key=langs.count) if langs else "sv"


def _page(request, name: str, status: int = 200, **values):
    return page(name, status=status, lang=_lang(request), user=_user(request), csrf=csrf_token(request), **values)


def _problem_page(request, exc, status: int = 400):
    from .problems import STATUS
    return _page(request, "error.html", status=STATUS.get(exc.diagnostics[0].code, status),
                 diagnostics=exc.diagnostics)


def needs_login(handler):
    async def endpoint(request):
        if not _user(request):
            return _redirect("/officer/login")
        try:
            return await handler(request)
        except SirulesError as exc:
            return _problem_page(request, exc)
    endpoint.__name__ = handler.__name__
    return endpoint


def _officer(request) -> str:
    user = _user(request)
    if user.get("role") != "officer":
        raise SirulesError([error("SIR636", f"{user['user']} may read but not decide or pay (role {user['role']})",
                                  hint="an officer's account is needed: sirules fund user add NAME --role officer")])
    return user["user"]


async def login(request):
    return _page(request, "login.html")


async def login_post(request):
    from ..register import users
    try:
        form = await read_form(request)
    except SirulesError as exc:
        return _problem_page(request, exc)
    found = users.check_password(engine(request.app), form.get("name", ""), form.get("password", ""))
    if found is None:
        return _page(request, "login.html", status=401, failed=True)
    request.session.clear()
    request.session["user"] = found
    return _redirect("/officer")


async def logout(request):
    try:
        await read_form(request)
    except SirulesError as exc:
        return _problem_page(request, exc)
    request.session.clear()
    return _redirect("/officer/login")


@needs_login
async def desk(request):
    from ..register import listing
    q = request.query_params
    verdict = q.get("verdict") if q.get("verdict") in ("accepted", "incomplete", "rejected") else None
    decision = q.get("decision") if q.get("decision") in listing.DECISIONS else None
    text = (q.get("text") or "")[:200] or None
    rows = listing.applications(engine(request.app), verdict, decision, text)
    return _page(request, "desk.html", rows=rows, verdict=verdict or "", decision=decision or "", text=text or "")


def _app_id(request) -> int:
    raw = request.path_params["id"]
    if not raw.isdigit() or len(raw) > 12:
        raise SirulesError([error("SIR604", f"there is no application {raw[:20]!r} in the register")])
    return int(raw)


@needs_login
async def application(request):
    from ..register import status
    from .dossier import pdf_available
    shown = status.show(engine(request.app), _app_id(request))
    return _page(request, "application.html", a=shown, today=datetime.date.today().isoformat(),
                 pdf=pdf_available())


def money(text: str, what: str) -> int:
    from ..language.money import parse_money
    try:
        return parse_money(text)
    except (SirulesError, ValueError, ArithmeticError):
        raise SirulesError([error("SIR606", f"{what} {text[:40]!r} is not an amount",
                                  hint='write it as in the language, e.g. "1 500 000 kr" or "1,5 mnkr"')]) from None


def day(text: str | None) -> datetime.date:
    if not text:
        return datetime.date.today()
    try:
        return datetime.date.fromisoformat(text)
    except ValueError:
        raise SirulesError([error("SIR606", f"{text[:20]!r} is not a date", hint="write YYYY-MM-DD")]) from None


@needs_login
async def decide(request):
    from ..register import decisions
    form = await read_form(request)
    app_id = _app_id(request)
    by = _officer(request)
    grant = None if form.get("kind") == "deny" else money(form.get("amount", ""), "the grant")
    decisions.decide(engine(request.app), app_id, grant, form.get("reason") or None, day(form.get("date")), by,
                     override=form.get("override") == "yes")
    return _redirect(f"/officer/applications/{app_id}")


@needs_login
async def pay(request):
    from ..register import decisions
    form = await read_form(request)
    app_id = _app_id(request)
    by = _officer(request)
    decisions.pay(engine(request.app), app_id, money(form.get("amount", ""), "the amount"), day(form.get("date")), by)
    return _redirect(f"/officer/applications/{app_id}")


@needs_login
async def fund_status(request):
    from markupsafe import Markup
    from ..register import status
    from .dossier import balance_chart
    s = status.status(engine(request.app))
    chart = balance_chart(s, _lang(request))
    response = _page(request, "status.html", s=s, chart=Markup(chart) if chart else None)
    # the chart's SVG (drawn by report.charts, no text of a user's in it) styles its shapes inline
    response.headers["Content-Security-Policy"] = ("default-src 'self'; style-src 'self' 'unsafe-inline'; "
                                                   "script-src 'self'; frame-ancestors 'none'")
    return response


@needs_login
async def compare(request):
    """The structural table of the chosen guidelines and, below it, the behaviour matrix: the
    register's applications (the newest 200) through each of them."""
    from starlette.responses import HTMLResponse
    from .. import compare as comparing
    from ..compare.html import to_html
    from ..compare.render import document
    cat = request.app.state.catalogue
    chosen = [i for i in request.query_params.getlist("g") if i in cat.entries][:8]
    if len(chosen) < 2:
        return _page(request, "compare.html", guidelines=list(cat), chosen=chosen)
    subjects = [comparing.Subject(i, cat.get(i).path, None, cat.get(i).compiled) for i in chosen]
    comparison = comparing.compare(subjects)
    doc = document("structure", comparison, "auto", 100, False)
    doc += _behaviour(engine(request.app), subjects)
    html = to_html(doc, comparison.lang)
    return HTMLResponse(html, headers={"Content-Security-Policy": "default-src 'none'; style-src 'unsafe-inline'",
                                       "X-Content-Type-Options": "nosniff"})


def _behaviour(register, subjects) -> list:
    import os
    import tempfile
    from .. import compare as comparing
    from ..compare.render import document
    from ..register import listing
    rows = listing.texts(register)
    if not rows:
        return []
    with tempfile.TemporaryDirectory(prefix="sirules-compare-") as folder:
        paths = []
        for ident, name, text in rows:
            path = os.path.join(folder, f"{ident}-{os.path.basename(name)}")
            with open(path, "w", encoding="utf-8") as fh:
                fh.write(text)
            paths.append(path)
        matrix = comparing.behaviour(subjects, paths)
        return document("behaviour", matrix, "auto", 100, False)


def routes() -> list:
    from starlette.routing import Route
    from . import dossier, register_api
    return [
        Route("/officer/login", login, methods=["GET"]),
        Route("/officer/login", login_post, methods=["POST"]),
        Route("/officer/logout", logout, methods=["POST"]),
        Route("/officer", desk, methods=["GET"]),
        Route("/officer/applications/{id}", application, methods=["GET"]),
        Route("/officer/applications/{id}/decide", decide, methods=["POST"]),
        Route("/officer/applications/{id}/pay", pay, methods=["POST"]),
        Route("/officer/status", fund_status, methods=["GET"]),
        Route("/officer/compare", compare, methods=["GET"]),
        *dossier.routes(),
        *register_api.routes(),
    ]


def openapi_paths() -> dict:
    from . import register_api
    return register_api.openapi_paths()
