"""An index that covers the yearly sums of the journal (kind, date, amount): `fund status` reads
it instead of the table.

Revision ID: 0002
Revises: 0001
"""

from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("journal_by_kind_and_date", "journal", ["kind", "booked_on", "amount"])


def downgrade() -> None:
    op.drop_index("journal_by_kind_and_date", "journal")
