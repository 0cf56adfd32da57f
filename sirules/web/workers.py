"""The workers of ``sirules serve --workers N``, each on its own listening socket.

uvicorn's workers share one listening socket, and asyncio's loop, when that socket is ready,
accepts every connection waiting before it does anything else. So a burst of keep-alive
connections (a reverse proxy's pool, a batch of clients) lands mostly on the worker that woke
first, and stays there: measured with 50 clients and two workers, one worker spent 1.5-1.8 s of
CPU while the other spent 0.1-0.5 s, and the service ran at about one core's speed. (A loop that
accepts one connection per turn, pausing longer the more connections it holds, spread them evenly
too, but a busy worker then took a new connection only every turn of its loop, and under load new
connections waited some 100 ms: ``docs/performance.md``.)

Here each worker listens on a socket of its own, on the same address, with ``SO_REUSEPORT``, and
the kernel spreads new connections over them by a hash of the client's address and port. uvicorn
still supervises the workers (restarts, health checks, signals): it is handed a
:class:`ReservedPort`, a socket bound to the address that does not listen (so the port stays
taken, and a port in use is refused before any worker starts), which becomes, when
multiprocessing sends it to a worker, that worker's own listening socket.

Where the system has no ``SO_REUSEPORT`` (not Linux or a BSD), the workers share one listening
socket, as uvicorn's own workers do, but made for TCP by name (see :func:`_address`).
"""

from __future__ import annotations

import socket
import sys


def available() -> bool:
    return hasattr(socket, "SO_REUSEPORT") and sys.platform.startswith(("linux", "freebsd"))


def _bind(sock: socket.socket, address, family, share: bool = True) -> None:
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    if share:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEPORT, 1)
    if family == socket.AF_INET6:
        sock.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_V6ONLY, 0)
    sock.bind(address)


def _address(host: str, port: int):
    """IPv6 where the host is written with colons (``::``, ``::1``), else IPv4, as uvicorn binds.
    The protocol is named (TCP, not 0): asyncio turns Nagle's algorithm off (TCP_NODELAY) only on
    connections whose socket says TCP, and with it on, an answer written as its head and then its
    body waits for the client's delayed acknowledgement, 40 ms, between the two."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    return family, socket.SOCK_STREAM, socket.IPPROTO_TCP, (host, port)


class ReservedPort(socket.socket):
    """A socket bound to ``host:port`` with ``SO_REUSEPORT`` that does not listen (no connection
    is queued on it); pickled for a worker, it is that worker's own listening socket there."""

    def __init__(self, host: str, port: int, backlog: int):
        family, kind, proto, address = _address(host, port)
        with socket.socket(family, kind, proto) as probe:      # without SO_REUSEPORT: refused where
            _bind(probe, address, family, share=False)         # anything listens, another sirules too
            address = probe.getsockname()                      # (port 0: the one the system chose)
        super().__init__(family, kind, proto)
        try:
            _bind(self, address, family)
        except OSError:
            self.close()
            raise
        self.where = (host, self.getsockname()[1], backlog)

    def __reduce__(self):
        return listening, self.where


def listening(host: str, port: int, backlog: int, share: bool = True) -> socket.socket:
    """A socket listening on ``host:port``: a worker's own, beside the other workers' (``share``),
    or the only one. Raises ``OSError`` when the address cannot be bound."""
    family, kind, proto, address = _address(host, port)
    sock = socket.socket(family, kind, proto)
    try:
        _bind(sock, address, family, share)
        sock.listen(backlog)
    except OSError:
        sock.close()
        raise
    return sock


def serve(config, sock: socket.socket) -> None:
    """Run uvicorn's supervisor over ``config.workers`` workers: each listening on a socket of its own
    when ``sock`` is a :class:`ReservedPort`, else all on ``sock``."""
    from uvicorn.supervisors import Multiprocess
    try:
        Multiprocess(config, sockets=[sock]).run()
    finally:
        sock.close()
