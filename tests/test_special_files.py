"""Issue 21, items 1-4: the cache runs only what its user wrote; files the user names are written
through links and never onto devices; inputs are read once and never past their limit."""

from __future__ import annotations

import contextlib
import io
import marshal
import os
import pickle
import stat
import subprocess
import sys
import threading
import time

import pytest

from sirules.cli import main as cli
from sirules.engine import pipeline
from sirules.language import cache

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
ALE = os.path.join(ROOT, "guidelines", "ale.sir")
ALE_APP = os.path.join(ROOT, "examples", "ale", "accepted-two-sectors.toml")
IS_ROOT = hasattr(os, "geteuid") and os.geteuid() == 0


@pytest.fixture(autouse=True)
def _fresh_cache_state():
    reset = getattr(cache, "reset", lambda: None)
    reset()
    yield
    reset()


def run(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            code = cli.main(list(argv))
        except SystemExit as exc:
            code = exc.code
    return code, out.getvalue(), err.getvalue()


def sirules(*argv: str, env: dict | None = None, timeout: float = 60, **kw) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "sirules", *argv], env={**os.environ, **(env or {})},
                          capture_output=True, text=True, timeout=timeout, cwd=ROOT, **kw)


class _Evil:
    """Unpickling this runs code: it creates the marker file."""

    def __init__(self, marker: str):
        self.marker = marker

    def __reduce__(self):
        return (exec, (f"open({self.marker!r}, 'w').close()",))


def _plant_entry(folder, marker: str, guideline: str = ALE) -> str:
    """A compiled entry for ``guideline`` whose model and code both create ``marker`` when loaded."""
    with open(guideline, encoding="utf-8") as fh:
        key = pipeline._hash(pipeline.decode_source(fh.read().encode(), guideline).text)
    code = compile(f"open({marker!r}, 'w').close()", "<planted>", "exec")
    path = os.path.join(folder, key[:40] + ".sirc")
    with open(path, "wb") as fh:
        fh.write(marshal.dumps((pipeline._CACHE_FORMAT, pickle.dumps(_Evil(marker)), code)))
    os.chmod(path, 0o600)
    return path


# ---- item 1: the compiled cache --------------------------------------------------------------------

def test_a_new_cache_folder_is_made_0700(tmp_path):
    folder = tmp_path / "new" / "sirules"
    r = sirules("check", ALE, ALE_APP, env={"SIRULES_CACHE_DIR": str(folder)})
    assert r.returncode == 0, r.stderr
    assert stat.S_IMODE(os.stat(folder).st_mode) == 0o700
    assert any(n.endswith(".sirc") for n in os.listdir(folder))


def test_a_planted_entry_in_a_group_writable_folder_is_not_run(tmp_path):
    folder = tmp_path / "shared"
    folder.mkdir()
    marker = tmp_path / "marker"
    _plant_entry(folder, str(marker))
    os.chmod(folder, 0o775)
    r = sirules("check", ALE, ALE_APP, "--format", "json", env={"SIRULES_CACHE_DIR": str(folder)})
    assert r.returncode == 0, r.stderr
    assert not marker.exists()
    assert r.stderr.count("warning[SIR410]") == 1 and "group or others" in r.stderr, r.stderr
    # the same entry in a folder of one's own is used: the test above would have run it
    os.chmod(folder, 0o700)
    sirules("check", ALE, ALE_APP, "--format", "json", env={"SIRULES_CACHE_DIR": str(folder)})
    assert marker.exists()


@pytest.mark.parametrize("how", ["entry writable by others", "entry of another user", "entry is a link"])
def test_an_unsafe_entry_in_a_safe_folder_is_not_run(tmp_path, how):
    folder = tmp_path / "mine"
    folder.mkdir(mode=0o700)
    marker = tmp_path / "marker"
    entry = _plant_entry(folder, str(marker))
    if how == "entry writable by others":
        os.chmod(entry, 0o666)
    elif how == "entry of another user":
        if not IS_ROOT:
            pytest.skip("only root can give a file to another user")
        os.chown(entry, 65534, 65534)
    else:
        os.rename(entry, tmp_path / "elsewhere")
        os.symlink(tmp_path / "elsewhere", entry)
    r = sirules("check", ALE, ALE_APP, env={"SIRULES_CACHE_DIR": str(folder)})
    assert r.returncode == 0, r.stderr
    assert not marker.exists()
    if how != "entry is a link":            # a link is not opened at all (O_NOFOLLOW): like a missing entry
        assert r.stderr.count("warning[SIR410]") == 1, r.stderr


