"""The fuzz targets: what an input is, how it is made, and how it is run.

A :class:`Case` is one input: its files (bytes), references to files of the
repository (a bundled guideline or example, resolved when the case is saved so a
saved case stands alone), and target-specific arguments. ``run`` returns
``"ok"`` or ``"error"`` (a :class:`~sirules.language.diagnostics.SirulesError`, rendered
as the CLI would) and lets anything else propagate: that is a failure.

Targets: guideline, application, cli, fmt (``sirules fmt``), outcome (``sirules
obligations``). A target whose command is not in ``sirules.cli.main.COMMANDS`` reports
why from :meth:`Target.unavailable` and the runner skips it with a note, so it
starts covering the command the moment the command lands.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime
import glob
import io
import json
import os
import random
import re
import shutil
import tempfile
import time
from dataclasses import dataclass, field

import sirules
from sirules.engine import application, pipeline
from sirules.cli import main as cli
from sirules.report import render
from sirules.language.diagnostics import SirulesError

from . import apps, gen, generators, mutate

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
FORMATS = ("toml", "json", "yaml")
EXTRA = 0.12        # the share of inputs drawn from tests/fuzz/generators/ (hostile, one module each)


class PropertyViolation(AssertionError):
    """A property the fuzz harness checks beyond "raises only SirulesError" (e.g. fmt round trip)."""


class BadExit(AssertionError):
    """The CLI exited with a code outside {0, 1, 2}, or printed a traceback."""


# ---- cases --------------------------------------------------------------------------------

@dataclass
class Case:
    target: str
    files: dict = field(default_factory=dict)        # name -> bytes
    refs: dict = field(default_factory=dict)         # name -> path relative to ROOT
    args: dict = field(default_factory=dict)
    note: str = ""

    def get(self, name: str, ctx: Context) -> bytes:
        if name in self.files:
            return self.files[name]
        return ctx.read(self.refs[name])

    def names(self) -> list[str]:
        return list(self.files) + [n for n in self.refs if n not in self.files]

    def save(self, folder: str, ctx: Context, extra: dict) -> None:
        os.makedirs(folder, exist_ok=True)
        names = []
        for name in self.names():
            with open(os.path.join(folder, name), "wb") as fh:
                fh.write(self.get(name, ctx))
            names.append(name)
        doc = {"target": self.target, "files": names, "args": self.args, "note": self.note,
               "from": {n: p for n, p in self.refs.items()}, **extra}
        with open(os.path.join(folder, "case.json"), "w", encoding="utf-8") as fh:
            json.dump(doc, fh, indent=2, ensure_ascii=False, default=str)
            fh.write("\n")

    @classmethod
    def load(cls, folder: str) -> tuple[Case, dict]:
        with open(os.path.join(folder, "case.json"), encoding="utf-8") as fh:
            doc = json.load(fh)
        files = {}
        for name in doc["files"]:
            with open(os.path.join(folder, name), "rb") as fh:
                files[name] = fh.read()
        return cls(doc["target"], files, {}, doc.get("args", {}), doc.get("note", "")), doc


# ---- shared per-process state ---------------------------------------------------------------

class Context:
    """Corpus, compiled guidelines and a scratch folder; one per worker process."""

    def __init__(self, tmp: str | None = None, pool: list[str] | None = None):
        self.tmp = tmp or tempfile.mkdtemp(prefix="sirules-fuzz-")
        self.pool = pool or []
        self._files: dict[str, bytes] = {}
        self._compiled: dict[str, object] = {}
        self._raw: dict[str, dict] = {}
        self.guidelines = sorted(os.path.relpath(p, ROOT) for p in glob.glob(os.path.join(ROOT, "guidelines", "*.sir")))
        self.examples = sorted(os.path.relpath(p, ROOT) for p in glob.glob(os.path.join(ROOT, "examples", "*", "*"))
                               if p.endswith((".toml", ".json", ".yaml", ".yml")))
        diag = os.path.join(ROOT, "tests", "diagnostics")
        self.bad_guidelines = sorted(os.path.relpath(p, ROOT) for p in glob.glob(os.path.join(diag, "*.sir")))
        self.bad_apps = sorted(os.path.relpath(p, ROOT) for p in glob.glob(os.path.join(diag, "SIR3*"))
                               if p.endswith((".toml", ".json", ".yaml")))
        self.notes: list[str] = []
        self.excluded = 0.0               # seconds of the current input spent on the harness's own checks

    @contextlib.contextmanager
    def not_timed(self):
        """Work of the harness (a second format, the fast-path comparison): not counted in the input's time."""
        t0 = time.perf_counter()
        try:
            yield
        finally:
            self.excluded += time.perf_counter() - t0

    def read(self, rel: str) -> bytes:
        if rel not in self._files:
            with open(os.path.join(ROOT, rel), "rb") as fh:
                self._files[rel] = fh.read()
        return self._files[rel]

    def compiled(self, rel: str):
        """A bundled guideline, compiled once (None when it does not load: someone is editing it)."""
        if rel not in self._compiled:
            try:
                self._compiled[rel] = pipeline.load(os.path.join(ROOT, rel), use_cache=False)
            except SirulesError:
                self._compiled[rel] = None
                self.notes.append(f"bundled guideline {rel} does not load; not used")
        return self._compiled[rel]

    def usable_guidelines(self) -> list[str]:
        return [g for g in self.guidelines if self.compiled(g) is not None] or self.guidelines

    def raw_example(self, rel: str) -> dict | None:
        if rel not in self._raw:
            try:
                self._raw[rel] = application.parse_text(self.read(rel).decode("utf-8-sig"), rel)
            except (SirulesError, UnicodeDecodeError):
                self._raw[rel] = None
        return self._raw[rel]

    def examples_of(self, guideline_rel: str) -> list[str]:
        stem = os.path.splitext(os.path.basename(guideline_rel))[0]
        own = [e for e in self.examples if e.split(os.sep)[1] == stem]
        return own or self.examples

    def warm(self) -> None:
        from sirules.language import syntax
        syntax.parser()
        for g in self.guidelines:
            self.compiled(g)
        for e in self.examples:
            self.raw_example(e)
        gen.grammar_walk(random.Random(0))


