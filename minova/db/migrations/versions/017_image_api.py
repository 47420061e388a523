"""image API

Revision ID: 017
Revises: 016

What Glance's Image API v2 shows of an image that the local back end did
not keep: the ``os_hash_algo``/``os_hash_value`` multihash, the tags (a
JSON list) and the ``image_members`` of shared images (one row per image
and member project, with the member's status).
"""

from alembic import op
import sqlalchemy as sa


revision = '017'
down_revision = '016'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('images') as batch:
        batch.add_column(sa.Column('os_hash_algo', sa.String(64),
                                   nullable=True))
        batch.add_column(sa.Column('os_hash_value', sa.String(128),
                                   nullable=True))
        batch.add_column(sa.Column('tags', sa.Text(), nullable=False,
                                   server_default='[]'))
    op.create_index('images_owner_idx', 'images', ['owner'])
    op.create_table(
        'image_members',
        sa.Column('image_id', sa.String(36), sa.ForeignKey(
            'images.id', ondelete='CASCADE'), primary_key=True,
            nullable=False),
        sa.Column('member', sa.String(255), primary_key=True,
                  nullable=False),
        sa.Column('status', sa.String(20), nullable=False),
        sa.Column('created_at', sa.DateTime(), nullable=True),
        sa.Column('updated_at', sa.DateTime(), nullable=True))
    op.create_index('image_members_member_idx', 'image_members', ['member'])


def downgrade():
    op.drop_index('image_members_member_idx', table_name='image_members')
    op.drop_table('image_members')
    op.drop_index('images_owner_idx', table_name='images')
    with op.batch_alter_table('images') as batch:
        batch.drop_column('tags')
        batch.drop_column('os_hash_value')
        batch.drop_column('os_hash_algo')
