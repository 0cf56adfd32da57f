"""Regression cases: every input the fuzz campaign found that crashed or hung sirules.

Each folder under ``tests/fuzz/cases/`` holds the input files and a ``case.json``:

- ``target``: guideline, application, cli, fmt or outcome (see :mod:`tests.fuzz.targets`);
- ``expect``: ``"SirulesError"`` or ``"no error"`` -- anything else raised fails the test;
- ``codes``: diagnostic codes the error must carry; ``exit``: the CLI's exit code;
- ``max_seconds``: for a former hang, the time it must now stay under (a generous bound);
- ``known``: a reason, for a failure found but not fixed yet (the case is an expected failure);
- ``why``: what the case once did, and what was fixed.

``python -m tests.fuzz --promote tests/fuzz/failures/DIR`` turns a saved failure into a case.
"""

import glob
import json
import os
import shutil
import time

import pytest

from .targets import LAST, TARGETS, Case, Context

HERE = os.path.join(os.path.dirname(os.path.abspath(__file__)), "cases")
CASES = sorted(d for d in glob.glob(os.path.join(HERE, "*")) if os.path.isfile(os.path.join(d, "case.json")))
SLACK = 2.0            # room for a loaded CI machine; the bounds sit far below the times before the fixes


def _doc(folder):
    with open(os.path.join(folder, "case.json"), encoding="utf-8") as fh:
        return json.load(fh)


def _params():
    for folder in CASES:
        doc = _doc(folder)
        marks = [pytest.mark.xfail(reason=doc["known"], strict=False)] if doc.get("known") else []
        yield pytest.param(folder, marks=marks, id=os.path.basename(folder))


@pytest.fixture(scope="module")
def ctx():
    c = Context()
    yield c
    shutil.rmtree(c.tmp, ignore_errors=True)


@pytest.mark.parametrize("folder", list(_params()))
def test_case(folder, ctx):
    case, doc = Case.load(folder)
    target = TARGETS[case.target]
    if doc.get("max_seconds"):
        target.run(case, ctx)                       # warm: the case's guideline is compiled once
    LAST.clear()
    t0 = time.perf_counter()
    outcome = target.run(case, ctx)                 # anything but a SirulesError propagates and fails
    seconds = time.perf_counter() - t0
    want = "error" if doc["expect"] == "SirulesError" else "ok"
    assert outcome == want, f"expected {doc['expect']}, got {outcome}: {doc.get('why', '')}"
    for code in doc.get("codes", []):
        assert code in LAST.get("codes", []), f"expected {code}, got {LAST.get('codes')}"
    if "exit" in doc:
        assert LAST.get("exit") == doc["exit"], LAST.get("stderr")
    if doc.get("max_seconds"):
        assert seconds < doc["max_seconds"] * SLACK, f"took {seconds:.2f} s (bound {doc['max_seconds']} s)"


def test_cases_are_well_formed():
    assert CASES, "no regression cases"
    for folder in CASES:
        doc = _doc(folder)
        assert doc["target"] in TARGETS, folder
        assert doc["expect"] in ("SirulesError", "no error"), folder
        assert doc.get("why"), f"{folder}: say what the case once did"
        for name in doc["files"]:
            assert os.path.isfile(os.path.join(folder, name)), f"{folder}: missing {name}"
