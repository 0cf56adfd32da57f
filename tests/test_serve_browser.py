"""End to end in a real browser: headless Chromium fills in a bundled guideline's form (Ale) so that
it is first incomplete, then rejected, then accepted, watching the findings change as it types;
submits it to a register and gets a receipt; and shows a hostile application's markup as text.
On the officer's desk: grant and pay, open the decision document, see the balance chart drawn, and
book an outcome file (Norrköping) that changes the balance. Screenshots are kept in tests/artefacts/."""

from __future__ import annotations

import datetime
import os
import time

import pytest

pytest.importorskip("starlette")
pytest.importorskip("uvicorn")

from tests import browser  # noqa: E402
from tests.cli_helpers import OFFICER, fund_with_officer, in_root  # noqa: E402

PARTS = {"goal": "Fler unga vuxna i arbete.", "target_group": "Unga vuxna 18–25 år.",
         "implementation": "En öppen mötesplats med coachning.", "theory": "Tidiga insatser.",
         "time_plan": "2013–2015.", "budget": "Två coacher.", "follow_up": "Andel i arbete efter ett år."}


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    pytest.importorskip("sqlalchemy")
    from sirules.register import service, status, users
    from sirules.web.app import create_app
    folder = tmp_path_factory.mktemp("register")
    db = f"sqlite:///{folder}/register.db"
    with in_root():
        service.init("guidelines/ale.sir", db, "test", datetime.date(2013, 1, 1))
        app = create_app(["guidelines/"], register=db)
    engine = status.open_engine(db)
    users.add(engine, OFFICER[0], "officer", OFFICER[1], "test")        # the officer of the desk's tests
    engine.dispose()
    driver = browser.chromium()
    try:
        with browser.serving(app) as url:
            yield driver, url, db
    finally:
        driver.quit()


def submitted(db: str, path: str, on: datetime.date) -> int:
    """The number the register gives the application ``path`` submitted on ``on``."""
    from sirules.register import service, status
    engine = status.open_engine(db)
    try:
        with in_root():
            return service.submit(engine, [path], "test", on)[0]["id"]
    finally:
        engine.dispose()


def wait_for(driver, condition, seconds: float = 15.0):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            value = condition()
        except Exception:                         # the page is being replaced
            value = None
        if value:
            return value
        time.sleep(0.05)
    browser.screenshot(driver, "timeout")
    raise AssertionError("the page did not get there in time")


def verdict(driver):
    found = driver.find_elements("id", "verdict")
    return found[0].get_attribute("data-verdict") if found else None


def findings(driver) -> list[str]:
    return [li.text for li in driver.find_elements("css selector", "#panel li.finding")]


def type_into(driver, name: str, text: str, by: str = "name") -> None:
    el = driver.find_element(by, name)
    el.clear()
    el.send_keys(text)


def set_value(driver, name: str, value: str, by: str = "name") -> None:
    el = driver.find_element(by, name)
    driver.execute_script("arguments[0].value = arguments[1];"
                          "arguments[0].dispatchEvent(new Event('change', {bubbles: true}));", el, value)


def log_in(driver, url: str, name: str = OFFICER[0], password: str = OFFICER[1]) -> None:
    """Through the login page (where the desk sends a visitor without a session), onto the desk."""
    driver.get(url + "/officer")
    if driver.current_url.endswith("/officer/login"):
        type_into(driver, "name", name)
        type_into(driver, "password", password)
        driver.find_element("id", "login").click()
    wait_for(driver, lambda: driver.find_elements("id", "applications"))


def grant_and_pay(driver, url: str, app_id: int, grant: str, on: str, pay: str, paid_on: str) -> None:
    """Decide a grant on the application's page, then pay from it."""
    driver.get(url + f"/officer/applications/{app_id}")
    type_into(driver, "amount", grant)
    set_value(driver, "date", on)
    driver.find_element("id", "decide").click()
    wait_for(driver, lambda: driver.find_elements("id", "decision"))
    type_into(driver, "pay-amount", pay, by="id")
    set_value(driver, "pay-date", paid_on, by="id")
    driver.find_element("id", "pay").click()


