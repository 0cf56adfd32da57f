"""The ``special`` fuzz target: the command line on files that are not plain files (issue 21, 1-4).

Named pipes (written by a thread, read once), devices (``/dev/null``, ``/dev/zero``,
``/dev/urandom``, only ever read), folders, symbolic links (to a file, dangling, in a loop),
sparse files over the size limit, file names that are not UTF-8 printed on a strict UTF-8 output,
``--output`` and ``fmt`` onto links, pipes and read-only files, and a cache folder that others
may write with a planted entry. Beyond "exit 0, 1 or 2 and no traceback" (the CLI target's
check), it holds: a pipe, link or read-only file that sirules should not replace is still there
as it was, and the planted cache entry never runs.

Real devices are never given as an *output*: a regression would replace ``/dev/null`` itself.
"""

from __future__ import annotations

import errno
import io
import marshal
import os
import pickle
import shutil
import stat
import sys
import tempfile
import threading
import time

from .targets import Case, PropertyViolation, Target, _fresh_process_state, check_exit, run_cli

DEVICES = tuple(d for d in ("/dev/null", "/dev/zero", "/dev/urandom") if os.path.exists(d))
KINDS = ("pipe-app", "pipe-guideline", "device", "folder", "link", "huge", "name", "output", "fmt", "cache")
GOOD_APP = "examples/ale/accepted-two-sectors.toml"
GUIDELINE = "guidelines/ale.sir"
UNFORMATTED = b'riktlinje "x"\nska   a "a":   belopp <= 1 MSEK\n'


class SpecialFilesTarget(Target):
    """sirules check / fmt / compare on pipes, devices, links, huge and oddly named files."""
    name = "special"

    def make(self, rnd, ctx):
        kind = rnd.choice(KINDS)
        args = {"kind": kind, "format": rnd.choice(("text", "json"))}
        files = {}
        refs = {"g.sir": GUIDELINE, "app.toml": GOOD_APP}
        if kind in ("pipe-app", "name", "link"):
            data = ctx.read(GOOD_APP)
            if rnd.random() < 0.5:              # one bad value: its error is shown from the bytes read
                data = data.replace(b'amount = "2 400 000 kr"', rnd.choice((b'amount = "many"', b"amount = [",
                                                                            b'amount = "\xff"')))
            files["input.toml"] = data
        if kind == "device":
            args["device"] = rnd.choice(DEVICES) if DEVICES else "/dev/null"
            args["as"] = rnd.choice(("application", "guideline", "batch", "fmt"))
        elif kind == "folder":
            args["as"] = rnd.choice(("guideline", "batch", "fmt"))
        elif kind == "link":
            args["link"] = rnd.choice(("file", "dangling", "loop", "folder"))
        elif kind == "huge":
            args["as"] = rnd.choice(("application", "guideline"))
            args["size"] = rnd.choice((5_000_001, 8_000_001, 1 << 30))
        elif kind == "pipe-app":
            args["endless"] = rnd.random() < 0.2
        elif kind == "output":
            args["onto"] = rnd.choice(("pipe", "link", "dangling", "read-only", "folder", "missing-folder"))
            args["format"] = rnd.choice(("text", "csv", "json", "markdown", "html"))
        elif kind == "fmt":
            args["onto"] = rnd.choice(("link", "read-only", "read-only-folder"))
            files["input.sir"] = UNFORMATTED if rnd.random() < 0.7 else ctx.read(GUIDELINE)
        elif kind == "cache":
            args["how"] = rnd.choice(("group-writable folder", "entry writable by others", "entry is a link"))
        return Case(self.name, files, refs, args, f"special file: {kind}")

    def run(self, case, ctx):
        from sirules.language import cache
        d = tempfile.mkdtemp(dir=ctx.tmp)
        threads: list = []
        stop = threading.Event()
        saved = os.environ.get("SIRULES_CACHE_DIR")
        try:
            for name in case.names():
                with open(os.path.join(d, name), "wb") as fh:
                    fh.write(case.get(name, ctx))
            argv, after = _setup(case, d, stop, threads)
            _fresh_process_state()
            code, out, err = _run(argv, strict=case.args["kind"] == "name")
            outcome = check_exit(code, out, err)
            after()
            return outcome
        finally:
            if saved is not None:                 # the cache case points the cache elsewhere
                os.environ["SIRULES_CACHE_DIR"] = saved
            cache.reset()
            stop.set()
            for t in threads:
                _unblock(t)
                t.join(2)
            _writable(d)
            shutil.rmtree(d, ignore_errors=True)