def test_a_folder_of_another_user_is_not_used(tmp_path):
    if not IS_ROOT:
        pytest.skip("only root can give a folder to another user")
    folder = tmp_path / "theirs"
    folder.mkdir(mode=0o700)
    marker = tmp_path / "marker"
    entry = _plant_entry(folder, str(marker))
    os.chown(entry, 65534, 65534)
    os.chown(folder, 65534, 65534)
    r = sirules("check", ALE, ALE_APP, env={"SIRULES_CACHE_DIR": str(folder)})
    assert r.returncode == 0 and not marker.exists()
    assert r.stderr.count("warning[SIR410]") == 1 and "another user" in r.stderr, r.stderr


def test_a_relative_xdg_cache_home_is_ignored(tmp_path, monkeypatch):
    monkeypatch.delenv("SIRULES_CACHE_DIR", raising=False)
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    monkeypatch.setenv("XDG_CACHE_HOME", "relative/cache")
    assert cache.cache_dir() == os.path.join(str(tmp_path / "home"), ".cache", "sirules")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert cache.cache_dir() == os.path.join(str(tmp_path / "xdg"), "sirules")
    env = {k: v for k, v in os.environ.items() if k != "SIRULES_CACHE_DIR"}
    env["XDG_CACHE_HOME"] = "relative/cache"
    r = subprocess.run([sys.executable, "-m", "sirules", "check", ALE, ALE_APP], env=env, cwd=tmp_path,
                       capture_output=True, text=True, timeout=60)
    assert r.returncode == 0, r.stderr
    assert not (tmp_path / "relative").exists()
    assert os.path.isdir(tmp_path / "home" / ".cache" / "sirules")


# ---- item 2: lark's cache and --no-cache -------------------------------------------------------------

def _plant_lark_cache(folder, marker: str) -> None:
    """A file where lark would look for its pickled parser (lark unpickles before it checks the hash)."""
    import lark
    from sirules.language import syntax
    name = f"parser-{cache.key(lark.__version__, syntax.grammar_text())}.lark"
    with open(os.path.join(folder, name), "wb") as fh:
        fh.write(b"0" * 64 + b"\n" + pickle.dumps(_Evil(marker)))
    os.chmod(os.path.join(folder, name), 0o600)


@pytest.mark.parametrize("argv", [["lint", "{g}"], ["debug", "tree", "{g}"], ["check", "{bad}", ALE_APP]])
def test_lark_s_pickled_cache_is_never_read(tmp_path, argv):
    folder = tmp_path / "mine"
    folder.mkdir(mode=0o700)
    marker = tmp_path / "marker"
    _plant_lark_cache(folder, str(marker))
    bad = tmp_path / "bad.sir"
    bad.write_text('riktlinje "x"\nska a "a": belopp <= 1 MSEK och\n', encoding="utf-8")
    argv = [a.format(g=ALE, bad=bad) for a in argv]
    r = sirules(*argv, env={"SIRULES_CACHE_DIR": str(folder)})
    assert r.returncode in (0, 1, 2) and "Traceback" not in r.stderr, r.stderr
    assert not marker.exists()


def test_no_cache_reads_no_cache_in_any_worker(tmp_path):
    folder = tmp_path / "mine"
    folder.mkdir(mode=0o700)
    marker = tmp_path / "marker"
    _plant_entry(folder, str(marker))
    _plant_lark_cache(folder, str(marker))
    before = sorted(os.listdir(folder))
    batch = tmp_path / "apps.jsonl"
    with open(ALE_APP, "rb") as fh:
        import tomllib
        raw = tomllib.load(fh)
    import json
    batch.write_text("".join(json.dumps({**raw, "id": f"a{i}"}, default=str) + "\n" for i in range(600)),
                     encoding="utf-8")
    r = sirules("check", ALE, "--batch", str(batch), "--jobs", "2", "--no-cache",
                env={"SIRULES_CACHE_DIR": str(folder)}, timeout=120)
    assert r.returncode in (0, 1), r.stderr
    assert len(r.stdout.splitlines()) == 600
    assert not marker.exists()
    assert sorted(os.listdir(folder)) == before          # nothing written either (no parser tables)


# ---- item 3: files the user names as output ----------------------------------------------------------

FIX = os.path.join(ROOT, "tests", "compare", "fixtures")
COMPARE = ["compare", os.path.join(FIX, "alpha.sir"), os.path.join(FIX, "beta.sir"), "--format", "csv"]


def test_output_onto_a_named_pipe_is_refused(tmp_path):
    pipe = tmp_path / "pipe"
    os.mkfifo(pipe)
    code, out, err = run(*COMPARE, "--output", str(pipe))
    assert code == 2 and "[SIR411]" in err and "namngivet rör" in err and "Traceback" not in err
    assert stat.S_ISFIFO(os.lstat(pipe).st_mode)