# ---- helpers -------------------------------------------------------------------------------

def consume(result) -> None:
    """Everything a user can ask of a result: messages, JSON, the text report."""
    result.to_json()
    render.result_text(result, explain=True)


#: what the last run of a case ended with (the regression tests read it)
LAST: dict = {}


def rendered(exc: SirulesError) -> str:
    """Render the diagnostics as the CLI does (a crash here is a crash too)."""
    LAST.setdefault("codes", []).extend(d.code for d in exc.diagnostics)
    return render.diagnostics(exc.diagnostics, colour=False)


def guideline_input(rnd: random.Random, ctx: Context) -> tuple[bytes, str, str | None]:
    """A guideline text (bytes), a note saying how it was made, and the bundled file it came from."""
    if rnd.random() < EXTRA:
        got = generators.draw("guideline", rnd)
        if got is not None:
            return got[0], got[1], None
    r = rnd.random()
    origin = None
    if r < 0.38 and ctx.guidelines:
        origin = rnd.choice(ctx.guidelines)
        data = ctx.read(origin)
        if rnd.random() < 0.15:
            data = mutate.splice(data, ctx.read(rnd.choice(ctx.guidelines)), rnd)
        data, ops = mutate.mutate(data, rnd)
        note = f"mutated {origin}: {', '.join(ops)}"
    elif r < 0.48 and ctx.guidelines:
        origin = rnd.choice(ctx.guidelines)
        lines = ctx.read(origin).split(b"\n")
        i = rnd.randrange(len(lines))
        keep = lines[:rnd.randint(1, 8)] + lines[i:i + rnd.randint(1, 30)]
        data = b"\n".join(keep)
        note = f"excerpt of {origin}"
        if rnd.random() < 0.5:
            data, ops = mutate.mutate(data, rnd)
            note += ": " + ", ".join(ops)
    elif r < 0.78:
        text = gen.Plausible(rnd).text()
        data, note = text.encode("utf-8"), "plausible"
        if rnd.random() < 0.3:
            data, ops = mutate.mutate(data, rnd)
            note += ": " + ", ".join(ops)
    elif r < 0.88:
        data, note = gen.grammar_walk(rnd).encode("utf-8"), "grammar walk"
        if rnd.random() < 0.3:
            data, ops = mutate.mutate(data, rnd)
            note += ": " + ", ".join(ops)
    elif r < 0.95 and ctx.pool:
        data, note = rnd.choice(ctx.pool).encode("utf-8", "surrogatepass"), "hypothesis from_lark"
        if rnd.random() < 0.5:
            data, ops = mutate.mutate(data, rnd)
            note += ": " + ", ".join(ops)
    elif ctx.bad_guidelines:
        src = rnd.choice(ctx.bad_guidelines)
        data, ops = mutate.mutate(ctx.read(src), rnd)
        note = f"mutated {src}: {', '.join(ops)}"
    else:
        data, note = gen.Plausible(rnd).text().encode("utf-8"), "plausible"
    return data, note, origin


