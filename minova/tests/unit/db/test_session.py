"""The database session: concurrent writers on SQLite wait for each other."""

import sqlite3
import threading

import fixtures
from oslo_db import exception as db_exc
import sqlalchemy
import testtools

from minova.db import services as db_services
from minova.db import session
from minova.tests import fixtures as minova_fixtures


def _driver_statements(test, engine):
    """What the driver runs on ``engine``'s connections from now on (the
    BEGINs included, which minova sends to the driver directly)."""
    statements = []
    engine.dispose()  # new connections, each traced from its start

    def trace(dbapi_connection, record):
        dbapi_connection.set_trace_callback(statements.append)
    sqlalchemy.event.listen(engine, 'connect', trace)
    test.addCleanup(sqlalchemy.event.remove, engine, 'connect', trace)
    return statements


def _assert_second_waits_for_first(test, first_writer, second_writer):
    """A writer of another thread waits until the first one is done."""
    inside, release, order = (threading.Event(), threading.Event(), [])

    def first():
        with first_writer():
            inside.set()
            release.wait(5)
            order.append('first done')

    def second():
        with second_writer():
            order.append('second in')

    a = threading.Thread(target=first)
    a.start()
    inside.wait(5)
    b = threading.Thread(target=second)
    b.start()
    b.join(0.2)
    test.assertTrue(b.is_alive())
    release.set()
    a.join()
    b.join()
    test.assertEqual(['first done', 'second in'], order)


