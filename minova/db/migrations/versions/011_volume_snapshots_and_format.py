"""volume snapshots, file format, source snapshot and metadata

Revision ID: 011
Revises: 010

The local volume back end keeps a volume as raw or qcow2 (``disk_format``,
which its connection_info tells the compute), remembers the snapshot a
volume was made from and the metadata it was given (Nova's os-volumes
shows both), and keeps snapshots: each a file of its own, listed in
``volume_snapshots``.
"""

from alembic import op
import sqlalchemy as sa


revision = '011'
down_revision = '010'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('volumes') as batch:
        batch.add_column(sa.Column('disk_format', sa.String(30)))
        batch.add_column(sa.Column('snapshot_id', sa.String(36)))
        batch.add_column(sa.Column('volume_metadata', sa.Text))
    # Volumes made before this revision are raw files.
    op.execute("UPDATE volumes SET disk_format = 'raw'")
    op.create_table(
        'volume_snapshots',
        sa.Column('id', sa.String(36), nullable=False),
        sa.Column('volume_id', sa.String(36), nullable=False),
        sa.Column('project_id', sa.String(255)),
        sa.Column('name', sa.String(255)),
        sa.Column('description', sa.Text),
        sa.Column('size', sa.Integer, nullable=False),
        sa.Column('status', sa.String(30), nullable=False),
        sa.Column('disk_format', sa.String(30)),
        sa.Column('path', sa.Text),
        sa.Column('created_at', sa.DateTime),
        sa.Column('updated_at', sa.DateTime),
        sa.ForeignKeyConstraint(['volume_id'], ['volumes.id']),
        sa.PrimaryKeyConstraint('id'))
    op.create_index('volume_snapshots_volume_id_idx', 'volume_snapshots',
                    ['volume_id'])


def downgrade():
    op.drop_index('volume_snapshots_volume_id_idx', 'volume_snapshots')
    op.drop_table('volume_snapshots')
    with op.batch_alter_table('volumes') as batch:
        batch.drop_column('volume_metadata')
        batch.drop_column('snapshot_id')
        batch.drop_column('disk_format')
