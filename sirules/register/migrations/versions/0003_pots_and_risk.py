"""Pots and the history register rules read (#18 point 3): the pot a grant is made from, and
whether an application's project is high-risk (its risk level was "high").

Revision ID: 0003
Revises: 0002
"""

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("decisions", sa.Column("pot", sa.Text))
    op.add_column("applications", sa.Column("high_risk", sa.Boolean))


def downgrade() -> None:
    with op.batch_alter_table("applications") as batch:
        batch.drop_column("high_risk")
    with op.batch_alter_table("decisions") as batch:
        batch.drop_column("pot")