def test_the_form_goes_from_incomplete_to_rejected_to_accepted_and_is_submitted(site):
    driver, url, db = site
    driver.get(url + "/guidelines/ale/form")
    assert driver.find_element("tag name", "html").get_attribute("lang") == "sv"
    type_into(driver, "f.title", "Mötesplats för unga vuxna")
    set_value(driver, "f.start", "2013-09-01")
    type_into(driver, "f.amount", "1 500 000 kr")
    type_into(driver, "a.name", "Sektor arbete, trygghet och omsorg")
    set_value(driver, "a.kind", "municipal_unit")
    type_into(driver, "p.0.name", "Föreningen Ungdomens hus")
    set_value(driver, "p.0.kind", "association")
    assert wait_for(driver, lambda: verdict(driver) == "incomplete")
    incomplete = findings(driver)
    assert incomplete and all("saknas" in f for f in incomplete), incomplete
    browser.screenshot(driver, "form-incomplete")

    type_into(driver, "b.year.0", "2013")
    type_into(driver, "b.amount.0", "500000")
    type_into(driver, "b.year.1", "2014")
    type_into(driver, "b.amount.1", "1000000")
    for key, text in PARTS.items():
        type_into(driver, f"part.{key}", text)
    set_value(driver, "a.kind", "association")          # the idea giver applies itself
    assert wait_for(driver, lambda: verdict(driver) == "rejected")
    rejected = findings(driver)
    assert rejected != incomplete and any("kommunal sektor" in f for f in rejected), rejected
    assert driver.find_elements("css selector", "#panel ul.suggestions li"), "what would make it pass"
    browser.screenshot(driver, "form-rejected")

    set_value(driver, "a.kind", "municipal_unit")
    assert wait_for(driver, lambda: verdict(driver) == "accepted")
    assert findings(driver) == []
    browser.screenshot(driver, "form-accepted")

    driver.find_element("id", "submit").click()
    receipt = wait_for(driver, lambda: driver.find_element("id", "receipt").text)
    assert "1" in receipt and verdict(driver) == "accepted"
    browser.screenshot(driver, "form-submitted")
    from sirules.register import status
    engine = status.open_engine(db)
    try:
        shown = status.show(engine, 1)
    finally:
        engine.dispose()
    assert shown["verdict"] == "accepted" and shown["amount"] == 150_000_000


def test_a_hostile_application_is_shown_as_text(site):
    driver, url, _ = site
    evil = '<img src=x onerror="document.title=\'owned\'"><script>document.title="owned"</script>'
    driver.get(url + "/guidelines/ale/form")
    for name in ("f.title", "a.name", "p.0.name", "f.amount", "b.year.0", "b.amount.0", *(f"part.{k}" for k in PARTS)):
        type_into(driver, name, evil)
    assert wait_for(driver, lambda: driver.find_elements("css selector", "#panel .problems li"))
    panel = driver.find_element("id", "panel").text
    assert "<img src=x" in panel or "<script>" in panel, panel
    driver.find_element("id", "check").click()                    # and the page the server makes
    wait_for(driver, lambda: driver.find_element("name", "f.title").get_attribute("value") == evil)
    assert driver.title != "owned"
    assert not driver.find_elements("css selector", "img[src=x]")
    assert len(driver.find_elements("tag name", "script")) == 1
    browser.screenshot(driver, "form-hostile")


