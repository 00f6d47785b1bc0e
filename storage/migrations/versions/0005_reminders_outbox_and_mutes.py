"""reminders outbox and mutes

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-04
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from sqlalchemy.dialects import postgresql

import storage.db

revision = '0005'
down_revision = '0004'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('reminder_mutes',
    sa.Column('team_id', sa.String(length=32), nullable=False),
    sa.Column('user_id', sa.String(length=32), nullable=False),
    sa.Column('kind', sa.String(length=40), nullable=False),
    sa.Column('created_at', storage.db.UTCDateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('team_id', 'user_id', 'kind', name=op.f('pk_reminder_mutes'))
    )
    op.create_table('reminder_outbox',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('key', sa.String(length=300), nullable=False),
    sa.Column('team_id', sa.String(length=32), nullable=False),
    sa.Column('project_id', sa.Integer(), nullable=True),
    sa.Column('kind', sa.String(length=40), nullable=False),
    sa.Column('occurrence', sa.String(length=120), nullable=False),
    sa.Column('recipient', sa.String(length=32), nullable=False),
    sa.Column('deliver_at', storage.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('expires_at', storage.db.UTCDateTime(timezone=True), nullable=True),
    sa.Column('due_at', storage.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('attempts', sa.Integer(), nullable=False),
    sa.Column('claimed_by', sa.String(length=80), nullable=True),
    sa.Column('claimed_until', storage.db.UTCDateTime(timezone=True), nullable=True),
    sa.Column('last_error', sa.String(length=200), nullable=True),
    sa.Column('sent_at', storage.db.UTCDateTime(timezone=True), nullable=True),
    sa.Column('message_channel', sa.String(length=32), nullable=True),
    sa.Column('message_ts', sa.String(length=32), nullable=True),
    sa.Column('values', sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), 'postgresql'), nullable=False),
    sa.Column('created_at', storage.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('updated_at', storage.db.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['project_id'], ['projects.id'], name=op.f('fk_reminder_outbox_project_id_projects'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_reminder_outbox')),
    sa.UniqueConstraint('key', name=op.f('uq_reminder_outbox_key'))
    )
    with op.batch_alter_table('reminder_outbox', schema=None) as batch_op:
        batch_op.create_index('ix_reminder_outbox_message', ['message_channel', 'message_ts'], unique=False)
        batch_op.create_index('ix_reminder_outbox_project_status', ['project_id', 'status'], unique=False)
        batch_op.create_index('ix_reminder_outbox_status_due', ['status', 'due_at'], unique=False)

    with op.batch_alter_table('projects', schema=None) as batch_op:
        batch_op.add_column(sa.Column('reminders_planned_version', sa.Integer(), server_default=sa.text('0'), nullable=False))
        batch_op.create_index('ix_projects_reminders_stale', ['id'], unique=False, sqlite_where=sa.text('reminders_planned_version <> version AND closed_at IS NULL'), postgresql_where=sa.text('reminders_planned_version <> version AND closed_at IS NULL'))



def downgrade() -> None:
    with op.batch_alter_table('projects', schema=None) as batch_op:
        batch_op.drop_index('ix_projects_reminders_stale', sqlite_where=sa.text('reminders_planned_version <> version AND closed_at IS NULL'), postgresql_where=sa.text('reminders_planned_version <> version AND closed_at IS NULL'))
        batch_op.drop_column('reminders_planned_version')

    with op.batch_alter_table('reminder_outbox', schema=None) as batch_op:
        batch_op.drop_index('ix_reminder_outbox_status_due')
        batch_op.drop_index('ix_reminder_outbox_project_status')
        batch_op.drop_index('ix_reminder_outbox_message')

    op.drop_table('reminder_outbox')
    op.drop_table('reminder_mutes')
