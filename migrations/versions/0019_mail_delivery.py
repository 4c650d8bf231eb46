"""Mail neither lost nor doubled: a claim with a lease per sender, backoff until a retry deadline, failed mail.

Revision ID: 8f7ad7a41021
Revises: 8a4e3c1f7d20
Create Date: 2026-12-06 23:50:00

"""
from alembic import op
import sqlalchemy as sa

import core.db


# revision identifiers, used by Alembic.
revision = '8f7ad7a41021'
down_revision = 'ef7f4b73999f'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('outbox_message', schema=None) as batch_op:
        batch_op.add_column(sa.Column('next_attempt_at', core.db.UTCDateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('claimed_by', sa.String(length=40), nullable=True))
        batch_op.add_column(sa.Column('claimed_until', core.db.UTCDateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('retry_until', core.db.UTCDateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('failed_at', core.db.UTCDateTime(timezone=True), nullable=True))
        batch_op.create_index('ix_outbox_message_due', ['sent_at', 'failed_at', 'next_attempt_at'], unique=False)
    # Messages the old sender gave up on after 5 attempts are due again (their retry window counts from
    # their creation, so old ones are marked failed, for the admins to see, at their next failure).


def downgrade():
    with op.batch_alter_table('outbox_message', schema=None) as batch_op:
        batch_op.drop_index('ix_outbox_message_due')
        batch_op.drop_column('failed_at')
        batch_op.drop_column('retry_until')
        batch_op.drop_column('claimed_until')
        batch_op.drop_column('claimed_by')
        batch_op.drop_column('next_attempt_at')