def _setup(case: Case, d: str, stop, threads):
    """(argv, a check to run afterwards) for the case, with its special files made in ``d``."""
    a, kind = case.args, case.args["kind"]
    g, app = os.path.join(d, "g.sir"), os.path.join(d, "app.toml")
    fmt = ["--format", a["format"]] if a["format"] in ("text", "json") else []
    nothing = lambda: None                                         # noqa: E731
    if kind == "pipe-app":
        pipe = os.path.join(d, "pipe.toml")
        os.mkfifo(pipe)
        data = (b" " * 65536) if a.get("endless") else case.get("input.toml", None)
        threads.append(_feed(pipe, data, stop, endless=a.get("endless", False)))
        return ["check", g, pipe, *fmt], nothing
    if kind == "pipe-guideline":
        pipe = os.path.join(d, "pipe.sir")
        os.mkfifo(pipe)
        with open(g, "rb") as fh:
            threads.append(_feed(pipe, fh.read(), stop))
        return ["check", pipe, app, *fmt], nothing
    if kind == "device":
        dev = a["device"]
        return {"application": ["check", g, dev, *fmt], "guideline": ["check", dev, app, *fmt],
                "batch": ["check", g, "--batch", dev], "fmt": ["fmt", "--check", dev]}[a["as"]], nothing
    if kind == "folder":
        sub = os.path.join(d, "sub.sir")
        os.mkdir(sub)
        return {"guideline": ["check", sub, app], "batch": ["check", g, "--batch", sub],
                "fmt": ["fmt", "--check", sub]}[a["as"]], nothing
    if kind == "link":
        link = os.path.join(d, "link.toml")
        target = {"file": "input.toml", "dangling": "nowhere.toml", "loop": "link.toml", "folder": "."}[a["link"]]
        os.symlink(target, link)
        return ["check", g, link, *fmt], nothing
    if kind == "huge":
        path = os.path.join(d, "huge.toml" if a["as"] == "application" else "huge.sir")
        with open(path, "wb") as fh:
            fh.truncate(a["size"])
        return (["check", g, path] if a["as"] == "application" else ["check", path, app]), nothing
    if kind == "name":
        odd = os.path.join(os.fsencode(d), b"\xff\xfe-ans\xf6kan.toml")
        os.rename(os.path.join(d, "input.toml"), odd)
        return ["check", g, os.fsdecode(odd), *fmt], nothing
    if kind == "output":
        return _output_case(a, d, g)
    if kind == "fmt":
        return _fmt_case(case, a, d)
    return _cache_case(a, d, g, app)


def _output_case(a, d, g):
    out = os.path.join(d, "out")
    other = os.path.join(d, "real")
    onto = a["onto"]
    check = lambda: None                                           # noqa: E731
    if onto == "pipe":
        os.mkfifo(out)
        check = lambda: _still(stat.S_ISFIFO(os.lstat(out).st_mode), "--output replaced a named pipe")  # noqa: E731
    elif onto in ("link", "dangling"):
        if onto == "link":
            with open(other, "wb") as fh:
                fh.write(b"old")
            os.chmod(other, 0o640)
        os.symlink("real", out)

        def check():
            _still(os.path.islink(out), "--output replaced a symbolic link")
            if os.path.exists(other) and os.path.getsize(other) != 3:
                _still(stat.S_IMODE(os.stat(other).st_mode) in (0o640, 0o644, 0o664), "--output changed the mode")
    elif onto == "read-only":
        with open(out, "wb") as fh:
            fh.write(b"old")
        os.chmod(out, 0o444)
        check = lambda: _still(_read(out) == b"old", "--output rewrote a read-only file")  # noqa: E731
    elif onto == "folder":
        os.mkdir(out)
    else:
        out = os.path.join(d, "no", "such", "out")
    return ["compare", g, g, "--format", a["format"], "--output", out], check


def _fmt_case(case, a, d):
    path = os.path.join(d, "input.sir")
    before = case.get("input.sir", None)
    onto = a["onto"]
    if onto == "link":
        link = os.path.join(d, "link.sir")
        os.symlink("input.sir", link)
        return ["fmt", link], lambda: _still(os.path.islink(link), "fmt replaced a symbolic link")
    if onto == "read-only":
        os.chmod(path, 0o444)
        return ["fmt", path], lambda: _still(_read(path) == before, "fmt rewrote a read-only file")
    os.chmod(d, 0o555)                  # root may still write here: then fmt simply formats
    return ["fmt", path], lambda: None


