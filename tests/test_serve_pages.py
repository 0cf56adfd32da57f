"""The applicant's pages of sirules serve, without JavaScript, through Starlette's test client: the
form is made from the guideline, checks as the command line does, downloads as TOML that checks
the same, and shows hostile text as text."""

from __future__ import annotations

import datetime
import html
import json
import os
import re
import tomllib

import pytest

pytest.importorskip("starlette")

from starlette.testclient import TestClient  # noqa: E402

from sirules.web.app import create_app  # noqa: E402
from tests.cli_helpers import ROOT, in_root, run  # noqa: E402


@pytest.fixture(scope="module")
def client():
    with in_root():
        app = create_app(["guidelines/"])
    return TestClient(app)


def fields_of(raw: dict) -> dict:
    """The form's fields that give the application ``raw`` (the inverse of web/formdata.py)."""
    def text(v):
        if isinstance(v, bool):
            return "yes" if v else "no"
        if isinstance(v, list):
            return ", ".join(v)
        if isinstance(v, (datetime.date,)):
            return v.isoformat()
        return str(v)
    out = {}
    for k, v in raw.items():
        if k == "applicant":
            out.update({f"a.{f}": text(x) for f, x in v.items()})
        elif k == "participants":
            for i, p in enumerate(v):
                out.update({f"p.{i}.{f}": text(x) for f, x in p.items()})
        elif k == "budget":
            for i, (year, amount) in enumerate(v.items()):
                out[f"b.year.{i}"], out[f"b.amount.{i}"] = str(year), text(amount)
        elif k == "parts":
            out.update({f"part.{p}": x for p, x in v.items()})
        elif k != "expect":
            out[f"f.{k}"] = text(v)
    out["participants"] = str(len(raw.get("participants", [])))
    return out


def csrf(client, ident: str) -> str:
    page = client.get(f"/guidelines/{ident}/form").text
    return re.search(r'name="csrf" value="([^"]+)"', page).group(1)


def verdict(page: str) -> str | None:
    m = re.search(r'data-verdict="(\w+)"', page)
    return m.group(1) if m else None


@pytest.mark.parametrize("example", ["ale/accepted-two-sectors.toml", "ale/rejected-single-sector.toml",
                                     "ale/incomplete-no-budget.toml", "malmo/accepted-two-committees.toml"])
def test_the_form_without_javascript_checks_as_the_cli(client, example):
    stem = example.split("/")[0]
    path = os.path.join("examples", example)
    with open(os.path.join(ROOT, path), "rb") as fh:
        raw = tomllib.load(fh)
    cli = json.loads(run("check", "--format", "json", f"guidelines/{stem}.sir", path)[1])
    data = {**fields_of(raw), "csrf": csrf(client, stem), "action": "check"}
    r = client.post(f"/guidelines/{stem}/form", data=data)
    assert r.status_code == 200
    assert verdict(r.text) == cli["verdict"]
    for f in cli["findings"]:
        if f["outcome"] in ("fail", "undecided"):
            assert html.escape(f["message"], quote=False) in r.text or html.escape(f["message"]) in r.text
    # the download checks the same
    data["action"] = "download"
    r = client.post(f"/guidelines/{stem}/form", data=data)
    assert r.headers["content-type"].startswith("application/toml")
    assert "attachment" in r.headers["content-disposition"]
    downloaded = tomllib.loads(r.text)
    g = __import__("sirules").load(os.path.join(ROOT, "guidelines", f"{stem}.sir"))
    assert g.check(_jsonable(downloaded)).verdict == cli["verdict"]


def _jsonable(v):
    if isinstance(v, dict):
        return {k: _jsonable(x) for k, x in v.items()}
    if isinstance(v, list):
        return [_jsonable(x) for x in v]
    return v


def test_the_form_is_made_from_the_guideline(client):
    page = client.get("/guidelines/ale/form").text
    for name in ("f.amount", "f.start", "a.kind", "p.0.kind", "b.year.0", "part.goal", "part.follow_up"):
        assert f'name="{name}"' in page, name
    assert "§ 3 Samverkan" in page                 # the clause that asks
    assert 'lang="sv"' in page and "Pröva ansökan" in page
    assert 'name="part.socioeconomic_calculation"' not in page    # supplied by others
    english = client.get("/guidelines/vgr/form").text
    assert 'lang="en"' in english and "Check the application" in english


