"""Two partial indexes. An application's staff found from one on visitor.application_id (the rows that are staff):
the full index's SQLite statistics, one value shared by every visitor who is no one's staff, made the planner scan
the 200,000 visitors of a Canton-sized fair for an exhibitor's staff page. And a fair's revoked badges, which the
scanner page lists, from one on badge.fair_id over the revoked rows (was every badge of the fair read). And the
visitor list's default order (newest first, then id) read from (fair_id, created_at, id): without the id, visitors
registered in the same second (an import) made PostgreSQL sort the fair's 200,000 rows for a page.

Revision ID: 5e0b8c1d2f47
Revises: d7e4c428ac2b
Create Date: 2026-12-07 06:20:00

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = '5e0b8c1d2f47'
down_revision = 'd7e4c428ac2b'
branch_labels = None
depends_on = None

STAFF = sa.text('application_id IS NOT NULL')
REVOKED = sa.text('revoked_at IS NOT NULL')


def upgrade():
    with op.batch_alter_table('visitor', schema=None) as batch_op:
        batch_op.drop_index('ix_visitor_application_id')
        batch_op.create_index('ix_visitor_application_id', ['application_id'], unique=False, sqlite_where=STAFF,
                              postgresql_where=STAFF)
        batch_op.drop_index('ix_visitor_fair_created')
        batch_op.create_index('ix_visitor_fair_created', ['fair_id', 'created_at', 'id'], unique=False)
    with op.batch_alter_table('badge', schema=None) as batch_op:
        batch_op.create_index('ix_badge_fair_revoked', ['fair_id'], unique=False, sqlite_where=REVOKED,
                              postgresql_where=REVOKED)


def downgrade():
    with op.batch_alter_table('badge', schema=None) as batch_op:
        batch_op.drop_index('ix_badge_fair_revoked')
    with op.batch_alter_table('visitor', schema=None) as batch_op:
        batch_op.drop_index('ix_visitor_application_id')
        batch_op.create_index('ix_visitor_application_id', ['application_id'], unique=False)
        batch_op.drop_index('ix_visitor_fair_created')
        batch_op.create_index('ix_visitor_fair_created', ['fair_id', 'created_at'], unique=False)
