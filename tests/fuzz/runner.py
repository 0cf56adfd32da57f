"""The campaign: ``python -m tests.fuzz --n 100000 [--seed S] [--target T] [--jobs J]``.

Input ``i`` of a campaign is made from ``random.Random(f"{seed}:{i}")`` alone, so it
is the same whatever the number of workers; workers take chunks of indices from a
shared counter. Each input is timed; one slower than ``--timeout`` (1 s) is run
again, and if the second run is slow too it is a hang. A SIGALRM stops an input after
``--interrupt`` seconds (5 s), and the parent kills a worker that stops reporting
(a hang in C code) and starts another where it left off.

Anything but a SirulesError is a failure: the input is saved under
``tests/fuzz/failures/<target>-<signature>-<index>/`` with ``case.json`` (seed, index,
traceback, how it was made) and the campaign goes on. ``--replay DIR`` runs a saved
case again; ``--promote DIR`` makes it a regression case under ``tests/fuzz/cases/``.

The last line of output is always ``FUZZ tried=N crashes=C hangs=H slowest_ms=MS``.
"""

from __future__ import annotations

import argparse
import functools
import hashlib
import multiprocessing
import multiprocessing.connection
import os
import random
import shutil
import signal
import sys
import tempfile
import time
import traceback

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
FAILURES = os.path.join(HERE, "failures")
CASES = os.path.join(HERE, "cases")
SAVE_PER_SIGNATURE = 3


def parse_args(argv):
    p = argparse.ArgumentParser(prog="python -m tests.fuzz", description=__doc__.split("\n\n")[0])
    p.add_argument("--n", type=int, default=2000, help="inputs to try (default 2000)")
    p.add_argument("--seed", type=int, default=0, help="campaign seed (default 0)")
    p.add_argument("--target", default="all",
                   help="guideline, application, cli, fmt, outcome or all (default); a comma list works too")
    p.add_argument("--jobs", type=int, default=2, help="worker processes (default 2)")
    p.add_argument("--timeout", type=float, default=1.0, help="an input slower than this many seconds is a hang")
    p.add_argument("--interrupt", type=float, default=5.0, help="stop an input after this many seconds")
    p.add_argument("--pool", type=int, default=None,
                   help="texts drawn with hypothesis's from_lark per worker (default: n/2500, at most 40)")
    p.add_argument("--failures", default=FAILURES, help="where failures are saved")
    p.add_argument("--replay", metavar="DIR", help="run one saved case (a failure or a regression case) and exit")
    p.add_argument("--promote", metavar="DIR", help="copy a saved failure to tests/fuzz/cases/ as a regression case")
    p.add_argument("--name", help="name of the promoted case (default: the failure's folder name)")
    p.add_argument("--show", type=int, metavar="I", help="print input I of the campaign (with --seed, --target)")
    p.add_argument("-v", "--verbose", action="store_true", help="print each failure as it is found")
    return p.parse_args(argv)


# ---- targets and schedule ------------------------------------------------------------------

def resolve_targets(spec: str):
    from .targets import TARGETS, WEIGHTS
    names = [t for t in TARGETS if t != "selftest"] if spec == "all" else \
        [s.strip() for s in spec.split(",") if s.strip()]
    active, skipped = [], []
    for name in names:
        if name not in TARGETS:
            raise SystemExit(f"unknown target {name!r}; choose from {', '.join(TARGETS)} or all")
        why = TARGETS[name].unavailable()
        (skipped if why else active).append((name, why))
    schedule = []
    for name, _ in active:
        schedule += [name] * (WEIGHTS.get(name, 1) if spec == "all" else 1)
    # interleave so that every stretch of inputs mixes the targets
    order = sorted(range(len(schedule)), key=lambda i: (schedule[:i + 1].count(schedule[i]) /
                                                        schedule.count(schedule[i]), i))
    return [n for n, _ in active], skipped, [schedule[i] for i in order]


def input_rng(seed: int, i: int) -> random.Random:
    return random.Random(f"sirules-fuzz:{seed}:{i}")


