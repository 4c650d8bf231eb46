"""Costs that stay flat at Canton scale: the visitor list's search in SQL on a folded column (name, organisation
and e-mail folded as core.text.search_text, one a line) read from a (fair, text) index, filled here for the
visitors already registered; and booths counted per hall and blocked from a (hall, blocked) index for the layout
page (was every booth row of the fair).

Revision ID: d7e4c428ac2b
Revises: 3d4bb89c932e
Create Date: 2026-12-07 05:30:00

"""
import sqlalchemy as sa
from alembic import op

from core.text import search_text

# revision identifiers, used by Alembic.
revision = 'd7e4c428ac2b'
down_revision = '3d4bb89c932e'
branch_labels = None
depends_on = None

BATCH = 5000


def upgrade():
    with op.batch_alter_table('visitor', schema=None) as batch_op:
        batch_op.add_column(sa.Column('search_text', sa.String(length=600), nullable=True))
    visitor = sa.table('visitor', sa.column('id', sa.Integer), sa.column('full_name', sa.String),
                       sa.column('organisation', sa.String), sa.column('email', sa.String),
                       sa.column('search_text', sa.String))
    connection = op.get_bind()
    last = 0
    while rows := connection.execute(
            sa.select(visitor.c.id, visitor.c.full_name, visitor.c.organisation, visitor.c.email)
            .where(visitor.c.id > last).order_by(visitor.c.id).limit(BATCH)).all():
        connection.execute(visitor.update().where(visitor.c.id == sa.bindparam('visitor_id'))
                           .values(search_text=sa.bindparam('text')),
                           [{'visitor_id': row.id, 'text': search_text(row.full_name, row.organisation, row.email)}
                            for row in rows])
        last = rows[-1].id
    op.create_index('ix_visitor_fair_search', 'visitor', ['fair_id', 'search_text'], unique=False)
    op.create_index('ix_booth_hall_blocked', 'booth', ['hall_id', 'blocked'], unique=False)


def downgrade():
    op.drop_index('ix_booth_hall_blocked', table_name='booth')
    op.drop_index('ix_visitor_fair_search', table_name='visitor')
    with op.batch_alter_table('visitor', schema=None) as batch_op:
        batch_op.drop_column('search_text')
