"""Batch checking: one application per JSON line or CSV row, one JSON result per line.

Results come out in input order, in constant memory (the input is streamed, and
with ``--jobs N`` worker processes take chunks in order). A line that cannot be
read or checked gives a result with an ``error`` and the run goes on.
"""

from __future__ import annotations

import csv
import datetime
import gc
import json
import sys
from typing import Iterator

from .checker import OUTCOME_WORDS
from ..language.diagnostics import SirulesError, error

CHUNK = 256


def read_lines(path: str) -> Iterator[tuple[int, object]]:
    """(line number, raw dict or SirulesError) for each application in the file."""
    from ..language.fileio import refuse_special
    refuse_special(path, "a batch file (.jsonl or .csv)")       # a device never ends: not read at all
    try:
        fh = open(path, encoding="utf-8-sig", newline="")
    except OSError as exc:
        raise SirulesError([error("SIR403", f"cannot read {path}: {exc.strerror}")]) from None
    with fh:
        try:
            yield from _lines(fh, path)
        except UnicodeDecodeError:
            raise SirulesError([error("SIR301", f"{path} is not UTF-8 text", hint="save the file as UTF-8")]) from None
        except csv.Error as exc:
            raise SirulesError([error("SIR301", f"{path} is not a CSV file sirules can read: {exc}")]) from None


def _lines(fh, path: str) -> Iterator[tuple[int, object]]:
    if path.lower().endswith(".csv"):
        yield from _csv_rows(fh)
        return
    for n, line in enumerate(fh, 1):
        if not line.strip():
            continue
        try:
            raw = json.loads(line, parse_constant=_reject_constant)
            if not isinstance(raw, dict):
                raise ValueError("a line must hold one JSON object")
            yield n, raw
        except (ValueError, RecursionError) as exc:
            yield n, SirulesError([error("SIR301", f"line {n} is not a JSON object: {exc}")])


def _reject_constant(name):
    raise ValueError(f"{name} is not a number sirules accepts")


def _csv_rows(fh) -> Iterator[tuple[int, object]]:
    reader = csv.DictReader(fh)
    for row in reader:
        n = reader.line_num
        try:
            yield n, _unflatten(row)
        except ValueError as exc:
            yield n, SirulesError([error("SIR301", f"row at line {n}: {exc}")])


def _unflatten(row: dict) -> dict:
    out: dict = {}
    for key, value in row.items():
        if key is None:
            raise ValueError("more values than column headings")
        if value is None or value == "":
            continue
        v: object = value
        s = value.strip()
        if s[:1] in "[{":
            v = json.loads(s)
        elif s.lower() in ("true", "false", "ja", "nej", "yes", "no"):
            v = s.lower() in ("true", "ja", "yes")
        elif s.lstrip("-").isdigit():
            v = int(s)
        target = out
        parts = key.split(".")
        for p in parts[:-1]:
            target = target.setdefault(p, {})
        target[parts[-1]] = v
    return out


def result_line(n: int, name: str, result) -> dict:
    """One compact JSON result; messages only for findings that did not pass."""
    findings = []
    for f in result.findings:
        item = {"rule": f.rule.id, "outcome": "permitted" if f.rule.strength == "may" else f.outcome}
        if f.outcome != "pass":
            item["clause"] = f.clause
            item["line"] = f.line
            item["message"] = f.message
        findings.append(item)
    return {"line": n, "application": name, "verdict": result.verdict, "score": result.score, "findings": findings}


def error_line(n: int, name: str, exc: SirulesError) -> dict:
    d = exc.diagnostics[0]
    return {"line": n, "application": name, "error": {"code": d.code, "message": d.message,
                                                      **({"hint": d.hint} if d.hint else {})}}


def _permissions(guideline) -> frozenset:
    """The positions of the guideline's permissions (``may`` rules), computed once per guideline."""
    mays = getattr(guideline, "_batch_mays", None)
    if mays is None:
        mays = frozenset(i for i, r in enumerate(guideline.view.rules) if r.strength == "may")
        guideline._batch_mays = mays
    return mays


def check_one(guideline, n: int, raw, on):
    if isinstance(raw, SirulesError):
        return error_line(n, f"line {n}", raw)
    name = str(raw.get("id") or f"line {n}")
    try:
        verdict, score, outcomes = guideline.outcomes(raw, on)
        mays = _permissions(guideline)
        if mays:                                       # a permission that does not hold is not listed
            outcomes = tuple(3 if i in mays and o != 0 else o for i, o in enumerate(outcomes))
        if any(o in (1, 2) for o in outcomes):         # sentences are needed: build the full result
            return result_line(n, name, guideline.check_raw(raw, name, on))
    except SirulesError as exc:
        return error_line(n, name, exc)
    findings = [{"rule": r.id, "outcome": "permitted" if r.strength == "may" else OUTCOME_WORDS[o]}
                for r, o in zip(guideline.view.rules, outcomes) if o != 3]
    return {"line": n, "application": name, "verdict": verdict, "score": score, "findings": findings}


_worker = None


def _init(path: str, use_cache: bool = True, text: str | None = None):
    global _worker
    from . import pipeline
    from ..language import cache
    cache.turn_off(not use_cache)                  # --no-cache holds in every worker too
    if text is not None:                           # a guideline from a pipe, which was read once
        _worker = pipeline.load_text(text, path)
        return
    _worker = pipeline.load(path, use_cache, light=True)      # the check path: no attrs in the workers


def _text_if_not_a_file(path: str) -> str | None:
    """The guideline's text for the workers when its path cannot be read again (a named pipe)."""
    import os
    from ..language.source import kept
    return None if os.path.isfile(path) else kept(path)


def _work(chunk):
    items, on = chunk
    return [check_one(_worker, n, raw, on) for n, raw in items]


def _chunks(it, on):
    buf = []
    for item in it:
        buf.append(item)
        if len(buf) == CHUNK:
            yield buf, on
            buf = []
    if buf:
        yield buf, on


def run_batch(guideline, path: str, on: datetime.date | None, jobs: int, out) -> int:
    progress = _Progress() if sys.stderr.isatty() else None
    bad = 0
    gc.freeze()                     # the guideline lives for the whole run: keep it out of GC passes
    write = out.write
    dumps = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode
    if jobs > 1:
        import multiprocessing
        from ..language import cache
        # a cache refused here (one warning) is not looked at again by the workers
        start = (guideline.path, cache.usable_dir() is not None, _text_if_not_a_file(guideline.path))
        with multiprocessing.get_context("spawn").Pool(jobs, _init, start) as pool:
            for results in pool.imap(_work, _chunks(read_lines(path), on)):
                for r in results:
                    bad += r.get("verdict") != "accepted"
                    write(dumps(r) + "\n")
                if progress:
                    progress.step(len(results))
    else:
        for n, raw in read_lines(path):
            r = check_one(guideline, n, raw, on)
            bad += r.get("verdict") != "accepted"
            write(dumps(r) + "\n")
            if progress:
                progress.step(1)
    if progress:
        progress.done()
    return 1 if bad else 0


class _Progress:
    def __init__(self):
        self.n = 0
        self.start = datetime.datetime.now()

    def step(self, k: int):
        self.n += k
        if self.n % 1000 < k:
            secs = (datetime.datetime.now() - self.start).total_seconds() or 1e-9
            sys.stderr.write(f"\r  checked {self.n:>9,} applications  ({self.n / secs:,.0f}/s)")
            sys.stderr.flush()

    def done(self):
        sys.stderr.write(f"\r  checked {self.n:>9,} applications.{' ' * 20}\n")
