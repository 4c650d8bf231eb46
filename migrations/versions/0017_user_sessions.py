"""Server-side login sessions (user_session) and invitations that wait for consent (enterprise_invitation).

Every session cookie issued before this revision names no server-side session: everyone logs in again.

Revision ID: ef7f4b73999f
Revises: 8a4e3c1f7d20
Create Date: 2026-12-06 23:34:52.579204

"""
from alembic import op
import sqlalchemy as sa

import core.db


# revision identifiers, used by Alembic.
revision = 'ef7f4b73999f'
down_revision = 'cc8a04946847'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('enterprise_invitation',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('enterprise_id', sa.Integer(), nullable=False),
    sa.Column('email', sa.String(length=254), nullable=False),
    sa.Column('invited_by_id', sa.Integer(), nullable=True),
    sa.Column('token_hash', sa.String(length=64), nullable=False),
    sa.Column('status', sa.String(length=10), nullable=False),
    sa.Column('created_at', core.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('answered_at', core.db.UTCDateTime(timezone=True), nullable=True),
    sa.CheckConstraint("status IN ('pending', 'accepted', 'declined', 'withdrawn')", name=op.f('ck_enterprise_invitation_status_known')),
    sa.ForeignKeyConstraint(['enterprise_id'], ['enterprise.id'], name=op.f('fk_enterprise_invitation_enterprise_id_enterprise'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['invited_by_id'], ['user_account.id'], name=op.f('fk_enterprise_invitation_invited_by_id_user_account'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_enterprise_invitation')),
    sa.UniqueConstraint('token_hash', name=op.f('uq_enterprise_invitation_token_hash'))
    )
    with op.batch_alter_table('enterprise_invitation', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_enterprise_invitation_email'), ['email'], unique=False)
        batch_op.create_index(batch_op.f('ix_enterprise_invitation_enterprise_id'), ['enterprise_id'], unique=False)
        batch_op.create_index('uq_enterprise_invitation_pending', ['enterprise_id', 'email'], unique=True, sqlite_where=sa.text("status = 'pending'"), postgresql_where=sa.text("status = 'pending'"))
    op.create_table('user_session',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('key_hash', sa.String(length=64), nullable=False),
    sa.Column('created_at', core.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('last_seen_at', core.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('user_agent', sa.String(length=80), nullable=False),
    sa.Column('address_prefix', sa.String(length=48), nullable=False),
    sa.Column('revoked_at', core.db.UTCDateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['user_id'], ['user_account.id'], name=op.f('fk_user_session_user_id_user_account'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_user_session')),
    sa.UniqueConstraint('key_hash', name=op.f('uq_user_session_key_hash'))
    )
    with op.batch_alter_table('user_session', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_user_session_user_id'), ['user_id'], unique=False)



def downgrade():
    with op.batch_alter_table('user_session', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_user_session_user_id'))
    op.drop_table('user_session')
    with op.batch_alter_table('enterprise_invitation', schema=None) as batch_op:
        batch_op.drop_index('uq_enterprise_invitation_pending', sqlite_where=sa.text("status = 'pending'"), postgresql_where=sa.text("status = 'pending'"))
        batch_op.drop_index(batch_op.f('ix_enterprise_invitation_enterprise_id'))
        batch_op.drop_index(batch_op.f('ix_enterprise_invitation_email'))
    op.drop_table('enterprise_invitation')
