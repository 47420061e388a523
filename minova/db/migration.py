"""Schema migrations with alembic: ``minova-manage db sync`` and friends."""

import os

from alembic import command
from alembic import config as alembic_config
from alembic import migration as alembic_migration
from alembic import script as alembic_script

from minova.db import session
from minova import exception

MIGRATIONS_DIR = os.path.join(os.path.dirname(__file__), 'migrations')


def _config(connection):
    cfg = alembic_config.Config()
    cfg.set_main_option('script_location', MIGRATIONS_DIR)
    cfg.attributes['connection'] = connection
    return cfg


def db_sync(version='head'):
    """Upgrade the configured database to ``version``; idempotent."""
    with session.get_engine().execution_options(
            minova_writer=True).begin() as connection:
        command.upgrade(_config(connection), version)


def db_version():
    """The revision the configured database is at (None when empty)."""
    with session.get_engine().connect() as connection:
        return alembic_migration.MigrationContext.configure(
            connection).get_current_revision()


def head_version():
    """The newest revision the code knows."""
    return alembic_script.ScriptDirectory(MIGRATIONS_DIR).get_current_head()


def check_current():
    """Refuse to run on a database older (or newer) than the code."""
    current, head = db_version(), head_version()
    if current != head:
        raise exception.DatabaseNotSynced(current=current or 'none (empty)',
                                          head=head)


def revision(message, autogenerate=True):
    """Write a new migration script (for developers)."""
    with session.get_engine().begin() as connection:
        command.revision(_config(connection), message=message,
                         autogenerate=autogenerate)
