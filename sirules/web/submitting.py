"""Submitting an application from the form to the register (the register's own ``submit``)."""

from __future__ import annotations

import datetime
import hashlib
import os
import tempfile

from . import formdata


def submit(engine, raw: dict, served, by: str = "web form") -> dict:
    """Record the application in the register; the receipt is the register's answer for it
    (``id``, ``verdict``, ``new``)."""
    from ..register import service
    text = formdata.to_toml(raw, served.title)
    name = f"{served.id}-{hashlib.sha256(text.encode('utf-8')).hexdigest()[:10]}.toml"
    folder = tempfile.mkdtemp(prefix="sirules-submit-")
    path = os.path.join(folder, name)
    try:
        with open(path, "w", encoding="utf-8") as fh:
            fh.write(text)
        out = service.submit(engine, [path], by, datetime.date.today())[0]
    finally:
        if os.path.exists(path):
            os.unlink(path)
        os.rmdir(folder)
    return {"id": out["id"], "new": out["new"], "verdict": out.get("verdict")}
