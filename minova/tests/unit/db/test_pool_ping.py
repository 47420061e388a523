"""A pooled connection is pinged on checkout only when it sat idle."""

import fixtures
import sqlalchemy
import testtools

from minova.db import pool_ping


class TestPoolPing(testtools.TestCase):

    def setUp(self):
        super().setUp()
        # As oslo.db builds it: pre-ping on, a pool that keeps connections.
        self.engine = sqlalchemy.create_engine(
            'sqlite://', poolclass=sqlalchemy.pool.QueuePool,
            pool_pre_ping=True)
        self.addCleanup(self.engine.dispose)
        self.statements = []
        sqlalchemy.event.listen(
            self.engine, 'connect', lambda dbapi_connection, record:
            dbapi_connection.set_trace_callback(self.statements.append))
        pool_ping.install(self.engine)
        self.now = 1000.0
        self.useFixture(fixtures.MonkeyPatch(
            'minova.db.pool_ping.time.monotonic', lambda: self.now))

    def _select(self):
        with self.engine.connect() as connection:
            return connection.execute(sqlalchemy.text('SELECT 7')).scalar()

    def test_no_ping_for_a_new_or_recent_connection(self):
        self._select()
        self.now += pool_ping.IDLE / 2
        self._select()
        self.assertNotIn('SELECT 1', self.statements)
        self.assertEqual(2, self.statements.count('SELECT 7'))

    def test_a_connection_idle_for_longer_is_pinged(self):
        self._select()
        self.now += pool_ping.IDLE + 1
        self._select()
        self.assertEqual(1, self.statements.count('SELECT 1'))

    def test_a_dead_idle_connection_is_replaced(self):
        with self.engine.connect() as connection:
            dbapi_connection = connection.connection.dbapi_connection
        dbapi_connection.close()  # as a server that went away
        self.now += pool_ping.IDLE + 1
        self.assertEqual(7, self._select())
        with self.engine.connect() as connection:
            self.assertIsNot(dbapi_connection,
                             connection.connection.dbapi_connection)

    def test_sqlalchemy_pre_ping_is_off(self):
        self.assertFalse(self.engine.pool._pre_ping)