def _cache_case(a, d, g, app):
    """A cache folder with a planted entry for the guideline that would create a marker if it ran."""
    from sirules.engine import pipeline
    from sirules.language import cache
    folder = os.path.join(d, "cache")
    os.mkdir(folder, 0o700)
    marker = os.path.join(d, "marker")
    with open(g, "rb") as fh:
        key = pipeline._hash(pipeline.decode_source(fh.read(), g).text)
    entry = os.path.join(folder, key[:40] + ".sirc")
    code = compile(f"open({marker!r}, 'w').close()", "<planted>", "exec")
    with open(entry, "wb") as fh:
        fh.write(marshal.dumps((pipeline._CACHE_FORMAT, pickle.dumps(_Planted(marker)), code)))
    os.chmod(entry, 0o600)
    if a["how"] == "group-writable folder":
        os.chmod(folder, 0o775)
    elif a["how"] == "entry writable by others":
        os.chmod(entry, 0o666)
    else:
        os.rename(entry, entry + ".real")
        os.symlink(entry + ".real", entry)
    os.environ["SIRULES_CACHE_DIR"] = folder          # SpecialFilesTarget.run puts it back
    cache.reset()

    def check():
        _still(not os.path.exists(marker), f"a planted cache entry ran ({a['how']})")
    return ["check", g, app], check


class _Planted:
    def __init__(self, marker: str):
        self.marker = marker

    def __reduce__(self):
        return (exec, (f"open({self.marker!r}, 'w').close()",))


def _run(argv, strict: bool):
    """run_cli, or with a strict UTF-8 standard output and error (a file name need not be UTF-8)."""
    if not strict:
        return run_cli(argv)
    from sirules.cli import main as cli
    out = io.TextIOWrapper(io.BytesIO(), encoding="utf-8", errors="strict")
    err = io.TextIOWrapper(io.BytesIO(), encoding="utf-8", errors="strict")
    old = sys.stdout, sys.stderr
    sys.stdout, sys.stderr = out, err
    try:
        try:
            code = cli.main(argv)
        except SystemExit as exc:
            code = exc.code
        out.flush()
        err.flush()
    finally:
        sys.stdout, sys.stderr = old
    return (0 if code is None else code), out.buffer.getvalue().decode("utf-8"), err.buffer.getvalue().decode("utf-8")


def _feed(path: str, data: bytes, stop, endless: bool = False) -> threading.Thread:
    """A thread that writes ``data`` into the named pipe once a reader opens it (never blocks on open)."""
    def write():
        while not stop.is_set():
            try:
                fd = os.open(path, os.O_WRONLY | os.O_NONBLOCK)
            except OSError as exc:
                if exc.errno != errno.ENXIO:          # ENXIO: no reader yet
                    return
                time.sleep(0.002)
                continue
            try:
                os.set_blocking(fd, True)
                view = memoryview(data)
                while not stop.is_set():
                    n = os.write(fd, view)
                    view = view[n:]
                    if not view:
                        if not endless:
                            break
                        view = memoryview(data)
            except OSError:                           # the reader closed: it read what it wanted
                pass
            finally:
                os.close(fd)
            return
    t = threading.Thread(target=write, daemon=True)
    t.pipe = path
    t.start()
    return t


def _unblock(t: threading.Thread) -> None:
    """A writer stuck in write() (its reader holds the pipe open and reads no more) is freed by a reader."""
    try:
        fd = os.open(t.pipe, os.O_RDONLY | os.O_NONBLOCK)
        try:
            while os.read(fd, 1 << 16):
                pass
        except OSError:
            pass
        os.close(fd)
    except OSError:
        pass


def _read(path: str) -> bytes:
    with open(path, "rb") as fh:
        return fh.read()


def _still(ok: bool, what: str) -> None:
    if not ok:
        raise PropertyViolation(what)


def _writable(d: str) -> None:
    for root, dirs, _ in os.walk(d):
        for name in dirs:
            try:
                os.chmod(os.path.join(root, name), 0o755)
            except OSError:
                pass
    try:
        os.chmod(d, 0o755)
    except OSError:
        pass


def register(targets: dict, weights: dict) -> None:
    """Add the target to the campaign (``--target special``, and one share of ``all``)."""
    targets[SpecialFilesTarget.name] = SpecialFilesTarget()
    weights[SpecialFilesTarget.name] = 1

