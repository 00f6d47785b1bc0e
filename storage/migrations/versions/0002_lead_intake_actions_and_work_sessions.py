"""lead intake actions and work sessions

Revision ID: 0002
Revises: 0001
Create Date: 2026-12-04
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import storage.db

revision = '0002'
down_revision = '0001'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('work_sessions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('team_id', sa.String(length=32), nullable=False),
    sa.Column('project_id', sa.Integer(), nullable=False),
    sa.Column('starts_at', storage.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('duration_minutes', sa.Integer(), nullable=False),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('created_by', sa.String(length=32), nullable=False),
    sa.Column('created_at', storage.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('updated_at', storage.db.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['project_id'], ['projects.id'], name=op.f('fk_work_sessions_project_id_projects'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_work_sessions'))
    )
    with op.batch_alter_table('work_sessions', schema=None) as batch_op:
        batch_op.create_index('ix_work_sessions_project_starts', ['project_id', 'starts_at'], unique=False)
        batch_op.create_index('ix_work_sessions_team_starts', ['team_id', 'starts_at'], unique=False)

    with op.batch_alter_table('projects', schema=None) as batch_op:
        batch_op.add_column(sa.Column('contacted_at', storage.db.UTCDateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('contact_channel', sa.String(length=40), nullable=True))
        batch_op.add_column(sa.Column('contact_notes', sa.Text(), nullable=True))
        batch_op.add_column(sa.Column('contacted_by', sa.String(length=32), nullable=True))
        batch_op.add_column(sa.Column('implementer_id', sa.String(length=32), nullable=True))
        batch_op.add_column(sa.Column('assigned_at', storage.db.UTCDateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('assigned_by', sa.String(length=32), nullable=True))
        batch_op.add_column(sa.Column('kickoff_at', storage.db.UTCDateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('kickoff_modality', sa.String(length=40), nullable=True))
        batch_op.add_column(sa.Column('kickoff_place', sa.String(length=500), nullable=True))
        batch_op.add_column(sa.Column('kickoff_client_decision', sa.Boolean(), server_default=sa.false(), nullable=False))
        batch_op.add_column(sa.Column('kickoff_reason', sa.Text(), nullable=True))
        batch_op.add_column(sa.Column('kickoff_scheduled_at', storage.db.UTCDateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('kickoff_scheduled_by', sa.String(length=32), nullable=True))
        batch_op.create_index('ix_projects_team_implementer', ['team_id', 'implementer_id'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('projects', schema=None) as batch_op:
        batch_op.drop_index('ix_projects_team_implementer')
        batch_op.drop_column('kickoff_scheduled_by')
        batch_op.drop_column('kickoff_scheduled_at')
        batch_op.drop_column('kickoff_reason')
        batch_op.drop_column('kickoff_client_decision')
        batch_op.drop_column('kickoff_place')
        batch_op.drop_column('kickoff_modality')
        batch_op.drop_column('kickoff_at')
        batch_op.drop_column('assigned_by')
        batch_op.drop_column('assigned_at')
        batch_op.drop_column('implementer_id')
        batch_op.drop_column('contacted_by')
        batch_op.drop_column('contact_notes')
        batch_op.drop_column('contact_channel')
        batch_op.drop_column('contacted_at')

    with op.batch_alter_table('work_sessions', schema=None) as batch_op:
        batch_op.drop_index('ix_work_sessions_team_starts')
        batch_op.drop_index('ix_work_sessions_project_starts')

    op.drop_table('work_sessions')