def make_case(seed: int, i: int, schedule: list[str], ctx):
    from .targets import TARGETS
    name = schedule[i % len(schedule)]
    case = TARGETS[name].make(input_rng(seed, i), ctx)
    return case


def pool_size(args) -> int:
    return args.pool if args.pool is not None else min(40, max(2, args.n // 2500))


# ---- timing one input ---------------------------------------------------------------------------

class Interrupted(BaseException):
    """Raised by SIGALRM inside an input that runs too long (a BaseException: no `except Exception` eats it)."""


def _alarm(signum, frame):
    raise Interrupted()


def timed(fn, limit: float):
    """(outcome, seconds, exc): outcome "ok"/"error"/"crash"/"interrupted"."""
    signal.setitimer(signal.ITIMER_REAL, limit)
    t0 = time.perf_counter()
    try:
        outcome, exc = fn(), None
    except Interrupted as e:
        outcome, exc = "interrupted", e
    except (KeyboardInterrupt, SystemExit):
        raise
    except BaseException as e:                      # noqa: BLE001 -- anything but SirulesError is a failure
        outcome, exc = "crash", e
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
    return outcome, time.perf_counter() - t0, exc


def signature(target: str, exc: BaseException | None, kind: str) -> tuple[str, str]:
    """A short stable id of a failure (type and the innermost sirules frame) and a readable label."""
    if exc is None:
        return hashlib.sha1(f"{target}:{kind}".encode()).hexdigest()[:10], f"{target}: {kind}"
    cause = exc.__cause__ if kind == "bad-exit" else None
    if cause is not None:                          # the CLI's internal error, seen without its handler
        sig, label = signature(target, cause, "crash")
        return sig, f"{label} (CLI: {str(exc).splitlines()[0]})"
    frames = [f for f in traceback.extract_tb(exc.__traceback__) if f.filename != __file__]
    if not frames and kind in ("crash", "hang"):            # seen from the parent: a dead or wedged worker
        return hashlib.sha1(f"{target}:{kind}:{exc}".encode()).hexdigest()[:10], f"{target}: {exc}"
    where = ""
    for f in reversed(frames):
        if f"{os.sep}sirules{os.sep}" in f.filename and f"{os.sep}tests{os.sep}" not in f.filename:
            where = f"{os.path.relpath(f.filename, ROOT)}:{f.lineno} in {f.name}"
            break
    if not where and frames:
        f = frames[-1]
        where = f"{os.path.basename(f.filename)}:{f.lineno} in {f.name}"
    if kind == "hang":
        return hashlib.sha1(f"{target}:hang:{where}".encode()).hexdigest()[:10], \
            f"{target}: hang, interrupted at {where}"
    first = str(exc).splitlines()[0][:100] if str(exc) else ""
    label = f"{target}: {type(exc).__name__} at {where}" + (f" ({first})" if kind == "property" else "")
    key = f"{target}:{type(exc).__name__}:{where}" + (f":{first}" if kind in ("property", "bad-exit") else "")
    return hashlib.sha1(key.encode()).hexdigest()[:10], label


# ---- the worker -----------------------------------------------------------------------------------

def _stats():
    return {"tried": 0, "errors": 0, "ok": 0, "crashes": 0, "hangs": 0, "props": 0, "slowest": 0.0, "slowest_i": -1,
            "run_s": 0.0, "make_s": 0.0}


def worker(wid, args, schedule, conn, counter, chunk, state, first):
    """Run chunks of inputs; report per chunk over ``conn``."""
    os.environ["SIRULES_CACHE_DIR"] = tempfile.mkdtemp(prefix=f"cache-{wid}-", dir=args.scratch)
    os.environ["SIRULES_PLAIN"] = "1"
    os.environ["NO_COLOR"] = "1"
    os.environ["LANGUAGE"] = "C"      # argparse asks gettext for a catalogue on every message: no file lookups
    signal.signal(signal.SIGALRM, _alarm)
    signal.signal(signal.SIGINT, signal.SIG_IGN)        # the parent handles ^C
    from . import gen
    from .targets import TARGETS, BadExit, Context, PropertyViolation
    ctx = Context(tmp=tempfile.mkdtemp(prefix=f"files-{wid}-", dir=args.scratch),
                  pool=gen.hypothesis_pool(args.seed, pool_size(args)))
    ctx.warm()
    conn.send(("notes", wid, ctx.notes))
    saved: dict[str, int] = {}

    def ranges():
        if first is not None:
            yield first[0], first[1]
        while True:
            with counter.get_lock():
                c = counter.value
                counter.value += 1
            start = c * chunk
            if start >= args.n:
                return
            yield start, min(args.n, start + chunk)

    for start, end in ranges():
        stats = {}
        failures = []
        for i in range(start, end):
            if first is not None and i == first[2]:
                continue                  # the input that wedged or killed the previous worker
            t_make = time.perf_counter()
            try:
                case = make_case(args.seed, i, schedule, ctx)
            except Exception as exc:  # noqa: BLE001 -- a bug of the fuzzer itself: say so, go on
                ctx.notes.append(f"the fuzzer could not make input {i}: {type(exc).__name__}: {exc}")
                continue
            target = TARGETS[case.target]
            st = stats.setdefault(case.target, _stats())
            st["make_s"] += time.perf_counter() - t_make
            state[0], state[1], state[2], state[3] = i, time.monotonic(), end, start
            run = functools.partial(_run_one, target, case, ctx)
            outcome, secs, exc = timed(run, args.interrupt)
            secs = max(0.0, secs - ctx.excluded)
            if outcome in ("ok", "error") and secs > args.timeout:            # slow: once more, to be sure
                outcome2, secs2, exc2 = timed(run, args.interrupt)
                secs2 = max(0.0, secs2 - ctx.excluded)
                if secs2 < secs:
                    outcome, secs, exc = outcome2, secs2, exc2
            state[1] = 0.0
            st["tried"] += 1
            st["run_s"] += secs
            if secs > st["slowest"]:
                st["slowest"], st["slowest_i"] = secs, i
            if outcome == "crash":
                kind = ("property" if isinstance(exc, PropertyViolation) else
                        "bad-exit" if isinstance(exc, BadExit) else "crash")
                st["props" if kind == "property" else "crashes"] += 1
                failures.append(_save(args, ctx, case, i, kind, exc, secs, saved))
            elif outcome == "interrupted" or secs > args.timeout:
                st["hangs"] += 1
                failures.append(_save(args, ctx, case, i, "hang", exc if outcome == "interrupted" else None,
                                      secs, saved))
            else:
                st["errors" if outcome == "error" else "ok"] += 1
        conn.send(("chunk", wid, start, end, stats, failures))
        state[0] = -1.0
        if ctx.notes:
            conn.send(("notes", wid, ctx.notes))
            ctx.notes = []
    conn.send(("done", wid))


def _run_one(target, case, ctx):
    ctx.excluded = 0.0
    return target.run(case, ctx)


def _save(args, ctx, case, i, kind, exc, secs, saved) -> dict:
    sig, label = signature(case.target, exc, kind)
    tb = "".join(traceback.format_exception(exc)) if exc is not None else ""
    folder = None
    saved[sig] = saved.get(sig, 0) + 1
    if saved[sig] <= SAVE_PER_SIGNATURE:
        folder = os.path.join(args.failures, f"{case.target}-{sig}-{args.seed}-{i}")
        try:
            case.save(folder, ctx, {"found": {"kind": kind, "signature": sig, "label": label, "seed": args.seed,
                                              "index": i, "seconds": round(secs, 3),
                                              "error": f"took {secs:.2f} s" if kind == "hang" and exc is None or
                                              isinstance(exc, Interrupted) else
                                              f"{type(exc).__name__}: {exc}", "traceback": tb,
                                              "replay": f"python -m tests.fuzz --replay {os.path.relpath(folder)}"}})
        except OSError as e:
            folder = f"(not saved: {e})"
    return {"sig": sig, "label": label, "kind": kind, "index": i, "folder": folder, "seconds": secs}


# ---- the parent -----------------------------------------------------------------------------------

def campaign(args) -> int:
    names, skipped, schedule = resolve_targets(args.target)
    totals = {n: _stats() for n in names}
    distinct: dict[str, dict] = {}
    notes: set[str] = set()
    t0 = time.monotonic()
    if not schedule:
        _summary(args, totals, skipped, distinct, notes, t0)
        return 0
    os.makedirs(args.failures, exist_ok=True)
    args.scratch = tempfile.mkdtemp(prefix="sirules-fuzz-")      # the workers' caches and files; removed at the end
    try:
        return _campaign(args, names, skipped, schedule, totals, distinct, notes, t0)
    finally:
        shutil.rmtree(args.scratch, ignore_errors=True)


def _campaign(args, names, skipped, schedule, totals, distinct, notes, t0) -> int:
    jobs = max(1, min(args.jobs, args.n)) if args.n > 0 else 1
    chunk = max(5, min(250, args.n // (jobs * 8) or 5))
    mp = multiprocessing.get_context("spawn")
    counter = mp.Value("l", 0)
    workers: dict[int, tuple] = {}
    respawns = [0]
    next_id = 0

    def spawn(first=None):
        nonlocal next_id
        wid = next_id
        next_id += 1
        recv, send = mp.Pipe(duplex=False)
        state = mp.Array("d", [-1.0, 0.0, 0.0, 0.0], lock=False)
        p = mp.Process(target=worker, args=(wid, args, schedule, send, counter, chunk, state, first), daemon=True)
        p.start()
        send.close()
        workers[wid] = (p, recv, state)

    for _ in range(jobs):
        spawn()
    hard = args.interrupt * 2 + 10          # a worker silent this long on one input is stuck in C code
    def handle(wid, msg):
        if msg[0] == "notes":
            notes.update(msg[2])
        elif msg[0] == "chunk":
            _, _, _, _, stats, failures = msg
            _merge(totals, stats)
            for f in failures:
                _record(distinct, f, args.verbose)
            _progress(args, totals, t0)
        elif msg[0] == "done":
            p, _, _ = workers.pop(wid)
            p.join(5)

    def drain(wid, recv):
        while wid in workers and recv.poll():
            try:
                handle(wid, recv.recv())
            except (EOFError, OSError):
                return

    try:
        while workers:
            conns = {w[1]: wid for wid, w in workers.items()}
            ready = multiprocessing.connection.wait(list(conns) + [w[0].sentinel for w in workers.values()], 0.5)
            for r in ready:
                if r in conns:
                    drain(conns[r], r)
            now = time.monotonic()
            for wid, (p, recv, state) in list(workers.items()):
                dead = not p.is_alive()
                if dead:
                    drain(wid, recv)                  # what it said before it went
                    if wid not in workers:            # it said "done"
                        continue
                stuck = bool(state[1]) and now - state[1] > hard
                if not (dead or stuck):
                    continue
                if stuck:
                    p.kill()
                p.join(5)
                workers.pop(wid)
                i, end, start = int(state[0]), int(state[2]), int(state[3])
                if not state[1] or i < 0:          # died between inputs: nothing to blame
                    notes.add(f"worker {wid} died (exit {p.exitcode}) between inputs")
                    if respawns[0] < 20 and i >= 0:     # its chunk was not reported: run it again
                        respawns[0] += 1
                        spawn((start, end, -1))
                    continue
                if stuck:
                    _hang_or_death(args, schedule, i, totals, distinct, "hang",
                                   f"hang: no answer for {hard:.0f} s, the worker was killed (stuck in C code?)")
                else:
                    notes.add(f"worker {wid} died (exit {p.exitcode}) on input {i}")
                    _hang_or_death(args, schedule, i, totals, distinct, "crash",
                                   f"worker process died with exit code {p.exitcode}")
                if respawns[0] < 20:               # the chunk again (same inputs, same results) without input i
                    respawns[0] += 1
                    spawn((start, end, i))
    except KeyboardInterrupt:
        for p, _, _ in workers.values():
            p.kill()
        notes.add("interrupted with ^C: the counts are partial")
    return _summary(args, totals, skipped, distinct, notes, t0)


def _hang_or_death(args, schedule, i, totals, distinct, kind, why):
    """Record an input that killed or wedged its worker (the parent remakes the case to save it)."""
    from . import gen
    from .targets import Context
    ctx = Context(tmp=tempfile.mkdtemp(dir=args.scratch), pool=gen.hypothesis_pool(args.seed, pool_size(args)))
    case = make_case(args.seed, i, schedule, ctx)
    st = totals.setdefault(case.target, _stats())
    st["tried"] += 1
    st["hangs" if kind == "hang" else "crashes"] += 1
    f = _save(args, ctx, case, i, kind, RuntimeError(why), args.interrupt, {})
    _record(distinct, f, args.verbose)


def _merge(totals, stats):
    for name, st in stats.items():
        t = totals.setdefault(name, _stats())
        for k in ("tried", "errors", "ok", "crashes", "hangs", "props", "run_s", "make_s"):
            t[k] += st[k]
        if st["slowest"] > t["slowest"]:
            t["slowest"], t["slowest_i"] = st["slowest"], st["slowest_i"]


def _record(distinct, f, verbose):
    d = distinct.setdefault(f["sig"], {"label": f["label"], "kind": f["kind"], "count": 0, "folders": [],
                                       "first": f["index"]})
    d["count"] += 1
    if f["folder"] and len(d["folders"]) < SAVE_PER_SIGNATURE:
        d["folders"].append(f["folder"])
    if verbose and d["count"] == 1:
        print(f"  new {f['kind']}: {f['label']} (input {f['index']}) -> {f['folder']}", file=sys.stderr, flush=True)


_last_progress = [0.0]


def _progress(args, totals, t0):
    if not sys.stderr.isatty():
        return
    now = time.monotonic()
    if now - _last_progress[0] < 0.5:
        return
    _last_progress[0] = now
    tried = sum(t["tried"] for t in totals.values())
    sys.stderr.write(f"\r  {tried:>7}/{args.n} inputs  {tried / max(1e-9, now - t0):6.0f}/s ")
    sys.stderr.flush()


def _summary(args, totals, skipped, distinct, notes, t0) -> int:
    if sys.stderr.isatty():
        sys.stderr.write("\r" + " " * 40 + "\r")
    secs = time.monotonic() - t0
    tried = sum(t["tried"] for t in totals.values())
    crashes = sum(t["crashes"] for t in totals.values())
    hangs = sum(t["hangs"] for t in totals.values())
    slowest = max((t["slowest"] for t in totals.values()), default=0.0)
    props = sum(t["props"] for t in totals.values())
    print(f"sirules fuzz campaign: seed {args.seed}, {args.jobs} worker(s), {secs:.1f} s")
    print(f"  {'target':<12}{'tried':>9}{'SirulesError':>14}{'no error':>10}{'crashes':>9}{'hangs':>7}"
          f"{'property':>10}{'slowest_ms':>12}{'run_s':>8}{'make_s':>8}")
    for name, t in totals.items():
        print(f"  {name:<12}{t['tried']:>9}{t['errors']:>14}{t['ok']:>10}{t['crashes']:>9}{t['hangs']:>7}"
              f"{t['props']:>10}{round(t['slowest'] * 1000):>12}{t['run_s']:>8.1f}{t['make_s']:>8.1f}"
              + (f"  (slowest: input {t['slowest_i']})" if t["slowest_i"] >= 0 else ""))
    for name, why in skipped:
        print(f"  {name:<12}skipped: {why}")
    for note in sorted(notes):
        print(f"  note: {note}")
    if distinct:
        print("distinct failures:")
        for sig, d in sorted(distinct.items(), key=lambda kv: -kv[1]["count"]):
            print(f"  [{d['kind']}] {d['label']}  x{d['count']}, first at input {d['first']}")
            for folder in d["folders"]:
                print(f"      {os.path.relpath(folder) if os.path.isabs(folder) else folder}")
        print("replay one with: python -m tests.fuzz --replay DIR; keep it as a regression case with --promote DIR")
    if props:
        print(f"note: {props} property violation(s) (e.g. fmt output that does not parse again) are listed above "
              "and saved, but are not counted as crashes")
    incomplete = bool(totals) and tried < args.n
    if incomplete:
        print(f"note: only {tried} of {args.n} inputs were tried (see the notes above): the campaign is incomplete")
    print(f"FUZZ tried={tried} crashes={crashes} hangs={hangs} slowest_ms={round(slowest * 1000)}", flush=True)
    return 1 if crashes or hangs or incomplete else 0


# ---- replay, promote, show -----------------------------------------------------------------------

def replay(folder: str) -> int:
    from .targets import TARGETS, Case, Context
    case, _ = Case.load(folder)
    ctx = Context()
    t0 = time.perf_counter()
    try:
        outcome = TARGETS[case.target].run(case, ctx)
    except Exception:  # noqa: BLE001 -- shown, it is what a replay is for
        traceback.print_exc()
        print(f"REPLAY {folder}: crash")
        return 1
    finally:
        shutil.rmtree(ctx.tmp, ignore_errors=True)
    ms = round((time.perf_counter() - t0 - ctx.excluded) * 1000)      # as the campaign counts it
    print(f"REPLAY {folder}: {outcome} ({'a SirulesError' if outcome == 'error' else 'no error'}) in {ms} ms")
    return 0


def promote(folder: str, name: str | None) -> int:
    """Copy a saved failure to tests/fuzz/cases/NAME, with what it must do now (run it after the fix)."""
    from .targets import TARGETS, Case, Context
    case, doc = Case.load(folder)
    ctx = Context()
    found = {k: v for k, v in doc.get("found", {}).items() if k not in ("replay", "traceback")}
    extra = {"why": f"found by the fuzz campaign: {found.get('label', '?')} ({found.get('error', '')[:200]}); "
                    f"made as: {doc.get('note', '')[:200]}", "found": found}
    try:
        outcome = TARGETS[case.target].run(case, ctx)
        extra["expect"] = "SirulesError" if outcome == "error" else "no error"
        said = f"must give {'a SirulesError' if outcome == 'error' else 'no error'}"
    except Exception as exc:  # noqa: BLE001 -- not fixed yet: an expected failure until it is
        extra["expect"] = "SirulesError"
        extra["known"] = f"not fixed yet: {type(exc).__name__}: {str(exc)[:200]}"
        said = "still fails: kept as an expected failure (set expect and drop known once it is fixed)"
    finally:
        shutil.rmtree(ctx.tmp, ignore_errors=True)
    if found.get("kind") == "hang":
        extra["max_seconds"] = 0.5
    dest = os.path.join(CASES, name or os.path.basename(os.path.normpath(folder)))
    case.save(dest, ctx, extra)
    print(f"promoted to {os.path.relpath(dest)}: {said}")
    print("edit its case.json: a short why, and the codes it must raise")
    return 0


def show(args) -> int:
    from . import gen
    from .targets import Context
    _, _, schedule = resolve_targets(args.target)
    ctx = Context(pool=gen.hypothesis_pool(args.seed, pool_size(args)))
    case = make_case(args.seed, args.show, schedule, ctx)
    print(f"target {case.target}: {case.note}\nargs {case.args}\nrefs {case.refs}")
    for name, data in case.files.items():
        print(f"--- {name} ({len(data)} bytes)")
        print(data[:3000].decode("utf-8", "replace"))
    return 0


def main(argv=None) -> int:
    args = parse_args(argv)
    if args.replay:
        return replay(args.replay)
    if args.promote:
        return promote(args.promote, args.name)
    if args.show is not None:
        return show(args)
    return campaign(args)
