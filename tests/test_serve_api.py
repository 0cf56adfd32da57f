"""The JSON API of sirules serve, through Starlette's test client: it answers what the command
line answers, errors are problem documents with diagnostic codes, and ids never name files."""

from __future__ import annotations

import datetime
import glob
import json
import os
import subprocess
import sys
import tomllib

import pytest

pytest.importorskip("starlette")
pytest.importorskip("httpx")

from starlette.testclient import TestClient  # noqa: E402

from sirules.web.app import create_app  # noqa: E402
from tests.cli_helpers import ROOT, in_root, run  # noqa: E402

STEMS = sorted(os.path.splitext(os.path.basename(p))[0] for p in glob.glob(os.path.join(ROOT, "guidelines", "*.sir")))


@pytest.fixture(scope="module")
def client():
    with in_root():
        app = create_app(["guidelines/"])
    return TestClient(app)


def _examples(stem: str) -> list[str]:
    folder = os.path.join("examples", stem)
    return sorted(os.path.join(folder, f) for f in os.listdir(os.path.join(ROOT, folder))
                  if f.endswith((".toml", ".json", ".yaml", ".yml")))


def _text(path: str) -> str:
    with open(os.path.join(ROOT, path), encoding="utf-8-sig") as fh:
        return fh.read()


@pytest.mark.parametrize("stem", [s for s in STEMS if os.path.isdir(os.path.join(ROOT, "examples", s))])
def test_check_answers_byte_for_byte_what_the_cli_answers_for_every_bundled_example(client, stem):
    files = _examples(stem)
    code, out, err = run("check", "--format", "json", f"guidelines/{stem}.sir", *files)
    assert code in (0, 1), err
    body = [{"guideline": stem, "application": _text(f), "name": f} for f in files]
    r = client.post("/api/v1/check", json=body)
    assert r.status_code == 200
    assert r.headers["content-type"].startswith("application/json")
    assert r.text == out
    # one application alone: the object the command line prints for one file
    r = client.post("/api/v1/check", json=body[0])
    assert r.text == run("check", "--format", "json", f"guidelines/{stem}.sir", files[0])[1]


def _jsonable(v):
    if isinstance(v, (datetime.date, datetime.datetime)):
        return v.isoformat()
    if isinstance(v, dict):
        return {k: _jsonable(x) for k, x in v.items()}
    if isinstance(v, list):
        return [_jsonable(x) for x in v]
    return v


def _without_lines(doc: dict) -> dict:
    return {**doc, "application": None, "warnings": [{**w, "line": None} for w in doc["warnings"]]}


@pytest.mark.parametrize("stem", ["ale", "malmo", "norrkoping", "sormland", "vgr"])
def test_an_application_sent_as_json_is_checked_as_its_file(client, stem):
    for f in _examples(stem):
        if not f.endswith(".toml"):
            continue
        raw = _jsonable(tomllib.loads(_text(f)))
        cli = json.loads(run("check", "--format", "json", f"guidelines/{stem}.sir", f)[1])
        r = client.post("/api/v1/check", json={"guideline": stem, "application": raw})
        assert r.status_code == 200, r.text
        assert _without_lines(r.json()) == _without_lines(cli), f


def test_suggestions_are_those_of_check_suggest(client):
    f = "examples/ale/incomplete-no-budget.toml"
    out = run("check", "--format", "json", "--suggest", "guidelines/ale.sir", f)[1]
    r = client.post("/api/v1/check", json={"guideline": "ale", "application": _text(f), "name": f, "suggest": True})
    assert r.text == out


def test_date_is_that_of_check_date(client):
    f = "examples/ale/accepted-two-sectors.toml"
    out = run("check", "--format", "json", "--date", "2014-06-01", "guidelines/ale.sir", f)[1]
    r = client.post("/api/v1/check", json={"guideline": "ale", "application": _text(f), "name": f, "date": "2014-06-01"})
    assert r.text == out


def test_obligations_and_calc_answer_as_the_cli(client):
    f = "examples/norrkoping/accepted-2022-no-reflow.toml"
    out = run("obligations", "--format", "json", "guidelines/norrkoping.sir", f)[1]
    r = client.post("/api/v1/obligations", json={"guideline": "norrkoping", "application": _text(f), "name": f})
    assert r.status_code == 200 and r.text == out
    f = "examples/sormland/calc/socialbidrag-till-arbete.toml"
    out = run("calc", "--format", "json", "guidelines/sormland.sir", f, "--rate", "3.5")[1]
    r = client.post("/api/v1/calc", json={"guideline": "sormland", "application": _text(f), "name": f, "rate": "3.5"})
    assert r.status_code == 200 and r.text == out


def test_schema_is_that_of_sirules_schema(client):
    out = run("schema", "guidelines/malmo.sir")[1]
    assert client.get("/api/v1/guidelines/malmo/schema").json() == json.loads(out)


def test_a_guideline_as_data_has_what_a_form_needs(client):
    doc = client.get("/api/v1/guidelines/ale").json()
    assert {"id", "title", "lang", "facts", "fields", "parts", "rules", "rounds", "versions", "sections"} <= set(doc)
    assert doc["id"] == "ale" and doc["lang"] == "sv"
    assert {r["id"] for r in doc["rules"]} >= {"samverkan", "sektor_söker"}
    assert any(p["key"] == "goal" for p in doc["parts"])
    assert [g["id"] for g in client.get("/api/v1/guidelines").json()] == STEMS


