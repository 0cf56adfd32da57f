"""Headless Chromium for the browser tests (Debian's ``chromium`` and ``chromium-driver``, driven by
Selenium), and ``sirules serve`` run by uvicorn in a thread on a free port.

Locally, without the browser, the tests that need it are skipped with a message saying how to
install it; under CI (``SIRULES_CI=1``, set by ``.ci/run``) a missing browser is a failure.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import socket
import threading
import time

import pytest

INSTALL = "install them to run it: apt-get install -y chromium chromium-driver; pip install selenium"
ARTEFACTS = os.path.join(os.path.dirname(os.path.abspath(__file__)), "artefacts")


def missing(reason: str):
    if os.environ.get("SIRULES_CI") == "1":
        pytest.fail(f"the browser test is required in CI: {reason}")
    pytest.skip(f"browser test skipped ({reason}); {INSTALL}")


def chromium():
    """A headless Chromium driven by Selenium (closed by the caller)."""
    try:
        from selenium import webdriver
        from selenium.webdriver.chrome.service import Service
    except ImportError:
        missing("selenium is not installed")
    binary = next((p for p in ("/usr/bin/chromium", shutil.which("chromium") or "", shutil.which("chromium-browser") or "")
                   if p and os.path.exists(p)), None)
    driver = shutil.which("chromedriver") or ("/usr/bin/chromedriver" if os.path.exists("/usr/bin/chromedriver") else None)
    if binary is None or driver is None:
        missing("chromium or chromedriver not found")
    options = webdriver.ChromeOptions()
    options.binary_location = binary
    for arg in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu", "--window-size=1280,1400",
                "--lang=sv-SE"):
        options.add_argument(arg)
    return webdriver.Chrome(service=Service(driver), options=options)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextlib.contextmanager
def serving(app):
    """``app`` served by uvicorn on 127.0.0.1 in a thread; yields its base URL."""
    import uvicorn
    port = free_port()
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started and time.monotonic() < deadline:
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(10)


def screenshot(driver, name: str) -> str:
    os.makedirs(ARTEFACTS, exist_ok=True)
    path = os.path.join(ARTEFACTS, name + ".png")
    driver.save_screenshot(path)
    return path
