"""Golden diagnostics: one bad input per code, rendered at width 80 without colour.

Each ``tests/diagnostics/<CODE>-<slug>.<ext>`` is a bad guideline (``.sir``) or a
bad application (``.toml``/``.json``/``.yaml``, checked against ``_guideline.sir``);
``<same>.expected`` is the rendered output. ``SIRULES_UPDATE_GOLDENS=1`` rewrites them.
"""

import glob
import contextlib
import io
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
        if path.endswith(".http"):
            return _run_http(path)
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


def _run_http(path: str) -> str:
    """Requests to ``sirules serve`` (Starlette's test client). Lines ``fund ...`` set the stage as
    in a ``.cmd`` case (``{tmp}`` a fresh folder); ``serve GUIDELINE... [--register DB]`` makes the
    service; ``LOGIN NAME PASSWORD`` logs in at the officer's desk; the last line, ``METHOD PATH
    [BODY]``, is the request shown (a body that is not JSON is sent as a form, ``{csrf}`` the
    session's token), with its status, the problem document and its diagnostics."""
    import json
    import re
    import tempfile

    pytest.importorskip("starlette")
    from starlette.testclient import TestClient

    from sirules.cli import main as cli
    from sirules.web.app import create_app
    tmp = tempfile.mkdtemp(prefix="sirules-golden-")
    with open(path, encoding="utf-8") as fh:
        lines = [line.replace("{tmp}", tmp) for line in fh.read().splitlines() if line.strip()]
    client, serve = None, ""
    for line in lines[:-1]:
        words = line.split()
        if words[0] == "fund":
            with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
                cli.main(words)
        elif words[0] == "serve":
            serve = line
            register = words[words.index("--register") + 1] if "--register" in words else None
            paths = [w for i, w in enumerate(words[1:], 1) if w != "--register" and words[i - 1] != "--register"]
            client = TestClient(create_app(paths, register=register, secret="golden"))
        elif words[0] == "LOGIN":
            token = re.search(r'name="csrf" value="([^"]+)"', client.get("/officer/login").text).group(1)
            client.post("/officer/login", data={"csrf": token, "name": words[1], "password": " ".join(words[2:])})
    request = lines[-1]
    method, target, *body = request.split(" ", 2)
    kwargs = {}
    if body and body[0][:1] in "{[":
        kwargs = {"content": body[0].encode("utf-8"), "headers": {"content-type": "application/json"}}
    elif body:
        token = re.search(r'name="csrf" value="([^"]+)"', client.get("/officer/login").text).group(1)
        kwargs = {"data": dict(pair.split("=", 1) for pair in body[0].replace("{csrf}", token).split("&"))}
    r = client.request(method, target, **kwargs)
    shown_request = request if len(request) <= 120 else request[:120] + "…"
    head = f"$ sirules {serve}\n$ {shown_request}\n{r.status_code} {r.headers['content-type']}\n".replace(tmp, "TMP")
    if not r.headers["content-type"].startswith("application/"):        # a page: its problems
        import html
        found = re.findall(r'<code>(SIR[0-9]{3})</code> ([^<]*)', r.text)
        return head + "".join(f"error[{code}]: {html.unescape(message.strip())}\n" for code, message in found)
    doc = r.json()
    shown = "".join(f"{d['severity']}[{d['code']}]: {d['message']}\n" + (f"  = hint: {d['hint']}\n" if d["hint"] else "")
                    for d in doc["diagnostics"])
    return f"{head}{json.dumps(doc, ensure_ascii=False, indent=2)}\n{shown}".replace(tmp, "TMP")


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
