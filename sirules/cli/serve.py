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
    from ..web.app import create_app
    register_url = None
    if args.register:
        from ..register import locate, status
        register_url = locate.find(args.register)
        status.open_engine(args.register).dispose()        # refused now (SIR601, SIR602), not at the first request
    app = create_app(args.guidelines, register_url)      # at start: a bad guideline stops here, with its diagnostics
    sys.stderr.write(f"sirules serve: {len(app.state.catalogue)} guideline(s) on http://{args.host}:{args.port}/\n")
    if not 1 <= args.workers <= 64:
        raise SirulesError([error("SIR404", later("--workers {n} is not 1-64", n=args.workers))])
    if args.workers > 1:                 # each worker process builds the same application from these
        import json
        import os
        import secrets
        os.environ["SIRULES_SERVE"] = json.dumps({"paths": [os.path.abspath(p) for p in args.guidelines],
                                                  "register": register_url})
        os.environ.setdefault("SIRULES_SECRET", secrets.token_urlsafe(32))
        uvicorn.run("sirules.web.app:from_environment", factory=True, workers=args.workers, host=args.host,
                    port=args.port, **SERVER)
        return 0
    import gc
    gc.collect()
    gc.freeze()                 # the guidelines live as long as the process: the collector leaves them be
    uvicorn.run(app, host=args.host, port=args.port, **SERVER)
    return 0
