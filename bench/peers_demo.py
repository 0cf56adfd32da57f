"""Run the four peer engines on generated applications, check they agree, print timings.

    python -m bench.peers_demo            # 2 000 applications
    python -m bench.peers_demo -n 20000 --repeat 3 --zen-mode loop
"""

from __future__ import annotations

import argparse
import sys
import time
from collections import Counter
from pathlib import Path

if __package__ in (None, ""):  # run as a file: make "bench" importable
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.agree import check_agreement  # noqa: E402
from bench.data import generate  # noqa: E402
from bench.peers import handwritten, jsonlogic_peer, rule_engine_peer, zen_peer  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Time the peer engines and check they agree.")
    parser.add_argument("-n", type=int, default=2_000, help="number of applications (default 2000)")
    parser.add_argument("--seed", type=int, default=2024)
    parser.add_argument("--repeat", type=int, default=1, help="timed runs per engine; the best is shown")
    parser.add_argument("--zen-mode", choices=zen_peer.MODES, default=zen_peer.MODE)
    parser.add_argument("--skip", action="append", default=[],
                        help="engine to leave out (handwritten, rule_engine, jsonlogic, zen)")
    args = parser.parse_args(argv)

    started = time.perf_counter()
    apps = list(generate(args.n, args.seed))
    print(f"generated {len(apps)} applications (seed {args.seed}) in "
          f"{time.perf_counter() - started:.2f} s")

    engines = {
        "handwritten": handwritten.check_all,
        "rule_engine": rule_engine_peer.check_all,
        "jsonlogic": jsonlogic_peer.check_all,
        "zen": lambda batch: zen_peer.check_all(batch, args.zen_mode),
    }
    for name in args.skip:
        engines.pop(name, None)

    results: dict[str, list] = {}
    timings: dict[str, float] = {}
    for name, check_all in engines.items():
        check_all(apps[:10])  # warm-up: compile/cache outside the timing
        best = float("inf")
        for _ in range(max(1, args.repeat)):
            t0 = time.perf_counter()
            results[name] = check_all(apps)
            best = min(best, time.perf_counter() - t0)
        timings[name] = best

    check_agreement(results, apps)
    print(f"all {len(results)} engines agree on every verdict, score and rule outcome")

    reference = next(iter(results.values()))
    verdicts = Counter(verdict for verdict, _, _ in reference)
    print("verdicts: " + ", ".join(f"{v} {verdicts[v]} ({verdicts[v] / len(apps):.0%})"
                                   for v in ("accepted", "incomplete", "rejected")))

    base = timings.get("handwritten")
    print(f"\n{'engine':<14}{'total s':>10}{'µs/app':>10}{'× handwritten':>15}")
    for name, seconds in timings.items():
        label = f"zen ({args.zen_mode})" if name == "zen" else name
        ratio = f"{seconds / base:.1f}" if base else "-"
        print(f"{label:<14}{seconds:>10.3f}{seconds / len(apps) * 1e6:>10.1f}{ratio:>15}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