def test_an_officer_logs_in_grants_pays_and_sees_the_balance_change(site):
    driver, url, db = site
    app_id = submitted(db, "examples/ale/accepted-sector-and-external.toml", datetime.date(2013, 2, 1))
    driver.get(url + "/officer")
    assert driver.current_url.endswith("/officer/login")
    log_in(driver, url)
    browser.screenshot(driver, "officer-desk")
    driver.get(url + "/officer/status")
    before = int(driver.find_element("id", "balance").get_attribute("data-balance"))

    driver.get(url + f"/officer/applications/{app_id}")
    assert verdict(driver) == "accepted"
    grant_and_pay(driver, url, app_id, "1 000 000 kr", "2013-03-01", "400 000 kr", "2013-04-01")
    wait_for(driver, lambda: "400 000" in driver.find_element("id", "figures").text)
    browser.screenshot(driver, "officer-application")

    driver.get(url + "/officer/status")
    after = int(driver.find_element("id", "balance").get_attribute("data-balance"))
    assert before - after == 100_000_000
    browser.screenshot(driver, "officer-status")


def test_an_officer_opens_the_decision_document_and_sees_the_balance_drawn(site):
    """The link on an application's page opens its decision document; the status page's chart is
    drawn with its colours (the page's policy lets the chart's inline styles through)."""
    driver, url, db = site
    from sirules.document.data import VERDICT_WORDS
    from sirules.language.i18n import tr
    app_id = submitted(db, "examples/ale/rejected-single-sector.toml", datetime.date(2013, 2, 2))
    log_in(driver, url)
    driver.get(url + f"/officer/applications/{app_id}")
    driver.find_element("id", "document").click()
    word = wait_for(driver, lambda: driver.find_element("css selector", ".verdict-rejected .verdict-word").text)
    assert tr(VERDICT_WORDS["rejected"], "sv") in word
    browser.screenshot(driver, "officer-document")

    driver.get(url + "/officer/status")
    bars = driver.find_elements("css selector", "#balance-chart svg path")
    assert bars, "the status page has no chart"
    fills = {driver.execute_script("return getComputedStyle(arguments[0]).fill", b) for b in bars}
    assert "rgb(138, 166, 193)" in fills           # a year's bar in its colour, not the default black
    browser.screenshot(driver, "officer-status-chart")


@pytest.fixture(scope="module")
def norrkoping_site(site, tmp_path_factory):
    """A second register (Norrköping, whose grants are repaid) served beside the first, in the same browser."""
    from sirules.web.app import create_app
    driver = site[0]
    folder = tmp_path_factory.mktemp("norrkoping")
    db = f"sqlite:///{folder}/register.db"
    engine, (app_id,) = fund_with_officer(db, "guidelines/norrkoping.sir",
                                          ["examples/norrkoping/accepted-2019-reflow.toml"],
                                          datetime.date(2019, 1, 1), datetime.date(2019, 5, 1))
    engine.dispose()
    with in_root():
        app = create_app(["guidelines/norrkoping.sir"], register=db, secret="another secret")
    with browser.serving(app) as url:
        yield driver, url, app_id


def test_an_officer_books_an_outcome_and_the_balance_changes(norrkoping_site):
    driver, url, app_id = norrkoping_site
    driver.delete_all_cookies()
    log_in(driver, url)
    grant_and_pay(driver, url, app_id, "4 200 000 kr", "2019-06-01", "4 200 000 kr", "2019-09-01")
    wait_for(driver, lambda: driver.find_elements("id", "outcome-file"))
    driver.get(url + "/officer/status")
    before = int(driver.find_element("id", "balance").get_attribute("data-balance"))

    driver.get(url + f"/officer/applications/{app_id}")
    with in_root():
        outcome = os.path.abspath("examples/norrkoping/outcomes/2019-reflow-short.toml")
    driver.find_element("id", "outcome-file").send_keys(outcome)
    set_value(driver, "outcome-date", "2024-03-01", by="id")
    driver.find_element("id", "book-outcome").click()
    rows = wait_for(driver, lambda: driver.find_elements("css selector", "#booked tbody tr"))
    assert len(rows) == 4
    browser.screenshot(driver, "officer-outcome")
    driver.get(url + "/officer/status")
    after = int(driver.find_element("id", "balance").get_attribute("data-balance"))
    assert after - before == 205_000_000           # what the outcome repaid
    driver.delete_all_cookies()
