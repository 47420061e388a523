"""quotas

Revision ID: 014
Revises: 013

Quota overrides (``/os-quota-sets``): a project's limits in ``quotas`` and
a user's within a project in ``project_user_quotas``, as Nova's API
database has them. A resource without a row has its ``[quota]`` default.
"""

from alembic import op
import sqlalchemy as sa


revision = '014'
down_revision = '013'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'quotas',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('project_id', sa.String(length=255), nullable=False),
        sa.Column('resource', sa.String(length=255), nullable=False),
        sa.Column('hard_limit', sa.Integer(), nullable=False),
        sa.Column('created_at', sa.DateTime(), nullable=True),
        sa.Column('updated_at', sa.DateTime(), nullable=True),
        sa.PrimaryKeyConstraint('id'),
        sa.UniqueConstraint('project_id', 'resource',
                            name='uniq_quotas0project_id0resource'))
    op.create_table(
        'project_user_quotas',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('project_id', sa.String(length=255), nullable=False),
        sa.Column('user_id', sa.String(length=255), nullable=False),
        sa.Column('resource', sa.String(length=255), nullable=False),
        sa.Column('hard_limit', sa.Integer(), nullable=False),
        sa.Column('created_at', sa.DateTime(), nullable=True),
        sa.Column('updated_at', sa.DateTime(), nullable=True),
        sa.PrimaryKeyConstraint('id'),
        sa.UniqueConstraint(
            'user_id', 'project_id', 'resource',
            name='uniq_project_user_quotas0user_id0project_id0resource'))
    op.create_index('project_user_quotas_project_id_idx',
                    'project_user_quotas', ['project_id'], unique=False)


def downgrade():
    op.drop_index('project_user_quotas_project_id_idx',
                  table_name='project_user_quotas')
    op.drop_table('project_user_quotas')
    op.drop_table('quotas')
