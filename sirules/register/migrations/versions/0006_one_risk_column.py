"""One column for an application's risk: ``risk_level`` (low | medium | high). Revision 0003 kept
whether it was high (``high_risk``, for the portfolio rules) and revision 0004 added the level
(``risk_level``, for ``status``), without filling it in for the applications already recorded:
such an application counted as high-risk for the rules and as of unknown risk for ``status``.
Its level is now "high" where ``high_risk`` said so (a level below high cannot be told from a
false there, so it stays unknown), and ``high_risk`` is dropped: both read ``risk_level``.

Revision ID: 0006
Revises: 0005
"""

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.execute(sa.text("UPDATE applications SET risk_level = 'high' WHERE risk_level IS NULL AND high_risk"))
    # dropped in place: a copy of the table (Alembic's batch mode on SQLite) would be refused by the
    # foreign keys pointing at it. SQLite before 3.35 cannot drop a column: there it stays, unread.
    import sqlite3
    if op.get_bind().dialect.name != "sqlite" or sqlite3.sqlite_version_info >= (3, 35):
        op.execute(sa.text("ALTER TABLE applications DROP COLUMN high_risk"))


def downgrade() -> None:
    if "high_risk" not in {c["name"] for c in sa.inspect(op.get_bind()).get_columns("applications")}:
        op.add_column("applications", sa.Column("high_risk", sa.Boolean))
    op.execute(sa.text("UPDATE applications SET high_risk = (risk_level = 'high')"))