def application_input(rnd: random.Random, ctx: Context, fmt: str) -> tuple[bytes, str]:
    if rnd.random() < EXTRA:
        got = generators.draw("application", rnd, fmt)
        if got is not None:
            return got
    r = rnd.random()
    if r < 0.12 and ctx.examples and fmt == "toml":
        src = rnd.choice(ctx.examples)
        data, ops = mutate.mutate(ctx.read(src), rnd)
        return data, f"mutated {src}: {', '.join(ops)}"
    if r < 0.17 and ctx.bad_apps:
        src = rnd.choice(ctx.bad_apps)
        data, ops = mutate.mutate(ctx.read(src), rnd)
        return data, f"mutated {src}: {', '.join(ops)}"
    base = None
    if ctx.examples:
        src = rnd.choice(ctx.examples)
        base = ctx.raw_example(src)
    data, notes = apps.application_text(base, rnd, fmt)
    return data, f"{fmt}: " + ", ".join(notes or ["as is"])


def a_date(rnd: random.Random) -> str:
    return rnd.choice(("2020-01-01", "2013-06-01", "2022-01-01", "2030-12-31", "1900-01-01", "2023-02-30",
                       "yesterday", "", "2021-1-1", "9999-12-31", "0001-01-01"))


# ---- targets --------------------------------------------------------------------------------

class Target:
    name = ""
    command: str | None = None        # the CLI command this target needs

    def unavailable(self) -> str | None:
        if self.command and self.command not in cli.COMMANDS:
            return (f"`sirules {self.command}` does not exist yet (not in sirules.cli.main.COMMANDS); "
                    f"the {self.name} target starts covering it the moment it lands")
        return None

    def make(self, rnd: random.Random, ctx: Context) -> Case:
        raise NotImplementedError

    def run(self, case: Case, ctx: Context) -> str:
        raise NotImplementedError


class GuidelineTarget(Target):
    """load_text (or decode_source + load_text) and checks of a few applications."""
    name = "guideline"

    def make(self, rnd, ctx):
        data, note, origin = guideline_input(rnd, ctx)
        refs = {}
        pool = ctx.examples_of(origin) if origin else ctx.examples
        for i, ex in enumerate(rnd.sample(pool, min(len(pool), rnd.randint(0, 2)))):
            refs[f"app{i}{os.path.splitext(ex)[1]}"] = ex
        files = {"input.sir": data}
        if rnd.random() < 0.5:
            files["app.json"] = apps.to_json(apps.random_raw(rnd), rnd).encode("utf-8")
        mode = "bytes" if rnd.random() < 0.8 else "text"
        return Case(self.name, files, refs, {"mode": mode, "date": a_date(rnd) if rnd.random() < 0.1 else None},
                    note)

    def run(self, case, ctx):
        data = case.get("input.sir", ctx)
        path = "<fuzz>/input.sir"
        try:
            if case.args.get("mode") == "text":
                text = data.decode("utf-8", "replace")
            else:
                text = pipeline.decode_source(data, path).text
            g = sirules.load_text(text, path)
        except SirulesError as exc:
            rendered(exc)
            return "error"
        outcome = "ok"
        on = _date_or_none(case.args.get("date"))
        for name in case.names():
            if not name.startswith("app"):
                continue
            try:
                raw = application.parse_text(case.get(name, ctx).decode("utf-8-sig", "replace"), name)
                consume(g.check_raw(raw, name, on))
            except SirulesError as exc:
                rendered(exc)
                outcome = "error"
        return outcome


