"""Issuing agencies (heading, seat, signer) and their members; projects (đề án) under programmes, grants moved
into them (one project per programme and content); outcomes per project and beneficiary; the report's own text.

Revision ID: 62a5fa3d4d20
Revises: 8a4e3c1f7d20
Create Date: 2026-12-06 23:31:14.046376

"""
from alembic import op
import sqlalchemy as sa

import core.db


# revision identifiers, used by Alembic.
revision = '62a5fa3d4d20'
down_revision = 'd64e2db6d0c9'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('agency',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('governing_body', sa.String(length=200), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('abbreviation', sa.String(length=30), nullable=False),
    sa.Column('seat', sa.String(length=100), nullable=False),
    sa.Column('signer_authority', sa.String(length=100), nullable=True),
    sa.Column('signer_title', sa.String(length=100), nullable=False),
    sa.Column('signer_name', sa.String(length=120), nullable=False),
    sa.Column('recipients', sa.JSON(), nullable=False),
    sa.Column('created_at', core.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('updated_at', core.db.UTCDateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_agency'))
    )
    op.create_table('agency_member',
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('agency_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['agency_id'], ['agency.id'], name=op.f('fk_agency_member_agency_id_agency'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['user_account.id'], name=op.f('fk_agency_member_user_id_user_account'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('user_id', name=op.f('pk_agency_member'))
    )
    with op.batch_alter_table('agency_member', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_agency_member_agency_id'), ['agency_id'], unique=False)

    op.create_table('support_report_text',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('agency_id', sa.Integer(), nullable=False),
    sa.Column('period', sa.String(length=40), nullable=False),
    sa.Column('number', sa.String(length=20), nullable=True),
    sa.Column('assessment', sa.Text(), nullable=True),
    sa.Column('updated_by_id', sa.Integer(), nullable=True),
    sa.Column('updated_at', core.db.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['agency_id'], ['agency.id'], name=op.f('fk_support_report_text_agency_id_agency'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['updated_by_id'], ['user_account.id'], name=op.f('fk_support_report_text_updated_by_id_user_account'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_support_report_text')),
    sa.UniqueConstraint('agency_id', 'period', name='uq_support_report_text_period')
    )
    op.create_table('support_project',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('programme_id', sa.Integer(), nullable=False),
    sa.Column('code', sa.String(length=40), nullable=False),
    sa.Column('name', sa.String(length=300), nullable=False),
    sa.Column('content', sa.String(length=20), nullable=False),
    sa.Column('decision_ref', sa.String(length=200), nullable=True),
    sa.Column('decision_date', sa.Date(), nullable=True),
    sa.Column('implementing_unit', sa.String(length=200), nullable=True),
    sa.Column('state_budget_vnd', sa.Numeric(precision=18, scale=0), nullable=False),
    sa.Column('counterpart_vnd', sa.Numeric(precision=18, scale=0), nullable=False),
    sa.Column('status', sa.String(length=12), nullable=False),
    sa.Column('created_at', core.db.UTCDateTime(timezone=True), nullable=False),
    sa.CheckConstraint("content IN ('fair_participation', 'booth_fee', 'travel', 'training', 'machinery', 'product_design', 'other')", name=op.f('ck_support_project_content_known')),
    sa.CheckConstraint("status IN ('approved', 'contracted', 'advanced', 'accepted', 'settled')", name=op.f('ck_support_project_status_known')),
    sa.CheckConstraint('state_budget_vnd >= 0 AND counterpart_vnd >= 0', name=op.f('ck_support_project_funds_not_negative')),
    sa.ForeignKeyConstraint(['programme_id'], ['support_programme.id'], name=op.f('fk_support_project_programme_id_support_programme'), ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_support_project')),
    sa.UniqueConstraint('programme_id', 'code', name='uq_support_project_code')
    )
    with op.batch_alter_table('support_project', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_support_project_programme_id'), ['programme_id'], unique=False)

    op.create_table('support_outcome',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('project_id', sa.Integer(), nullable=False),
    sa.Column('enterprise_id', sa.Integer(), nullable=False),
    sa.Column('recorded_on', sa.Date(), nullable=False),
    sa.Column('trainees', sa.Integer(), nullable=False),
    sa.Column('employed_after', sa.Integer(), nullable=False),
    sa.Column('jobs_created', sa.Integer(), nullable=False),
    sa.Column('new_designs', sa.Integer(), nullable=False),
    sa.Column('typical_products', sa.Integer(), nullable=False),
    sa.Column('typical_product_level', sa.String(length=20), nullable=True),
    sa.Column('machines', sa.Integer(), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', core.db.UTCDateTime(timezone=True), nullable=False),
    sa.CheckConstraint('employed_after <= trainees', name=op.f('ck_support_outcome_employed_within_trainees')),
    sa.CheckConstraint('trainees >= 0 AND employed_after >= 0 AND jobs_created >= 0 AND new_designs >= 0 AND typical_products >= 0 AND machines >= 0', name=op.f('ck_support_outcome_counts_not_negative')),
    sa.ForeignKeyConstraint(['created_by_id'], ['user_account.id'], name=op.f('fk_support_outcome_created_by_id_user_account'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['enterprise_id'], ['enterprise.id'], name=op.f('fk_support_outcome_enterprise_id_enterprise'), ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['project_id'], ['support_project.id'], name=op.f('fk_support_outcome_project_id_support_project'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_support_outcome'))
    )
    with op.batch_alter_table('support_outcome', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_support_outcome_enterprise_id'), ['enterprise_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_support_outcome_project_id'), ['project_id'], unique=False)

    with op.batch_alter_table('support_grant', schema=None) as batch_op:
        batch_op.add_column(sa.Column('project_id', sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f('ix_support_grant_project_id'), ['project_id'], unique=False)
        batch_op.create_foreign_key(batch_op.f('fk_support_grant_project_id_support_project'), 'support_project', ['project_id'], ['id'], ondelete='RESTRICT')

    # The programme's managing agency has its own table: a column would need a batch copy of support_programme on
    # SQLite, which grants reference.
    op.create_table('programme_agency',
    sa.Column('programme_id', sa.Integer(), nullable=False),
    sa.Column('agency_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['agency_id'], ['agency.id'], name=op.f('fk_programme_agency_agency_id_agency'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['programme_id'], ['support_programme.id'], name=op.f('fk_programme_agency_programme_id_support_programme'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('programme_id', name=op.f('pk_programme_agency'))
    )
    with op.batch_alter_table('programme_agency', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_programme_agency_agency_id'), ['agency_id'], unique=False)

    # Existing grants move into one project per programme and content, approved by the programme's decision, with
    # the committed grants as its state budget.
    op.execute("""
        INSERT INTO support_project (programme_id, code, name, content, decision_ref, decision_date, state_budget_vnd,
                                     counterpart_vnd, status, created_at)
        SELECT g.programme_id, g.content, g.content, g.content, p.decision_ref, p.decision_date,
               SUM(CASE WHEN g.status IN ('approved', 'disbursed') THEN g.amount_vnd ELSE 0 END), 0, 'approved',
               MIN(g.created_at)
        FROM support_grant g JOIN support_programme p ON p.id = g.programme_id
        GROUP BY g.programme_id, g.content, p.decision_ref, p.decision_date
    """)
    op.execute("""
        UPDATE support_grant SET project_id = (
            SELECT sp.id FROM support_project sp
            WHERE sp.programme_id = support_grant.programme_id AND sp.code = support_grant.content)
    """)


def downgrade():
    op.drop_table('programme_agency')
    with op.batch_alter_table('support_grant', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_support_grant_project_id_support_project'), type_='foreignkey')
        batch_op.drop_index(batch_op.f('ix_support_grant_project_id'))
        batch_op.drop_column('project_id')

    with op.batch_alter_table('support_outcome', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_support_outcome_project_id'))
        batch_op.drop_index(batch_op.f('ix_support_outcome_enterprise_id'))

    op.drop_table('support_outcome')
    with op.batch_alter_table('support_project', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_support_project_programme_id'))

    op.drop_table('support_project')
    op.drop_table('support_report_text')
    with op.batch_alter_table('agency_member', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_agency_member_agency_id'))

    op.drop_table('agency_member')
    op.drop_table('agency')
