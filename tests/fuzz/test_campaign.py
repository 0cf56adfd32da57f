"""A short fuzz campaign in the test suite: 300 inputs over every target, no crash, no hang.

The campaign is deterministic (seed 0, or ``SIRULES_FUZZ_SEED``): a failure here is
reproduced with ``python -m tests.fuzz --n 300 --seed S`` and the saved case it names.
"""

import os
import re
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def test_quick_campaign_finds_no_crash_and_no_hang(tmp_path):
    seed = os.environ.get("SIRULES_FUZZ_SEED", "0")
    proc = subprocess.run([sys.executable, "-m", "tests.fuzz", "--n", "300", "--seed", seed,
                           "--failures", str(tmp_path / "failures")],
                          cwd=ROOT, capture_output=True, text=True, timeout=300, check=False)
    out = proc.stdout + proc.stderr
    last = proc.stdout.strip().splitlines()[-1] if proc.stdout.strip() else ""
    m = re.fullmatch(r"FUZZ tried=(\d+) crashes=(\d+) hangs=(\d+) slowest_ms=(\d+)", last)
    assert m, out
    tried, crashes, hangs, _ = map(int, m.groups())
    assert tried == 300, out
    assert crashes == 0 and hangs == 0, out
    assert proc.returncode == 0, out
