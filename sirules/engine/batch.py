"""Batch checking: one application per JSON line or CSV row, one JSON result per line.

Results come out in input order, in constant memory (the input is streamed, and
with ``--jobs N`` worker processes take chunks in order). A line that cannot be
read or checked gives a result with an ``error`` and the run goes on.
"""

from __future__ import annotations

from sirules.language.i18n import current, later, tr

import csv
import datetime
import gc
import json
import sys
from typing import Iterator

from .checker import outcome_word
from ..language.diagnostics import SirulesError, error

CHUNK = 256
WALK_LENGTH = 150_000


def read_lines(path: str, delimiter: str | None = None, table=None) -> Iterator[tuple[int, object]]:
    """(line number, raw dict or SirulesError) for each application in the file.

    A line that cannot be used (not UTF-8, a lone surrogate, longer than the limit on an application,
    nested too deeply, headings that clash) is an error for that line; the run goes on. A CSV file's
    delimiter is ``delimiter`` or told from its heading row; a workbook (``.xlsx``) gives a row each
    (:mod:`.batch_tables`). ``table`` (a :class:`~.batch_tables.Table`) learns the headings, to name the
    cell of an error."""
    from ..language.fileio import refuse_special
    refuse_special(path, later("a batch file (.jsonl, .csv or .xlsx)"))       # a device never ends: not read at all
    if path.lower().endswith((".xlsx", ".xlsm")):
        from .batch_tables import Table, xlsx_rows
        yield from xlsx_rows(path, table if table is not None else Table())
        return
    try:
        fh = open(path, "rb")
    except OSError as exc:
        raise SirulesError([error("SIR403", later("cannot read {file}: {why}", file=path, why=exc.strerror))]) from None
    with fh:
        lines = _Lines(fh)
        if path.lower().endswith(".csv"):
            yield from _csv_rows(lines, delimiter, table)
        else:
            yield from _json_lines(lines)


class _Lines:
    """The lines of a binary file as text, each at most the limit on an application: a longer line is
    skipped (without reading it whole) and its number kept in ``long``. A byte that is not UTF-8 becomes
    a lone surrogate, which the line's check reports."""

    def __init__(self, fh):
        from .application import MAX_APPLICATION_BYTES
        from ..language import limits
        self.fh, self.n, self.long = fh, 0, []
        self.most = limits.get("APPLICATION_BYTES", MAX_APPLICATION_BYTES)

    def __iter__(self):
        readline, most = self.fh.readline, self.most
        while True:
            line = readline(most + 1)
            if not line:
                return
            self.n += 1
            if self.n == 1 and line.startswith(b"\xef\xbb\xbf"):
                line = line[3:]
            if len(line) > most and not line.endswith(b"\n"):
                while line and not line.endswith(b"\n"):
                    line = readline(1 << 20)
                self.long.append(self.n)
                yield "\n"
                continue
            yield line.decode("utf-8", "surrogateescape")

    def too_long(self, n: int) -> SirulesError:
        return SirulesError([error("SIR401", later("line {n} is longer than {most} bytes, the limit on an application",
                                                 n=n, most=self.most),
                                   hint=_limits_hint())])


def _limits_hint() -> str:
    from ..language import limits
    return later("split the application or {how}", how=limits.hint("APPLICATION_BYTES"))


def _json_lines(lines: "_Lines") -> Iterator[tuple[int, object]]:
    from .application.files import DuplicateKey, check_size, check_text, unique_pairs
    for line in lines:
        n = lines.n
        if lines.long and lines.long[-1] == n:
            yield n, lines.too_long(n)
            continue
        if not line.strip():
            continue
        try:
            if not line.isascii():
                check_text(line, later("line {line}", line=n))
            raw = json.loads(line, parse_constant=_reject_constant, object_pairs_hook=unique_pairs)
            if not isinstance(raw, dict):
                raise ValueError(later("a line must hold one JSON object"))
            # a plain line is not walked: deeper than 20 needs 21 brackets, 100 000 values 200 000 characters
            if "\\u" in line or line.count("[") + line.count("{") > 16 or len(line) > WALK_LENGTH:
                check_size(raw, later("line {line}", line=n))
            yield n, raw
        except SirulesError as exc:
            yield n, exc
        except DuplicateKey as dup:
            yield n, SirulesError([error("SIR301", later('line {n}: the key "{key}" is given twice in one object',
                                                         n=n, key=str(dup.key)[:80]), hint=later("keep one"))])
        except (ValueError, RecursionError) as exc:
            yield n, SirulesError([error("SIR301", later("line {n} is not a JSON object: {why}", n=n, why=_why(exc)))])


