"""instance lock owner and system metadata

Revision ID: 009
Revises: 008

The server life cycle needs two things an instance row did not carry:
``locked_by`` (``owner`` or ``admin``: who locked it, since an owner may
not unlock what an admin locked) and ``system_metadata``, a JSON object of
what minova keeps about an instance for itself, as Nova does (the lock's
reason; ``shelved_at``, ``shelved_image_id`` and ``shelved_host`` while it
is shelved; the power state to restore after a rebuild...).
"""

from alembic import op
import sqlalchemy as sa


revision = '009'
down_revision = '008'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('instances') as batch:
        batch.add_column(sa.Column('locked_by', sa.String(255)))
        batch.add_column(sa.Column('system_metadata', sa.Text))


def downgrade():
    with op.batch_alter_table('instances') as batch:
        batch.drop_column('system_metadata')
        batch.drop_column('locked_by')
