"""Batch mode, the compiled-guideline cache, and what a warm start imports."""

import contextlib
import glob
import io
import json
import os
import subprocess
import sys

import pytest

import sirules
from sirules.cli import main as cli
from sirules.engine import pipeline
from sirules.language.diagnostics import SirulesError

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, ROOT)
from bench.data import generate  # noqa: E402

BENCH = os.path.join(ROOT, "bench", "bench.sir")


def test_batch_reports_every_line_in_order(tmp_path):
    path = tmp_path / "apps.jsonl"
    apps = list(generate(1500, 5))
    bad = {100: "{not json", 700: '{"amount": "lots"}', 1200: "[1, 2]", 1400: '{"amount": NaN}'}
    with open(path, "w", encoding="utf-8") as fh:
        for i, app in enumerate(apps, 1):
            fh.write(bad.get(i, json.dumps(app, ensure_ascii=False)) + "\n")
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        code = cli.main(["check", BENCH, "--batch", str(path)])
    lines = [json.loads(x) for x in out.getvalue().splitlines()]
    assert code == 1 and len(lines) == 1500
    assert [x["line"] for x in lines] == list(range(1, 1501))
    for n in bad:
        assert "error" in lines[n - 1] and lines[n - 1]["error"]["code"].startswith("SIR3")
    g = sirules.load(BENCH)
    for x, app in zip(lines[:50], apps[:50]):
        r = g.check_raw(app)
        assert x["verdict"] == r.verdict
        assert [f["outcome"] for f in x["findings"]] == [f.outcome for f in r.findings]


def test_batch_csv(tmp_path):
    path = tmp_path / "apps.csv"
    path.write_text("id,amount,start,applicant.kind,applicant.name,preventive\n"
                    "a,500000,2024-05-01,municipal_unit,Sektor A,true\n"
                    "b,lots,2024-05-01,municipal_unit,Sektor B,true\n", encoding="utf-8")
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        cli.main(["check", os.path.join(ROOT, "tests", "diagnostics", "_guideline.sir"), "--batch", str(path)])
    a, b = [json.loads(x) for x in out.getvalue().splitlines()]
    assert a["application"] == "a" and "verdict" in a
    assert b["error"]["code"] == "SIR305"


def test_check_many_streams():
    g = sirules.load(BENCH)
    it = sirules.check_many(g, generate(10 ** 9, 1))      # an endless supply: only what is taken is made
    first = [next(it) for _ in range(3)]
    assert all(r.verdict in ("accepted", "rejected", "incomplete") for r in first)


def test_corrupt_cache_is_rebuilt_silently(tmp_path, monkeypatch):
    monkeypatch.setenv("SIRULES_CACHE_DIR", str(tmp_path))
    g1 = pipeline.load(BENCH)
    files = [f for f in os.listdir(tmp_path) if f.endswith(".sirc")]
    assert len(files) == 1
    (tmp_path / files[0]).write_bytes(b"\x80\x04garbage")
    g2 = pipeline.load(BENCH)
    assert g2.model == g1.model
    assert pipeline._read_cache(str(tmp_path / files[0])) is not None      # rewritten


def test_warm_start_imports_neither_lark_nor_rich_nor_attrs(tmp_path):
    env = {**os.environ, "SIRULES_CACHE_DIR": str(tmp_path)}
    env.pop("SIRULES_RICH", None)
    args = ["check", os.path.join(ROOT, "guidelines", "ale.sir"),
            os.path.join(ROOT, "examples", "ale", "accepted-two-sectors.toml")]
    # only what sirules imports counts, not what the interpreter's site packages load at start
    probe = ("import sys\nbefore = set(sys.modules)\nfrom sirules.cli.main import main\nrc = main(sys.argv[1:])\n"
             "sys.stderr.write('LOADED ' + ' '.join(m for m in ('lark', 'rich', 'attrs', 'sirules.language.model',\n"
             "                  'sirules.engine.codegen', 'sirules.language.analyse', 'hashlib', 'shutil')\n"
             "                  if m in sys.modules and m not in before))\n")
    for fmt in (["--format", "json"], []):
        subprocess.run([sys.executable, "-c", probe, *args, *fmt], env=env, capture_output=True, text=True)
        r = subprocess.run([sys.executable, "-c", probe, *args, *fmt], env=env, capture_output=True, text=True)
        assert r.stderr.rsplit("LOADED", 1)[1].strip() == "", r.stderr