def test_output_onto_a_device_is_refused():
    code, out, err = run(*COMPARE, "--output", os.devnull)
    assert code == 2 and "[SIR411]" in err and "en enhet" in err
    assert stat.S_ISCHR(os.lstat(os.devnull).st_mode)


def test_output_through_a_link_writes_its_target_and_keeps_the_link_and_the_mode(tmp_path):
    target = tmp_path / "real.csv"
    target.write_text("old", encoding="utf-8")
    os.chmod(target, 0o640)
    link = tmp_path / "link.csv"
    os.symlink("real.csv", link)
    code, out, err = run(*COMPARE, "--output", str(link))
    assert (code, err) == (0, "")
    _, direct, _ = run(*COMPARE)
    assert os.path.islink(link) and target.read_text(encoding="utf-8") == direct
    assert stat.S_IMODE(os.stat(target).st_mode) == 0o640
    assert sorted(os.listdir(tmp_path)) == ["link.csv", "real.csv"]


UNFORMATTED = 'riktlinje "x"\nska   a "a":   belopp <= 1 MSEK\n'


def test_fmt_on_a_link_formats_the_real_file_and_keeps_the_link(tmp_path):
    real = tmp_path / "real.sir"
    real.write_text(UNFORMATTED, encoding="utf-8")
    os.chmod(real, 0o640)
    link = tmp_path / "link.sir"
    os.symlink(real, link)
    code, out, err = run("fmt", str(link))
    assert code == 0, err
    assert os.path.islink(link) and real.read_text(encoding="utf-8") != UNFORMATTED
    assert stat.S_IMODE(os.stat(real).st_mode) == 0o640
    assert run("fmt", "--check", str(real))[0] == 0


def test_fmt_refuses_a_read_only_file(tmp_path):
    path = tmp_path / "ro.sir"
    path.write_text(UNFORMATTED, encoding="utf-8")
    os.chmod(path, 0o444)
    code, out, err = run("fmt", str(path))
    assert code == 2 and "[SIR411]" in err and "skrivskyddad" in err and "Traceback" not in err
    assert path.read_text(encoding="utf-8") == UNFORMATTED
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o444


def test_fmt_in_a_read_only_folder_is_a_clear_error(tmp_path, monkeypatch):
    folder = tmp_path / "ro"
    folder.mkdir()
    path = folder / "g.sir"
    path.write_text(UNFORMATTED, encoding="utf-8")
    os.chmod(folder, 0o555)
    try:
        if IS_ROOT:                 # root may write anywhere: make the folder refuse as it would anyone else
            import tempfile

            def refuse(*a, **kw):
                raise PermissionError(13, "Permission denied")
            monkeypatch.setattr(tempfile, "mkstemp", refuse)
        code, out, err = run("fmt", str(path))
    finally:
        os.chmod(folder, 0o755)
    assert code == 2 and "[SIR411]" in err and "Permission denied" in err and "Traceback" not in err, err
    assert path.read_text(encoding="utf-8") == UNFORMATTED


# ---- item 4: inputs that never end, pipes, huge files -------------------------------------------------

@pytest.mark.parametrize("device", ["/dev/zero", "/dev/urandom"])
def test_a_device_as_input_is_refused_at_once(device):
    if not os.path.exists(device):
        pytest.skip(f"no {device}")
    t0 = time.perf_counter()
    code, out, err = run("check", ALE, device)
    assert code == 2 and "[SIR412]" in err and "en enhet" in err
    code, out, err = run("check", device, ALE_APP)
    assert code == 2 and "[SIR412]" in err
    code, out, err = run("fmt", device)
    assert code == 2 and "[SIR412]" in err
    assert time.perf_counter() - t0 < 5


def test_a_folder_as_input_is_refused():
    code, out, err = run("check", ALE, ALE_APP, "--format", "json")
    assert code == 0
    code, out, err = run("check", os.path.join(ROOT, "guidelines"), ALE_APP)
    assert code == 2 and "[SIR403]" in err and "is a folder" in err


def _feed(path, data: bytes) -> threading.Thread:
    def write():
        with open(path, "wb") as fh:            # blocks until the reader opens the pipe
            fh.write(data)
    t = threading.Thread(target=write, daemon=True)
    t.start()
    return t


def test_a_named_pipe_with_a_bad_value_is_read_once_and_its_error_shown(tmp_path):
    pipe = tmp_path / "app.toml"
    os.mkfifo(pipe)
    with open(ALE_APP, "rb") as fh:
        data = fh.read().replace(b"amount = \"2 400 000 kr\"", b"amount = \"many kronor\"")
    assert b"many kronor" in data
    feeder = _feed(pipe, data)
    r = sirules("check", ALE, str(pipe), timeout=30)       # a second open of the pipe would wait forever
    feeder.join(5)
    assert r.returncode == 2 and "[SIR305]" in r.stderr, r.stderr
    assert "amount = \"many kronor\"" in r.stderr             # the line, from the bytes read the first time


