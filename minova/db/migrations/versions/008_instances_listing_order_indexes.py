"""instances listing order indexes

Revision ID: 008
Revises: 007

A server listing is one page in (created_at, id) order, newest first. With
no index in that order SQLite read every live instance of the project (or
of the cloud, for an admin's all_tenants) and sorted them for each page: a
page of one server cost as much as a page of all. On (project_id, deleted,
created_at) and on (deleted, created_at) (the id is SQLite's rowid, the
last column of every index) it reads the page's rows in order. The first
replaces the index on (project_id, deleted), its prefix.
"""

from alembic import op


revision = '008'
down_revision = '007'
branch_labels = None
depends_on = None


def upgrade():
    op.create_index('instances_project_id_deleted_created_at_idx',
                    'instances', ['project_id', 'deleted', 'created_at'],
                    unique=False)
    op.create_index('instances_deleted_created_at_idx', 'instances',
                    ['deleted', 'created_at'], unique=False)
    op.drop_index('instances_project_id_deleted_idx', table_name='instances')


def downgrade():
    op.create_index('instances_project_id_deleted_idx', 'instances',
                    ['project_id', 'deleted'], unique=False)
    op.drop_index('instances_deleted_created_at_idx', table_name='instances')
    op.drop_index('instances_project_id_deleted_created_at_idx',
                  table_name='instances')
