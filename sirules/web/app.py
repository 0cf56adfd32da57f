"""The Starlette application of ``sirules serve``: the guidelines are loaded once, here."""

from __future__ import annotations

import os
import secrets


def create_app(paths: list[str], register: str | None = None, secret: str | None = None):
    """The ASGI application serving the guidelines in ``paths`` (files or folders), with the
    register at ``register`` (a path or URL) for submitting and the officer's desk."""
    from starlette.middleware import Middleware
    from starlette.middleware.sessions import SessionMiddleware
    from starlette.routing import Mount
    from starlette.staticfiles import StaticFiles
    from . import api, catalogue, pages
    cat = catalogue.load(paths)
    if register is not None:
        from ..register import locate
        register = locate.to_url(register)
    secret = secret or os.environ.get("SIRULES_SECRET") or secrets.token_urlsafe(32)
    routes = [*api.routes(), *pages.routes(),
              Mount("/static", StaticFiles(directory=os.path.join(os.path.dirname(__file__), "static")),
                    name="static")]
    extra = []
    if register is not None:
        from . import officer
        routes[:0] = officer.routes()
        extra = officer.openapi_paths()
    app = _app_class()(routes=routes, exception_handlers={404: _not_found}, middleware=[
        Middleware(SessionMiddleware, secret_key=secret, session_cookie="sirules_session",
                   same_site="strict", https_only=False, max_age=8 * 3600)])
    app.state.catalogue = cat
    app.state.register = register
    app.state.extra_openapi = dict(extra)
    return app


def from_environment():
    """The application of one worker of ``sirules serve --workers N`` (uvicorn's factory): the
    guidelines and register named in ``SIRULES_SERVE``, the secret shared in ``SIRULES_SECRET``."""
    import gc
    import json
    spec = json.loads(os.environ["SIRULES_SERVE"])
    app = create_app(spec["paths"], spec.get("register"))
    gc.collect()
    gc.freeze()
    return app


def _app_class():
    """Starlette, with ``POST /api/v1/check`` answered before its middleware (:mod:`.fastcheck`)."""
    from starlette.applications import Starlette
    from . import fastcheck

    class App(Starlette):
        async def __call__(self, scope, receive, send):
            if fastcheck.is_check(scope):
                scope["app"] = self
                await fastcheck.handle(self, scope, receive, send)
                return
            await super().__call__(scope, receive, send)
    return App


async def _not_found(request, exc):
    """An unknown address: a problem document under /api/, a page elsewhere."""
    from ..language.diagnostics import SirulesError, error
    from ..language.printable import printable
    problem = SirulesError([error("SIR631", f"nothing is served at {printable(request.url.path)[:200]}",
                                  hint="GET /api/v1/openapi.json describes what is")])
    if request.url.path.startswith("/api/"):
        from . import problems
        return problems.response(problem, 404)
    from .templating import page
    return page("error.html", status=404, lang="sv", diagnostics=problem.diagnostics)
