"""The register's first schema: meta, guidelines, applications, decisions, journal, log.

Revision ID: 0001
Revises:
"""

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table("meta", sa.Column("key", sa.String(64), primary_key=True),
                    sa.Column("value", sa.Text, nullable=False))
    op.create_table(
        "guidelines",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("hash", sa.String(64), nullable=False, unique=True),
        sa.Column("name", sa.Text, nullable=False), sa.Column("title", sa.Text, nullable=False),
        sa.Column("lang", sa.String(2), nullable=False),
        sa.Column("valid_from", sa.Date), sa.Column("valid_to", sa.Date),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("added_at", sa.String(32), nullable=False), sa.Column("added_by", sa.Text, nullable=False))
    op.create_table(
        "applications",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("hash", sa.String(64), nullable=False, unique=True),
        sa.Column("name", sa.Text, nullable=False), sa.Column("format", sa.String(8), nullable=False),
        sa.Column("project", sa.Text), sa.Column("title", sa.Text), sa.Column("amount", sa.BigInteger),
        sa.Column("submitted", sa.Date, nullable=False), sa.Column("checked_on", sa.Date),
        sa.Column("guideline_id", sa.Integer, sa.ForeignKey("guidelines.id"), nullable=False),
        sa.Column("verdict", sa.String(16), nullable=False),
        sa.Column("result", sa.Text, nullable=False), sa.Column("text", sa.Text, nullable=False),
        sa.Column("recorded_at", sa.String(32), nullable=False), sa.Column("recorded_by", sa.Text, nullable=False))
    op.create_table(
        "decisions",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("application_id", sa.Integer, sa.ForeignKey("applications.id"), nullable=False),
        sa.Column("kind", sa.String(8), nullable=False), sa.Column("amount", sa.BigInteger, nullable=False),
        sa.Column("reason", sa.Text), sa.Column("override", sa.Boolean, nullable=False),
        sa.Column("decided_on", sa.Date, nullable=False), sa.Column("decided_by", sa.Text, nullable=False),
        sa.Column("recorded_at", sa.String(32), nullable=False),
        sa.UniqueConstraint("application_id", name="one_decision_per_application"))
    op.create_table(
        "journal",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("booked_on", sa.Date, nullable=False), sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("amount", sa.BigInteger, nullable=False),
        sa.Column("application_id", sa.Integer, sa.ForeignKey("applications.id")),
        sa.Column("reverses", sa.Integer, sa.ForeignKey("journal.id")),
        sa.Column("clause", sa.Text), sa.Column("note", sa.Text),
        sa.Column("who", sa.Text, nullable=False), sa.Column("recorded_at", sa.String(32), nullable=False))
    op.create_index("journal_by_application", "journal", ["application_id"])
    op.create_table(
        "log",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("at", sa.String(32), nullable=False), sa.Column("who", sa.Text, nullable=False),
        sa.Column("command", sa.Text, nullable=False),
        sa.Column("guideline_id", sa.Integer, sa.ForeignKey("guidelines.id")),
        sa.Column("detail", sa.Text, nullable=False))


def downgrade() -> None:
    for table in ("log", "journal", "decisions", "applications", "guidelines", "meta"):
        op.drop_table(table)
