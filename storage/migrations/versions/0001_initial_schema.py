"""initial schema

Revision ID: 0001
Revises:
Create Date: 2026-12-04
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from sqlalchemy.dialects import postgresql

import storage.db

revision = '0001'
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('drafts',
    sa.Column('team_id', sa.String(length=32), nullable=False),
    sa.Column('user_id', sa.String(length=32), nullable=False),
    sa.Column('form', sa.String(length=80), nullable=False),
    sa.Column('values', sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), 'postgresql'), nullable=False),
    sa.Column('updated_at', storage.db.UTCDateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('team_id', 'user_id', 'form', name=op.f('pk_drafts'))
    )
    op.create_table('projects',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('team_id', sa.String(length=32), nullable=False),
    sa.Column('client_name', sa.String(length=200), nullable=False),
    sa.Column('client_key', sa.String(length=200), nullable=False),
    sa.Column('ruc', sa.String(length=13), nullable=False),
    sa.Column('ruc_kind', sa.String(length=20), nullable=False),
    sa.Column('ruc_checksum_warning', sa.Boolean(), nullable=False),
    sa.Column('product', sa.String(length=40), nullable=False),
    sa.Column('company_size', sa.String(length=40), nullable=False),
    sa.Column('issuer_type', sa.String(length=40), nullable=False),
    sa.Column('billing_type', sa.String(length=40), nullable=False),
    sa.Column('implemented_by', sa.String(length=40), nullable=False),
    sa.Column('advisor_id', sa.String(length=32), nullable=True),
    sa.Column('estimated_hours', sa.Double(), nullable=True),
    sa.Column('stage', sa.String(length=30), nullable=False),
    sa.Column('process_version', sa.String(length=40), nullable=False),
    sa.Column('created_at', storage.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('created_by', sa.String(length=32), nullable=False),
    sa.Column('entered_implementation_at', storage.db.UTCDateTime(timezone=True), nullable=True),
    sa.Column('closed_at', storage.db.UTCDateTime(timezone=True), nullable=True),
    sa.Column('origin_channel_id', sa.String(length=32), nullable=True),
    sa.Column('card_channel_id', sa.String(length=32), nullable=True),
    sa.Column('card_ts', sa.String(length=32), nullable=True),
    sa.Column('updated_at', storage.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_projects'))
    )
    with op.batch_alter_table('projects', schema=None) as batch_op:
        batch_op.create_index('ix_projects_team_client_key', ['team_id', 'client_key'], unique=False)
        batch_op.create_index('ix_projects_team_stage', ['team_id', 'stage'], unique=False)
        batch_op.create_index('uq_projects_open_ruc', ['team_id', 'ruc'], unique=True, sqlite_where=sa.text('closed_at IS NULL'), postgresql_where=sa.text('closed_at IS NULL'))

    op.create_table('role_grants',
    sa.Column('team_id', sa.String(length=32), nullable=False),
    sa.Column('user_id', sa.String(length=32), nullable=False),
    sa.Column('role', sa.String(length=30), nullable=False),
    sa.Column('may_create_issuers', sa.Boolean(), nullable=False),
    sa.Column('granted_by', sa.String(length=32), nullable=False),
    sa.Column('granted_at', storage.db.UTCDateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('team_id', 'user_id', 'role', name=op.f('pk_role_grants'))
    )
    with op.batch_alter_table('role_grants', schema=None) as batch_op:
        batch_op.create_index('ix_role_grants_team_role', ['team_id', 'role'], unique=False)

    op.create_table('audit_log',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('team_id', sa.String(length=32), nullable=False),
    sa.Column('project_id', sa.Integer(), nullable=True),
    sa.Column('at', storage.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('actor_id', sa.String(length=32), nullable=False),
    sa.Column('action', sa.String(length=60), nullable=False),
    sa.Column('details', sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), 'postgresql'), nullable=False),
    sa.ForeignKeyConstraint(['project_id'], ['projects.id'], name=op.f('fk_audit_log_project_id_projects'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_audit_log'))
    )
    with op.batch_alter_table('audit_log', schema=None) as batch_op:
        batch_op.create_index('ix_audit_log_project_at', ['project_id', 'at'], unique=False)
        batch_op.create_index('ix_audit_log_team_at', ['team_id', 'at'], unique=False)

    op.create_table('project_prerequisites',
    sa.Column('project_id', sa.Integer(), nullable=False),
    sa.Column('prerequisite_id', sa.String(length=40), nullable=False),
    sa.Column('met_at', storage.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('met_by', sa.String(length=32), nullable=False),
    sa.ForeignKeyConstraint(['project_id'], ['projects.id'], name=op.f('fk_project_prerequisites_project_id_projects'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('project_id', 'prerequisite_id', name=op.f('pk_project_prerequisites'))
    )


def downgrade() -> None:
    op.drop_table('project_prerequisites')
    with op.batch_alter_table('audit_log', schema=None) as batch_op:
        batch_op.drop_index('ix_audit_log_team_at')
        batch_op.drop_index('ix_audit_log_project_at')

    op.drop_table('audit_log')
    with op.batch_alter_table('role_grants', schema=None) as batch_op:
        batch_op.drop_index('ix_role_grants_team_role')

    op.drop_table('role_grants')
    with op.batch_alter_table('projects', schema=None) as batch_op:
        batch_op.drop_index('uq_projects_open_ruc', sqlite_where=sa.text('closed_at IS NULL'), postgresql_where=sa.text('closed_at IS NULL'))
        batch_op.drop_index('ix_projects_team_stage')
        batch_op.drop_index('ix_projects_team_client_key')

    op.drop_table('projects')
    op.drop_table('drafts')
