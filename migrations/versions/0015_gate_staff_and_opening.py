"""Gate staff assigned to fairs, set-up days before a fair opens, and the `not_open` scan verdict.

Revision ID: 8a4e3c1f7d20
Revises: 5c1d2e7a9b40
Create Date: 2026-12-06 21:00:00

"""
from alembic import op
import sqlalchemy as sa

import core.db


# revision identifiers, used by Alembic.
revision = '8a4e3c1f7d20'
down_revision = '5c1d2e7a9b40'
branch_labels = None
depends_on = None

OLD_RESULTS = "'admitted', 'already_admitted', 'invalid', 'wrong_fair', 'revoked'"
NEW_RESULTS = OLD_RESULTS + ", 'not_open'"


def _scan_results(results: str) -> None:
    with op.batch_alter_table('scan', schema=None) as batch_op:
        batch_op.drop_constraint(op.f('ck_scan_result_known'), type_='check')
        batch_op.create_check_constraint(op.f('ck_scan_result_known'), f"result IN ({results})")


def upgrade():
    op.create_table('fair_staff',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('fair_id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('assigned_at', core.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('assigned_by_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['assigned_by_id'], ['user_account.id'], name=op.f('fk_fair_staff_assigned_by_id_user_account'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['fair_id'], ['fair.id'], name=op.f('fk_fair_staff_fair_id_fair'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['user_account.id'], name=op.f('fk_fair_staff_user_id_user_account'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_fair_staff')),
    sa.UniqueConstraint('fair_id', 'user_id', name='uq_fair_staff_fair_user')
    )
    with op.batch_alter_table('fair_staff', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_fair_staff_user_id'), ['user_id'], unique=False)
    with op.batch_alter_table('fair', schema=None) as batch_op:
        batch_op.add_column(sa.Column('setup_days', sa.Integer(), server_default='0', nullable=False))
        batch_op.create_check_constraint(op.f('ck_fair_setup_days_range'), "setup_days BETWEEN 0 AND 14")
    _scan_results(NEW_RESULTS)


def downgrade():
    op.execute("DELETE FROM scan WHERE result = 'not_open'")
    _scan_results(OLD_RESULTS)
    with op.batch_alter_table('fair', schema=None) as batch_op:
        batch_op.drop_constraint(op.f('ck_fair_setup_days_range'), type_='check')
        batch_op.drop_column('setup_days')
    with op.batch_alter_table('fair_staff', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_fair_staff_user_id'))
    op.drop_table('fair_staff')
