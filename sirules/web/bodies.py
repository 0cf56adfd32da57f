"""A request's body read as a stream, held to a limit (SIR633), and read as JSON (SIR632).

The JSON API, the fast check and the forms all read their bodies here: a declared length over
the limit is refused before anything is read, and a body without one is held to the limit as it
streams in.
"""

from __future__ import annotations

import json

from ..language.diagnostics import SirulesError, error
from .checking import bad_request


def too_large(most: int, what: str = "the request", hint: str = "send fewer applications per request, "
                                                                 "or split the list") -> SirulesError:
    return SirulesError([error("SIR633", f"{what} is larger than the limit of {most} bytes", hint=hint)])


async def read(declared, chunks, most: int, refused: SirulesError | None = None) -> bytes:
    """The bytes of ``chunks`` (an async iterator), at most ``most``; ``declared`` is the request's
    Content-Length header (text, bytes or None)."""
    refused = refused or too_large(most)
    if declared is not None and declared.isdigit() and int(declared) > most:
        raise refused
    parts, size = [], 0
    async for chunk in chunks:
        size += len(chunk)
        if size > most:
            raise refused
        parts.append(chunk)
    return b"".join(parts)


async def received(receive):
    """The body's chunks from an ASGI ``receive``; a client gone before the end is SIR632."""
    while True:
        message = await receive()
        if message["type"] == "http.disconnect":
            raise bad_request("the client went away before the body was read")
        yield message.get("body", b"")
        if not message.get("more_body", False):
            return


def as_json(raw: bytes):
    try:
        return json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError) as exc:
        raise bad_request(f"the body is not JSON: {str(exc)[:200]}",
                          "send a JSON document with Content-Type: application/json") from None