class TestConcurrentWriters(testtools.TestCase):
    def test_read_then_write_transactions_do_not_fail_as_locked(self):
        # Regression: writers began DEFERRED, so a heartbeat (read the row,
        # then update it) failed at once with "database is locked" whenever
        # another thread was writing.
        conf = self.useFixture(minova_fixtures.ConfFixture()).conf
        self.useFixture(minova_fixtures.DatabaseFixture(conf))
        service = db_services.get_or_create('h', 'minova-compute', 'compute',
                                            1)
        errors = []

        def beat():
            for _ in range(50):
                try:
                    db_services.heartbeat(service.id)
                except Exception as e:
                    errors.append(e)

        threads = [threading.Thread(target=beat) for _ in range(6)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        self.assertEqual([], errors)
        self.assertEqual(300, db_services.get(service.id).report_count)


class TestSQLiteWriters(testtools.TestCase):
    """Writers of one process take turns on a lock, on their own pool."""

    def setUp(self):
        super().setUp()
        conf = self.useFixture(minova_fixtures.ConfFixture()).conf
        self.useFixture(minova_fixtures.DatabaseFixture(conf))

    def _statements(self, engine):
        return _driver_statements(self, engine)

    def test_a_begin_is_one_statement_once_the_connection_is_set(self):
        writes = self._statements(session._state['writer_engine'].engine)
        reads = self._statements(session.get_engine())
        for _ in range(5):
            with session.writer() as s:
                s.execute(sqlalchemy.text('SELECT 1'))
            with session.reader() as s:
                s.execute(sqlalchemy.text('SELECT 1'))
            with session.writer_connection() as c:
                c.execute(sqlalchemy.text('SELECT 2'))
            with session.reader_connection() as c:
                c.execute(sqlalchemy.text('SELECT 2'))
        self.assertEqual(10, writes.count('BEGIN IMMEDIATE'))
        self.assertEqual(10, reads.count('BEGIN'))
        self.assertEqual(10, writes.count('COMMIT'))
        # The mode of a pooled connection is set when it changes, not at
        # every transaction.
        self.assertEqual(1, writes.count('PRAGMA query_only=0'))
        self.assertEqual(1, reads.count('PRAGMA query_only=1'))

    def test_an_error_at_begin_is_translated_like_a_statements(self):
        # Another process holds the write lock past the busy timeout: the
        # BEGIN IMMEDIATE fails, and oslo.db names it, as for a statement.
        holder = sqlite3.connect(session.get_engine().url.database)
        self.addCleanup(holder.close)
        holder.execute('BEGIN IMMEDIATE')
        session._state['writer_engine'].engine.dispose()
        sqlalchemy.event.listen(
            session._state['writer_engine'].engine, 'connect',
            lambda dbapi_connection, record: dbapi_connection.execute(
                'PRAGMA busy_timeout=50'))
        # As a statement's: wrapped by SQLAlchemy, then through oslo.db's
        # filters (which raise an OperationalError as it is).
        error = self.assertRaises(sqlalchemy.exc.OperationalError,
                                  session.writer_connection().__enter__)
        self.assertIn('database is locked', str(error))

    def test_a_reader_still_refuses_to_write(self):
        with session.writer() as s:
            s.execute(sqlalchemy.text('SELECT 1'))
        with session.reader() as s:
            error = self.assertRaises(
                Exception, s.execute,
                sqlalchemy.text("UPDATE services SET host = 'x'"))
        self.assertIn('readonly', str(error))

    def test_a_writer_waits_for_another_threads_turn(self):
        _assert_second_waits_for_first(self, session.writer,
                                       session.writer)

    def test_no_turn_in_time_is_database_is_locked(self):
        self.useFixture(fixtures.MonkeyPatch(
            'minova.db.session._WRITER_WAIT', 0.05))
        inside, release = threading.Event(), threading.Event()

        def hold():
            with session.writer():
                inside.set()
                release.wait(5)

        holder = threading.Thread(target=hold)
        holder.start()
        self.addCleanup(holder.join)
        self.addCleanup(release.set)
        inside.wait(5)
        error = self.assertRaises(db_exc.DBError, session.writer().__enter__)
        self.assertIn('database is locked', str(error))


class TestConnections(testtools.TestCase):
    """writer_connection and reader_connection: the hot paths' plain
    Connections keep the Sessions' rules."""

    def setUp(self):
        super().setUp()
        conf = self.useFixture(minova_fixtures.ConfFixture()).conf
        self.useFixture(minova_fixtures.DatabaseFixture(conf))
        self.service = db_services.get_or_create('h', 'minova-compute',
                                                 'compute', 1)

    def _host(self):
        with session.reader_connection() as c:
            return c.execute(sqlalchemy.text(
                'SELECT host FROM services WHERE id = :id'),
                {'id': self.service.id}).scalar()

    def _set_host(self, c, host):
        c.execute(sqlalchemy.text('UPDATE services SET host = :h '
                                  'WHERE id = :id'),
                  {'h': host, 'id': self.service.id})

    def test_a_writer_commits_on_success_only(self):
        with session.writer_connection() as c:
            self._set_host(c, 'committed')

        def fail():
            with session.writer_connection() as c:
                self._set_host(c, 'rolled back')
                raise ValueError('boom')
        self.assertRaises(ValueError, fail)
        self.assertEqual('committed', self._host())

    def test_a_writer_begins_immediate_and_a_reader_refuses_to_write(self):
        writes = _driver_statements(self,
                                    session._state['writer_engine'].engine)
        with session.writer_connection() as c:
            self._set_host(c, 'x')
        self.assertIn('BEGIN IMMEDIATE', writes)
        with session.reader_connection() as c:
            error = self.assertRaises(Exception, self._set_host, c, 'y')
        self.assertIn('readonly', str(error))
        self.assertEqual('x', self._host())

    def test_a_writer_waits_for_a_session_writers_turn(self):
        _assert_second_waits_for_first(self, session.writer,
                                       session.writer_connection)

    def test_errors_are_translated_as_in_a_session(self):
        def duplicate():
            with session.writer_connection() as c:
                c.execute(sqlalchemy.text(
                    "INSERT INTO services (uuid, host, \"binary\", "
                    "report_count, disabled, forced_down, version, deleted) "
                    "SELECT uuid, host, \"binary\", 0, 0, 0, 1, 0 "
                    "FROM services WHERE id = :id"), {'id': self.service.id})
        self.assertRaises(db_exc.DBDuplicateEntry, duplicate)

    def test_without_a_database_they_fail_loudly(self):
        session.reset()
        self.assertRaises(session.DatabaseNotConfigured,
                          session.writer_connection().__enter__)
        self.assertRaises(session.DatabaseNotConfigured,
                          session.reader_connection().__enter__)


class TestSharedReads(testtools.TestCase):
    """The readers of a shared_reads block: one connection, one
    transaction; writers and other threads keep their own."""

    def setUp(self):
        super().setUp()
        conf = self.useFixture(minova_fixtures.ConfFixture()).conf
        self.useFixture(minova_fixtures.DatabaseFixture(conf))
        self.service = db_services.get_or_create('h', 'minova-compute',
                                                 'compute', 1)
        self.begins = []
        engine = session.get_engine()
        listener = self.begins.append
        sqlalchemy.event.listen(engine, 'begin', listener)
        self.addCleanup(sqlalchemy.event.remove, engine, 'begin', listener)

    def _reads(self):
        """Three reads, as a boot's validation makes (flavor, image,
        quota): through sessions and a connection."""
        connections = []
        for _ in range(2):
            with session.reader() as s:
                self.assertEqual('h', db_services.get_by_host_and_binary(
                    'h', 'minova-compute').host)
                s.execute(sqlalchemy.text('SELECT 1'))
                connections.append(s.connection().connection.dbapi_connection)
        with session.reader_connection() as c:
            c.execute(sqlalchemy.text('SELECT 1'))
            connections.append(c.connection.dbapi_connection)
        return connections

    def test_without_it_each_reader_has_its_transaction(self):
        self._reads()
        self.assertGreaterEqual(len(self.begins), 3)

    def test_its_readers_share_one_transaction(self):
        with session.shared_reads():
            connections = self._reads()
            with session.shared_reads():  # nested: the same
                connections += self._reads()
        # db_services' own reader joined it too: one BEGIN for all.
        self.assertEqual(1, len(self.begins))
        self.assertEqual(1, len({id(c) for c in connections}))
        # Over: the next reader has a transaction of its own.
        self._reads()
        self.assertGreater(len(self.begins), 1)

    def test_writers_and_errors(self):
        def fail():
            with session.shared_reads():
                self._reads()
                with session.writer() as s:
                    s.execute(sqlalchemy.text(
                        "UPDATE services SET host = 'w'"))
                raise ValueError('boom')
        self.assertRaises(ValueError, fail)
        # The writer committed on its own connection.
        self.assertEqual('w', db_services.get(self.service.id).host)
        self.assertIsNone(getattr(session._shared, 'connection', None))
