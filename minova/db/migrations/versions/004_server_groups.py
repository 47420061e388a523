"""server groups

Revision ID: 004
Revises: 003

Server groups (``/os-server-groups``, Nova's instance groups) and their
members, which the scheduler's server group filters and weighers read.
"""

from alembic import op
import sqlalchemy as sa


revision = '004'
down_revision = '003'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'instance_groups',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('uuid', sa.String(length=36), nullable=False),
        sa.Column('name', sa.String(length=255), nullable=True),
        sa.Column('user_id', sa.String(length=255), nullable=True),
        sa.Column('project_id', sa.String(length=255), nullable=True),
        sa.Column('policy', sa.String(length=255), nullable=False),
        sa.Column('rules', sa.Text(), nullable=False),
        sa.Column('created_at', sa.DateTime(), nullable=True),
        sa.Column('updated_at', sa.DateTime(), nullable=True),
        sa.Column('deleted_at', sa.DateTime(), nullable=True),
        sa.Column('deleted', sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint('id'),
        sa.UniqueConstraint('uuid', 'deleted',
                            name='uniq_instance_groups0uuid0deleted'))
    op.create_index('instance_groups_project_id_deleted_idx',
                    'instance_groups', ['project_id', 'deleted'],
                    unique=False)
    op.create_table(
        'instance_group_member',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('group_id', sa.Integer(), nullable=False),
        sa.Column('instance_uuid', sa.String(length=36), nullable=False),
        sa.Column('created_at', sa.DateTime(), nullable=True),
        sa.Column('updated_at', sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(['group_id'], ['instance_groups.id']),
        sa.PrimaryKeyConstraint('id'),
        sa.UniqueConstraint(
            'group_id', 'instance_uuid',
            name='uniq_instance_group_member0group0instance'))
    op.create_index('instance_group_member_instance_idx',
                    'instance_group_member', ['instance_uuid'], unique=False)


def downgrade():
    op.drop_index('instance_group_member_instance_idx',
                  table_name='instance_group_member')
    op.drop_table('instance_group_member')
    op.drop_index('instance_groups_project_id_deleted_idx',
                  table_name='instance_groups')
    op.drop_table('instance_groups')
