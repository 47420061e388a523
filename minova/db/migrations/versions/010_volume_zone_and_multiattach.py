"""volume availability zone and multiattach

Revision ID: 010
Revises: 009

The local volume back end answers as Cinder does: a volume lives in an
availability zone (``[cinder] cross_az_attach`` compares it with the
server's) and may allow several attachments at once (``multiattach``).
"""

from alembic import op
import sqlalchemy as sa


revision = '010'
down_revision = '009'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('volumes') as batch:
        batch.add_column(sa.Column('availability_zone', sa.String(255)))
        batch.add_column(sa.Column('multiattach', sa.Boolean(),
                                   nullable=False,
                                   server_default=sa.false()))


def downgrade():
    with op.batch_alter_table('volumes') as batch:
        batch.drop_column('multiattach')
        batch.drop_column('availability_zone')
