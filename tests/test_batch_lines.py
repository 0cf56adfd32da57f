"""Batch mode's failure paths (issue 21, items 13 and 14): a bad line is an error result for that
line and the run goes on; Ctrl-C stops cleanly; --jobs is bounded."""

import json
import os
import signal
import subprocess
import sys
import time

import pytest

from tests.cli_helpers import ROOT, run

GUIDELINE = os.path.join("tests", "diagnostics", "_guideline.sir")
GOOD = '{"id": "ok", "amount": 100000, "start": "2020-01-01"}'


def results(out: str) -> list[dict]:
    return [json.loads(line) for line in out.splitlines()]


@pytest.mark.parametrize("bad", [
    b'{"id": "\\ud800", "amount": 1}',                 # a lone surrogate
    b'{"id": "caf\xe9", "amount": 1}',                 # a byte that is not UTF-8
    b'{"x": ' + b"[" * 5000 + b"]" * 5000 + b"}",      # nested past the limit (and past Python's stack)
    b'{"x": ' + b"[" * 25 + b"]" * 25 + b"}",          # nested past the limit of a file
    b'{"title": "' + b"x" * 5_000_001 + b'"}',         # longer than an application may be
    b'{"amount": 1, "amount": 2}',                     # a key given twice
])
def test_a_bad_json_line_is_an_error_for_that_line(tmp_path, bad):
    p = tmp_path / "a.jsonl"
    p.write_bytes(b"\n".join([GOOD.encode(), bad, GOOD.encode()]) + b"\n")
    code, out, err = run("check", GUIDELINE, "--batch", str(p))
    assert code in (0, 1), err
    got = results(out)
    assert [r["line"] for r in got] == [1, 2, 3]
    assert "error" in got[1] and "error" not in got[0] and "error" not in got[2]


@pytest.mark.parametrize("heading, cell", [
    ("applicant,applicant.kind", '"x",municipal_unit'),
    ("applicant.kind,applicant", 'municipal_unit,"x"'),
    ("x", '"' + "[" * 5000 + '"'),
    ("title", '"caf\xe9"'),
])
def test_a_bad_csv_row_is_an_error_for_that_row(tmp_path, heading, cell):
    p = tmp_path / "a.csv"
    body = f"id,amount,{heading}\na,1,{cell.replace(',', ',' + ',' * 0)}\n"
    n_cells = len(heading.split(","))
    good = "b,1" + "," * n_cells + "\n"
    data = (body + good).encode("utf-8")
    if "\xe9" in cell:
        data = data.replace("\xe9".encode("utf-8"), b"\xe9")
    p.write_bytes(data)
    code, out, err = run("check", GUIDELINE, "--batch", str(p))
    assert code in (0, 1), err
    got = results(out)
    assert [r["line"] for r in got] == [2, 3]
    assert "error" in got[0] and "error" not in got[1]


def test_jobs_zero_or_negative_is_an_error(tmp_path):
    p = tmp_path / "a.jsonl"
    p.write_text(GOOD + "\n")
    for jobs in ("0", "-2"):
        code, out, err = run("check", GUIDELINE, "--batch", str(p), "--jobs", jobs)
        assert code == 2 and "SIR404" in err


def test_jobs_above_the_cpus_is_capped_with_a_warning(tmp_path):
    p = tmp_path / "a.jsonl"
    p.write_text(GOOD + "\n")
    code, out, err = run("check", GUIDELINE, "--batch", str(p), "--jobs", str((os.cpu_count() or 1) + 5))
    assert code in (0, 1)
    assert "--jobs" in err and len(results(out)) == 1


def test_ctrl_c_during_batch_with_jobs_stops_cleanly(tmp_path):
    p = tmp_path / "a.jsonl"
    with open(p, "w") as fh:
        for i in range(400_000):
            fh.write('{"id": "a%d", "amount": %d, "start": "2020-01-01"}\n' % (i, i))
    env = dict(os.environ, PYTHONPATH=ROOT)
    out_path = tmp_path / "out.jsonl"
    with open(out_path, "wb") as out:
        proc = subprocess.Popen([sys.executable, "-m", "sirules", "check", GUIDELINE, "--batch", str(p), "--jobs", "2"],
                                cwd=ROOT, env=env, stdout=out, stderr=subprocess.PIPE, start_new_session=True)
        try:
            deadline = time.time() + 60
            while not out_path.stat().st_size and time.time() < deadline:     # results are coming
                time.sleep(0.05)
            os.killpg(proc.pid, signal.SIGINT)        # as Ctrl-C at a terminal: the workers get it too
            _, err = proc.communicate(timeout=20)
        finally:
            if proc.poll() is None:
                os.killpg(proc.pid, signal.SIGKILL)
    assert proc.returncode == 130, err
    assert b"Traceback" not in err
    lines = out_path.read_text().splitlines()
    got = [json.loads(line) for line in lines]            # every line written is whole
    assert 0 < len(got) < 400_000
    assert [r["line"] for r in got] == list(range(1, len(got) + 1))


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_ctrl_c_while_the_input_stalls_stops_at_once(tmp_path, jobs):
    """A pipe that sends one line and then nothing: Ctrl-C must not wait for a next line."""
    env = dict(os.environ, PYTHONPATH=ROOT)
    out_path = tmp_path / "out.jsonl"
    with open(out_path, "wb") as out:
        proc = subprocess.Popen([sys.executable, "-m", "sirules", "check", GUIDELINE, "--batch", "/dev/stdin",
                                 "--jobs", jobs], cwd=ROOT, env=env, stdin=subprocess.PIPE, stdout=out,
                                stderr=subprocess.PIPE, start_new_session=True)
        try:
            proc.stdin.write((GOOD + "\n").encode())
            proc.stdin.flush()
            time.sleep(4 if jobs == "1" else 8)           # started, and waiting for the next line
            os.killpg(proc.pid, signal.SIGINT)
            t0 = time.time()
            proc.wait(timeout=15)
            assert time.time() - t0 < 10
        finally:
            if proc.poll() is None:
                os.killpg(proc.pid, signal.SIGKILL)
            proc.stdin.close()
    assert proc.returncode == 130, proc.stderr.read()
    assert b"Traceback" not in proc.stderr.read()
