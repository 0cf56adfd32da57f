"""The officer's desk and the register's API of sirules serve (Starlette's test client, a real
register on SQLite and PostgreSQL): users and roles, login, CSRF, decide and pay through the
register's own functions, API tokens."""

from __future__ import annotations

import datetime
import os
import re

import pytest

pytest.importorskip("starlette")
pytest.importorskip("sqlalchemy")

from starlette.testclient import TestClient  # noqa: E402

from sirules.language.diagnostics import SirulesError  # noqa: E402
from sirules.web.app import create_app  # noqa: E402
from tests.cli_helpers import fund_with_officer, in_root, run  # noqa: E402

EXAMPLES = ["examples/ale/accepted-two-sectors.toml", "examples/ale/rejected-single-sector.toml",
            "examples/ale/incomplete-no-budget.toml"]


@pytest.fixture
def desk(register_db, tmp_path):
    engine, _ = fund_with_officer(register_db, "guidelines/ale.sir", EXAMPLES, datetime.date(2013, 1, 1),
                                  datetime.date(2013, 2, 1), reader=True)
    with in_root():
        app = create_app(["guidelines/"], register=register_db, secret="test secret")
    yield TestClient(app), engine
    engine.dispose()
    if getattr(app.state, "engine", None) is not None:
        app.state.engine.dispose()


def _csrf(page: str) -> str:
    return re.search(r'name="csrf" value="([^"]+)"', page).group(1)


def login(client, name: str, password: str):
    page = client.get("/officer/login").text
    return client.post("/officer/login", data={"csrf": _csrf(page), "name": name, "password": password},
                       follow_redirects=True)


def test_passwords_are_hashed_with_scrypt_and_a_salt():
    from sirules.register import users
    a, b = users.hash_password("hemligt lösen"), users.hash_password("hemligt lösen")
    assert a != b and a.startswith("scrypt$") and "hemligt" not in a
    assert users.password_matches("hemligt lösen", a) and not users.password_matches("hemligt lösen!", a)
    assert not users.password_matches("x", "garbage")


