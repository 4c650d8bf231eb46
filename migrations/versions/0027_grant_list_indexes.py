"""Indexes for a programme's grant list in its default order (newest first) and by amount, and for the grants API
(newest first across programmes), so a page of 50 grants reads 50 index entries instead of sorting a programme's
thousands.

Revision ID: 2561f549e070
Revises: ba65c99a83c8
Create Date: 2026-12-07 02:45:00

"""
from alembic import op


# revision identifiers, used by Alembic.
revision = '2561f549e070'
down_revision = 'ba65c99a83c8'
branch_labels = None
depends_on = None

INDEXES = (
    ('support_grant', 'ix_support_grant_programme_created', ['programme_id', 'created_at', 'id']),
    ('support_grant', 'ix_support_grant_programme_amount', ['programme_id', 'amount_vnd', 'id']),
    ('support_grant', 'ix_support_grant_created', ['created_at', 'id']),
)


def upgrade():
    for table, name, columns in INDEXES:
        op.create_index(name, table, columns, unique=False)


def downgrade():
    for table, name, _columns in reversed(INDEXES):
        op.drop_index(name, table_name=table)
