"""discovery, project owner and schedule

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-04
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from sqlalchemy.dialects import postgresql

import storage.db

revision = '0003'
down_revision = '0002'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('discovery_answers',
    sa.Column('project_id', sa.Integer(), nullable=False),
    sa.Column('answers', sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), 'postgresql'), nullable=False),
    sa.Column('updated_at', storage.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('updated_by', sa.String(length=32), nullable=False),
    sa.Column('completed_at', storage.db.UTCDateTime(timezone=True), nullable=True),
    sa.Column('recommendations_ts', sa.String(length=32), nullable=True),
    sa.ForeignKeyConstraint(['project_id'], ['projects.id'], name=op.f('fk_discovery_answers_project_id_projects'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('project_id', name=op.f('pk_discovery_answers'))
    )
    op.create_table('plugin_recommendations',
    sa.Column('project_id', sa.Integer(), nullable=False),
    sa.Column('plugin_id', sa.String(length=40), nullable=False),
    sa.Column('reason', sa.Text(), nullable=False),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('created_at', storage.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('decided_by', sa.String(length=32), nullable=True),
    sa.Column('decided_at', storage.db.UTCDateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['project_id'], ['projects.id'], name=op.f('fk_plugin_recommendations_project_id_projects'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('project_id', 'plugin_id', name=op.f('pk_plugin_recommendations'))
    )
    with op.batch_alter_table('projects', schema=None) as batch_op:
        batch_op.add_column(sa.Column('owner_name', sa.String(length=200), nullable=True))
        batch_op.add_column(sa.Column('owner_role', sa.String(length=120), nullable=True))
        batch_op.add_column(sa.Column('owner_email', sa.String(length=254), nullable=True))
        batch_op.add_column(sa.Column('owner_phone', sa.String(length=20), nullable=True))
        batch_op.add_column(sa.Column('timeline_ts', sa.String(length=32), nullable=True))

    with op.batch_alter_table('work_sessions', schema=None) as batch_op:
        batch_op.add_column(sa.Column('modality', sa.String(length=40), nullable=True))
        batch_op.add_column(sa.Column('place', sa.String(length=500), nullable=True))
        batch_op.add_column(sa.Column('attendees', sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), 'postgresql'), server_default=sa.text("'[]'"), nullable=False))
        batch_op.add_column(sa.Column('client_attendees', sa.Text(), nullable=True))
        batch_op.add_column(sa.Column('steps', sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), 'postgresql'), server_default=sa.text("'[]'"), nullable=False))
        batch_op.add_column(sa.Column('sequence', sa.Integer(), server_default=sa.text('0'), nullable=False))
        batch_op.add_column(sa.Column('cancelled_at', storage.db.UTCDateTime(timezone=True), nullable=True))



def downgrade() -> None:
    with op.batch_alter_table('work_sessions', schema=None) as batch_op:
        batch_op.drop_column('cancelled_at')
        batch_op.drop_column('sequence')
        batch_op.drop_column('steps')
        batch_op.drop_column('client_attendees')
        batch_op.drop_column('attendees')
        batch_op.drop_column('place')
        batch_op.drop_column('modality')

    with op.batch_alter_table('projects', schema=None) as batch_op:
        batch_op.drop_column('timeline_ts')
        batch_op.drop_column('owner_phone')
        batch_op.drop_column('owner_email')
        batch_op.drop_column('owner_role')
        batch_op.drop_column('owner_name')

    op.drop_table('plugin_recommendations')
    op.drop_table('discovery_answers')
