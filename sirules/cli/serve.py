"""sirules serve: the applicant's form, the officer's desk and the JSON API over HTTP."""

from __future__ import annotations

import sys

from ..language.diagnostics import SirulesError, error
from ..language.i18n import later, mark


#: uvicorn's settings: warnings only and no line per request (a reverse proxy in front keeps the
#: access log); connections kept open between requests (keep-alive, 5 s idle), a listen queue
#: long enough for a burst of clients
SERVER = {"log_level": "warning", "access_log": False, "timeout_keep_alive": 5, "backlog": 2048}


def register(sub) -> None:
    c = sub.add_parser("serve", help=mark("serve guidelines over HTTP: forms, the officer's desk, a JSON API"),
                       description=mark("Serve guidelines over HTTP: each guideline as a page, an application form "
                                        "that checks as it is filled in, the officer's desk (with --register) and a "
                                        "JSON API under /api/v1/ that answers as sirules check --format json does. "
                                        "Needs the web extra: pip install 'sirules[web]'."))
    c.add_argument("guidelines", nargs="*", default=["."], metavar="GUIDELINE|FOLDER",
                   help=mark("guideline files (.sir) or folders of them (default: this folder)"))
    c.add_argument("--register", metavar="PATH|URL",
                   help=mark("the fund's register (a SQLite file or a postgresql:// URL): applicants can submit, "
                             "officers log in"))
    c.add_argument("--host", default="127.0.0.1", help=mark("the address to listen on (default: 127.0.0.1)"))
    c.add_argument("--port", type=int, default=8000, help=mark("the port (default: 8000)"))
    c.add_argument("--workers", type=int, default=1,
                   help=mark("worker processes, each with the guidelines loaded (default: 1; one per core serves most)"))
    c.set_defaults(run=run)


def run(args) -> int:
    try:
        import jinja2  # noqa: F401
        import starlette  # noqa: F401
        import uvicorn
    except ImportError:
        raise SirulesError([error("SIR404", later("sirules serve needs Starlette, uvicorn and Jinja2, which are not "
                                                  "installed"), hint=later("pip install 'sirules[web]'"))]) from None
    if not 0 < args.port < 65536:
        raise SirulesError([error("SIR404", later("--port {port} is not a port", port=args.port),
                                  hint=later("give 1-65535, e.g. --port 8000"))])
    if not 1 <= args.workers <= 64:
        raise SirulesError([error("SIR404", later("--workers {n} is not 1-64", n=args.workers),
                                  hint=later("give e.g. --workers 2, one per core"))])
    from ..web import workers
    from ..web.app import create_app
    register_url = None
    if args.register:
        from ..register import locate, status
        register_url = locate.find(args.register)
        status.open_engine(args.register).dispose()        # refused now (SIR601, SIR602), not at the first request
    app = create_app(args.guidelines, register_url)      # at start: a bad guideline stops here, with its diagnostics
    own_sockets = args.workers > 1 and workers.available()
    try:                                                 # bound now: a port in use is said here, not by a worker
        sock = (workers.ReservedPort(args.host, args.port, SERVER["backlog"]) if own_sockets
                else workers.listening(args.host, args.port, SERVER["backlog"], share=False))
    except OSError as exc:
        raise _cannot_listen(args.host, args.port, exc) from None
    sys.stderr.write(f"sirules serve: {len(app.state.catalogue)} guideline(s) on http://{args.host}:{args.port}/\n")
    if args.workers > 1:                 # each worker process builds the same application from these
        import json
        import os
        import secrets
        os.environ["SIRULES_SERVE"] = json.dumps({"paths": [os.path.abspath(p) for p in args.guidelines],
                                                  "register": register_url})
        os.environ.setdefault("SIRULES_SECRET", secrets.token_urlsafe(32))
        # on Linux and the BSDs each worker on a socket of its own, so that connections spread evenly;
        # elsewhere the workers share this one (made for TCP all the same: web/workers.py says why)
        workers.serve(uvicorn.Config("sirules.web.app:from_environment", factory=True, workers=args.workers,
                                     host=args.host, port=args.port, **SERVER), sock)
        return 0
    import gc
    gc.collect()
    gc.freeze()                 # the guidelines live as long as the process: the collector leaves them be
    uvicorn.Server(uvicorn.Config(app, host=args.host, port=args.port, **SERVER)).run(sockets=[sock])
    return 0


def _cannot_listen(host: str, port: int, exc: OSError) -> SirulesError:
    """SIR404 for an address that cannot be bound, said in words of our own where the reason is a common one."""
    import errno
    reason, hint = {
        errno.EADDRINUSE: (later("the port is in use"), later("another program uses the port: give another with --port")),
        errno.EACCES: (later("not allowed"), later("a port below 1024 needs privileges: give a higher one with --port, "
                                                   "with a reverse proxy in front")),
        errno.EADDRNOTAVAIL: (later("the address is not one of this machine's"),
                              later("give an address of this machine with --host, e.g. 127.0.0.1 or 0.0.0.0")),
    }.get(exc.errno, (exc.strerror or str(exc), later("give another address with --host or port with --port")))
    return SirulesError([error("SIR404", later("cannot listen on {host}:{port}: {reason}", host=host, port=port,
                                               reason=reason), hint=hint)])
