"""Golden diagnostics: one bad input per code, rendered at width 80 without colour.

Each ``tests/diagnostics/<CODE>-<slug>.<ext>`` is a bad guideline (``.sir``) or a
bad application (``.toml``/``.json``/``.yaml``, checked against ``_guideline.sir``);
``<same>.expected`` is the rendered output. ``SIRULES_UPDATE_GOLDENS=1`` rewrites them.
"""

import glob
import os

import pytest

import sirules
from sirules.report import render
from sirules.language.diagnostics import CODES, SirulesError

from .cli_helpers import assert_golden

HERE = os.path.join(os.path.dirname(__file__), "diagnostics")
CASES = sorted(p for p in glob.glob(os.path.join(HERE, "SIR*"))
               if not p.endswith(".expected"))


def _render(path: str) -> str:
    rel = os.path.relpath(path, os.path.dirname(os.path.dirname(__file__)))
    cwd = os.getcwd()
    os.chdir(os.path.dirname(os.path.dirname(__file__)))
    try:
        if path.endswith(".cmd"):
            return _run_cmd(path)
        if path.endswith(".sir"):
            sirules.load(rel, use_cache=False)
        else:
            g = sirules.load(os.path.relpath(os.path.join(HERE, "_guideline.sir")), use_cache=False)
            g.check(rel)
    except SirulesError as exc:
        return render.diagnostics(exc.diagnostics) + "\n"
    finally:
        os.chdir(cwd)
    return "no error\n"


def _run_cmd(path: str) -> str:
    """The last line of a ``.cmd`` file is the command shown; the lines before it set the stage
    (their output is not shown). ``{tmp}`` is a fresh temporary folder."""
    import contextlib
    import io
    import tempfile

    from sirules.cli import main as cli
    from sirules.language import cache
    tmp = tempfile.mkdtemp(prefix="sirules-golden-")
    with open(path, encoding="utf-8") as fh:
        lines = [line.replace("{tmp}", tmp).split() for line in fh.read().splitlines() if line.strip()]
    for argv in lines:
        env = {}                              # leading NAME=value words set the environment
        while argv and "=" in argv[0] and argv[0].split("=")[0].isupper():
            name, value = argv.pop(0).split("=", 1)
            env[name] = value
        saved = {name: os.environ.get(name) for name in env}
        out, err = io.StringIO(), io.StringIO()
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            try:
                os.environ.update(env)
                code = cli.main(argv)
            except SystemExit as exc:
                code = exc.code
            finally:
                for name, value in saved.items():
                    if value is None:
                        os.environ.pop(name, None)
                    else:
                        os.environ[name] = value
                cache.reset()
    shown = " ".join([f"{k}={v}" for k, v in env.items()] + argv).replace(tmp, "TMP")
    return f"$ sirules {shown}\n{out.getvalue()}{err.getvalue()}exit {code}\n".replace(tmp, "TMP")


@pytest.mark.parametrize("path", CASES, ids=[os.path.basename(p) for p in CASES])
def test_golden(path, update_goldens):
    got = _render(path)
    code = os.path.basename(path)[:6]
    assert f"[{code}]" in got, got
    for line in got.splitlines():
        assert len(line) <= 130 or line.startswith("$ "), line
    assert_golden(got, os.path.splitext(path)[0] + ".expected", update_goldens)


def test_every_code_has_a_golden_case():
    covered = {os.path.basename(p)[:6] for p in CASES}
    missing = sorted(set(CODES) - covered)
    assert not missing, f"codes without a golden case: {missing}"
