"""``POST /api/v1/check`` answered before Starlette's middleware (sirules.web.fastcheck) answers
exactly what the same request answers through Starlette's routing: status, headers that matter,
body; for checks, lists, problems and the size limit."""

from __future__ import annotations

import pytest

pytest.importorskip("starlette")
pytest.importorskip("httpx")

from starlette.applications import Starlette  # noqa: E402
from starlette.testclient import TestClient  # noqa: E402

from sirules.web import api, fastcheck  # noqa: E402
from sirules.web.app import create_app  # noqa: E402
from tests.cli_helpers import in_root  # noqa: E402


@pytest.fixture(scope="module")
def clients():
    with in_root():
        app = create_app(["guidelines/"])

    async def routed(scope, receive, send):             # the same application, through Starlette only
        await Starlette.__call__(app, scope, receive, send)
    return TestClient(app), TestClient(routed)


REQUESTS = [
    {"json": {"guideline": "ale", "application": {"amount": 100000, "parts": {"goal": "x"}}}},
    {"json": {"guideline": "ale", "application": 'title = "a"\n', "name": "a.toml", "suggest": True}},
    {"json": [{"guideline": "ale", "application": {}}, {"guideline": "nowhere", "application": {}}]},
    {"json": {"guideline": "../../etc/passwd", "application": {}}},
    {"json": {"guideline": "ale", "application": {}, "colour": 1}},
    {"json": []},
    {"content": b"{not json", "headers": {"content-type": "application/json"}},
    {"content": b"\xff\xfe", "headers": {"content-type": "application/json"}},
    {"json": [{"guideline": "ale", "application": {}}] * (api.MAX_ITEMS + 1)},
    {"content": b" " * (api.MAX_BODY + 1), "headers": {"content-type": "application/json"}},
]


@pytest.mark.parametrize("request_", REQUESTS, ids=range(len(REQUESTS)))
def test_the_fast_path_answers_as_the_routed_one(clients, request_):
    fast, routed = (c.post("/api/v1/check", **request_) for c in clients)
    assert fast.status_code == routed.status_code
    assert fast.headers["content-type"] == routed.headers["content-type"]
    assert fast.headers["content-length"] == routed.headers["content-length"]
    assert fast.content == routed.content


def test_only_a_post_to_the_check_address_takes_the_fast_path():
    http = {"type": "http", "method": "POST", "path": "/api/v1/check", "root_path": ""}
    assert fastcheck.is_check(http)
    assert fastcheck.is_check({**http, "path": "/fund/api/v1/check", "root_path": "/fund"})
    assert not fastcheck.is_check({**http, "method": "GET"})
    assert not fastcheck.is_check({**http, "path": "/api/v1/check/"})
    assert not fastcheck.is_check({**http, "path": "/api/v1/calc"})
    assert not fastcheck.is_check({"type": "websocket", "path": "/api/v1/check"})


def test_a_get_of_the_check_address_is_refused_as_before(clients):
    fast, routed = (c.get("/api/v1/check") for c in clients)
    assert fast.status_code == routed.status_code == 405