def test_partners_are_added_and_removed(client):
    data = {"csrf": csrf(client, "ale"), "participants": "2", "p.0.name": "A", "p.1.name": "B",
            "action": "add_participant"}
    page = client.post("/guidelines/ale/form", data=data).text
    assert 'name="p.2.name"' in page
    data = {**data, "participants": "2", "action": "remove_participant:0"}
    page = client.post("/guidelines/ale/form", data=data).text
    assert 'name="p.1.name"' not in page and 'id="p.0.name" value="B"' in page.replace('type="text" ', '').replace(
        'name="p.0.name" ', '')


def test_hostile_text_is_shown_as_text(client):
    evil = '<script>alert(1)</script><img src=x onerror=alert(2)>"\''
    data = {"csrf": csrf(client, "ale"), "participants": "1", "f.title": evil, "a.name": evil, "p.0.name": evil,
            "part.goal": evil, "f.amount": evil, "action": "check"}
    page = client.post("/guidelines/ale/form", data=data).text
    assert "<script>alert" not in page and "<img src=x" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "default-src 'self'" in client.get("/guidelines/ale/form").headers["content-security-policy"]


def test_the_guideline_page_shows_each_clause_with_its_rules(client):
    page = client.get("/guidelines/ale").text
    assert "Samverkan" in page and "samverkan" in page and "ska" in page
    assert client.get("/guidelines/../etc/passwd").status_code == 404
    assert client.get("/guidelines/nowhere").status_code == 404
    index = client.get("/").text
    assert 'href="/guidelines/ale/form"' in index


def test_a_form_without_its_token_is_refused(client):
    r = client.post("/guidelines/ale/form", data={"f.title": "x", "action": "check"})
    assert r.status_code == 403 and "SIR635" in r.text


from hypothesis import example, given, settings, strategies as st  # noqa: E402

_texts = st.text(st.characters(blacklist_categories=("Cs",)), max_size=40)
_keys = st.text(st.characters(blacklist_categories=("Cs",)), min_size=1, max_size=12)


@example(facts={}, applicant={}, partners=[], budget={}, parts={"0\n": "x"}, title="")   # a key ending in a newline
@settings(max_examples=200, deadline=None)
@given(facts=st.dictionaries(_keys.filter(lambda k: k not in ("applicant", "participants", "budget", "parts")),
                             st.one_of(_texts, st.booleans(), st.integers(0, 10 ** 12), st.lists(_texts, max_size=3)),
                             max_size=5),
       applicant=st.dictionaries(_keys, _texts, max_size=3),
       partners=st.lists(st.dictionaries(_keys, _texts, min_size=1, max_size=3), max_size=3),
       budget=st.dictionaries(st.integers(1990, 2100).map(str), st.integers(0, 10 ** 9), max_size=4),
       parts=st.dictionaries(_keys, _texts, max_size=3), title=_texts)
def test_the_downloaded_toml_reads_back_as_the_application(facts, applicant, partners, budget, parts, title):
    from sirules.web import formdata
    raw = dict(facts)
    for key, value in (("applicant", applicant), ("participants", partners), ("budget", budget), ("parts", parts)):
        if value:
            raw[key] = value
    assert tomllib.loads(formdata.to_toml(raw, title)) == raw


def test_a_form_is_held_to_the_size_limit_also_without_a_declared_length(client):
    from sirules.web import pages
    token = csrf(client, "ale")
    body = f"csrf={token}&part.goal=" + "x" * (pages.MAX_FORM + 10)

    def chunks():
        for i in range(0, len(body), 65536):
            yield body[i:i + 65536].encode()
    r = client.post("/guidelines/ale/form", content=chunks(),
                    headers={"content-type": "application/x-www-form-urlencoded"})
    assert r.status_code == 413 and "SIR633" in r.text
    r = client.post("/guidelines/ale/form", content=f"csrf={token}&f.title=Ok&action=check".encode(),
                    headers={"content-type": "application/x-www-form-urlencoded"})
    assert r.status_code == 200 and 'value="Ok"' in r.text
