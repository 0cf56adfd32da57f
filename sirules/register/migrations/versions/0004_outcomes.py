"""The project's end and risk level of each application (for the duties due and the portfolio
rules in ``status``), and the outcome files recorded for granted applications (``sirules fund outcome``): the file as it
was given, the day it describes and the duties it says were done, so that ``status`` can tell the
duties due and overdue; and an index on the journal's application and kind for the booking of an
outcome (what is booked already, per kind).

Revision ID: 0004
Revises: 0003
"""

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "outcomes",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("application_id", sa.Integer, sa.ForeignKey("applications.id"), nullable=False),
        sa.Column("name", sa.Text, nullable=False), sa.Column("format", sa.String(8), nullable=False),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("as_of", sa.Date, nullable=False),
        sa.Column("done", sa.Text, nullable=False),
        sa.Column("recorded_at", sa.String(32), nullable=False), sa.Column("recorded_by", sa.Text, nullable=False))
    op.create_index("outcomes_by_application", "outcomes", ["application_id"])
    with op.batch_alter_table("applications") as batch:
        batch.add_column(sa.Column("ends", sa.Date))
        batch.add_column(sa.Column("risk_level", sa.String(8)))


def downgrade() -> None:
    with op.batch_alter_table("applications") as batch:
        batch.drop_column("risk_level")
        batch.drop_column("ends")
    op.drop_index("outcomes_by_application", "outcomes")
    op.drop_table("outcomes")
