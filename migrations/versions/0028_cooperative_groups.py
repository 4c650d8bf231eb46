"""Cooperative groups (tổ hợp tác), which Nghị định 45/2012 names among the beneficiaries of khuyến công, as a kind
of enterprise.

Revision ID: c4e5152389a9
Revises: 2561f549e070
Create Date: 2026-12-07 02:55:00

"""
from alembic import op


# revision identifiers, used by Alembic.
revision = 'c4e5152389a9'
down_revision = '2561f549e070'
branch_labels = None
depends_on = None

KINDS = "'enterprise', 'cooperative', 'household_business', 'rural_establishment'"
WITH_GROUPS = "'enterprise', 'cooperative', 'cooperative_group', 'household_business', 'rural_establishment'"


def _kinds(kinds: str) -> None:
    with op.batch_alter_table('enterprise', schema=None) as batch_op:
        batch_op.drop_constraint(op.f('ck_enterprise_kind_known'), type_='check')
        batch_op.create_check_constraint(op.f('ck_enterprise_kind_known'), f"kind IN ({kinds})")


def upgrade():
    _kinds(WITH_GROUPS)


def downgrade():
    # A cooperative group is a cooperative's smaller sibling: the nearest kind the old list knows.
    op.execute("UPDATE enterprise SET kind = 'cooperative' WHERE kind = 'cooperative_group'")
    _kinds(KINDS)
