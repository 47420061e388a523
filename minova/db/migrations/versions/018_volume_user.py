"""volume user

Revision ID: 018
Revises: 017

The user who created a volume: Cinder shows it as the volume's
``user_id`` (a string in Tempest's schema, never null).
"""

from alembic import op
import sqlalchemy as sa


revision = '018'
down_revision = '017'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('volumes') as batch:
        batch.add_column(sa.Column('user_id', sa.String(255), nullable=True))


def downgrade():
    with op.batch_alter_table('volumes') as batch:
        batch.drop_column('user_id')