class ApplicationTarget(Target):
    """parse_text + CompiledGuideline.normaliser + check (or check(path)) on bundled guidelines."""
    name = "application"

    def make(self, rnd, ctx):
        fmt = rnd.choice(FORMATS)
        data, note = application_input(rnd, ctx, fmt)
        if note.startswith("mutated ") and not note.startswith("mutated examples"):
            fmt = os.path.splitext(note.split(":")[0])[1].lstrip(".") or fmt
        g = rnd.choice(ctx.usable_guidelines())
        via = "file" if rnd.random() < 0.3 else "text"
        return Case(self.name, {f"input.{fmt}": data}, {"guideline.sir": g},
                    {"format": fmt, "via": via, "date": a_date(rnd) if rnd.random() < 0.1 else None}, note)

    def run(self, case, ctx):
        g = _guideline_of(case, ctx)
        fmt = case.args["format"]
        name = f"input.{fmt}"
        data = case.get(name, ctx)
        on = _date_or_none(case.args.get("date"))
        try:
            if case.args.get("via") == "file":
                path = os.path.join(ctx.tmp, name)
                with open(path, "wb") as fh:
                    fh.write(data)
                consume(g.check(path, on))
            else:
                text = data.decode("utf-8", "replace")
                raw = application.parse_text(text, name, fmt)
                try:
                    app = g.normaliser.normalise(raw, name, text)
                    result = g.check(app, on)
                except SirulesError:
                    with ctx.not_timed():
                        _same_as_fast_path(g, raw, on, None)
                    raise
                with ctx.not_timed():
                    _same_as_fast_path(g, raw, on, result)
                consume(result)
        except SirulesError as exc:
            rendered(exc)
            return "error"
        return "ok"


def _same_as_fast_path(g, raw: dict, on, result) -> None:
    """CompiledGuideline.outcomes (the generated fast path) must agree with the full loader and check."""
    if not hasattr(g, "outcomes"):
        return
    try:
        fast = g.outcomes(raw, on)
    except SirulesError:
        fast = None
    if result is None and fast is None:
        return
    if result is None:
        raise PropertyViolation(f"the fast path (outcomes) accepts an application the full loader rejects: {fast[:2]}")
    if fast is None:
        raise PropertyViolation("the fast path (outcomes) rejects an application the full loader accepts")
    full = (result.verdict, result.score, tuple(result.outcomes))
    if (fast[0], fast[1], tuple(fast[2])) != full:
        raise PropertyViolation(f"the fast path (outcomes) says {fast[:2]}, the full check {full[:2]}")


def _date_or_none(text):
    if not text:
        return None
    try:
        return datetime.date.fromisoformat(text)
    except ValueError:
        return None


def _guideline_of(case: Case, ctx: Context):
    if "guideline.sir" in case.files:          # a saved case: its own copy
        key = "saved:" + str(hash(case.files["guideline.sir"]))
        if key not in ctx._compiled:
            ctx._compiled[key] = pipeline.load_text(
                pipeline.decode_source(case.files["guideline.sir"], "guideline.sir").text, "guideline.sir")
        return ctx._compiled[key]
    g = ctx.compiled(case.refs["guideline.sir"])
    if g is None:
        raise SirulesError([])
    return g


# ---- the command line -----------------------------------------------------------------------

def run_cli(argv: list[str]) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            code = cli.main(argv)
        except SystemExit as exc:
            code = exc.code
    if code is None:
        code = 0
    return code, out.getvalue(), err.getvalue()