def test_a_named_pipe_as_guideline(tmp_path):
    pipe = tmp_path / "g.sir"
    os.mkfifo(pipe)
    with open(ALE, "rb") as fh:
        feeder = _feed(pipe, fh.read())
    r = sirules("check", str(pipe), ALE_APP, "--no-cache", timeout=60)
    feeder.join(5)
    assert r.returncode == 0, r.stderr


def test_a_pipe_that_never_ends_stops_at_the_limit(tmp_path):
    pipe = tmp_path / "endless.json"
    os.mkfifo(pipe)

    def write():
        try:
            with open(pipe, "wb") as fh:
                while True:
                    fh.write(b" " * 65536)
        except (BrokenPipeError, OSError):
            pass
    threading.Thread(target=write, daemon=True).start()
    r = sirules("check", ALE, str(pipe), timeout=30)
    assert r.returncode == 2 and "[SIR401]" in r.stderr and "mer än 5000000 byte" in r.stderr, r.stderr   # Ale's: Swedish


@pytest.mark.parametrize("name", ["huge.toml", "huge.sir"])
def test_a_huge_sparse_file_is_refused_without_reading_it(tmp_path, name):
    import tracemalloc
    path = tmp_path / name
    with open(path, "wb") as fh:
        fh.truncate(1 << 30)
    argv = ["check", ALE, str(path)] if name.endswith(".toml") else ["check", str(path), ALE_APP]
    tracemalloc.start()
    t0 = time.perf_counter()
    try:
        code, out, err = run(*argv)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert code == 2 and "[SIR401]" in err and "1073741824 byte" in err, err       # "bytes" in English, "byte" in Swedish
    assert peak < 50_000_000 and time.perf_counter() - t0 < 5


def test_the_guideline_limit_is_the_one_syntax_checks():
    from sirules.language import syntax
    assert pipeline.GUIDELINE_LIMIT == syntax.MAX_GUIDELINE_BYTES


# ---- also: a file name that is not UTF-8, printed on a strict UTF-8 output ------------------------------

@pytest.mark.parametrize("fmt", ["text", "json"])
def test_a_non_utf8_file_name_on_a_strict_utf8_output(tmp_path, fmt):
    folder = os.fsencode(str(tmp_path))
    with open(ALE_APP, "rb") as fh:
        data = fh.read()
    with open(os.path.join(folder, b"\xff.toml"), "wb") as fh:
        fh.write(data)
    with open(os.path.join(folder, b"\xfe.toml"), "wb") as fh:
        fh.write(b"title = \n")
    r = subprocess.run([sys.executable, "-m", "sirules", "check", ALE, str(tmp_path), "--format", fmt],
                       env={**os.environ, "PYTHONIOENCODING": "utf-8:strict"}, capture_output=True, timeout=60,
                       cwd=ROOT)
    err = r.stderr.decode("utf-8")
    out = r.stdout.decode("utf-8")
    assert r.returncode == 2, err
    assert "internal error" not in err and "Traceback" not in err
    assert "\\udcfe.toml" in err and "\\udcff.toml" in out


def test_a_device_as_batch_file_is_refused_at_once():
    t0 = time.perf_counter()
    code, out, err = run("check", ALE, "--batch", "/dev/zero")
    assert code == 2 and "[SIR412]" in err and time.perf_counter() - t0 < 5


def test_a_guideline_from_a_pipe_reaches_every_worker(tmp_path):
    pipe = tmp_path / "g.sir"
    os.mkfifo(pipe)
    with open(ALE, "rb") as fh:
        feeder = _feed(pipe, fh.read())
    batch = tmp_path / "apps.jsonl"
    batch.write_text('{"id": "a", "title": "x"}\n' * 300, encoding="utf-8")
    r = sirules("check", str(pipe), "--batch", str(batch), "--jobs", "2", timeout=60)
    feeder.join(5)
    assert r.returncode in (0, 1) and len(r.stdout.splitlines()) == 300, r.stderr


def test_one_warning_for_an_unsafe_cache_also_with_workers(tmp_path):
    folder = tmp_path / "shared"
    folder.mkdir()
    os.chmod(folder, 0o777)
    batch = tmp_path / "apps.jsonl"
    batch.write_text('{"id": "a", "title": "x"}\n' * 300, encoding="utf-8")
    r = sirules("check", ALE, "--batch", str(batch), "--jobs", "2", env={"SIRULES_CACHE_DIR": str(folder)},
                timeout=120)
    assert r.returncode in (0, 1) and len(r.stdout.splitlines()) == 300, r.stderr
    assert r.stderr.count("warning[SIR410]") == 1, r.stderr
    assert os.listdir(folder) == []
