"""Nothing lost: writes are atomic, and the same inputs give byte-identical output."""

import os
import signal
import subprocess
import sys
import textwrap
import time

import pytest

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def test_a_write_killed_half_way_leaves_the_original(tmp_path):
    target = tmp_path / "guideline.sir"
    original = 'riktlinje "Original"\n' + "# kommentar\n" * 1000
    target.write_text(original, encoding="utf-8")
    script = textwrap.dedent(f"""
        import os, sys, time
        sys.path.insert(0, {ROOT!r})
        from sirules.language import fileio
        real_fsync = os.fsync
        def slow_fsync(fd):
            print("writing", flush=True)       # the new text is half on disk, in the temporary file
            time.sleep(30)
            real_fsync(fd)
        os.fsync = slow_fsync
        fileio.write_atomic({str(target)!r}, "riktlinje \\"New\\"\\n" * 200000)
    """)
    proc = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, text=True)
    assert proc.stdout.readline().strip() == "writing"
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    assert target.read_text(encoding="utf-8") == original


def test_fmt_in_place_is_all_or_nothing(tmp_path):
    """Kill `sirules fmt` at many moments: the file is always the old text or the new one."""
    src = open(os.path.join(ROOT, "guidelines", "malmo.sir"), encoding="utf-8").read()
    messy = src.replace("\n  ", "\n      ")
    from sirules.cli.fmt import format_text
    formatted = format_text(messy, "x.sir")
    for delay in (0.05, 0.1, 0.2, 0.3, 0.5, 0.8):
        p = tmp_path / f"g{delay}.sir"
        p.write_text(messy, encoding="utf-8")
        proc = subprocess.Popen([sys.executable, "-m", "sirules", "fmt", str(p)], cwd=ROOT,
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(delay)
        proc.kill()
        proc.wait()
        assert p.read_text(encoding="utf-8") in (messy, formatted)


COMMANDS = [
    ["check", "guidelines/ale.sir", "examples/ale/"],
    ["check", "--format", "json", "guidelines/vgr.sir", "examples/vgr/"],
    ["check", "--suggest", "guidelines/ale.sir", "examples/ale/rejected-single-sector.toml"],
    ["test", "--coverage", "--format", "json", "guidelines/malmo.sir"],
    ["obligations", "--format", "json", "guidelines/norrkoping.sir", "examples/norrkoping/accepted-2019-reflow.toml",
     "--outcome", "examples/norrkoping/outcomes/2019-reflow-short.toml"],
    ["obligations", "--format", "csv", "guidelines/ale.sir", "examples/ale/obligations/joint-three-sectors.toml"],
    ["calc", "--format", "json", "guidelines/sormland.sir", "examples/sormland/calc/rehabilitering-till-arbete.toml"],
    ["compare", "--format", "json", "guidelines/orebro-2013.sir", "guidelines/orebro-2020.sir"],
    ["compare", "--format", "html", "guidelines/ale.sir", "guidelines/vgr.sir", "guidelines/umea.sir"],
    ["compare", "--format", "markdown", "guidelines/ale.sir", "guidelines/malmo.sir", "--applications",
     "examples/ale/", "examples/malmo/"],
    ["fmt", "--diff", "--lang", "en", "guidelines/norrkoping.sir"],
    ["lint", "--format", "json", "guidelines/"],
    ["template", "guidelines/region-skane.sir"],
    ["schema", "guidelines/vgr.sir"],
]


@pytest.mark.parametrize("argv", COMMANDS, ids=[" ".join(a[:2]) for a in COMMANDS])
def test_same_inputs_give_byte_identical_output(argv, tmp_path):
    outs = []
    for seed in ("1", "2"):
        env = {**os.environ, "PYTHONHASHSEED": seed, "SIRULES_CACHE_DIR": str(tmp_path / seed)}
        r = subprocess.run([sys.executable, "-m", "sirules", *argv], cwd=ROOT, env=env, capture_output=True)
        assert b"Traceback" not in r.stderr
        outs.append((r.returncode, r.stdout, r.stderr))
    assert outs[0] == outs[1]