def check_exit(code, out: str, err: str) -> str:
    LAST["exit"], LAST["stderr"] = code, err
    LAST.setdefault("codes", []).extend(re.findall(r"(?:error|fel)\[(SIR\d+)\]", err))
    if code not in (0, 1, 2):
        raise BadExit(f"exit code {code!r}\n--- stderr\n{err[-2000:]}")
    if "Traceback (most recent call last)" in out + err:
        raise BadExit(f"a traceback was printed\n--- stderr\n{err[-4000:]}")
    return "error" if code == 2 else "ok"


def _unguarded(argv: list[str]) -> BaseException | None:
    """Run a command without main()'s last-resort handler, to see where an internal error comes from."""
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            args = cli.build_parser().parse_args(argv)
            if args.command is not None:
                args.run(args)
        except SirulesError:
            return None
        except BaseException as exc:                    # noqa: BLE001
            return exc
    return None


def _subparser(command: str):
    p = cli.build_parser()
    for a in p._actions:
        if isinstance(a, argparse._SubParsersAction):
            return a.choices.get(command)
    return None


class _Files:
    """Files of a CLI case, named in argv as {d}/name."""

    def __init__(self, case: Case, rnd: random.Random, ctx: Context):
        self.case, self.rnd, self.ctx = case, rnd, ctx
        self.n = 0

    def guideline(self) -> str:
        rnd, ctx = self.rnd, self.ctx
        self.n += 1
        name = f"g{self.n}.sir"
        if rnd.random() < 0.55 and ctx.guidelines:
            self.case.refs[name] = rnd.choice(ctx.usable_guidelines())
        else:
            data, note, _ = guideline_input(rnd, ctx)
            self.case.files[name] = data
            self.case.note += f"[{name}: {note}] "
        return "{d}/" + name

    def application(self, fmt: str | None = None, outcomes: bool = False) -> str:
        rnd, ctx = self.rnd, self.ctx
        self.n += 1
        fmt = fmt or rnd.choice(FORMATS)
        odd = ("txt", "sir", "YAML" if fmt == "yaml" else "jsonl")   # JSON read as YAML: PyYAML's speed, not a hang
        name = f"a{self.n}.{fmt if rnd.random() < 0.95 else rnd.choice(odd)}"
        if rnd.random() < 0.3 and ctx.examples and fmt == "toml":
            self.case.refs[name] = rnd.choice(ctx.examples)
            self.case.note += f"[{name}: {self.case.refs[name]}] "
        else:
            if outcomes:
                raw = apps.random_raw(rnd)
                raw.setdefault("outcomes", [{"year": 2025, "amount": rnd.randint(0, 10 ** 6)}])
                raw.setdefault("repayment_plan", {"2026": rnd.randint(0, 10 ** 6)})
                raw, _ = apps.mutate_raw(raw, rnd) if rnd.random() < 0.5 else (raw, None)
                data, notes = apps.application_text(raw, rnd, fmt)
            else:
                data, note = application_input(rnd, ctx, fmt)
                notes = [note]
            self.case.files[name] = data
            self.case.note += f"[{name}: {', '.join(notes) or 'random, as made'}] "
        return "{d}/" + name

    def batch(self) -> str:
        rnd = self.rnd
        self.n += 1
        got = generators.draw("batch", rnd) if rnd.random() < EXTRA * 2 else None
        if got is not None:
            data, suffix, note = got
            name = f"b{self.n}{suffix}"
            self.case.files[name] = data
            self.case.note += f"[{name}: {note}] "
        elif rnd.random() < 0.7:
            lines = []
            for _ in range(rnd.randint(0, 6)):
                data, _ = apps.application_text(None, rnd, "json")
                lines.append(data.replace(b"\n", b" ") if rnd.random() < 0.9 else data)
            name = f"b{self.n}.jsonl"
            self.case.files[name] = b"\n".join(lines)
        else:
            rows = ["amount,start,applicant.kind,participants,preventive"]
            for _ in range(rnd.randint(0, 6)):
                rows.append(",".join(rnd.choice(("500000", "", "x", "-1", '"[{""kind"": ""company""}]"', "[",
                                                 "{", "true", "2023-02-30", "1e400", "municipal_unit", '"a,b"'))
                                     for _ in range(rnd.choice((4, 5, 5, 5, 7)))))
            name = f"b{self.n}.csv"
            data, _ = mutate.mutate("\n".join(rows).encode("utf-8"), rnd) if rnd.random() < 0.3 else \
                ("\n".join(rows).encode("utf-8"), None)
            self.case.files[name] = data
        return "{d}/" + name

    def folder(self) -> str:
        self.n += 1
        sub = f"dir{self.n}"
        for _ in range(self.rnd.randint(0, 3)):
            path = self.application()
            name = path.split("/", 1)[1]
            target = f"{sub}__{name}"
            if name in self.case.files:
                self.case.files[target] = self.case.files.pop(name)
            else:
                self.case.refs[target] = self.case.refs.pop(name)
        return "{d}/" + sub


