"""Indexes for the fair's results at Canton scale (74,000 booths, 30,000 contracts): booths counted by zone from
an index of (fair, zone), and the contracts' totals and breakdowns read from one covering index instead of the
table's rows.

Revision ID: 3d4bb89c932e
Revises: c4e5152389a9
Create Date: 2026-12-07 03:55:00

"""
from alembic import op


# revision identifiers, used by Alembic.
revision = '3d4bb89c932e'
down_revision = 'c4e5152389a9'
branch_labels = None
depends_on = None

INDEXES = (
    ('booth', 'ix_booth_fair_zone', ['fair_id', 'zone_id']),
    ('contract', 'ix_contract_fair_results', ['fair_id', 'status', 'confidential', 'kind', 'category',
                                              'buyer_country', 'seller_enterprise_id', 'value_vnd', 'value_usd',
                                              'verified_at']),
)


def upgrade():
    for table, name, columns in INDEXES:
        op.create_index(name, table, columns, unique=False)


def downgrade():
    for table, name, _columns in reversed(INDEXES):
        op.drop_index(name, table_name=table)