def _problem(r, status: int, code: str) -> dict:
    assert r.status_code == status, r.text
    assert r.headers["content-type"].startswith("application/problem+json")
    doc = r.json()
    assert doc["code"] == code and doc["status"] == status and doc["diagnostics"][0]["code"] == code
    return doc


@pytest.mark.parametrize("ident", ["../guidelines/ale", "ale.sir", "/etc/passwd", "..", "guidelines/ale",
                                   "ALE", "ale\x00", "%2e%2e%2fguidelines%2fale"])
def test_a_guideline_id_never_names_a_file(client, ident):
    _problem(client.post("/api/v1/check", json={"guideline": ident, "application": {}}), 404, "SIR631")
    from urllib.parse import quote
    r = client.get("/api/v1/guidelines/" + quote(ident, safe=""))
    assert r.status_code == 404


def test_errors_are_problem_documents_with_codes(client):
    _problem(client.post("/api/v1/check", content=b"{not json", headers={"content-type": "application/json"}),
             400, "SIR632")
    _problem(client.post("/api/v1/check", json={"guideline": "ale", "application": {}, "colour": 1}), 400, "SIR632")
    _problem(client.post("/api/v1/check", json=[]), 400, "SIR632")
    _problem(client.post("/api/v1/check", json={"guideline": "ale", "application": {}, "date": "1 May"}), 400, "SIR632")
    doc = _problem(client.post("/api/v1/check", json={"guideline": "ale", "application": {"amount": "lots"}}),
                   422, "SIR305")
    assert doc["detail"]
    _problem(client.post("/api/v1/check", json={"guideline": "ale", "application": "title = ", "name": "a.toml"}),
             422, "SIR301")
    _problem(client.post("/api/v1/check", content=b"[" + b"[" * 100000 + b"]" * 100000 + b"]",
                         headers={"content-type": "application/json"}), 400, "SIR632")
    _problem(client.get("/api/v1/nothing"), 404, "SIR631")


def test_request_size_is_limited(client):
    from sirules.web import api
    big = {"guideline": "ale", "application": {"title": "x" * (api.MAX_BODY + 10)}}
    _problem(client.post("/api/v1/check", json=big), 413, "SIR633")
    _problem(client.post("/api/v1/check", json=[{"guideline": "ale", "application": {}}] * (api.MAX_ITEMS + 1)),
             413, "SIR633")


def test_a_list_reports_an_unreadable_application_in_its_place(client):
    body = [{"guideline": "ale", "application": _text("examples/ale/accepted-two-sectors.toml"), "name": "a.toml"},
            {"guideline": "ale", "application": "title = ", "name": "b.toml"}]
    docs = client.post("/api/v1/check", json=body).json()
    assert docs[0]["verdict"] == "accepted" and docs[1]["application"] == "b.toml"
    assert docs[1]["error"]["code"] == "SIR301"


def test_openapi_describes_every_route_served(client):
    doc = client.get("/api/v1/openapi.json").json()
    assert doc["openapi"].startswith("3.")
    served = set()
    for route in client.app.routes:
        path = getattr(route, "path", "")
        if path.startswith("/api/"):
            for method in route.methods - {"HEAD"}:
                served.add((path, method.lower()))
    described = {(p, m) for p, ops in doc["paths"].items() for m in ops}
    assert described == served
    for p, ops in doc["paths"].items():
        for op in ops.values():
            assert op["responses"] and op["summary"]
            for ref in json.dumps(op).split('"$ref": "')[1:]:
                name = ref.split('"')[0].rsplit("/", 1)[1]
                assert name in doc["components"]["schemas"]


def test_two_guidelines_with_one_id_are_refused(tmp_path):
    from sirules.language.diagnostics import SirulesError
    for folder in ("a", "b"):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "ale.sir").write_text(_text("guidelines/ale.sir"), encoding="utf-8")
    with pytest.raises(SirulesError) as exc:
        create_app([str(tmp_path / "a"), str(tmp_path / "b")])
    assert exc.value.diagnostics[0].code == "SIR630"


def test_the_cold_start_of_check_imports_nothing_of_the_web(tmp_path):
    env = {**os.environ, "SIRULES_CACHE_DIR": str(tmp_path), "PYTHONPATH": ROOT}
    probe = ("import sys\nbefore = set(sys.modules)\nfrom sirules.cli.main import main\ntry:\n    main(sys.argv[1:])\n"
             "except SystemExit:\n    pass\n"
             "sys.stderr.write('LOADED ' + ' '.join(m for m in sys.modules if m not in before and m.split('.')[0] in "
             "('starlette', 'uvicorn', 'jinja2', 'itsdangerous', 'multipart', 'httpx', 'sirules')"
             " and (m.split('.')[0] != 'sirules' or m.startswith('sirules.web'))))\n")
    args = ["check", os.path.join(ROOT, "guidelines", "ale.sir"),
            os.path.join(ROOT, "examples", "ale", "accepted-two-sectors.toml")]
    for extra in ([], ["--format", "json"]):
        r = subprocess.run([sys.executable, "-c", probe, *args, *extra], env=env, capture_output=True, text=True)
        assert r.stderr.rsplit("LOADED", 1)[1].strip() == "", r.stderr
    r = subprocess.run([sys.executable, "-c", probe, "--help"], env=env, capture_output=True, text=True)
    assert r.stderr.rsplit("LOADED", 1)[1].strip() == "", r.stderr
