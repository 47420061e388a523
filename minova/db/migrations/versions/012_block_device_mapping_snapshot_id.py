"""block device mapping snapshot id

Revision ID: 012
Revises: 011

Boot from volume: a mapping whose source is a volume snapshot names it, as
Nova's ``block_device_mapping.snapshot_id``; the compute creates the volume
from it and records the new volume's id beside it.
"""

from alembic import op
import sqlalchemy as sa


revision = '012'
down_revision = '011'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('block_device_mapping') as batch:
        batch.add_column(sa.Column('snapshot_id', sa.String(36)))


def downgrade():
    with op.batch_alter_table('block_device_mapping') as batch:
        batch.drop_column('snapshot_id')
