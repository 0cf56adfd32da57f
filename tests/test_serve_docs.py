"""The `curl` examples of docs/serve.md, run against a running sirules serve (uvicorn in a thread)."""

from __future__ import annotations

import json
import os
import re
import shlex
import shutil
import subprocess

import pytest

pytest.importorskip("starlette")
pytest.importorskip("uvicorn")

from tests import browser  # noqa: E402
from tests.cli_helpers import ROOT, in_root  # noqa: E402

PAGE = os.path.join(ROOT, "docs", "serve.md")


def curl_lines() -> list[str]:
    with open(PAGE, encoding="utf-8") as fh:
        text = fh.read()
    blocks = re.findall(r"```sh\n(.*?)```", text, re.S)
    return [line for block in blocks for line in block.splitlines() if line.startswith("curl ")]


def test_the_page_has_curl_examples():
    assert len(curl_lines()) >= 4


def test_the_curl_examples_answer_as_the_page_says():
    if shutil.which("curl") is None:
        if os.environ.get("SIRULES_CI") == "1":
            pytest.fail("curl is required in CI")
        pytest.skip("curl is not installed: apt-get install -y curl")
    from sirules.web.app import create_app
    with in_root():
        app = create_app(["guidelines/"])
    with browser.serving(app) as url:
        for line in curl_lines():
            argv = shlex.split(line.replace("http://127.0.0.1:8000", url))
            r = subprocess.run(argv, capture_output=True, text=True, timeout=60)
            assert r.returncode == 0, (line, r.stderr)
            doc = json.loads(r.stdout)
            if "../etc/passwd" in line:
                assert doc["code"] == "SIR631"
            elif "/check" in line:
                assert doc["verdict"] in ("incomplete", "rejected")
                assert ("suggestions" in doc) == ("suggest" in line)
            else:
                assert doc
