"""The JSON API under ``/api/v1/``: the guidelines served, checks, obligations and the calculation.

Every answer is the JSON the command line writes for the same input (``render.to_json``, the
same bytes); every error is a problem document (:mod:`.problems`). Bodies are read up to
:data:`MAX_BODY` bytes and :data:`MAX_ITEMS` applications.
"""

from __future__ import annotations

from ..language.diagnostics import SirulesError, error
from . import bodies, checking, problems

MAX_BODY = 4 * 1024 * 1024
MAX_ITEMS = 1000
JSON = "application/json"


def _answer(doc, status: int = 200):
    from starlette.responses import Response
    from ..report.render import to_json
    return Response(to_json(doc) + "\n", status_code=status, media_type=JSON)


async def read_json(request, most: int = MAX_BODY):
    """The request's body as JSON, at most ``most`` bytes (SIR633), well formed (SIR632)."""
    return bodies.as_json(await bodies.read(request.headers.get("content-length"), request.stream(), most))


def errors(handler):
    """Wraps an endpoint: a SirulesError becomes a problem document."""
    async def endpoint(request):
        try:
            return await handler(request)
        except SirulesError as exc:
            return problems.response(exc)
    endpoint.__name__ = handler.__name__
    endpoint.__doc__ = handler.__doc__
    return endpoint


@errors
async def guidelines(request):
    """The guidelines served: id, title, language, validity."""
    from .describe import summary
    return _answer([summary(s) for s in request.app.state.catalogue])


@errors
async def guideline(request):
    """One guideline: facts, fields, parts, rules, rounds and versions."""
    from .describe import describe
    return _answer(describe(request.app.state.catalogue.get(request.path_params["id"])))


@errors
async def schema(request):
    """The JSON Schema of the guideline's applications (``sirules schema``)."""
    from ..authoring import schema as schema_
    from ..engine import pipeline
    served = request.app.state.catalogue.get(request.path_params["id"])
    nodes = pipeline.parse(pipeline.read_source(served.path))
    return _answer(schema_.schema(served.model, nodes))


@errors
async def check(request):
    """``sirules check --format json`` over HTTP: one application, or a list of them."""
    body = await read_json(request)
    if isinstance(body, list) and len(body) > MAX_ITEMS:
        raise _too_large_list(len(body))
    doc, _ = checking.check_body(request.app.state.catalogue, body)
    return _answer(doc)


def _too_large_list(n: int) -> SirulesError:
    return SirulesError([error("SIR633", f"{n} applications in one request; the limit is {MAX_ITEMS}",
                               hint="split the list, or check a file of them with sirules check --batch")])


def _one(request_body, catalogue):
    if not isinstance(request_body, dict):
        raise checking.bad_request("the body is one application to work on (an object)")
    allowed = set(checking.KEYS) | {"rate", "horizon"}
    unknown = sorted(set(request_body) - allowed)
    if unknown:
        raise checking.bad_request(f"unknown key {unknown[0]!r} in the request",
                                   "the keys are: " + ", ".join(sorted(allowed)))
    served = catalogue.get(request_body.get("guideline"))
    return served, checking.application_of(served, request_body)


@errors
async def obligations(request):
    """``sirules obligations --format json``: what the applicant owes the fund, year by year."""
    from ..finance import cashflow
    body = await read_json(request)
    served, app = _one(body, request.app.state.catalogue)
    if app.data.get("start") is None:
        from ..engine.dating import no_start_date
        undated = no_start_date(served.compiled.view, app.path, "error")
        if undated is not None:
            raise SirulesError([undated])
    result = cashflow.obligations(served.model, app, None, checking.parse_date(body.get("date")))
    return _answer(result.to_json())


@errors
async def calc(request):
    """``sirules calc --format json``: the socio-economic calculation of the application's savings."""
    from fractions import Fraction
    from ..finance import socioeconomic
    body = await read_json(request)
    served, app = _one(body, request.app.state.catalogue)
    rate, horizon = body.get("rate"), body.get("horizon")
    if rate is not None and (not isinstance(rate, (int, float, str)) or isinstance(rate, bool)):
        raise checking.bad_request("rate is a percentage, e.g. 3.5")
    if horizon is not None and (not isinstance(horizon, int) or not 1 <= horizon <= 100):
        raise checking.bad_request("horizon is a number of years, 1-100")
    if rate is not None:
        try:
            rate = Fraction(str(rate).replace(",", ".").rstrip("%").strip())
        except (ValueError, ZeroDivisionError):
            raise checking.bad_request(f"rate {rate!r} is not a percentage") from None
        if not 0 <= rate <= 100:
            raise checking.bad_request(f"rate {rate} is outside 0-100 %")
    return _answer(socioeconomic.calculate(served.model, app, rate, horizon).to_json())


async def openapi(request):
    from .openapi import document
    return _answer(document(request.app))


def routes() -> list:
    from starlette.routing import Route
    return [
        Route("/api/v1/guidelines", guidelines, methods=["GET"]),
        Route("/api/v1/guidelines/{id}", guideline, methods=["GET"]),
        Route("/api/v1/guidelines/{id}/schema", schema, methods=["GET"]),
        Route("/api/v1/check", check, methods=["POST"]),
        Route("/api/v1/obligations", obligations, methods=["POST"]),
        Route("/api/v1/calc", calc, methods=["POST"]),
        Route("/api/v1/openapi.json", openapi, methods=["GET"]),
    ]
