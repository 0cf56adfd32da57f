"""Opening a register: the engine, the schema's migrations, and one transaction per command.

A register is refused, and never written to, when it is not a database (a damaged or foreign
file), when it is a database of something else, or when it was made by a newer sirules. One made
by an older version is migrated forward (Alembic) as it is opened.

Every command runs in one transaction (:func:`transaction`): either all it books is there
afterwards, or none of it. On SQLite the transaction takes the write lock as it begins
(``BEGIN IMMEDIATE``), on PostgreSQL it locks the register's ``meta`` row: two officers deciding
at the same moment are served one after the other, and the second sees what the first booked.
"""

from __future__ import annotations

import contextlib
import datetime
import os

from ..language.diagnostics import SirulesError, error
from ..language.i18n import later
from . import locate

MIGRATIONS = os.path.join(os.path.dirname(os.path.abspath(__file__)), "migrations")


def now() -> str:
    """The time a row is recorded: UTC, ISO 8601 to the second."""
    return datetime.datetime.now(datetime.timezone.utc).replace(microsecond=0).isoformat()


def engine_for(url: str):
    """A SQLAlchemy engine for ``url``; SQLite in WAL mode, each transaction taking the write lock."""
    import sqlalchemy as sa
    from sqlalchemy import event
    if url.startswith("sqlite"):
        engine = sa.create_engine(url, connect_args={"timeout": 30})

        @event.listens_for(engine, "connect")
        def _connect(dbapi_connection, _record):
            dbapi_connection.isolation_level = None           # transactions are begun below
            cursor = dbapi_connection.cursor()
            cursor.execute("PRAGMA foreign_keys=ON")
            cursor.execute("PRAGMA busy_timeout=30000")
            cursor.close()

        @event.listens_for(engine, "begin")
        def _begin(conn):
            conn.exec_driver_sql("BEGIN IMMEDIATE")
        return engine
    try:
        return sa.create_engine(url)
    except Exception as exc:                                  # unknown dialect, missing driver
        raise SirulesError([error("SIR602", later("cannot use the database {db}: {error}", db=locate.describe(url),
                                                  error=str(exc)),
                                  hint=later("give a SQLite path or a postgresql://user@host/db URL; PostgreSQL "
                                             "needs the postgres extra: pip install 'sirules[postgres]'"))]) from None


def alembic_config(connection, script_location: str = MIGRATIONS):
    from alembic.config import Config
    cfg = Config()
    cfg.set_main_option("script_location", script_location)
    cfg.attributes["connection"] = connection
    return cfg


def head_revision(script_location: str = MIGRATIONS) -> str:
    from alembic.script import ScriptDirectory
    return ScriptDirectory(script_location).get_current_head()


@contextlib.contextmanager
def creating(url: str):
    """A new register at ``url``: yields a connection in one transaction in which the schema has
    been made; what the caller adds is committed with it, or nothing is left at all. A SQLite
    register is built in a file beside the target and moved into place at the end; an existing
    file, or a database with tables in it, is refused (SIR603)."""
    import sqlalchemy as sa
    path = url[len("sqlite:///"):] if url.startswith("sqlite:///") else None
    work = url
    if path is not None:
        if os.path.exists(path):
            raise SirulesError([error("SIR603", later("{db} already exists", db=locate.describe(url)),
                                      hint=later("a register is never overwritten; choose another --db path"))])
        os.makedirs(os.path.dirname(path) or ".", exist_ok=True)
        work = f"sqlite:///{path}.{os.getpid()}.new"
    engine = engine_for(work)
    try:
        with engine.connect() as conn:
            if sa.inspect(conn).get_table_names():
                raise SirulesError([error("SIR603", later("{db} is not empty", db=locate.describe(url)),
                                          hint=later("create the register in an empty database"))])
            conn.rollback()
            with conn.begin():
                _migrate(conn)
                yield conn
        engine.dispose()
        if path is not None:
            try:
                os.link(work[len("sqlite:///"):], path)        # never replaces a file made meanwhile
            except FileExistsError:
                raise SirulesError([error("SIR603", later("{db} already exists", db=locate.describe(url)),
                                          hint=later("a register is never overwritten"))]) from None
    except sa.exc.SQLAlchemyError as exc:
        raise _database_error(url, exc) from None
    finally:
        engine.dispose()
        if path is not None and os.path.exists(work[len("sqlite:///"):]):
            os.unlink(work[len("sqlite:///"):])


def _migrate(conn, script_location: str = MIGRATIONS) -> None:
    from alembic import command
    command.upgrade(alembic_config(conn, script_location), "head")


def _upgrade(conn, script_location: str = MIGRATIONS) -> None:
    with conn.begin():
        _migrate(conn, script_location)


def open_register(url: str, script_location: str = MIGRATIONS):
    """The engine of an existing register, migrated to this version's schema; refused (SIR602)
    when the database is damaged, foreign or newer."""
    import sqlalchemy as sa
    from . import schema
    engine = engine_for(url)
    try:
        with engine.connect() as conn:
            tables = set(sa.inspect(conn).get_table_names())
            if "meta" not in tables or "alembic_version" not in tables:
                raise _foreign(url)
            app = conn.execute(sa.select(schema.meta.c.value).where(schema.meta.c.key == "app")).scalar()
            if app != schema.APP_ID:
                raise _foreign(url)
            current = conn.execute(sa.text("SELECT version_num FROM alembic_version")).scalar()
            from alembic.script import ScriptDirectory
            scripts = ScriptDirectory(script_location)
            if current not in {s.revision for s in scripts.walk_revisions()}:
                raise SirulesError([error("SIR602", later("{db} was made by a newer sirules (schema {schema})",
                                                          db=locate.describe(url), schema=current),
                                          hint=later("upgrade sirules to open it; it was not changed"))])
            if current != scripts.get_current_head():
                conn.rollback()
                _upgrade(conn, script_location)
    except SirulesError:
        engine.dispose()
        raise
    except sa.exc.SQLAlchemyError as exc:
        engine.dispose()
        raise _database_error(url, exc) from None
    return engine


def _foreign(url: str) -> SirulesError:
    return SirulesError([error("SIR602", later("{db} is a database, but not a sirules register", db=locate.describe(url)),
                               hint=later("it was not changed; give the register's path with --db"))])


def _database_error(url: str, exc) -> SirulesError:
    reason = str(getattr(exc, "orig", exc)).strip().splitlines()[0]
    return SirulesError([error("SIR602", later("cannot read the register {db}: {reason}", db=locate.describe(url),
                                               reason=reason),
                               hint=later("the file is damaged or not a database; it was not changed"))])


@contextlib.contextmanager
def transaction(engine):
    """One command's transaction, holding the register's write lock; commits at the end, rolls
    back on any error (nothing half-booked is ever left)."""
    import sqlalchemy as sa
    from . import schema
    try:
        with engine.begin() as conn:
            if conn.dialect.name != "sqlite":
                conn.execute(sa.select(schema.meta.c.key).where(schema.meta.c.key == "app").with_for_update())
            yield conn
    except sa.exc.SQLAlchemyError as exc:
        raise _database_error(str(engine.url), exc) from None
