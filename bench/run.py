"""The sirules benchmark: ratios against baselines measured in the same run.

    python bench/run.py            # full size (100 000 applications)
    python bench/run.py --quick    # a tenth of the size, for CI

Measures, on the same data in one run:
  * batch check of seeded synthetic applications against bench/bench.sir (21 rules), full
    findings for every application, against a hand-written Python function, rule-engine,
    JsonLogic (json-logic-qubit) and zen-engine's batch call; every verdict, score and rule
    outcome must agree (checked);
  * `sirules check` on one application as a fresh process: first run (empty cache), and with a
    warm cache with --format json and with the rich table, against `python -c pass`;
  * load + compile of every bundled guideline and of synthetic guidelines of 300, 3 000 and
    30 000 lines;
  * the sensitivity calculation over 100 000 scenarios x 10 years x 5 actors;
  * peak memory of the batch command on the whole data set;
  * the fund register (bench/register.py): `fund status` on a register of 100 000 applications
    with a million journal rows (a tenth with --quick), and `fund submit` of 1 000 files;
  * the web service (bench/serve.py): `POST /api/v1/check` on loopback from 50 concurrent
    clients, 10 000 requests (2 000 with --quick): p99 latency and checks per second; and the
    form's live check, one client sending one check after another: its p99.
It ends with one line: RATIOS ...
"""

from __future__ import annotations

import argparse
import gc
import glob
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from fractions import Fraction

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, ROOT)

import sirules  # noqa: E402
from bench.agree import check_agreement  # noqa: E402
from bench.data import generate, write_jsonl  # noqa: E402

WORDS = ("pass", "fail", "undecided")
PEER_LIMIT_S = 20.0


def timed(fn, *args, repeat=1):
    best = None
    for _ in range(repeat):
        t = time.perf_counter()
        out = fn(*args)
        dt = time.perf_counter() - t
        best = dt if best is None else min(best, dt)
    return best, out


def sirules_batch(g, apps):
    return list(g.outcomes_many(apps))       # (verdict, score, outcome codes), or the SirulesError of a bad one


def as_words(results):
    # the guideline's validity adds a rule of its own after the 21 (outcome 3 while in force): the
    # peers implement the 21
    return [(v, s, tuple(WORDS[o] for o in oc[:21])) for v, s, oc in results]