def _write_case_files(case: Case, ctx: Context, d: str) -> None:
    for name in case.names():
        target = os.path.join(d, *name.split("__", 1))
        os.makedirs(os.path.dirname(target), exist_ok=True)
        with open(target, "wb") as fh:
            fh.write(case.get(name, ctx))
    for a in case.args.get("argv", []):        # named folders exist even when empty
        if a.startswith("{d}/dir"):
            os.makedirs(a.replace("{d}", d), exist_ok=True)


def generic_argv(command: str, files: _Files, rnd: random.Random) -> list[str]:
    """Arguments for any subcommand, read off its argparse parser."""
    sp = _subparser(command)
    argv = [command]
    if sp is None:
        return argv
    for a in sp._actions:
        if isinstance(a, argparse._HelpAction):
            if rnd.random() < 0.01:
                argv.append("--help")
            continue
        values = _values_for(a, files, rnd)
        if a.option_strings:
            if rnd.random() < 0.35:
                if a.nargs == 0:
                    argv.append(rnd.choice(a.option_strings))
                else:
                    argv.append(rnd.choice(a.option_strings))
                    argv.extend(values or [_plain_value(a, files, rnd)])
        else:
            argv.extend(values)
    if rnd.random() < 0.05:
        argv.insert(rnd.randint(1, len(argv)), rnd.choice(("--", "-x", "--nope", "", " ", "-")))
    return argv


def _count(a, rnd) -> int:
    if a.nargs is None:
        return 1
    if a.nargs == "+":
        return rnd.randint(1, 3)
    if a.nargs == "*":
        return rnd.randint(0, 3)
    if a.nargs == "?":
        return rnd.randint(0, 1)
    if isinstance(a.nargs, int):
        return a.nargs
    return 1


def _values_for(a, files: _Files, rnd) -> list[str]:
    if a.nargs == 0:
        return []
    return [_plain_value(a, files, rnd) for _ in range(_count(a, rnd))]


def _plain_value(a, files: _Files, rnd) -> str:
    dest = (a.dest or "").lower()
    if a.choices:
        return str(rnd.choice(list(a.choices))) if rnd.random() < 0.95 else "nonsense"
    if a.type is int:
        return rnd.choice(("0", "1", "1", "-1", "x"))          # never start worker pools
    if "date" in dest:
        return a_date(rnd)
    if "batch" in dest:
        return files.batch()
    if "guideline" in dest or (dest == "files" and rnd.random() < 0.9):
        return files.guideline()
    if "outcome" in dest:
        return files.application(outcomes=True)
    if "application" in dest or "example" in dest or "path" in dest:
        return files.application() if rnd.random() < 0.9 else files.folder()
    r = rnd.random()
    if r < 0.4:
        return files.guideline()
    if r < 0.8:
        return files.application()
    return rnd.choice(("{d}/missing.toml", "{d}", "/", "", "-", "{d}/g1.sir/x"))