def test_cache_writes_are_atomic_under_concurrency(tmp_path):
    env = {**os.environ, "SIRULES_CACHE_DIR": str(tmp_path)}
    args = [sys.executable, "-m", "sirules", "check", BENCH, os.path.join(ROOT, "examples", "ale",
                                                                         "accepted-two-sectors.toml"), "--format", "json"]
    procs = [subprocess.Popen(args, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE) for _ in range(6)]
    outs = [p.communicate() for p in procs]
    assert all(p.returncode in (0, 1) for p in procs), outs
    assert not [f for f in os.listdir(tmp_path) if f.endswith(".tmp")]


def test_corrupt_model_in_a_sound_entry_is_rebuilt(tmp_path, monkeypatch):
    import marshal
    monkeypatch.setenv("SIRULES_CACHE_DIR", str(tmp_path))
    g1 = pipeline.load(BENCH)
    entry = next(tmp_path.glob("*.sirc"))
    fmt, pickled, code = marshal.loads(entry.read_bytes())
    entry.write_bytes(marshal.dumps((fmt, pickled[: len(pickled) // 2], code)))
    for light in (True, False):
        g2 = pipeline.load(BENCH, light=light)
        assert g2.model == g1.model


@pytest.mark.parametrize("stem", sorted(os.path.basename(p)[:-4] for p in glob.glob(os.path.join(ROOT, "guidelines", "*.sir"))))
def test_light_copy_checks_and_renders_like_the_model(stem, tmp_path, monkeypatch):
    """A warm ``sirules check`` reads the light copy of the model: same results, same text, same JSON."""
    from sirules.language import modelview
    from sirules.report import render
    monkeypatch.setenv("SIRULES_CACHE_DIR", str(tmp_path))
    path = os.path.join(ROOT, "guidelines", f"{stem}.sir")
    full = pipeline.load(path)                       # compiles and writes the cache
    light = pipeline.load(path, light=True)          # reads it back without attrs
    assert type(light.view).__module__ == "sirules.language.modelview" and isinstance(light.view, modelview.Guideline)
    apps = sorted(glob.glob(os.path.join(ROOT, "examples", stem, "*.toml")))
    assert apps
    for app in apps:
        a, b = full.check(app), light.check(app)
        assert a.to_json() == b.to_json()
        assert render.result_text(a, True) == render.result_text(b, True)
    assert light.model == full.model                 # and the attrs model on demand


def test_parser_tables_are_cached_from_the_first_run(tmp_path):
    """A fresh cache folder: the first run writes sirules' parser tables next to the entry."""
    env = {**os.environ, "SIRULES_CACHE_DIR": str(tmp_path / "new")}
    r = subprocess.run([sys.executable, "-m", "sirules", "check", os.path.join(ROOT, "guidelines", "ale.sir"),
                        os.path.join(ROOT, "examples", "ale", "accepted-two-sectors.toml"), "--format", "json"],
                       env=env, capture_output=True, text=True)
    assert r.returncode == 0, r.stderr
    names = os.listdir(tmp_path / "new")
    assert any(n.startswith("tables-") for n in names) and any(n.endswith(".sirc") for n in names), names


def test_outcomes_many_agrees_with_one_at_a_time():
    """The chunked loop of the generated code gives, for every application, what checking it
    alone gives: plain ones, ones in another form (the full loader reads them) and bad ones,
    mixed across chunk boundaries."""
    g = sirules.load(BENCH)
    apps = list(generate(1300, 7))
    for i in range(0, len(apps), 97):
        apps[i] = {**apps[i], "amount": "1,5 mnkr"}          # another form: the full loader
    for i in range(5, len(apps), 131):
        apps[i] = {**apps[i], "amount": "many"}              # bad: an error for that one
    for i in range(11, len(apps), 173):
        apps[i] = {**apps[i], "title": 5}                    # bad too
    alone = []
    for a in apps:
        try:
            alone.append(g.outcomes(a))
        except SirulesError as exc:
            alone.append(exc)
    many = list(g.outcomes_many(apps))
    assert len(many) == len(apps)
    for a, b in zip(alone, many):
        if isinstance(a, SirulesError):
            assert isinstance(b, SirulesError) and [d.code for d in a.diagnostics] == [d.code for d in b.diagnostics]
        else:
            assert a == b
    assert sum(isinstance(x, SirulesError) for x in many) >= 9
