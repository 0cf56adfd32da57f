"""The web service under load: ``POST /api/v1/check`` on loopback from 50 concurrent clients.

``sirules serve`` runs in its own process (uvicorn, as a municipality would run it); the clients
send the application as JSON (what a program calling the API sends) over 50 keep-alive HTTP/1.1 connections written on asyncio streams (a lean client, so that the
machine's cores go to the server), each sending its share of a bounded number of requests, one
after the other. Every answer must be 200 and the verdict of the application sent (checked).

    python bench/serve.py [--requests 5000] [--clients 50]

prints ``serve_check_p99_ms=… serve_checks_per_s=… serve_live_p99_ms=…`` (``bench/run.py`` puts them on
its RATIOS line; the last is one client checking after each change, as the form does).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import socket
import statistics
import subprocess
import sys
import time
import urllib.request

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
EXAMPLE = os.path.join(ROOT, "examples", "ale", "accepted-two-sectors.toml")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _start(port: int, env: dict, workers: int, new_session: bool = False) -> subprocess.Popen:
    """``sirules serve`` of Ale's guideline on ``port``, once it answers (``new_session``: in a
    process group of its own, which ``os.killpg`` stops with its workers)."""
    proc = subprocess.Popen([sys.executable, "-m", "sirules", "serve", os.path.join(ROOT, "guidelines", "ale.sir"),
                             "--port", str(port), "--workers", str(workers)], env=env, stdout=subprocess.DEVNULL,
                            stderr=subprocess.PIPE, start_new_session=new_session)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/api/v1/guidelines", timeout=1).read()
            return proc
        except OSError:
            if proc.poll() is not None:
                raise RuntimeError("sirules serve did not start: " + proc.stderr.read().decode()[-2000:])
            time.sleep(0.1)
    proc.kill()
    raise RuntimeError("sirules serve did not answer within 60 s")


def _cpu_seconds(root: int) -> dict[int, float]:
    """CPU time (user + system) of process ``root`` and of each of its children (uvicorn's
    workers), from /proc: {pid: seconds}."""
    tick = os.sysconf("SC_CLK_TCK")
    out = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as fh:
                fields = fh.read().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(entry) == root or int(fields[1]) == root:          # fields[1] is the parent's id
            out[int(entry)] = (int(fields[11]) + int(fields[12])) / tick      # utime, stime
    return out


async def _client(port: int, request: bytes, count: int, latencies: list, expect: bytes) -> None:
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    try:
        for _ in range(count):
            t = time.perf_counter()
            writer.write(request)
            head = await reader.readuntil(b"\r\n\r\n")
            length = next(int(line.split(b":", 1)[1]) for line in head.split(b"\r\n")
                          if line.lower().startswith(b"content-length:"))
            body = await reader.readexactly(length)
            latencies.append(time.perf_counter() - t)
            if not head.startswith(b"HTTP/1.1 200") or expect not in body:
                raise RuntimeError(f"unexpected answer: {head[:60]!r} {body[:200]!r}")
    finally:
        writer.close()


def _body(suggest: bool = False) -> bytes:
    import tomllib
    with open(EXAMPLE, "rb") as fh:
        raw = tomllib.load(fh)
    raw = {k: (v.isoformat() if hasattr(v, "isoformat") else v) for k, v in raw.items() if k != "expect"}
    if suggest:                    # what the form sends while it is being filled in: parts still missing
        del raw["parts"]
    return json.dumps({"guideline": "ale", "application": raw, "name": "accepted-two-sectors.toml",
                       **({"suggest": True} if suggest else {})}).encode()


async def _load(port: int, requests: int, clients: int, suggest: bool = False) -> tuple[list, float]:
    body = _body(suggest)
    request = (b"POST /api/v1/check HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
               b"Content-Length: " + str(len(body)).encode() + b"\r\n\r\n" + body)
    latencies: list = []
    shares = [requests // clients + (i < requests % clients) for i in range(clients)]
    t = time.perf_counter()
    expect = b'"verdict": "incomplete"' if suggest else b'"verdict": "accepted"'
    await asyncio.gather(*(_client(port, request, n, latencies, expect) for n in shares))
    return latencies, time.perf_counter() - t


def bench(requests: int = 5000, clients: int = 50, warmup: int = 200, workers: int | None = None) -> dict:
    """``workers`` defaults to one per core, as a municipality would run it."""
    workers = workers or min(4, len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1)
    port = _free_port()
    env = {**os.environ, "PYTHONPATH": ROOT + os.pathsep + os.environ.get("PYTHONPATH", "")}
    proc = _start(port, env, workers)
    try:
        asyncio.run(_load(port, warmup, min(clients, warmup)))
        server0, client0 = _cpu_seconds(proc.pid), time.process_time()
        latencies, elapsed = asyncio.run(_load(port, requests, clients))
        server1, client_cpu = _cpu_seconds(proc.pid), time.process_time() - client0
        per_process = sorted((server1[p] - server0.get(p, 0.0) for p in server1), reverse=True)
        server_cpu = sum(per_process)
        live = sorted(asyncio.run(_load(port, 300, 1, suggest=True))[0])   # one person filling in the form
    finally:
        proc.terminate()
        proc.wait(10)
    latencies.sort()
    p99 = latencies[min(len(latencies) - 1, int(len(latencies) * 0.99))]
    return {"requests": len(latencies), "clients": clients, "workers": workers, "p50_ms": statistics.median(latencies) * 1000,
            "p99_ms": p99 * 1000, "per_s": len(latencies) / elapsed, "live_p50_ms": statistics.median(live) * 1000,
            "live_p99_ms": live[int(len(live) * 0.99)] * 1000,
            "server_cpu_ms": server_cpu / len(latencies) * 1000, "client_cpu_ms": client_cpu / len(latencies) * 1000,
            "cpu_used": (server_cpu + client_cpu) / elapsed, "load": os.getloadavg()[0],
            "worker_shares": [round(100 * c / server_cpu) for c in per_process[:workers]] if server_cpu else []}


def share(out: dict) -> str:
    """How the server and the clients shared the machine's cores during the run."""
    return (f"  CPU per check: server {out['server_cpu_ms']:.2f} ms, clients {out['client_cpu_ms']:.2f} ms; "
            f"{out['cpu_used']:.2f} of {os.cpu_count()} cores busy with the two; load average {out['load']:.2f}"
            + (f"; the server's CPU by process: {' / '.join(f'{p} %' for p in out['worker_shares'])}"
               if len(out["worker_shares"]) > 1 else ""))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--requests", type=int, default=5000)
    ap.add_argument("--clients", type=int, default=50)
    ap.add_argument("--workers", type=int, help="server worker processes (default: one per core)")
    args = ap.parse_args()
    out = bench(args.requests, args.clients, workers=args.workers)
    print(f"serve ({out['workers']} workers): {out['requests']} checks from {out['clients']} clients: p50 {out['p50_ms']:.1f} ms, "
          f"p99 {out['p99_ms']:.1f} ms, {out['per_s']:.0f} checks/s; the form's live check (with "
          f"suggestions, one client) p50 {out['live_p50_ms']:.1f} ms, p99 {out['live_p99_ms']:.1f} ms")
    print(share(out))
    print(f"serve_check_p99_ms={out['p99_ms']:.2f} serve_checks_per_s={out['per_s']:.1f} "
          f"serve_live_p99_ms={out['live_p99_ms']:.2f}")


if __name__ == "__main__":
    main()
