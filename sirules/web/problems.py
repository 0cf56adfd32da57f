"""Errors as ``application/problem+json`` (RFC 9457), carrying the diagnostic codes.

Every problem a request causes is a :class:`~sirules.language.diagnostics.SirulesError`, as on
the command line; the body names its first code, message and hint, and lists all diagnostics as
``sirules check --format json`` writes one (``code``, ``severity``, ``message``, ``file``,
``line``, ``column``, ``hint``).
"""

from __future__ import annotations

import json

#: the HTTP status of a diagnostic code; any other is 422 (the input cannot be used)
STATUS = {"SIR631": 404, "SIR632": 400, "SIR633": 413, "SIR634": 401, "SIR635": 403, "SIR636": 403,
          "SIR604": 404, "SIR601": 404, "SIR605": 409, "SIR607": 409, "SIR608": 409, "SIR609": 409}
MEDIA_TYPE = "application/problem+json"


def body(exc, status: int | None = None) -> tuple[int, dict]:
    from ..language.diagnostics import CODES
    from ..report.render import diagnostic_json
    first = exc.diagnostics[0]
    status = status or STATUS.get(first.code, 422)
    return status, {"type": f"urn:sirules:diagnostic:{first.code}", "title": CODES.get(first.code, first.code),
                    "status": status, "detail": first.message, "code": first.code, "hint": first.hint,
                    "diagnostics": [diagnostic_json(d) for d in exc.diagnostics]}


def response(exc, status: int | None = None):
    from starlette.responses import Response
    status, doc = body(exc, status)
    return Response(json.dumps(doc, ensure_ascii=False, indent=2) + "\n", status_code=status, media_type=MEDIA_TYPE)
