"""The attendance tally (a fair's attendance counted up to a watermark of ids, so the dashboard adds only what
came after) and the (fair, id) indexes that find a fair's rows after the watermark.

Revision ID: 839decf614f6
Revises: 376b756935fd
Create Date: 2026-12-07 02:45:00

"""
import sqlalchemy as sa
from alembic import op

import core.db

# revision identifiers, used by Alembic.
revision = '839decf614f6'
down_revision = '376b756935fd'
branch_labels = None
depends_on = None

INDEXES = (
    ('visitor', 'ix_visitor_fair_id_id', ['fair_id', 'id']),
    ('admission', 'ix_admission_fair_id_id', ['fair_id', 'id']),
    ('scan', 'ix_scan_fair_id_id', ['fair_id', 'id']),
)


def upgrade():
    op.create_table(
        'attendance_tally',
        sa.Column('fair_id', sa.Integer(), nullable=False),
        sa.Column('timezone', sa.String(length=64), nullable=False),
        sa.Column('visitor_id', sa.BigInteger(), nullable=False),
        sa.Column('admission_id', sa.BigInteger(), nullable=False),
        sa.Column('scan_id', sa.BigInteger(), nullable=False),
        sa.Column('counts', sa.JSON(), nullable=False),
        sa.Column('built_at', core.db.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(['fair_id'], ['fair.id'], name=op.f('fk_attendance_tally_fair_id_fair'),
                                ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('fair_id', name=op.f('pk_attendance_tally')),
    )
    for table, name, columns in INDEXES:
        op.create_index(name, table, columns, unique=False)


def downgrade():
    for table, name, _columns in reversed(INDEXES):
        op.drop_index(name, table_name=table)
    op.drop_table('attendance_tally')
