"""The register's reads and writes over HTTP, for officers' programs: ``Authorization: Bearer
TOKEN`` (``sirules fund user token NAME``). Each answer is what ``sirules fund … --format json``
prints; writes need the ``officer`` role (SIR636), any request a known token (SIR634)."""

from __future__ import annotations

from ..language.diagnostics import SirulesError, error
from .api import _answer, errors, read_json
from .checking import bad_request


def _caller(request, write: bool = False) -> str:
    from ..register import users
    from .officer import engine
    header = request.headers.get("authorization", "")
    token = header[7:].strip() if header.lower().startswith("bearer ") else ""
    found = users.for_token(engine(request.app), token) if token and len(token) < 200 else None
    if found is None:
        raise SirulesError([error("SIR634", "the request has no valid API token",
                                  hint="send 'Authorization: Bearer TOKEN'; make one with sirules fund user token NAME")])
    if write and found["role"] != "officer":
        raise SirulesError([error("SIR636", f"{found['user']} may read but not write (role {found['role']})",
                                  hint="an officer's token is needed")])
    return found["user"]


def _id(request) -> int:
    raw = request.path_params["id"]
    if not raw.isdigit() or len(raw) > 12:
        raise SirulesError([error("SIR604", f"there is no application {raw[:20]!r} in the register")])
    return int(raw)


@errors
async def status(request):
    """``sirules fund status --format json``."""
    from ..register import status as status_
    from .officer import engine
    _caller(request)
    year = request.query_params.get("year")
    return _answer(status_.status(engine(request.app), int(year) if year and year.isdigit() else None))


@errors
async def applications(request):
    """The applications, filtered by ``verdict``, ``decision`` and ``text``."""
    from ..register import listing
    from .officer import engine
    _caller(request)
    q = request.query_params
    return _answer(listing.applications(engine(request.app), q.get("verdict"), q.get("decision"), q.get("text")))


@errors
async def application(request):
    """``sirules fund show ID --format json``."""
    from ..register import status as status_
    from .officer import engine
    _caller(request)
    return _answer(status_.show(engine(request.app), _id(request)))


def _fields(body, allowed: set) -> dict:
    if not isinstance(body, dict):
        raise bad_request("the body is an object", 'e.g. {"grant": "1 500 000 kr"}')
    unknown = sorted(set(body) - allowed)
    if unknown:
        raise bad_request(f"unknown key {unknown[0]!r}", "the keys are: " + ", ".join(sorted(allowed)))
    if not all(isinstance(v, (str, bool)) or v is None for v in body.values()):
        raise bad_request("every value is a text (or true/false for deny and override)")
    return body


@errors
async def decide(request):
    """``sirules fund decide ID --grant AMOUNT | --deny --reason TEXT [--override] --format json``."""
    from ..register import decisions
    from .officer import day, engine, money
    by = _caller(request, write=True)
    body = _fields(await read_json(request, 64 * 1024), {"grant", "deny", "reason", "override", "date"})
    if bool(body.get("deny")) == bool(body.get("grant")):
        raise bad_request("give either grant (an amount) or deny: true")
    grant = None if body.get("deny") else money(str(body["grant"]), "the grant")
    return _answer(decisions.decide(engine(request.app), _id(request), grant, body.get("reason"),
                                    day(body.get("date")), by, override=bool(body.get("override"))))


@errors
async def pay(request):
    """``sirules fund pay ID AMOUNT --date DATE --format json``."""
    from ..register import decisions
    from .officer import day, engine, money
    by = _caller(request, write=True)
    body = _fields(await read_json(request, 64 * 1024), {"amount", "date"})
    if not body.get("amount") or not body.get("date"):
        raise bad_request("a payment needs amount and date", '{"amount": "500 000 kr", "date": "2014-03-01"}')
    return _answer(decisions.pay(engine(request.app), _id(request), money(str(body["amount"]), "the amount"),
                                 day(body["date"]), by))


def routes() -> list:
    from starlette.routing import Route
    return [
        Route("/api/v1/register/status", status, methods=["GET"]),
        Route("/api/v1/register/applications", applications, methods=["GET"]),
        Route("/api/v1/register/applications/{id}", application, methods=["GET"]),
        Route("/api/v1/register/applications/{id}/decide", decide, methods=["POST"]),
        Route("/api/v1/register/applications/{id}/pay", pay, methods=["POST"]),
    ]


def openapi_paths() -> dict:
    problem = {"description": "a problem (RFC 9457) with the diagnostic codes",
               "content": {"application/problem+json": {"schema": {"$ref": "#/components/schemas/Problem"}}}}
    ok = {"description": "what sirules fund … --format json prints",
          "content": {"application/json": {"schema": {"type": ["object", "array"]}}}}
    ident = [{"name": "id", "in": "path", "required": True, "schema": {"type": "integer"}}]
    secured = [{"token": []}]

    def op(summary, op_id, params=(), body=None):
        out = {"summary": summary, "operationId": op_id, "security": secured, "parameters": list(params),
               "responses": {"200": ok, "401": problem, "403": problem, "404": problem, "409": problem}}
        if body:
            out["requestBody"] = {"required": True, "content": {"application/json": {"schema": body}}}
        return out
    text = {"type": "string"}
    return {
        "/api/v1/register/status": {"get": op("the fund's money per year (sirules fund status)", "registerStatus",
                                              [{"name": "year", "in": "query", "schema": {"type": "integer"}}])},
        "/api/v1/register/applications": {"get": op(
            "the applications with verdict, decision and money", "registerApplications",
            [{"name": k, "in": "query", "schema": text} for k in ("verdict", "decision", "text")])},
        "/api/v1/register/applications/{id}": {"get": op("one application (sirules fund show)", "registerShow", ident)},
        "/api/v1/register/applications/{id}/decide": {"post": op(
            "grant or deny (sirules fund decide)", "registerDecide", ident,
            {"type": "object", "properties": {"grant": text, "deny": {"type": "boolean"}, "reason": text,
                                              "override": {"type": "boolean"}, "date": text}})},
        "/api/v1/register/applications/{id}/pay": {"post": op(
            "pay out (part of) a grant (sirules fund pay)", "registerPay", ident,
            {"type": "object", "required": ["amount", "date"], "properties": {"amount": text, "date": text}})},
    }
