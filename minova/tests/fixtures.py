"""Fixtures shared by minova's tests: a config object and a real database."""

import os
import time

import fixtures
import sqlalchemy

from minova import config
from minova.db import migration
from minova.db import models
from minova.db import session


def wait_for(predicate, timeout=10):
    """True once ``predicate()`` is, False after ``timeout`` seconds."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.05)
    return False


class ConfFixture(fixtures.Fixture):
    """A fresh, parsed ConfigOpts with a temp state_path: read from
    ``config_files`` (none by default), then ``overrides`` set on it."""

    def __init__(self, config_files=(), **overrides):
        super().__init__()
        self.config_files = list(config_files)
        self.overrides = overrides

    def _setUp(self):
        self.conf = config.new_conf()
        args = []
        for path in self.config_files:
            args += ['--config-file', path]
        self.conf(args, project='minova', default_config_files=[])
        tmp = self.useFixture(fixtures.TempDir()).path
        self.conf.set_override('state_path', tmp)
        self.conf.set_override('host', 'testhost')
        for key, value in self.overrides.items():
            group, _, name = key.rpartition('.')
            self.conf.set_override(name, value, group=group or None)
        self.addCleanup(self.conf.reset)


class DatabaseFixture(fixtures.Fixture):
    """Configures the process's database and syncs its schema.

    SQLite in a temporary directory, unless ``MINOVA_TEST_DB_URL`` names
    another database (the integration env points it at PostgreSQL).
    """

    def __init__(self, conf):
        super().__init__()
        self.conf = conf

    def _setUp(self):
        url = os.environ.get('MINOVA_TEST_DB_URL') or 'sqlite:///%s' % (
            os.path.join(self.useFixture(fixtures.TempDir()).path,
                         'minova.sqlite'))
        self.conf.set_override('connection', url, group='database')
        session.reset()
        engine = session.configure(self.conf)
        self.addCleanup(session.reset)
        if engine.dialect.name != 'sqlite':
            # A shared server database: start each test from an empty one.
            models.Base.metadata.drop_all(engine)
            with engine.begin() as connection:
                connection.execute(sqlalchemy.text(
                    'DROP TABLE IF EXISTS alembic_version'))
        migration.db_sync()


class StatementCounter(fixtures.Fixture):
    """Records the SQL statements the configured database runs (those of
    the client: SQLite's PRAGMAs of a connection's mode left out), and the
    commits; a database round trip each."""

    def _setUp(self):
        self.statements = []
        self.commits = 0
        for engine in session._state['engines']:
            for name, listener in (('before_cursor_execute', self._record),
                                   ('commit', self._commit)):
                sqlalchemy.event.listen(engine, name, listener)
                self.addCleanup(sqlalchemy.event.remove, engine, name,
                                listener)

    def _record(self, conn, cursor, statement, *args):
        if not statement.startswith('PRAGMA'):
            self.statements.append(' '.join(statement.split()))

    def _commit(self, conn):
        self.commits += 1

    def reset(self):
        self.statements = []
        self.commits = 0


class MicroversionCeiling(fixtures.Fixture):
    """Serve compute microversions up to ``version``, above the maximum
    minova claims: for tests of a resource's versioned behaviour written
    before :data:`minova.api.microversion.VERSIONS` reaches its version.
    Use it before the API fixture builds the pipeline."""

    def __init__(self, version):
        super().__init__()
        self.version = version

    def _setUp(self):
        from minova.api import microversion
        # Never below the claimed maximum.
        ceiling = max(microversion.MAX_VERSION,
                      microversion.APIVersionRequest(self.version))
        self.useFixture(fixtures.MockPatchObject(
            microversion, 'MAX_VERSION', ceiling))
