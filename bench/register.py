"""The register's benchmark: `fund status` on a register of many applications over ten years,
and `fund submit` of a batch of application files.

A register of ``n`` applications is filled directly through SQLAlchemy (the applications, their
decisions and about ten journal rows each: grant, payments, repayments, a write-down); then
``status`` is timed in process, and a fresh register takes ``submit`` of ``files`` application
files in one command."""

from __future__ import annotations

import datetime
import os
import random
import statistics
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
ALE = os.path.join(ROOT, "guidelines", "ale.sir")
TEMPLATE = os.path.join(ROOT, "examples", "ale", "accepted-two-sectors.toml")


def fill(engine, n: int, seed: int = 1) -> int:
    """``n`` decided applications over 2015-2024 with their money; returns the journal rows written."""
    import sqlalchemy as sa
    from sirules.register import schema
    rnd = random.Random(seed)
    apps, decisions, rows = [], [], []
    now = "2025-01-01T00:00:00+00:00"
    for i in range(1, n + 1):
        year = 2015 + i * 10 // (n + 1)
        amount = rnd.randrange(100_000, 3_000_000) * 100
        apps.append({"id": i, "hash": f"{i:064x}", "name": f"app-{i}.toml", "format": "toml", "project": None,
                     "title": f"Insats {i}", "amount": amount, "submitted": datetime.date(year, 2, 1),
                     "checked_on": None, "guideline_id": 1, "verdict": "accepted", "result": "{}", "text": "",
                     "recorded_at": now, "recorded_by": "bench", "ends": datetime.date(year + 3, 2, 1),
                     "risk_level": rnd.choice(("low", "medium", "high"))})
        decisions.append({"application_id": i, "kind": "grant", "amount": amount, "reason": None,
                          "override": False, "decided_on": datetime.date(year, 3, 1), "decided_by": "bench",
                          "recorded_at": now})

        def book(kind, value, y, m):
            rows.append((datetime.date(min(y, 2024), m, 1).isoformat(), kind, value, i, "bench", now))
        book("grant", amount, year, 3)
        third = amount // 3
        for k, part in enumerate((third, third, amount - 2 * third)):
            book("payment", part, year + k, 4)
        for k in range(4):
            book("repayment", amount // 10, year + 3 + k, 6)
        book("waiver", amount // 20, year + 7, 6)
        book("writedown", amount // 20, year + 8, 6)
    with engine.begin() as conn:
        conn.execute(schema.applications.insert(), apps)
        conn.execute(schema.decisions.insert(), decisions)
        # the journal's million rows through the driver's executemany (dates as SQLite stores them)
        conn.exec_driver_sql("INSERT INTO journal (booked_on, kind, amount, application_id, who, recorded_at) "
                             "VALUES (?, ?, ?, ?, ?, ?)", rows)
    return len(rows)


def bench(tmp: str, n: int, files: int) -> dict:
    """{"status_ms", "status_cpu_ms", "submit_per_s", "submit_cpu_s", "journal_rows", "applications",
    "files"}: wall-clock times (what the targets are about) and the process's CPU time beside them
    (on a shared machine the wall clock waits for other processes; CPU time does not)."""
    from sirules.register import database, locate, service, status
    big = os.path.join(tmp, "big.db")
    service.init(ALE, big, "bench", datetime.date(2015, 1, 1))
    engine = database.open_register(locate.to_url(big))
    journal_rows = fill(engine, n)
    times, cpu = [], []
    for _ in range(3):
        t0, c0 = time.perf_counter(), time.process_time()
        status.status(engine)
        times.append(time.perf_counter() - t0)
        cpu.append(time.process_time() - c0)
    engine.dispose()
    folder = os.path.join(tmp, "apps")
    os.makedirs(folder, exist_ok=True)
    text = open(TEMPLATE, encoding="utf-8").read()
    paths = []
    for i in range(files):
        path = os.path.join(folder, f"app-{i}.toml")
        with open(path, "w", encoding="utf-8") as fh:
            fh.write(text.replace('title = "', f'title = "{i}: ', 1))
        paths.append(path)
    small = os.path.join(tmp, "submit.db")
    service.init(ALE, small, "bench", datetime.date(2015, 1, 1))
    engine = database.open_register(locate.to_url(small))
    t0, c0 = time.perf_counter(), time.process_time()
    service.submit(engine, paths, "bench", datetime.date(2015, 2, 1))
    elapsed, elapsed_cpu = time.perf_counter() - t0, time.process_time() - c0
    engine.dispose()
    return {"status_ms": statistics.median(times) * 1000, "status_cpu_ms": statistics.median(cpu) * 1000,
            "submit_per_s": files / elapsed, "submit_cpu_s": elapsed_cpu, "journal_rows": journal_rows,
            "applications": n, "files": files}