def test_the_desk_needs_a_login(desk):
    client, _ = desk
    r = client.get("/officer", follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"] == "/officer/login"
    r = login(client, "karin", "wrong password")
    assert r.status_code == 401 and 'id="login-failed"' in r.text
    r = login(client, "nobody", "korrekt häst batteri")
    assert r.status_code == 401
    page = client.get("/officer/login").text
    assert client.post("/officer/login", data={"name": "karin", "password": "korrekt häst batteri"}).status_code == 403
    assert _csrf(page)


def test_an_officer_grants_and_pays_and_the_balance_changes(desk):
    client, engine = desk
    from sirules.register import status
    before = status.status(engine)["total"]["balance"]
    page = login(client, "karin", "korrekt häst batteri").text
    assert 'id="applications"' in page and page.count("/officer/applications/") >= 3
    filtered = client.get("/officer?verdict=accepted").text
    assert "/officer/applications/1" in filtered and "/officer/applications/2\"" not in filtered
    page = client.get("/officer/applications/1").text
    assert 'data-verdict="accepted"' in page
    csrf = _csrf(page)
    r = client.post("/officer/applications/1/decide", data={"csrf": csrf, "kind": "grant", "amount": "1 000 000 kr",
                                                             "date": "2013-03-01"}, follow_redirects=True)
    assert r.status_code == 200 and 'id="decision"' in r.text
    r = client.post("/officer/applications/1/pay", data={"csrf": csrf, "amount": "400 000 kr", "date": "2013-04-01"},
                    follow_redirects=True)
    assert r.status_code == 200
    shown = status.show(engine, 1)
    assert shown["decision"]["by"] == "karin" and shown["figures"]["paid"] == 40_000_000
    after = status.status(engine)["total"]["balance"]
    assert before - after == 100_000_000
    page = client.get("/officer/status").text
    assert f'data-balance="{after}"' in page
    # the same through the command line
    assert f'"balance": {after}' in run("fund", "status", "--format", "json", "--db", engine.url.render_as_string(
        hide_password=False))[1]
    # a payment over the grant is refused with the register's own code, nothing booked
    r = client.post("/officer/applications/1/pay", data={"csrf": csrf, "amount": "700 000 kr", "date": "2013-05-01"})
    assert r.status_code == 409 and "SIR609" in r.text
    assert status.show(engine, 1)["figures"]["paid"] == 40_000_000


def test_writes_need_the_token_and_the_officer_role(desk):
    client, engine = desk
    login(client, "olle", "bara läsa här")
    page = client.get("/officer/applications/1").text
    r = client.post("/officer/applications/1/decide", data={"csrf": _csrf(page), "kind": "grant", "amount": "1 kr"})
    assert r.status_code == 403 and "SIR636" in r.text
    r = client.post("/officer/applications/1/decide", data={"kind": "grant", "amount": "1 kr"})
    assert r.status_code == 403 and "SIR635" in r.text


def test_the_register_api_answers_with_tokens(desk):
    client, engine = desk
    from sirules.register import status, users
    officer = users.new_token(engine, "karin", "test")["token"]
    reader = users.new_token(engine, "olle", "test")["token"]
    r = client.get("/api/v1/register/status")
    assert r.status_code == 401 and r.json()["code"] == "SIR634"
    r = client.get("/api/v1/register/status", headers={"Authorization": "Bearer sir_wrong"})
    assert r.status_code == 401
    from sirules.report.render import to_json
    r = client.get("/api/v1/register/status", headers={"Authorization": f"Bearer {reader}"})
    assert r.text == to_json(status.status(engine)) + "\n"
    r = client.post("/api/v1/register/applications/1/decide", json={"grant": "1 000 000 kr"},
                    headers={"Authorization": f"Bearer {reader}"})
    assert r.status_code == 403 and r.json()["code"] == "SIR636"
    r = client.post("/api/v1/register/applications/1/decide", json={"grant": "1 000 000 kr", "date": "2013-03-01"},
                    headers={"Authorization": f"Bearer {officer}"})
    assert r.status_code == 200 and r.json()["amount"] == 100_000_000
    r = client.post("/api/v1/register/applications/1/decide", json={"grant": "1 000 000 kr"},
                    headers={"Authorization": f"Bearer {officer}"})
    assert r.status_code == 409 and r.json()["code"] == "SIR605"
    r = client.post("/api/v1/register/applications/1/pay", json={"amount": "100 000 kr", "date": "2013-04-01"},
                    headers={"Authorization": f"Bearer {officer}"})
    assert r.status_code == 200 and r.json()["figures"]["paid"] == 10_000_000
    rows = client.get("/api/v1/register/applications?decision=grant", headers={"Authorization": f"Bearer {reader}"}).json()
    assert [x["id"] for x in rows] == [1] and rows[0]["paid"] == 10_000_000
    assert client.get("/api/v1/register/applications/9", headers={"Authorization": f"Bearer {reader}"}).status_code == 404


def test_users_are_added_from_the_command_line(tmp_path):
    db = str(tmp_path / "r.db")
    pw = tmp_path / "pw"
    pw.write_text("ett långt lösenord\n", encoding="utf-8")
    assert run("fund", "init", "guidelines/ale.sir", "--db", db)[0] == 0
    code, out, err = run("fund", "user", "add", "karin", "--role", "officer", "--password-file", str(pw), "--db", db)
    assert code == 0, err
    code, out, err = run("fund", "user", "add", "karin", "--password-file", str(pw), "--db", db)
    assert code == 2 and "SIR606" in err
    code, out, err = run("fund", "user", "token", "karin", "--db", db, "--format", "json")
    assert code == 0 and '"token": "sir_' in out
    from sirules.register import status, users
    engine = status.open_engine(db)
    try:
        assert users.check_password(engine, "karin", "ett långt lösenord") == {"user": "karin", "role": "officer"}
        with pytest.raises(SirulesError):
            users.add(engine, "kort", "officer", "kort", "test")
    finally:
        engine.dispose()


def test_compare_of_the_guidelines_served(desk):
    client, _ = desk
    login(client, "olle", "bara läsa här")
    r = client.get("/officer/compare?g=ale&g=malmo")
    assert r.status_code == 200 and "<table" in r.text and "Malmö" in r.text
    # the behaviour matrix: the register's three applications through both guidelines
    for i, name in enumerate(EXAMPLES, 1):
        assert f"{i}-" + os.path.splitext(os.path.basename(name))[0] in r.text


def test_an_export_keeps_the_users_and_an_older_export_without_them_imports(tmp_path):
    import json
    db, copy, older = str(tmp_path / "r.db"), str(tmp_path / "copy.db"), str(tmp_path / "older.db")
    pw = tmp_path / "pw"
    pw.write_text("ett långt lösenord\n", encoding="utf-8")
    run("fund", "init", "guidelines/ale.sir", "--db", db)
    run("fund", "user", "add", "karin", "--password-file", str(pw), "--db", db)
    out = tmp_path / "export.json"
    assert run("fund", "export", "--output", str(out), "--db", db)[0] == 0
    assert run("fund", "import", str(out), "--db", copy)[0] == 0
    from sirules.register import status, users
    engine = status.open_engine(copy)
    try:
        assert users.check_password(engine, "karin", "ett långt lösenord")["role"] == "officer"
    finally:
        engine.dispose()
    doc = json.loads(out.read_text(encoding="utf-8"))
    del doc["users"], doc["tokens"]
    out.write_text(json.dumps(doc), encoding="utf-8")
    assert run("fund", "import", str(out), "--db", older)[0] == 0
