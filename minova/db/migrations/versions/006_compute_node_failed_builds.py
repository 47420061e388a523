"""compute node failed builds

Revision ID: 006
Revises: 005

The builds that failed in a row on a compute node, as its compute reports
them: the BuildFailureWeigher steers new builds away from such a node.
"""

from alembic import op
import sqlalchemy as sa


revision = '006'
down_revision = '005'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('compute_nodes') as batch:
        batch.add_column(sa.Column('failed_builds', sa.Integer(),
                                   nullable=False, server_default='0'))


def downgrade():
    with op.batch_alter_table('compute_nodes') as batch:
        batch.drop_column('failed_builds')