def _reject_constant(name):
    raise ValueError(later("{name} is not a number sirules accepts", name=name))


def _csv_rows(lines: "_Lines", delimiter: str | None = None, table=None) -> Iterator[tuple[int, object]]:
    from .application.files import check_size, check_text
    from .batch_tables import Table, sniff_delimiter
    if csv.field_size_limit() < lines.most:         # a cell may be as long as an application (not 128 KB)
        csv.field_size_limit(lines.most)
    it = iter(lines)
    first = next(it, None)
    if first is None:
        return
    import itertools
    table = table if table is not None else Table()
    reader = csv.DictReader(itertools.chain((first,), it), delimiter=delimiter or sniff_delimiter(first))
    reported = 0
    while True:
        try:
            row = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            if reader.line_num == 0:
                raise SirulesError([error("SIR301", later("the CSV headings cannot be read: {why}", why=str(exc)))]) from None
            yield reader.line_num, SirulesError([error("SIR301", later("row at line {n}: {why}", n=reader.line_num, why=str(exc)))])
            continue
        while reported < len(lines.long):
            yield lines.long[reported], lines.too_long(lines.long[reported])
            reported += 1
        n = reader.line_num
        if not table.headings:
            table.headings = list(reader.fieldnames or ())
        try:
            for cell in row.values():
                if type(cell) is str and not cell.isascii():
                    check_text(cell, later("row at line {n}", n=n))
            raw = _unflatten(row, table, n)
            check_size(raw, later("row at line {n}", n=n))
            yield n, raw
        except SirulesError as exc:
            yield n, exc
        except (ValueError, RecursionError) as exc:
            yield n, SirulesError([error("SIR301", later("row at line {n}: {why}", n=n, why=_why(exc)))])


def _why(exc: Exception) -> str:
    from .batch_tables import why
    return why(exc)


def _unflatten(row: dict, table=None, n: int = 0) -> dict:
    from .batch_tables import unflatten, value, why
    got = []
    for col, (key, cell) in enumerate(row.items(), 1):
        if cell is None or cell == "" or key is None:
            got.append((key, cell or None))
            continue
        try:
            got.append((key, value(cell)))
        except ValueError as exc:            # a cell that starts like JSON and is not
            if table is None:
                raise
            table.bad[n] = table.cell(n, col)
            raise ValueError(later("row {n}, column {column} ({key}): {why}", n=n, column=table.bad[n]["column"], key=key,
                                   why=why(exc))) from None
    return unflatten(got)


def result_line(n: int, name: str, result) -> dict:
    """One compact JSON result; messages only for findings that did not pass."""
    findings = []
    for f in result.findings:
        item = {"rule": f.rule.id, "outcome": "permitted" if f.rule.strength == "may" and f.outcome == "pass"
                else f.outcome}
        if f.outcome != "pass":
            item["clause"] = f.clause
            item["line"] = f.line
            item["message"] = f.message
        findings.append(item)
    return {"line": n, "application": name, "verdict": result.verdict, "score": result.score, "findings": findings}


def error_line(n: int, name: str, exc: SirulesError) -> dict:
    d = exc.diagnostics[0]
    message, hint = d.words(current())
    return {"line": n, "application": name, "error": {"code": d.code, "message": message,
                                                      **({"hint": hint} if hint else {})}}


