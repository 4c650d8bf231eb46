"""Grants may be cancelled until paid out; a cancelled application grant no longer blocks a new one.

Revision ID: 5c1d2e7a9b40
Revises: 6f54bf5c692f
Create Date: 2026-11-25 20:30:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '5c1d2e7a9b40'
down_revision = '6f54bf5c692f'
branch_labels = None
depends_on = None

OLD_WHERE = "content = 'booth_fee' AND source = 'application'"
NEW_WHERE = "content = 'booth_fee' AND source = 'application' AND status <> 'cancelled'"


def _swap(statuses: str, where: str, old_where: str) -> None:
    with op.batch_alter_table('support_grant', schema=None) as batch_op:
        batch_op.drop_index('uq_support_grant_application_fee', sqlite_where=sa.text(old_where),
                            postgresql_where=sa.text(old_where))
        batch_op.drop_constraint(op.f('ck_support_grant_status_known'), type_='check')
        batch_op.create_check_constraint(op.f('ck_support_grant_status_known'), f"status IN ({statuses})")
        batch_op.create_index('uq_support_grant_application_fee', ['enterprise_id', 'fair_id'], unique=True,
                              sqlite_where=sa.text(where), postgresql_where=sa.text(where))


def upgrade():
    _swap("'planned', 'approved', 'disbursed', 'cancelled'", NEW_WHERE, OLD_WHERE)


def downgrade():
    op.execute("DELETE FROM support_grant WHERE status = 'cancelled'")
    _swap("'planned', 'approved', 'disbursed'", OLD_WHERE, NEW_WHERE)
