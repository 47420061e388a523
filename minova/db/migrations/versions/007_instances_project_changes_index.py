"""instances project changes index

Revision ID: 007
Revises: 006

A poller's ``GET /servers/detail?changes-since=`` asks for one project's
instances changed since a time. With only an index on ``project_id,
deleted`` and one on ``updated_at``, SQLite took the first and read every
instance of the project: the poll cost grew with the cloud. On
``project_id, updated_at`` it reads only the changed ones.
"""

from alembic import op


revision = '007'
down_revision = '006'
branch_labels = None
depends_on = None


def upgrade():
    op.create_index('instances_project_id_updated_at_idx', 'instances',
                    ['project_id', 'updated_at'], unique=False)


def downgrade():
    op.drop_index('instances_project_id_updated_at_idx',
                  table_name='instances')
