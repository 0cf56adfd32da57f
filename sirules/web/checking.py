"""A check request to the JSON ``sirules check --format json`` writes for the same application.

An item is ``{"guideline": id, "application": {...} | "text", "name": optional, "format":
optional (toml | json | yaml, for a text), "date": optional YYYY-MM-DD, "suggest": optional}``.
A text is read as the file of that name would be (its warnings point to its lines), so a client
that sends a file's text and name gets the very bytes ``sirules check --format json`` prints.
"""

from __future__ import annotations

import datetime

from ..language.diagnostics import SirulesError, error

KEYS = ("guideline", "application", "name", "format", "date", "suggest")
FORMATS = ("toml", "json", "yaml")


def bad_request(message: str, hint: str | None = None) -> SirulesError:
    return SirulesError([error("SIR632", message, hint=hint or 'send {"guideline": "ale", "application": {...}}')])


def parse_date(value) -> datetime.date | None:
    if value is None:
        return None
    from ..engine.application.values import BadValue, strict_date
    if not isinstance(value, str):
        raise bad_request(f"date {value!r} is not a date", "write YYYY-MM-DD")
    try:
        return strict_date(value)
    except BadValue:
        raise bad_request(f"date {value!r} is not a date", "write YYYY-MM-DD") from None


def application_of(served, item: dict):
    """The normalised application of a request item (raises SirulesError as reading a file would)."""
    app = item.get("application")
    name = item.get("name") or "<application>"
    if not isinstance(name, str):
        raise bad_request("name must be a text")
    if isinstance(app, str):
        from ..engine.application.files import parse_text
        fmt = item.get("format") or _format_of(name)
        if fmt not in FORMATS:
            raise bad_request(f"format {fmt!r} is not one of {', '.join(FORMATS)}")
        raw = parse_text(app, name, fmt)
        return served.compiled.normaliser.normalise(raw, name, app)
    if isinstance(app, dict):
        return served.compiled.normaliser.normalise(app, name)
    raise bad_request("application must be an object (the application as JSON) or a text (a file's content)")


def _format_of(name: str) -> str:
    low = name.lower()
    for fmt, ends in (("json", (".json",)), ("yaml", (".yaml", ".yml"))):
        if low.endswith(ends):
            return fmt
    return "toml"


def check_item(catalogue, item) -> dict:
    """The JSON document of one checked item (``sirules check --format json [--suggest]``)."""
    if not isinstance(item, dict):
        raise bad_request("each application to check is an object")
    unknown = sorted(set(item) - set(KEYS))
    if unknown:
        raise bad_request(f"unknown key {unknown[0]!r} in the request", "the keys are: " + ", ".join(KEYS))
    served = catalogue.get(item.get("guideline"))
    on = parse_date(item.get("date"))
    app = application_of(served, item)
    result = served.compiled.check(app, on)
    doc = result.to_json()
    if item.get("suggest"):
        from ..engine.suggest import suggest
        doc = {**doc, **suggest(served.compiled, app, on).to_json()}
    return doc


def check_body(catalogue, body) -> tuple[object, bool]:
    """(document, single) for a request body: one item gives its document; a list gives a list in
    which an item that cannot be read is ``{"application": name, "error": {...}}``, as the command
    line writes a file it cannot read."""
    if isinstance(body, dict):
        return check_item(catalogue, body), True
    if not isinstance(body, list) or not body:
        raise bad_request("the body is one application to check (an object) or a non-empty list of them")
    from ..report.render import diagnostic_json
    docs = []
    for item in body:
        try:
            docs.append(check_item(catalogue, item))
        except SirulesError as exc:
            name = item.get("name", "<application>") if isinstance(item, dict) else "<application>"
            docs.append({"application": name, "error": diagnostic_json(exc.diagnostics[0])})
    return (docs[0] if len(docs) == 1 else docs), False