def bench_batch(n: int, repeat: int) -> dict:
    from bench.peers import handwritten, jsonlogic_peer, rule_engine_peer, zen_peer
    apps = list(generate(n, 20261123))
    g = sirules.load(os.path.join(ROOT, "bench", "bench.sir"))
    print(f"batch: {n} applications, 21 rules")
    # the two are timed in turns, the best of each counted, so that a slow spell of the machine
    # does not fall on one of them only
    t_hw = t_si = float("inf")
    for _ in range(repeat):
        t, hw = timed(handwritten.check_all, apps)
        t_hw = min(t_hw, t)
        t, si = timed(sirules_batch, g, apps)
        t_si = min(t_si, t)
    results = {"handwritten": hw, "sirules": as_words(si)}
    times = {"handwritten": t_hw, "sirules": t_si}
    subset = apps[: max(1, n // 10)]
    for name, fn in (("rule_engine", rule_engine_peer.check_all), ("jsonlogic", jsonlogic_peer.check_all),
                     ("zen", zen_peer.check_all)):
        # a peer is first timed on a tenth; if the whole set would take more than 20 s it stays there
        t_small, small = timed(fn, subset)
        if t_small * 10 <= PEER_LIMIT_S and len(subset) < n:
            t_full, full = timed(fn, apps)
            times[name], results[name] = t_full, full
            note = ""
        else:
            times[name] = t_small * n / len(subset)
            results[name] = small
            note = f"  (run on {len(subset)} applications and scaled x{n / len(subset):g})"
        print(f"  {name:<12} {times[name]:8.3f} s{note}")
    print(f"  {'handwritten':<12} {t_hw:8.3f} s")
    print(f"  {'sirules':<12} {t_si:8.3f} s")
    # agreement: every engine against the hand-written reference on the applications it ran
    for name, res in results.items():
        check_agreement({"handwritten": hw[: len(res)], name: res}, apps[: len(res)])
    print("  agreement: every verdict, score and rule outcome agrees across all engines")
    return {"apps": apps, "times": times}


def bench_cold(tmp: str) -> dict:
    app = os.path.join(ROOT, "examples", "ale", "accepted-two-sectors.toml")
    gpath = os.path.join(ROOT, "guidelines", "ale.sir")
    # Python as a user runs it: bytecode is written and reused (kept in a folder of this run, so
    # that PYTHONDONTWRITEBYTECODE in a developer's shell does not make every import compile).
    base_env = {k: v for k, v in os.environ.items()
                if k not in ("SIRULES_RICH", "SIRULES_PLAIN", "PYTHONDONTWRITEBYTECODE")}
    base_env["PYTHONPYCACHEPREFIX"] = os.path.join(tmp, "pycache")

    def run(args, env, n=15):
        xs = []
        for _ in range(n):
            t = time.perf_counter()
            subprocess.run(args, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            xs.append(time.perf_counter() - t)
        return statistics.median(xs)

    cache = os.path.join(tmp, "cache")
    cmd = [sys.executable, "-m", "sirules", "check", gpath, app]
    env0 = {**base_env, "SIRULES_CACHE_DIR": os.path.join(cache, "0")}
    run([sys.executable, "-c", "pass"], base_env, n=3)
    install = run(cmd + ["--format", "json"], env0, n=1)      # writes bytecode and sirules' parser tables
    py = run([sys.executable, "-c", "pass"], base_env)
    firsts = []
    for _ in range(7):
        # a guideline never compiled before (as after every edit): its compiled entry is removed,
        # sirules' own parser tables (built once per installation) stay
        for f in glob.glob(os.path.join(cache, "0", "*.sirc")):
            os.unlink(f)
        firsts.append(run(cmd + ["--format", "json"], env0, n=1))
    first = statistics.median(firsts)
    warm_json = run(cmd + ["--format", "json"], env0)
    warm_rich = run(cmd, {**env0, "SIRULES_RICH": "1", "COLUMNS": "120"})
    print(f"cold start (median): python -c pass {py * 1000:.1f} ms; sirules check first run {first * 1000:.1f} ms, "
          f"warm --format json {warm_json * 1000:.1f} ms, warm rich table {warm_rich * 1000:.1f} ms")
    print(f"  (the very first run after installing, which also builds the parser tables: {install * 1000:.1f} ms)")
    return {"py": py, "first": first, "json": warm_json, "rich": warm_rich}


def synthetic(lines: int) -> str:
    """A guideline of about ``lines`` lines, as dense in rules as the bundled ones or denser:
    sections with original wording, comments, labelled rules and a parts block now and then."""
    out = ['guideline "Synthetic guideline" valid from 2020-01-01', '  body: "Benchmark municipality"',
           '  adopted_by: "Kommunstyrelsen"', "", "group external = association, foundation", ""]
    i = 0
    while len(out) + 13 <= lines:
        i += 1
        out += [f"# Section {i} paraphrases the source text; the rules below encode what it requires",
                "# of an application, and the comments say where each number comes from.",
                f'section {i} "Requirements, part {i}"',
                f'  wording: """The original wording of section {i}: an effort must involve at least two',
                'sectors, or one sector and an external party, and the amount applied for is capped."""', "",
                f'must r{i}a "at most {i % 9 + 1} MSEK and one to three years":',
                f"  amount <= {i % 9 + 1} MSEK and duration between 1 year and 3 years",
                f'must r{i}b "two sectors, or one sector and an external party":',
                "  count participants where kind is municipal_unit >= 2",
                "  or (count participants where kind in external >= 1 and preventive is yes)",
                f'priority r{i}c weight {i % 9 + 1} "younger children": age_to <= {i % 25}', ""]
        if i == 5:
            out += ["parts", "  required goal, target_group, budget",
                    f"  required scientific_evaluation if amount > {i % 9 + 1} MSEK", ""]
    out += ["# padding"] * (lines - len(out))
    return "\n".join(out) + "\n"


def bench_load() -> dict:
    times = {}
    for path in sorted(glob.glob(os.path.join(ROOT, "guidelines", "*.sir"))):
        t, _ = timed(sirules.load, path, False, repeat=3)
        times[os.path.basename(path)] = t
    print("load + compile of the bundled guidelines: " +
          ", ".join(f"{k} {v * 1000:.0f} ms" for k, v in times.items()))
    sizes = {}
    for lines in (300, 3000, 30000):
        text = synthetic(lines)
        t, _ = timed(sirules.load_text, text, f"synthetic-{lines}.sir", repeat=5 if lines < 30000 else 2)
        sizes[lines] = t
        print(f"  synthetic {lines:>6} lines: {t * 1000:8.1f} ms")
    return sizes


def bench_sensitivity(n: int) -> float:
    from sirules.finance import socioeconomic
    g = sirules.load(os.path.join(ROOT, "guidelines", "sormland.sir"))
    raw = {"title": "Sensitivity", "start": "2025-01-01", "budget": {"2025": 1_000_000}}
    actors = ["Socialnämnden", "Region Sörmland", "Försäkringskassan", "Arbetsförmedlingen", "Individen"]
    raw["savings"] = [{"actor": a, "year": 2025 + y, "amount": 20_000 * (k + 1) + 1_000 * y}
                      for y in range(10) for k, a in enumerate(actors)]
    app = g.normaliser.normalise(raw)
    calc = socioeconomic.calculate(g.model, app, Fraction(7, 2), 10)
    import random
    rnd = random.Random(7)
    scenarios = [tuple(rnd.randrange(10_001) for _ in actors) for _ in range(n)]
    t, out = timed(socioeconomic.sensitivity_many, calc, scenarios)
    print(f"sensitivity: {n} scenarios x 10 years x 5 actors in {t * 1000:.0f} ms")
    return t


def bench_memory(apps, tmp: str) -> float:
    path = os.path.join(tmp, "batch.jsonl")
    with open(path, "w", encoding="utf-8") as fh:
        for a in apps:
            fh.write(json.dumps(a, ensure_ascii=False) + "\n")
        fh.write("{not json\n")
    # the batch runs in a fresh process that reports its own peak, so the memory of this process,
    # copied at fork time, is not counted
    # (VmHWM of the process's own memory map; ru_maxrss would include what fork copied before exec)
    probe = ("import resource, sys\n"
             "from sirules.cli.main import main\n"
             "main(sys.argv[1:])\n"
             "kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss\n"
             "try:\n"
             "    kb = int(next(l for l in open('/proc/self/status') if l.startswith('VmHWM')).split()[1])\n"
             "except (OSError, StopIteration, ValueError):\n"
             "    pass\n"
             "sys.stderr.write('MAXRSS %d\\n' % kb)\n")
    r = subprocess.run([sys.executable, "-c", probe, "check", os.path.join(ROOT, "bench", "bench.sir"), "--batch", path],
                       stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
                       env={**os.environ, "SIRULES_CACHE_DIR": os.path.join(tmp, "memcache")})
    mb = int(r.stderr.rsplit("MAXRSS", 1)[1]) / 1024
    print(f"batch command on {len(apps)} applications: peak memory {mb:.0f} MB")
    return mb


def bench_register(tmp: str, n: int) -> dict:
    from bench.register import bench
    folder = os.path.join(tmp, "register")
    os.makedirs(folder)
    out = bench(folder, n, 1000)
    print(f"register: status of {n} applications ({out['journal_rows']} journal rows) "
          f"{out['status_ms']:.0f} ms ({out['status_cpu_ms']:.0f} ms CPU; target 500 ms at 100 000); "
          f"submit of {out['files']} files {out['files'] / out['submit_per_s']:.2f} s "
          f"({out['submit_per_s']:.0f} applications/s, {out['submit_cpu_s']:.2f} s CPU; target 2 s)")
    print(f"register figures on the RATIOS line: from the register of {n} applications"
          + (" (--quick: a tenth of the full size)" if n < 100_000 else " (full size)"))
    return out


def bench_serve(requests: int) -> dict:
    from bench.serve import bench
    out = bench(requests, 50)
    print(f"serve ({out['workers']} workers): {out['requests']} checks from {out['clients']} clients: p50 {out['p50_ms']:.1f} ms, "
          f"p99 {out['p99_ms']:.1f} ms, {out['per_s']:.0f} checks/s; the form's live check "
          f"p50 {out['live_p50_ms']:.1f} ms, p99 {out['live_p99_ms']:.1f} ms")
    from bench.serve import share
    print(share(out))
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--quick", action="store_true", help="a tenth of the size (for CI)")
    args = ap.parse_args()
    n = 10_000 if args.quick else 100_000
    print(f"machine: {os.cpu_count()} cores, Python {sys.version.split()[0]}, sirules {sirules.__version__}")
    with tempfile.TemporaryDirectory() as tmp:
        # loading first, in a process whose heap is as small as a command's (the batch data
        # takes hundreds of megabytes)
        sizes = bench_load()
        cold = bench_cold(tmp)
        batch = bench_batch(n, repeat=1 if args.quick else 5)
        sens = bench_sensitivity(n)
        peak = bench_memory(batch["apps"], tmp)
        reg = bench_register(tmp, n)
        web = bench_serve(2_000 if args.quick else 10_000)
    t = batch["times"]
    ratios = {
        "batch_vs_python": t["handwritten"] / t["sirules"],
        "batch_vs_rule_engine": t["rule_engine"] / t["sirules"],
        "batch_vs_jsonlogic": t["jsonlogic"] / t["sirules"],
        "batch_vs_zen": t["zen"] / t["sirules"],
        "cold_json_cached_vs_python": cold["json"] / cold["py"],
        "cold_rich_cached_vs_python": cold["rich"] / cold["py"],
        "cold_first_vs_python": cold["first"] / cold["py"],
        "load300_ms": sizes[300] * 1000,
        "scale_30k_vs_300": sizes[30000] / sizes[300],
        "sensitivity_ms": sens * 1000,
        "batch_peak_mb": peak,
        "register_status_ms": reg["status_ms"],
        "register_submit_per_s": reg["submit_per_s"],
        "serve_check_p99_ms": web["p99_ms"],
        "serve_checks_per_s": web["per_s"],
        "serve_live_p99_ms": web["live_p99_ms"],
    }
    print("RATIOS " + " ".join(f"{k}={v:.2f}" if v < 100 else f"{k}={v:.1f}" for k, v in ratios.items()))


if __name__ == "__main__":
    main()
