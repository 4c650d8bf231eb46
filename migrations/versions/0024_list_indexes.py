"""Indexes for the default order of the long lists (review queue, contracts, leads, enterprises) and an
object's audit history, so a page of a list reads one page of an index instead of sorting a whole fair.

Revision ID: 376b756935fd
Revises: 8a4e3c1f7d20
Create Date: 2026-12-07 00:45:00

"""
from alembic import op


# revision identifiers, used by Alembic.
revision = '376b756935fd'
down_revision = '8f7ad7a41021'
branch_labels = None
depends_on = None

INDEXES = (
    ('audit_event', 'ix_audit_event_target', ['target_type', 'target_id', 'created_at']),
    ('enterprise', 'ix_enterprise_legal_name', ['legal_name', 'id']),
    ('booth_application', 'ix_booth_application_fair_submitted', ['fair_id', 'submitted_at', 'id']),
    ('contract', 'ix_contract_fair_signed', ['fair_id', 'signed_on', 'id']),
    ('lead', 'ix_lead_fair_enterprise_scanned', ['fair_id', 'enterprise_id', 'last_scanned_at', 'id']),
)


def upgrade():
    for table, name, columns in INDEXES:
        op.create_index(name, table, columns, unique=False)


def downgrade():
    for table, name, _columns in reversed(INDEXES):
        op.drop_index(name, table_name=table)
