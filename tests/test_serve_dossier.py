"""What the officer's desk shows of one application and of the fund beyond its figures: the
decision document (the same HTML as ``sirules check --format html``, and its PDF), the fund's
balance by year as a chart, and booking an outcome file (Starlette's test client, a real register
on SQLite and PostgreSQL)."""

from __future__ import annotations

import datetime
import os

import pytest

pytest.importorskip("starlette")
pytest.importorskip("sqlalchemy")
pytest.importorskip("matplotlib")

from starlette.testclient import TestClient  # noqa: E402

from sirules.language.i18n import tr  # noqa: E402
from sirules.web.app import create_app  # noqa: E402
from tests.cli_helpers import ROOT, fund_with_officer, in_root, run  # noqa: E402
from tests.test_serve_officer import _csrf, login  # noqa: E402

ACCEPTED = "examples/ale/accepted-two-sectors.toml"
REFLOW = "examples/norrkoping/accepted-2019-reflow.toml"
SHORT = os.path.join(ROOT, "examples", "norrkoping", "outcomes", "2019-reflow-short.toml")


def _desk(register_db, guideline, paths, on, submitted):
    engine, _ = fund_with_officer(register_db, guideline, paths, on, submitted, reader=True)
    with in_root():
        app = create_app([guideline], register=register_db, secret="test secret")
    return app, engine


@pytest.fixture
def ale(register_db, tmp_path):
    hostile = tmp_path / "hostile.toml"
    text = open(os.path.join(ROOT, ACCEPTED), encoding="utf-8").read()
    head, sep, rest = text.partition("title = ")
    assert sep
    hostile.write_text(head + 'title = "<script>alert(1)</script> & <b>fet</b>"\n' + rest.split("\n", 1)[1],
                       encoding="utf-8")
    app, engine = _desk(register_db, "guidelines/ale.sir", [ACCEPTED, str(hostile)],
                        datetime.date(2013, 1, 1), datetime.date(2013, 2, 1))
    yield TestClient(app), engine
    engine.dispose()
    if getattr(app.state, "engine", None) is not None:
        app.state.engine.dispose()


@pytest.fixture
def norrkoping(register_db):
    app, engine = _desk(register_db, "guidelines/norrkoping.sir", [REFLOW],
                        datetime.date(2019, 1, 1), datetime.date(2019, 5, 1))
    yield TestClient(app), engine
    engine.dispose()
    if getattr(app.state, "engine", None) is not None:
        app.state.engine.dispose()


def test_the_desk_shows_the_same_decision_document_as_check(ale):
    client, engine = ale
    login(client, "karin", "korrekt häst batteri")
    page = client.get("/officer/applications/1").text
    assert 'href="/officer/applications/1/document"' in page
    r = client.get("/officer/applications/1/document")
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/html")
    assert "default-src 'none'" in r.headers["content-security-policy"]
    import sqlalchemy as sa
    from sirules.register import schema
    with engine.connect() as conn:
        name, on = conn.execute(sa.select(schema.applications.c.name, schema.applications.c.checked_on)
                                .where(schema.applications.c.id == 1)).one()
    code, cli, err = run("check", "guidelines/ale.sir", ACCEPTED, "--format", "html", "--date", on.isoformat())
    assert code == 0, err
    assert r.text == cli.replace(ACCEPTED, name)


def test_a_hostile_application_is_escaped_in_its_document(ale):
    client, _ = ale
    login(client, "olle", "bara läsa här")          # reading needs no officer
    html = client.get("/officer/applications/2/document").text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html and "<script>alert" not in html
    assert "&lt;b&gt;fet&lt;/b&gt;" in html and "<b>fet" not in html


def test_the_document_as_pdf_when_weasyprint_loads(ale):
    from sirules.web.dossier import pdf_available
    client, _ = ale
    login(client, "karin", "korrekt häst batteri")
    page = client.get("/officer/applications/1").text
    if not pdf_available():
        if os.environ.get("SIRULES_CI") == "1":
            pytest.fail("WeasyPrint cannot be loaded: pip install 'sirules[pdf]' and Pango")
        assert "document.pdf" not in page
        pytest.skip("WeasyPrint cannot be loaded: pip install 'sirules[pdf]'; apt-get install libpango-1.0-0")
    assert 'href="/officer/applications/1/document.pdf"' in page
    r = client.get("/officer/applications/1/document.pdf")
    assert r.status_code == 200 and r.content.startswith(b"%PDF") and r.headers["content-type"] == "application/pdf"
    assert 'filename="accepted-two-sectors.pdf"' in r.headers["content-disposition"]