class CliTarget(Target):
    """sirules.cli.main.main(argv) in process, on temporary files: exit code in {0, 1, 2}, never a traceback."""
    name = "cli"

    def make(self, rnd, ctx):
        case = Case(self.name)
        files = _Files(case, rnd, ctx)
        r = rnd.random()
        if r < 0.45:
            argv = ["check", files.guideline()]
            for _ in range(rnd.randint(0, 3)):
                argv.append(files.application() if rnd.random() < 0.9 else files.folder())
            argv += _check_options(rnd)
        elif r < 0.55:
            argv = ["check", files.guideline(), "--batch", files.batch()] + _check_options(rnd, batch=True)
        elif r < 0.65 and "test" in cli.COMMANDS:
            argv = ["test", files.guideline()]
            if rnd.random() < 0.9:
                argv += ["--examples"] + [files.application("toml") for _ in range(rnd.randint(0, 3))]
            argv += [o for o in ("--coverage", "--require-full-coverage") if rnd.random() < 0.3]
            if rnd.random() < 0.3:
                argv += ["--format", rnd.choice(("text", "json"))]
        elif r < 0.72 and "debug" in cli.COMMANDS:
            argv = ["debug", rnd.choice(("tree", "nodes", "model", "code")), files.guideline()]
        elif r < 0.95:
            argv = generic_argv(rnd.choice(cli.COMMANDS), files, rnd)
        else:
            argv = _garbage_argv(rnd, files)
        case.args["argv"] = argv
        return case

    def run(self, case, ctx):
        d = tempfile.mkdtemp(dir=ctx.tmp)
        try:
            _write_case_files(case, ctx, d)
            argv = [a.replace("{d}", d) for a in case.args["argv"]]
            _fresh_process_state()
            code, out, err = run_cli(argv)
            try:
                return check_exit(code, out, err)
            except BadExit as bad:
                shutil.rmtree(d, ignore_errors=True)          # the files as they were (fmt rewrites them)
                os.makedirs(d)
                _write_case_files(case, ctx, d)
                raise bad from _unguarded(argv)
        finally:
            shutil.rmtree(d, ignore_errors=True)


def _fresh_process_state() -> None:
    """The CLI runs once per process; forget what a previous in-process run left behind."""
    sources = getattr(render, "_sources", None)
    if isinstance(sources, dict):
        sources.clear()


def _check_options(rnd, batch: bool = False) -> list[str]:
    out = []
    if rnd.random() < 0.4:
        out += ["--format", rnd.choice(("text", "json", "json", "xml"))]
    for flag in ("--strict", "--explain", "--no-cache"):
        if rnd.random() < 0.25:
            out.append(flag)
    if rnd.random() < 0.2:
        out += ["--date", a_date(rnd)]
    if batch and rnd.random() < 0.2:
        out += ["--jobs", rnd.choice(("1", "0", "-3", "x"))]
    return out


def _garbage_argv(rnd, files: _Files) -> list[str]:
    words = list(cli.COMMANDS) + ["--version", "-h", "--help", "check", "--format", "json", "--date", "--batch",
                                  "--strict", "--", "-", "", "frobnicate", "--jobs", "99999999999999999999",
                                  "\u202e", "--format=json", "--date=2023-02-30"]
    argv = [rnd.choice(words) for _ in range(rnd.randint(0, 6))]
    if rnd.random() < 0.5:
        argv.append(files.guideline())
    return argv


