"""boot path indexes

Revision ID: 002
Revises: 001

Instance action events are looked up by their action on every build step;
without this index each lookup scans every event ever recorded, and a boot
gets slower as the cloud ages.
"""

from alembic import op


revision = '002'
down_revision = '001'
branch_labels = None
depends_on = None


def upgrade():
    op.create_index('instance_actions_events_action_id_idx',
                    'instance_actions_events', ['action_id'], unique=False)


def downgrade():
    op.drop_index('instance_actions_events_action_id_idx',
                  table_name='instance_actions_events')
