"""A register as one JSON document: ``export`` writes every row of every table; ``import``
makes a new register from such a document, with the same ids, so that ``status`` of the copy is
the same as of the original, byte for byte."""

from __future__ import annotations

from sirules.language.i18n import later, seen

import datetime
import json

from ..language.diagnostics import SirulesError, error
from . import database

FORMAT = "sirules-register-export"
VERSION = 1
#: the tables in the order they are written and read (a row only refers to rows before it)
TABLES = ("meta", "guidelines", "applications", "decisions", "journal", "log", "users", "tokens", "outcomes")
#: tables an export made before they existed does not have (read as empty)
LATER_TABLES = ("users", "tokens", "outcomes")


def export(engine) -> dict:
    """Every row of the register, table by table, ordered by key."""
    import sqlalchemy as sa
    from . import schema
    out = {"format": FORMAT, "version": VERSION,
           "schema": database.head_revision(), "exported_at": database.now()}
    with engine.connect() as conn:
        for name in TABLES:
            table = schema.metadata.tables[name]
            key = table.c.key if name == "meta" else table.c.id
            out[name] = [{c: _json_value(v) for c, v in row._mapping.items()}
                         for row in conn.execute(sa.select(table).order_by(key))]
    return out


def _json_value(value):
    return value.isoformat() if isinstance(value, datetime.date) else value


def import_(path: str, db: str | None) -> dict:
    """A new register at ``db`` holding exactly the rows of the export file ``path``."""
    import sqlalchemy as sa
    from . import locate, schema
    doc = _read(path)
    url = locate.for_init(db)
    with database.creating(url) as conn:
        for name in TABLES:
            table = schema.metadata.tables[name]
            rows = [_row(table, r, path, name, i) for i, r in enumerate(doc[name])]
            if rows:
                conn.execute(table.insert(), rows)
            if name != "meta" and rows and conn.dialect.name == "postgresql":
                conn.execute(sa.text(f"SELECT setval(pg_get_serial_sequence('{name}', 'id'), "
                                     f"(SELECT max(id) FROM {name}))"))
    return {"register": locate.describe(url), **{name: len(doc[name]) for name in TABLES if name != "meta"}}


def _read(path: str) -> dict:
    """The export document in ``path``: read once and at most the size limit (SIR622 over it), UTF-8,
    JSON, and marked as an export of this version (SIR610 otherwise)."""
    from ..language import limits
    from ..language.fileio import read_input
    most = limits.get("REGISTER_EXPORT_BYTES", limits.REGISTER_EXPORT_BYTES)

    def too_large(size: str) -> SirulesError:
        return SirulesError([error("SIR622", later("{path} is {size}; an export is read up to {most} bytes",
                                                   path=path, size=size, most=most),
                                   hint=later("is it an export of a register? If so, {how}",
                                              how=limits.hint("REGISTER_EXPORT_BYTES")))])
    data = read_input(path, most, later("a register export"), too_large)
    try:
        doc = json.loads(data.decode("utf-8"))
    except UnicodeDecodeError as exc:
        raise SirulesError([error("SIR622", later("{path} is not UTF-8 text (byte {byte}), so not an export of a register",
                                                  path=path, byte=exc.start),
                                  hint=later("give a file written by `sirules fund export`"))]) from None
    except RecursionError:
        raise _bad(path, later("nested too deeply to be an export")) from None
    except ValueError as exc:
        raise _bad(path, later("not JSON: {error}", error=str(exc))) from None
    if not isinstance(doc, dict) or doc.get("format") != FORMAT:
        raise _bad(path, later('not an export of a register (no "format": "{format}")', format=FORMAT))
    if doc.get("version") != VERSION:
        raise _bad(path, later("export version {version}; this sirules reads version {known}",
                               version=repr(doc.get("version")), known=VERSION))
    for name in LATER_TABLES:
        doc.setdefault(name, [])
    for name in TABLES:
        if not isinstance(doc.get(name), list):
            raise _bad(path, later("the table {name} is missing", name=repr(name)))
    lang = next((g.get("lang") for g in reversed(doc["guidelines"]) if isinstance(g, dict)), None)
    seen(lang if lang in ("sv", "en") else None)       # the new register's texts follow its guideline
    return doc


#: columns a later schema revision added, which an export of an earlier version does not have (read as null)
ADDED = {"pot", "ends", "risk_level"}


def _row(table, row, path: str, name: str, index: int) -> dict:
    if name == "applications" and isinstance(row, dict) and "high_risk" in row:
        row = dict(row)                 # an export from before revision 0006: its "high" becomes the level
        if row.pop("high_risk") and row.get("risk_level") is None:
            row["risk_level"] = "high"
    columns = {c.name for c in table.columns}
    required = {c.name for c in table.columns if c.name not in ADDED}
    if not isinstance(row, dict) or not required <= set(row) <= columns:
        raise _bad(path, later("row {row} of {name} does not have the columns {columns}", row=index + 1, name=repr(name),
                               columns=sorted(c.name for c in table.columns)))
    out = {}
    for column in table.columns:
        value = row.get(column.name)
        if value is not None and column.type.python_type is datetime.date:
            try:
                value = datetime.date.fromisoformat(value)
            except (TypeError, ValueError):
                raise _bad(path, later("row {row} of {name}: {column} {value} is not a date", row=index + 1,
                                       name=repr(name), column=column.name, value=repr(value))) from None
        elif value is not None and column.type.python_type is int and (type(value) is not int):
            raise _bad(path, later("row {row} of {name}: {column} {value} is not a whole number", row=index + 1,
                                   name=repr(name), column=column.name, value=repr(value)))
        out[column.name] = value
    return out


def _bad(path: str, what: str) -> SirulesError:
    return SirulesError([error("SIR610", later("{path}: {what}", path=path, what=what),
                               hint=later("give a file written by `sirules fund export`"))])