def test_a_document_of_no_application_is_the_error_page(ale):
    client, _ = ale
    login(client, "karin", "korrekt häst batteri")
    r = client.get("/officer/applications/99/document")
    assert r.status_code == 404 and "SIR604" in r.text


def test_the_status_page_draws_the_balance_by_year(norrkoping):
    client, engine = norrkoping
    login(client, "karin", "korrekt häst batteri")
    csrf = _csrf(client.get("/officer/applications/1").text)
    client.post("/officer/applications/1/decide", data={"csrf": csrf, "kind": "grant", "amount": "4 200 000 kr",
                                                        "date": "2019-06-01"})
    client.post("/officer/applications/1/pay", data={"csrf": csrf, "amount": "4 200 000 kr", "date": "2020-02-01"})
    r = client.get("/officer/status")
    assert r.status_code == 200 and 'id="balance-chart"' in r.text and "<svg" in r.text
    assert "'unsafe-inline'" in r.headers["content-security-policy"]
    assert "script-src 'self'" in r.headers["content-security-policy"]
    chart = r.text[r.text.index('id="balance-chart"'):]
    assert tr("The fund's balance", "sv") in chart and tr("The fund's balance", "en") not in chart


def test_an_outcome_is_booked_on_the_desk(norrkoping):
    client, engine = norrkoping
    from sirules.register import status
    login(client, "karin", "korrekt häst batteri")
    page = client.get("/officer/applications/1").text
    csrf = _csrf(page)
    assert 'action="/officer/applications/1/outcome"' not in page         # nothing paid: no outcome form
    r = client.post("/officer/applications/1/outcome", data={"csrf": csrf, "text": "x = 1"})
    assert r.status_code == 400 and "SIR620" in r.text                    # the register's own refusal
    client.post("/officer/applications/1/decide", data={"csrf": csrf, "kind": "grant", "amount": "4 200 000 kr",
                                                        "date": "2019-06-01"})
    client.post("/officer/applications/1/pay", data={"csrf": csrf, "amount": "4 200 000 kr", "date": "2019-09-01"})
    page = client.get("/officer/applications/1").text
    assert 'action="/officer/applications/1/outcome"' in page and 'enctype="multipart/form-data"' in page
    before = status.status(engine)["total"]["balance"]
    chart_before = _chart(client.get("/officer/status").text)
    r = client.post("/officer/applications/1/outcome", data={"csrf": csrf, "text": "   "})
    assert r.status_code == 400 and "SIR632" in r.text
    with open(SHORT, "rb") as fh:
        r = client.post("/officer/applications/1/outcome", data={"csrf": csrf, "date": "2024-03-01"},
                        files={"file": ("2019-reflow-short.toml", fh, "application/toml")})
    assert r.status_code == 200, r.text
    assert 'id="booked"' in r.text and "2019-reflow-short.toml" in r.text
    shown = status.show(engine, 1)
    assert shown["figures"]["repaid"] == 205_000_000 and shown["figures"]["written_down"] == 215_000_000
    assert status.status(engine)["total"]["balance"] == before + 205_000_000
    assert _chart(client.get("/officer/status").text) != chart_before        # the repayments show in the chart
    # the same file pasted books nothing more
    text = open(SHORT, encoding="utf-8").read()
    r = client.post("/officer/applications/1/outcome", data={"csrf": csrf, "text": text, "format": "toml",
                                                              "date": "2024-03-01"})
    assert r.status_code == 200 and 'id="nothing-booked"' in r.text
    assert status.show(engine, 1)["figures"] == shown["figures"]


def _chart(page: str) -> str:
    start = page.index('id="balance-chart"')
    return page[start:page.index("</figure>", start)]


def test_booking_an_outcome_needs_the_token_and_the_officer_role(norrkoping):
    client, engine = norrkoping
    login(client, "olle", "bara läsa här")
    csrf = _csrf(client.get("/officer/applications/1").text)
    r = client.post("/officer/applications/1/outcome", data={"csrf": csrf, "text": "x = 1"})
    assert r.status_code == 403 and "SIR636" in r.text
    r = client.post("/officer/applications/1/outcome", data={"text": "x = 1"})
    assert r.status_code == 403 and "SIR635" in r.text
