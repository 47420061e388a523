"""scheduler change indexes

Revision ID: 003
Revises: 002

The scheduler keeps host states between requests and, per request, reads
only the compute nodes and services created or stamped since its last read.
Without these indexes each such read scans both tables.
"""

from alembic import op


revision = '003'
down_revision = '002'
branch_labels = None
depends_on = None

INDEXES = (
    ('compute_nodes_updated_at_idx', 'compute_nodes', 'updated_at'),
    ('compute_nodes_created_at_idx', 'compute_nodes', 'created_at'),
    ('services_updated_at_idx', 'services', 'updated_at'),
    ('services_created_at_idx', 'services', 'created_at'),
)


def upgrade():
    for name, table, column in INDEXES:
        op.create_index(name, table, [column], unique=False)


def downgrade():
    for name, table, _ in INDEXES:
        op.drop_index(name, table_name=table)
