"""``sirules serve --workers N``: real processes on a real port.

Each worker listens on a socket of its own (SO_REUSEPORT), so connections opened together spread
over the workers instead of landing on the one that woke first (:mod:`sirules.web.workers`).
"""

from __future__ import annotations

import json
import os
import pickle
import signal
import socket
import subprocess
import sys

import pytest

pytest.importorskip("uvicorn")

from sirules.web import workers  # noqa: E402
from bench import serve as serving  # noqa: E402
from tests.browser import free_port  # noqa: E402

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
needs_reuseport = pytest.mark.skipif(not workers.available(), reason="SO_REUSEPORT is Linux's and the BSDs'")


def _start(port: int, count: int = 2) -> subprocess.Popen:
    return serving._start(port, dict(os.environ), count, new_session=True)


def _children(pid: int) -> list[int]:
    out = []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat") as fh:
                    if int(fh.read().rsplit(")", 1)[1].split()[1]) == pid:
                        out.append(int(entry))
            except OSError:
                pass
    return out


def _workers(pid: int) -> list[int]:
    """The worker processes of the server ``pid`` (not multiprocessing's resource tracker)."""
    found = []
    for child in _children(pid):
        with open(f"/proc/{child}/cmdline", "rb") as fh:
            if b"spawn_main" in fh.read():
                found.append(child)
    return found


def _sockets(pid: int) -> set[str]:
    inodes = set()
    for fd in os.listdir(f"/proc/{pid}/fd"):
        try:
            target = os.readlink(f"/proc/{pid}/fd/{fd}")
        except OSError:
            continue
        if target.startswith("socket:["):
            inodes.add(target[8:-1])
    return inodes


def _established(port: int) -> set[str]:
    """Inodes of the server's side of established TCP connections on ``port``."""
    found = set()
    with open("/proc/net/tcp") as fh:
        for line in fh.readlines()[1:]:
            fields = line.split()
            if int(fields[1].split(":")[1], 16) == port and fields[3] == "01":
                found.add(fields[9])
    return found


def _check_request() -> bytes:
    body = json.dumps({"guideline": "ale", "application": {"amount": 1}}).encode()
    return (b"POST /api/v1/check HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: "
            + str(len(body)).encode() + b"\r\n\r\n" + body)


@needs_reuseport
def test_connections_opened_together_spread_over_the_workers():
    port = free_port()
    proc = _start(port)
    conns = []
    try:
        for _ in range(64):                       # as a proxy's pool or a batch of clients: all at once
            conns.append(socket.create_connection(("127.0.0.1", port)))
        for c in conns:
            c.sendall(_check_request())
        for c in conns:
            assert c.recv(12) == b"HTTP/1.1 200"
        served = _established(port)
        held = sorted(len(_sockets(pid) & served) for pid in _workers(proc.pid))
        assert sum(held) == 64, held
        # the kernel hashes each connection to a worker: fewer than 16 of 64 on one is a chance of 3 in 100 000
        assert len(held) >= 2 and held[0] >= 16, f"connections per worker: {held}"
    finally:
        for c in conns:
            c.close()
        os.killpg(proc.pid, signal.SIGTERM)
        assert proc.wait(30) == 0
    assert not [pid for pid in _children(proc.pid)], "a worker outlived the server"


@pytest.mark.parametrize("count", ["1", pytest.param("2", marks=needs_reuseport)])
def test_a_port_in_use_is_refused_before_any_worker_starts(count):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen(1)
        port = taken.getsockname()[1]
        run = subprocess.run([sys.executable, "-m", "sirules", "serve", os.path.join(ROOT, "guidelines", "ale.sir"),
                              "--port", str(port), "--workers", count], capture_output=True, text=True, timeout=60)
    assert run.returncode == 2
    assert "SIR404" in run.stderr and f"127.0.0.1:{port}" in run.stderr and "--port" in run.stderr
    assert "Traceback" not in run.stderr and " on http://" not in run.stderr


@needs_reuseport
def test_the_reserved_port_becomes_a_listening_socket_of_the_workers_own():
    reserved = workers.ReservedPort("127.0.0.1", 0, 16)
    try:
        port = reserved.getsockname()[1]
        with pytest.raises(OSError):               # bound, not listening: nothing is queued on it
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
        own = pickle.loads(pickle.dumps(reserved))  # what multiprocessing does when it starts a worker
        try:
            assert own.fileno() != reserved.fileno() and own.getsockname()[1] == port
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                accepted, _ = own.accept()
                accepted.close()
        finally:
            own.close()
    finally:
        reserved.close()


@needs_reuseport
def test_a_second_server_on_the_same_port_is_refused():
    """SO_REUSEPORT would let a second sirules of the same user join the first one's port and take
    half its connections; the port is tried without it first."""
    port = free_port()
    proc = _start(port)
    try:
        second = subprocess.Popen([sys.executable, "-m", "sirules", "serve", os.path.join(ROOT, "guidelines", "umea.sir"),
                                   "--port", str(port), "--workers", "2"], stdout=subprocess.DEVNULL,
                                  stderr=subprocess.PIPE, text=True, start_new_session=True)
        try:
            _, err = second.communicate(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(second.pid, signal.SIGKILL)
            second.wait()
            raise AssertionError("a second sirules serve started on the port of the first") from None
        assert second.returncode == 2 and "SIR404" in err, err
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(30)


@pytest.mark.parametrize("make", ["listening", pytest.param("reserved", marks=needs_reuseport)])
def test_connections_are_accepted_with_nagles_algorithm_off(make):
    """asyncio sets TCP_NODELAY only on connections whose socket says TCP (not protocol 0); without
    it an answer written as head and body waits 40 ms for the client's delayed acknowledgement."""
    import asyncio

    sock = (workers.listening("127.0.0.1", 0, 16, share=False) if make == "listening"
            else pickle.loads(pickle.dumps(workers.ReservedPort("127.0.0.1", 0, 16))))
    port = sock.getsockname()[1]

    async def accept_one():
        accepted = asyncio.get_running_loop().create_future()

        class Protocol(asyncio.Protocol):
            def connection_made(self, transport):
                accepted.set_result(transport.get_extra_info("socket").getsockopt(socket.IPPROTO_TCP,
                                                                                  socket.TCP_NODELAY))
        server = await asyncio.get_running_loop().create_server(Protocol, sock=sock)
        _, writer = await asyncio.open_connection("127.0.0.1", port)
        try:
            return await asyncio.wait_for(accepted, 10)
        finally:
            writer.close()
            server.close()
    assert asyncio.run(accept_one()) != 0
