"""server tags

Revision ID: 015
Revises: 014

Microversion 2.26 gives servers tags: Nova's ``tags`` table, one row per
(server uuid, tag), with an index on the tag for the list filters.
"""

from alembic import op
import sqlalchemy as sa


revision = '015'
down_revision = '014'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'tags',
        sa.Column('resource_id', sa.String(36), primary_key=True,
                  nullable=False),
        sa.Column('tag', sa.String(60), primary_key=True, nullable=False))
    op.create_index('tags_tag_idx', 'tags', ['tag'])


def downgrade():
    op.drop_index('tags_tag_idx', table_name='tags')
    op.drop_table('tags')
