"""Meetings record who proposed them: an exhibitor's proposal no longer hides in decided_by_id.

Until now a proposal waiting for the buyer was told apart by `decided_by_id` set and `decided_at` empty. The
waiting ones move to `proposed_by_id`; those already answered cannot be told from a buyer's request the
exhibitor accepted, so they stay as they are (`proposed_by_id` empty).

Revision ID: c1d634b53ee8
Revises: 8a4e3c1f7d20
Create Date: 2026-12-06 23:45:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'c1d634b53ee8'
down_revision = '8a4e3c1f7d20'
branch_labels = None
depends_on = None

WAITING_PROPOSAL = "status = 'requested' AND decided_by_id IS NOT NULL AND decided_at IS NULL"


def upgrade():
    with op.batch_alter_table('meeting', schema=None) as batch_op:
        batch_op.add_column(sa.Column('proposed_by_id', sa.Integer(), nullable=True))
        batch_op.create_foreign_key(batch_op.f('fk_meeting_proposed_by_id_user_account'), 'user_account',
                                    ['proposed_by_id'], ['id'], ondelete='SET NULL')
    op.execute(f"UPDATE meeting SET proposed_by_id = decided_by_id, decided_by_id = NULL WHERE {WAITING_PROPOSAL}")


def downgrade():
    # Back to the old marking, for the proposals still waiting: the proposer in decided_by_id, decided_at empty.
    op.execute("UPDATE meeting SET decided_by_id = proposed_by_id "
               "WHERE status = 'requested' AND proposed_by_id IS NOT NULL AND decided_at IS NULL")
    with op.batch_alter_table('meeting', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_meeting_proposed_by_id_user_account'), type_='foreignkey')
        batch_op.drop_column('proposed_by_id')
