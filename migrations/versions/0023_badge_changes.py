"""When each badge last changed (the scanners' badge list refreshes only the changes) and the verdict a
scanner gave offline for a scan it sent later.

Revision ID: d64e2db6d0c9
Revises: 8a4e3c1f7d20
Create Date: 2026-12-06 23:50:00

"""
from alembic import op
import sqlalchemy as sa

import core.db


# revision identifiers, used by Alembic.
revision = 'd64e2db6d0c9'
down_revision = '6de9df15545b'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('badge', schema=None) as batch_op:
        batch_op.add_column(sa.Column('changed_at', core.db.UTCDateTime(timezone=True), nullable=True))
    op.execute("UPDATE badge SET changed_at = COALESCE(revoked_at, issued_at)")
    with op.batch_alter_table('badge', schema=None) as batch_op:
        batch_op.alter_column('changed_at', existing_type=core.db.UTCDateTime(timezone=True), nullable=False)
        batch_op.create_index('ix_badge_fair_changed', ['fair_id', 'changed_at'], unique=False)
    with op.batch_alter_table('scan', schema=None) as batch_op:
        batch_op.add_column(sa.Column('offline_result', sa.String(length=20), nullable=True))


def downgrade():
    with op.batch_alter_table('scan', schema=None) as batch_op:
        batch_op.drop_column('offline_result')
    with op.batch_alter_table('badge', schema=None) as batch_op:
        batch_op.drop_index('ix_badge_fair_changed')
        batch_op.drop_column('changed_at')