def _permissions(guideline) -> frozenset:
    """The positions of the guideline's permissions (``may`` rules), computed once per guideline."""
    mays = getattr(guideline, "_batch_mays", None)
    if mays is None:
        mays = frozenset(i for i, r in enumerate(guideline.view.rules) if r.strength == "may")
        guideline._batch_mays = mays
    return mays


_LINE_NAMES: dict = {}


def _line_name(n: int) -> str:
    """The name of an application without an id: its line, in the language shown ("line 7", "rad 7")."""
    lang = current()
    template = _LINE_NAMES.get(lang)
    if template is None:                     # translated once per language, not once per line
        template = _LINE_NAMES[lang] = tr("line {line}", lang, line="{n}")
    return template.format(n=n)


def check_one(guideline, n: int, raw, on):
    if isinstance(raw, SirulesError):
        return error_line(n, _line_name(n), raw)
    name = str(raw.get("id") or _line_name(n))
    try:
        verdict, score, outcomes = guideline.outcomes(raw, on)
        mays = _permissions(guideline)
        if mays:                                       # a permission that does not hold is not listed
            outcomes = tuple(3 if i in mays and o not in (0, 4) else o for i, o in enumerate(outcomes))
        if any(o in (1, 2, 4) for o in outcomes):      # sentences are needed: build the full result
            return result_line(n, name, guideline.check_raw(raw, name, on))
    except SirulesError as exc:
        return error_line(n, name, exc)
    findings = [{"rule": r.id, "outcome": "permitted" if r.strength == "may" and o == 0 else outcome_word(r, o)}
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


def run_batch(guideline, path: str, on: datetime.date | None, jobs: int, out, delimiter: str | None = None) -> int:
    """Check every line of ``path``, writing one result per line to ``out``: 0 all accepted, 1 not,
    130 stopped by Ctrl-C (the results so far written whole, the workers stopped). An error of a row
    of a table (CSV, a workbook) names its cell (``error.cell``: sheet, row, column, heading)."""
    from .batch_tables import Table
    table = Table(lang=getattr(guideline.view, "lang", None))
    lines = read_lines(path, delimiter, table)
    progress = _Progress(path, guideline.view.lang) if sys.stderr.isatty() else None
    gc.freeze()                     # the guideline lives for the whole run: keep it out of GC passes
    stop = _Interrupt()
    counts = [0, 0]                 # lines written, lines not accepted
    from ..language.printable import json_safe     # DEL, C1 and bidi controls escaped, as every JSON output
    dumps = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode

    def emit(results):
        stop.writing = True             # a Ctrl-C now waits until these are written whole
        for r in results:
            counts[1] += r.get("verdict") != "accepted"
            if "error" in r and table.headings:
                cell = table.cell_of(r["line"], r["error"]["message"], guideline.normaliser.spelling)
                if cell:
                    r["error"]["cell"] = cell
            out.write(json_safe(dumps(r)) + "\n")
        counts[0] += len(results)
        if progress:
            progress.step(len(results))
        stop.writing = False

    try:
        if jobs > 1:
            _run_pool(guideline, lines, on, jobs, emit, stop)
        else:
            for n, raw in lines:
                emit((check_one(guideline, n, raw, on),))
                if stop.seen:
                    break
    except KeyboardInterrupt:
        stop.seen = True
    finally:
        stop.restore()
    out.flush()
    if progress:
        progress.done()
    if stop.seen:
        from ..language.i18n import tr
        sys.stderr.write(tr("sirules: stopped (Ctrl-C) after {n} results", guideline.view.lang, n=counts[0]) + "\n")
        return 130
    return 1 if counts[1] else 0


def _run_pool(guideline, lines, on, jobs, emit, stop) -> None:
    """The lines checked by ``jobs`` worker processes, a chunk each at a time, round the workers in
    turn, so the results come back in order. Each worker has its own pipe and no lock is shared, so
    stopping them (on Ctrl-C, after the chunk being written) cannot hang."""
    import multiprocessing
    from ..language import cache
    ctx = multiprocessing.get_context("spawn")
    # a cache refused here (one warning) is not looked at again by the workers; a guideline from a
    # pipe reaches them as its text, since it cannot be read twice
    start = (guideline.path, cache.usable_dir() is not None, _text_if_not_a_file(guideline.path))
    workers = []
    try:
        with stop.ignored():
            for _ in range(jobs):
                mine, theirs = ctx.Pipe()
                proc = ctx.Process(target=_worker_main, args=(theirs, *start), daemon=True)
                proc.start()
                theirs.close()
                workers.append((proc, mine))
        chunks = _chunks(lines, on)
        busy = []
        for _, conn in workers:
            chunk = next(chunks, None)
            if chunk is None:
                break
            conn.send(chunk)
            busy.append(conn)
        while busy:
            conn = busy.pop(0)
            try:
                results = conn.recv()
            except EOFError:
                raise SirulesError([error("SIR403", later("a worker process of --jobs stopped; run again with --jobs 1 "
                                                          "to see why"))]) from None
            emit(results)
            if stop.seen:
                break
            chunk = next(chunks, None)
            if chunk is not None:
                conn.send(chunk)
                busy.append(conn)
    finally:
        for proc, conn in workers:
            if stop.seen or proc.exitcode is not None:
                proc.terminate()
            else:
                try:
                    conn.send(None)
                except OSError:
                    proc.terminate()
            conn.close()
        for proc, _ in workers:
            proc.join(5)
            if proc.exitcode is None:
                proc.kill()
                proc.join()


def _worker_main(conn, path: str, use_cache: bool = True, text: str | None = None) -> None:
    """A worker of ``--jobs``: chunks in, results out, until None or the pipe closes."""
    import signal
    signal.signal(signal.SIGINT, signal.SIG_IGN)   # the main process stops the workers
    _init(path, use_cache, text)
    try:
        while True:
            chunk = conn.recv()
            if chunk is None:
                return
            conn.send(_work(chunk))
    except (EOFError, OSError):
        return


class _Interrupt:
    """Ctrl-C: raised as KeyboardInterrupt at once (also while the input stalls), except while results
    are being written (``writing``), when it is noted and the run stops after them."""

    def __init__(self):
        import signal
        import threading
        self.seen = False
        self.writing = False
        self.old = None
        if threading.current_thread() is threading.main_thread():
            self.old = signal.signal(signal.SIGINT, self._note)

    def _note(self, signum, frame):
        self.seen = True
        if not self.writing:
            raise KeyboardInterrupt

    def ignored(self):
        """While workers start: SIGINT ignored, which they inherit (so they never see a Ctrl-C)."""
        import contextlib
        import signal

        @contextlib.contextmanager
        def during():
            if self.old is None:
                yield
                return
            signal.signal(signal.SIGINT, signal.SIG_IGN)
            try:
                yield
            finally:
                signal.signal(signal.SIGINT, self._note)
        return during()

    def restore(self):
        if self.old is not None:
            import signal
            signal.signal(signal.SIGINT, self.old)
            self.old = None


class _Progress:
    """A rich progress bar on standard error (only made when it is a terminal: never in a pipe)."""

    def __init__(self, path: str | None = None, lang: str | None = None):
        from rich.console import Console
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn
        from ..language.i18n import tr
        self.bar = Progress(TextColumn("  " + tr("checking", lang)), BarColumn(), MofNCompleteColumn(),
                            TimeRemainingColumn(), console=Console(file=sys.stderr), transient=False)
        self.task = self.bar.add_task("", total=_lines_in(path))
        self.bar.start()

    def step(self, k: int):
        self.bar.advance(self.task, k)

    def done(self):
        self.bar.stop()


def _lines_in(path: str | None) -> int | None:
    """The number of lines of a regular file (the bar's total), None for a pipe or a workbook."""
    import os
    import stat
    try:
        if path is None or not stat.S_ISREG(os.stat(path).st_mode) or not path.lower().endswith((".jsonl", ".csv")):
            return None
        with open(path, "rb") as fh:
            n = sum(chunk.count(b"\n") for chunk in iter(lambda: fh.read(1 << 20), b""))
        return max(0, n - path.lower().endswith(".csv"))
    except OSError:
        return None