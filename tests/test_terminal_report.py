"""The terminal report fits the terminal (#20 point 5): on 80 columns nothing is dropped, failed and
undecided findings come first, passes are counted (listed with ``-v``), ``--format json`` keeps
every finding, and a long ``--batch`` shows a progress bar on a terminal, never in a pipe."""

from __future__ import annotations

import io
import json
import os
import pty
import re
import subprocess
import sys

import pytest

import sirules
from sirules.report import richtext
from sirules.report.render import strength_word
from tests.cli_helpers import ROOT, assert_golden, in_root, run

UPDATE = bool(os.environ.get("SIRULES_UPDATE_GOLDENS"))
GOLDENS = os.path.join(ROOT, "tests", "terminal")


def console(width: int = 80):
    from rich.console import Console
    return Console(file=io.StringIO(), width=width, force_terminal=True, color_system=None, legacy_windows=False)


def shown(path: str, guideline: str = "guidelines/ale.sir", verbose: bool = False, width: int = 80) -> str:
    with in_root():                              # the paths shown are relative, as typed
        g = sirules.load(guideline)
        r = g.check(path)
        c = console(width)
        richtext.print_result(r, c, explain=True, verbose=verbose)
    return c.file.getvalue(), r


def words(text: str) -> list[str]:
    return re.findall(r"\w+", text)


@pytest.mark.parametrize("width", [80, 60, 120])
def test_nothing_is_dropped_at_any_width(width):
    text, r = shown("examples/ale/rejected-single-sector.toml", verbose=True, width=width)
    assert all(len(line) <= width for line in text.splitlines())
    flat = " ".join(words(text))
    for f in r.findings:                         # every word of every finding, in order, wrapped or not
        assert " ".join(words(f.message)) in flat, f.message
        assert " ".join(words(f.rule.id)) in flat
    assert "…" not in text                       # rich's ellipsis: nothing cut


def test_failed_and_undecided_come_first_and_passes_are_counted():
    text, r = shown("examples/ale/rejected-single-sector.toml")
    passes = [f for f in r.findings if f.outcome == "pass"]
    failed = [f for f in r.findings if f.outcome != "pass"]
    assert failed and passes
    assert f"{len(passes)} uppfyllda (visa dem med -v)" in text
    for f in passes:                             # a pass is not listed without -v
        assert f"uppfyllt ska {f.rule.id}" not in text and f"uppfyllt del {f.rule.id}" not in text
    verbose, _ = shown("examples/ale/rejected-single-sector.toml", verbose=True)
    def head(f):
        return verbose.index(f" {strength_word(f.rule.strength, 'sv')} {f.rule.id}")
    assert max(head(f) for f in failed) < min(head(f) for f in passes)
    assert f"{len(passes)} uppfyllda\n" in verbose


def test_golden_at_80_columns():
    text, _ = shown("examples/ale/rejected-single-sector.toml")
    assert_golden(text, os.path.join(GOLDENS, "ale-rejected-80.expected"), UPDATE)
    text, _ = shown("examples/ale/incomplete-no-budget.toml", verbose=True)
    assert_golden(text, os.path.join(GOLDENS, "ale-incomplete-80-verbose.expected"), UPDATE)


def test_json_keeps_every_finding_in_order():
    code, out, _ = run("check", "guidelines/ale.sir", "examples/ale/rejected-single-sector.toml", "--format", "json")
    g = sirules.load(os.path.join(ROOT, "guidelines", "ale.sir"))
    r = g.check(os.path.join(ROOT, "examples", "ale", "rejected-single-sector.toml"))
    assert [f["rule"] for f in json.loads(out)["findings"]] == [f.rule.id for f in r.findings]


def _batch_file(tmp_path, n=3000):
    sys.path.insert(0, ROOT)
    from bench.data import generate
    path = tmp_path / "apps.jsonl"
    with open(path, "w", encoding="utf-8") as fh:
        for app in generate(n, 5):
            fh.write(json.dumps(app, ensure_ascii=False) + "\n")
    return str(path)


def test_a_long_batch_shows_a_progress_bar_on_a_terminal_never_in_a_pipe(tmp_path):
    path = _batch_file(tmp_path)
    argv = [sys.executable, "-m", "sirules", "check", os.path.join(ROOT, "bench", "bench.sir"), "--batch", path]
    env = {**os.environ, "PYTHONPATH": ROOT, "COLUMNS": "80", "TERM": "xterm"}
    piped = subprocess.run(argv, capture_output=True, env=env, cwd=ROOT)
    assert piped.stderr == b"" and len(piped.stdout.splitlines()) == 3000
    main, secondary = pty.openpty()                  # standard error on a terminal, standard output a file
    results = open(tmp_path / "results.jsonl", "wb+")
    proc = subprocess.Popen(argv, stdout=results, stderr=secondary, env=env, cwd=ROOT)
    os.close(secondary)
    seen = b""
    while True:
        try:
            chunk = os.read(main, 65536)
        except OSError:
            break
        if not chunk:
            break
        seen += chunk
    proc.wait()
    os.close(main)
    results.seek(0)
    out = results.read()
    results.close()
    assert len(out.splitlines()) == 3000                         # the results are whole
    text = seen.decode("utf-8", "replace")
    assert "prövar" in text or "checking" in text
    assert "3000/3000" in text and "━" in text                   # rich's bar, run to the end
