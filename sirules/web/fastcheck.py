"""``POST /api/v1/check`` as a bare ASGI endpoint: the hot path of the service.

The check needs no session, no CSRF token, no routing table and no request object: the request
is read (within :data:`.api.MAX_BODY`), checked and answered with two ASGI messages. Errors are
the same problem documents as on every other API address (:mod:`.problems`). Everything else of
the application (pages, officer's desk, the other API addresses) goes through Starlette, with
its middleware, as before.
"""

from __future__ import annotations

from ..language.diagnostics import SirulesError
from . import api, bodies, checking, problems

PATH = "/api/v1/check"


def is_check(scope) -> bool:
    """The request is ``POST /api/v1/check`` (below the application's root path, if any)."""
    if scope["type"] != "http" or scope["method"] != "POST":
        return False
    path, root = scope["path"], scope.get("root_path", "")
    if root and path.startswith(root):
        path = path[len(root):]
    return path == PATH


async def handle(app, scope, receive, send) -> None:
    try:
        body = await _read(scope, receive, api.MAX_BODY)
        if isinstance(body, list) and len(body) > api.MAX_ITEMS:
            raise api._too_large_list(len(body))
        doc, _ = checking.check_body(app.state.catalogue, body)
    except SirulesError as exc:
        await problems.response(exc)(scope, receive, send)
        return
    from ..report.render import to_json
    text = (to_json(doc) + "\n").encode("utf-8")
    await send({"type": "http.response.start", "status": 200,
                "headers": [(b"content-length", str(len(text)).encode()), (b"content-type", api.JSON.encode())]})
    await send({"type": "http.response.body", "body": text})


async def _read(scope, receive, most: int):
    """The body as JSON, at most ``most`` bytes (SIR633), well formed (SIR632); as :func:`.api.read_json`."""
    declared = next((value for name, value in scope["headers"] if name == b"content-length"), None)
    return bodies.as_json(await bodies.read(declared, bodies.received(receive), most))
