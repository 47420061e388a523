"""key pairs and instance key data

Revision ID: 013
Revises: 012

Keypairs (``/os-keypairs``, Nova's ``key_pairs``): a user's public keys by
name, unique per user; and ``instances.key_data``, the public key a server
was booted with (Nova's column of that name), which the virt driver gets.
"""

from alembic import op
import sqlalchemy as sa


revision = '013'
down_revision = '012'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'key_pairs',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('name', sa.String(length=255), nullable=False),
        sa.Column('user_id', sa.String(length=255), nullable=False),
        sa.Column('fingerprint', sa.String(length=255), nullable=True),
        sa.Column('public_key', sa.Text(), nullable=True),
        sa.Column('type', sa.String(length=4), nullable=False,
                  server_default='ssh'),
        sa.Column('created_at', sa.DateTime(), nullable=True),
        sa.Column('updated_at', sa.DateTime(), nullable=True),
        sa.PrimaryKeyConstraint('id'),
        sa.UniqueConstraint('user_id', 'name',
                            name='uniq_key_pairs0user_id0name'))
    with op.batch_alter_table('instances') as batch:
        batch.add_column(sa.Column('key_data', sa.Text()))


def downgrade():
    with op.batch_alter_table('instances') as batch:
        batch.drop_column('key_data')
    op.drop_table('key_pairs')
