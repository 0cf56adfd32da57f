"""The register's tables (SQLAlchemy Core), one ``MetaData`` for SQLite and PostgreSQL.

Money is ``BigInteger`` öre. Rows of ``journal``, ``decisions`` and ``log`` are only ever
inserted: a correction is a new row (a reversing journal entry), never an update. The schema's
version is Alembic's (``alembic_version``); :data:`APP_ID` in ``meta`` marks a database as a
sirules register, so a foreign database is refused rather than written to.
"""

from __future__ import annotations

from sqlalchemy import (BigInteger, Boolean, Column, Date, ForeignKey, Index, Integer, MetaData, String,
                        Table, Text, UniqueConstraint)

APP_ID = "sirules-register"

metadata = MetaData()

meta = Table(
    "meta", metadata,
    Column("key", String(64), primary_key=True),
    Column("value", Text, nullable=False),
)

guidelines = Table(
    "guidelines", metadata,
    Column("id", Integer, primary_key=True),
    Column("hash", String(64), nullable=False, unique=True),
    Column("name", Text, nullable=False),           # the file name it was added from
    Column("title", Text, nullable=False),
    Column("lang", String(2), nullable=False),
    Column("valid_from", Date),
    Column("valid_to", Date),
    Column("text", Text, nullable=False),
    Column("added_at", String(32), nullable=False),
    Column("added_by", Text, nullable=False),
)

applications = Table(
    "applications", metadata,
    Column("id", Integer, primary_key=True),
    Column("hash", String(64), nullable=False, unique=True),
    Column("name", Text, nullable=False),           # the file name it was submitted from
    Column("format", String(8), nullable=False),    # toml | json | yaml
    Column("project", Text),                        # the project key, where the application gives one
    Column("title", Text),
    Column("amount", BigInteger),                   # öre applied for
    Column("submitted", Date, nullable=False),
    Column("checked_on", Date),                     # the date whose rules were used
    Column("guideline_id", Integer, ForeignKey("guidelines.id"), nullable=False),
    Column("verdict", String(16), nullable=False),
    Column("result", Text, nullable=False),         # the check's JSON
    Column("text", Text, nullable=False),           # the file as submitted
    Column("recorded_at", String(32), nullable=False),
    Column("recorded_by", Text, nullable=False),
    Column("ends", Date),                           # the project's end (start + duration), for its duties
    Column("risk_level", String(8)),                # low | medium | high, where the application gives it (0004, 0006)
)

decisions = Table(
    "decisions", metadata,
    Column("id", Integer, primary_key=True),
    Column("application_id", Integer, ForeignKey("applications.id"), nullable=False),
    Column("kind", String(8), nullable=False),      # grant | deny
    Column("amount", BigInteger, nullable=False),   # öre granted (0 for deny)
    Column("reason", Text),
    Column("override", Boolean, nullable=False),
    Column("decided_on", Date, nullable=False),
    Column("decided_by", Text, nullable=False),
    Column("recorded_at", String(32), nullable=False),
    Column("pot", Text),                            # the pot it is granted from (revision 0003)
    UniqueConstraint("application_id", name="one_decision_per_application"),
)

journal = Table(
    "journal", metadata,
    Column("id", Integer, primary_key=True),
    Column("booked_on", Date, nullable=False),
    Column("kind", String(16), nullable=False),     # see journal.KINDS
    Column("amount", BigInteger, nullable=False),   # öre, positive; a reversal has its own kind
    Column("application_id", Integer, ForeignKey("applications.id")),
    Column("reverses", Integer, ForeignKey("journal.id")),
    Column("clause", Text),
    Column("note", Text),
    Column("who", Text, nullable=False),
    Column("recorded_at", String(32), nullable=False),
)
Index("journal_by_application", journal.c.application_id)
Index("journal_by_kind_and_date", journal.c.kind, journal.c.booked_on, journal.c.amount)

log = Table(
    "log", metadata,
    Column("id", Integer, primary_key=True),
    Column("at", String(32), nullable=False),
    Column("who", Text, nullable=False),
    Column("command", Text, nullable=False),
    Column("guideline_id", Integer, ForeignKey("guidelines.id")),
    Column("detail", Text, nullable=False),
)

users = Table(
    "users", metadata,
    Column("id", Integer, primary_key=True),
    Column("name", Text, nullable=False, unique=True),
    Column("role", String(16), nullable=False),     # see users.ROLES
    Column("password", Text, nullable=False),       # scrypt$n$r$p$salt$hash (hex)
    Column("created_at", String(32), nullable=False),
    Column("created_by", Text, nullable=False),
)

tokens = Table(
    "tokens", metadata,
    Column("id", Integer, primary_key=True),
    Column("user_id", Integer, ForeignKey("users.id"), nullable=False),
    Column("hash", String(64), nullable=False, unique=True),    # SHA-256 of the token; the token is shown once
    Column("created_at", String(32), nullable=False),
)
outcomes = Table(
    "outcomes", metadata,
    Column("id", Integer, primary_key=True),
    Column("application_id", Integer, ForeignKey("applications.id"), nullable=False),
    Column("name", Text, nullable=False),           # the file name it was recorded from
    Column("format", String(8), nullable=False),    # toml | json | yaml
    Column("text", Text, nullable=False),           # the file as given
    Column("as_of", Date, nullable=False),          # the day the file describes
    Column("done", Text, nullable=False),           # JSON: duty -> date done, or false
    Column("recorded_at", String(32), nullable=False),
    Column("recorded_by", Text, nullable=False),
)
Index("outcomes_by_application", outcomes.c.application_id)
