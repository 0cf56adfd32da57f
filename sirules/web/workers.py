"""The listening socket of ``sirules serve``, and how ``--workers N`` share its connections.

**Nagle's algorithm off.** The socket is made for TCP by name. asyncio turns Nagle's algorithm off
(``TCP_NODELAY``) only on connections whose socket says TCP, not protocol 0 (what uvicorn's own
``bind_socket`` makes for ``--workers``). uvicorn writes an answer as its head and then its body,
and with Nagle's algorithm on the body waits for the client's delayed acknowledgement: one client
checking one application after another waited 44 ms for every answer instead of 0.5 ms.

**The connections spread over the workers.** The workers share the one listening socket (uvicorn
supervises them: restarts, health checks, signals). asyncio's loop, when the socket is ready,
accepts every connection waiting before it does anything else, so a burst of keep-alive
connections (a reverse proxy's pool, a batch of clients) landed mostly on the worker that woke
first, and stayed there: with 50 clients and two workers, one worker spent 1.5-2.0 s of CPU time
while the other spent 0.0-0.5 s, and the service ran at one core's speed. Each worker's loop
(:class:`BalancingLoop`) takes one connection at a time instead, and one that already holds
connections first pauses, :data:`PAUSE` for each of them, so that a worker holding fewer takes the
connection first (every worker is woken for it). Measured, the workers' shares of the CPU time
came to 51/49-57/43. (Each worker on a socket of its own with ``SO_REUSEPORT``, where the kernel
hashes each connection to one of them, was tried too: 50/50 to 67/33, and a p99 over the target in
the runs that fell unevenly.)
"""

from __future__ import annotations

import asyncio
import socket

#: how long a worker waits, for each connection it holds, before it takes a new one
PAUSE = 0.0002


def listening(host: str, port: int, backlog: int) -> socket.socket:
    """A TCP socket listening on ``host:port``: IPv6 where the host is written with colons (``::``),
    else IPv4, as uvicorn binds. Raises ``OSError`` when the address cannot be bound."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM, socket.IPPROTO_TCP)
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        if family == socket.AF_INET6:
            sock.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_V6ONLY, 0)
        sock.bind((host, port))
        sock.listen(backlog)
    except OSError:
        sock.close()
        raise
    return sock


class BalancingLoop(asyncio.SelectorEventLoop):
    """asyncio's selector loop, taking one connection each time the listening socket is ready, and,
    while it holds connections, only after a pause of :data:`PAUSE` for each.

    It refines asyncio's own accept step (``_accept_connection``, and the server's count of its
    open connections); where a version of asyncio has neither, it accepts as asyncio does."""

    def _accept_connection(self, protocol_factory, sock, sslcontext=None, server=None, backlog=100, *rest):
        held = getattr(server, "_active_count", 0) or 0
        fd = sock.fileno()
        paused = self.__dict__.setdefault("_sirules_paused", set())
        if held and fd not in paused:
            paused.add(fd)
            self._remove_reader(fd)

            def resume():
                if sock.fileno() == fd and server is not None and server.is_serving():
                    self._add_reader(fd, self._accept_connection, protocol_factory, sock, sslcontext, server,
                                     backlog, *rest)
                else:
                    paused.discard(fd)
            self.call_later(held * PAUSE, resume)
            return None
        paused.discard(fd)
        return super()._accept_connection(protocol_factory, sock, sslcontext, server, 1, *rest)


def _refinable() -> bool:
    base = asyncio.SelectorEventLoop
    return all(hasattr(base, name) for name in ("_accept_connection", "_add_reader", "_remove_reader"))


#: uvicorn's ``loop`` setting for the workers: this loop, or asyncio's where it cannot refine it
LOOP = f"{__name__}:BalancingLoop" if _refinable() else "asyncio"


def serve(config, sock: socket.socket) -> None:
    """uvicorn's supervisor over ``config.workers`` workers sharing ``sock``."""
    from uvicorn.supervisors import Multiprocess
    Multiprocess(config, sockets=[sock]).run()
