"""Indexes for the contracts package at Canton scale (30,000 contracts, 20,000 meetings, 200,000 visitors): the
contracts list by value, by buyer and by type of agreement, an exhibitor's own contracts, the buyers' countries,
the buyers an exhibitor may propose to (by name) and a buyer's meetings. An exhibitor's contracts index replaces
(fair, seller), of which it is the extension.

Revision ID: ba65c99a83c8
Revises: 839decf614f6
Create Date: 2026-12-07 02:50:00

"""
from alembic import op


# revision identifiers, used by Alembic.
revision = 'ba65c99a83c8'
down_revision = '839decf614f6'
branch_labels = None
depends_on = None

INDEXES = (
    ('contract', 'ix_contract_fair_seller_signed', ['fair_id', 'seller_enterprise_id', 'signed_on', 'id']),
    ('contract', 'ix_contract_fair_value', ['fair_id', 'value_vnd', 'id']),
    ('contract', 'ix_contract_fair_buyer', ['fair_id', 'buyer_name', 'id']),
    ('contract', 'ix_contract_fair_kind_signed', ['fair_id', 'kind', 'signed_on', 'id']),
    ('contract', 'ix_contract_fair_country', ['fair_id', 'buyer_country']),
    ('meeting', 'ix_meeting_buyer_slot', ['buyer_visitor_id', 'day', 'start_minute']),
    ('visitor', 'ix_visitor_fair_name', ['fair_id', 'full_name', 'id']),
    ('visitor', 'ix_visitor_fair_type_country', ['fair_id', 'visitor_type', 'country']),
)


def upgrade():
    for table, name, columns in INDEXES:
        op.create_index(name, table, columns, unique=False)
    op.drop_index('ix_contract_fair_seller', table_name='contract')


def downgrade():
    op.create_index('ix_contract_fair_seller', 'contract', ['fair_id', 'seller_enterprise_id'], unique=False)
    for table, name, _columns in reversed(INDEXES):
        op.drop_index(name, table_name=table)
