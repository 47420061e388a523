"""SQLite's checkpoints run in a thread of their own, not in a commit."""

import os
import sqlite3
import time

import sqlalchemy
import testtools

from minova.db import services as db_services
from minova.db import session
from minova.db import sqlite_checkpoint
from minova.tests import fixtures as minova_fixtures


class TestCheckpoints(testtools.TestCase):

    def setUp(self):
        super().setUp()
        conf = self.useFixture(minova_fixtures.ConfFixture()).conf
        self.useFixture(minova_fixtures.DatabaseFixture(conf))
        self.engine = session.get_engine()
        if self.engine.dialect.name != 'sqlite':
            self.skipTest('SQLite only')
        self.path = self.engine.url.database

    def _log_size(self):
        return os.path.getsize(self.path + '-wal')

    def _write(self, times):
        for n in range(times):
            db_services.get_or_create('host%d' % n, 'minova-compute',
                                      'compute', 1)

    def test_a_commit_leaves_the_log_to_the_checkpointer(self):
        with self.engine.connect() as connection:
            self.assertEqual(0, connection.exec_driver_sql(
                'PRAGMA wal_autocheckpoint').scalar())
        session._state['checkpointer'].stop()
        self._write(300)
        # Past the automatic checkpoint's 1,000 pages, which a commit
        # would have copied back (and the log then reused from its start).
        grown = self._log_size()
        self._write(1200)
        self.assertGreater(self._log_size(), grown)
        checker = sqlite_checkpoint.Checkpointer(self.path)
        connection = sqlite3.connect(self.path)
        self.addCleanup(connection.close)
        busy, pages, copied = checker.checkpoint(connection)
        self.assertEqual((0, pages), (busy, copied))
        self.assertGreater(pages, 1000)

    def test_the_thread_checkpoints_until_stopped(self):
        checkpointer = sqlite_checkpoint.Checkpointer(self.path,
                                                      interval=0.01).start()
        self.addCleanup(checkpointer.stop)
        self._write(20)
        deadline = time.monotonic() + 5
        while checkpointer.checkpoints < 2 and time.monotonic() < deadline:
            time.sleep(0.01)
        self.assertGreaterEqual(checkpointer.checkpoints, 2)
        checkpointer.stop()
        self.assertFalse(checkpointer._thread.is_alive())

    def test_configure_starts_one_and_reset_stops_it(self):
        checkpointer = session._state['checkpointer']
        self.assertIsInstance(checkpointer, sqlite_checkpoint.Checkpointer)
        self.assertTrue(checkpointer._thread.is_alive())
        session.reset()
        self.assertFalse(checkpointer._thread.is_alive())
        self.assertIsNone(session._state['checkpointer'])

    def test_no_thread_for_a_database_in_memory(self):
        self.assertIsNone(session._checkpointer(
            sqlalchemy.create_engine('sqlite://')))