class FmtTarget(Target):
    """sirules fmt: format_text must not crash, its output must parse and be stable; and the CLI."""
    name = "fmt"
    command = "fmt"

    def make(self, rnd, ctx):
        if rnd.random() < 0.6:
            data, note, _ = guideline_input(rnd, ctx)
            return Case(self.name, {"input.sir": data}, {},
                        {"api": True, "lang": rnd.choice((None, None, "sv", "en"))}, note)
        case = Case(self.name)
        files = _Files(case, rnd, ctx)
        argv = ["fmt"] + [files.guideline() for _ in range(rnd.randint(1, 2))]
        argv += [o for o in ("--check", "--diff") if rnd.random() < 0.3]
        if rnd.random() < 0.4:
            argv += ["--lang", rnd.choice(("sv", "en"))]
        case.args["argv"] = argv
        return case

    def run(self, case, ctx):
        if not case.args.get("api"):
            return CliTarget.run(self, case, ctx)
        from sirules.cli import fmt
        path = "<fuzz>/input.sir"
        data = case.get("input.sir", ctx)
        lang = case.args.get("lang")
        try:
            text = pipeline.decode_source(data, path).text
            out = fmt.format_text(text, path, lang)
        except SirulesError as exc:
            rendered(exc)
            return "error"
        except RecursionError:          # `sirules fmt` (cli.main) reports this as SIR402, exit 2
            return "error"
        try:
            with ctx.not_timed():                 # `sirules fmt` formats once; the second time is the harness's
                again = fmt.format_text(out, path, lang)
        except SirulesError as exc:
            raise PropertyViolation("fmt output does not parse:\n" + rendered(exc)) from None
        if again != out:
            raise PropertyViolation("fmt is not stable: formatting its output changes it")
        return "ok"


class OutcomeTarget(Target):
    """sirules obligations GUIDELINE APPLICATION...: applications with outcomes, repayment plans, shares."""
    name = "outcome"
    command = "obligations"

    def make(self, rnd, ctx):
        case = Case(self.name)
        files = _Files(case, rnd, ctx)
        sp = _subparser(self.command)
        argv = [self.command]
        if sp is not None:
            for a in sp._actions:
                if isinstance(a, argparse._HelpAction):
                    continue
                dest = (a.dest or "").lower()
                if a.option_strings:
                    if rnd.random() < 0.3:
                        argv.append(rnd.choice(a.option_strings))
                        if a.nargs != 0:
                            argv += _values_for(a, files, rnd) or [_plain_value(a, files, rnd)]
                elif "guideline" in dest:
                    argv += [files.guideline() for _ in range(_count(a, rnd))]
                elif a.choices:
                    argv += [str(rnd.choice(list(a.choices))) for _ in range(_count(a, rnd))]
                else:
                    argv += [files.application(outcomes=True) for _ in range(_count(a, rnd))]
        case.args["argv"] = argv
        return case

    def run(self, case, ctx):
        return CliTarget.run(self, case, ctx)


class SelfTest(Target):
    """Checks the runner itself (``--target selftest``, never part of ``all``): inputs that crash, hang
    in Python, wedge in C (SIGALRM blocked) or kill their worker, at known rates."""
    name = "selftest"

    def make(self, rnd, ctx):
        r = rnd.random()
        what = "die" if r < 0.01 else "wedge" if r < 0.02 else "crash" if r < 0.05 else "slow" if r < 0.07 else \
            "error" if r < 0.5 else "ok"
        return Case(self.name, {}, {}, {"what": what})

    def run(self, case, ctx):
        import signal
        import time
        what = case.args["what"]
        if what == "die":
            os._exit(3)
        if what == "wedge":
            signal.pthread_sigmask(signal.SIG_BLOCK, [signal.SIGALRM])
            while True:
                pass
        if what == "crash":
            raise ZeroDivisionError("selftest")
        if what == "slow":
            time.sleep(60)
        if what == "error":
            rendered(SirulesError([]))
            return "error"
        return "ok"


TARGETS: dict[str, Target] = {t.name: t for t in (GuidelineTarget(), ApplicationTarget(), CliTarget(),
                                                   FmtTarget(), OutcomeTarget(), SelfTest())}
#: how often each target comes up in ``--target all`` (guideline inputs are the slowest)
WEIGHTS = {"guideline": 3, "application": 4, "cli": 2, "fmt": 2, "outcome": 2}
from . import special_files; special_files.register(TARGETS, WEIGHTS)  # noqa: E402,E702  (issue 21: pipes, devices, links)

from .controls import TerminalTarget  # noqa: E402  (a target of its own module, built on the names above)

TARGETS[TerminalTarget.name] = TerminalTarget()
