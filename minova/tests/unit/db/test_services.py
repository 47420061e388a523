"""The services table: the worker processes of one service share its row."""

import fixtures
import sqlalchemy as sa
import testtools

from minova.db import models
from minova.db import services as db
from minova.db import session
from minova import exception
from minova.tests import fixtures as minova_fixtures


class TestGetOrCreate(testtools.TestCase):
    def setUp(self):
        super().setUp()
        conf = self.useFixture(minova_fixtures.ConfFixture()).conf
        self.useFixture(minova_fixtures.DatabaseFixture(conf))

    def rows(self):
        with session.reader() as s:
            return s.scalars(sa.select(models.Service)).all()

    def test_a_second_start_gets_the_same_row(self):
        first = db.get_or_create('c1', 'minova-conductor', 'conductor', 1)
        second = db.get_or_create('c1', 'minova-conductor', 'conductor', 2)
        self.assertEqual(first.id, second.id)
        self.assertEqual(2, second.version)
        self.assertEqual(1, len(self.rows()))

    def test_losing_the_insert_race_reads_the_winners_row(self):
        # Another worker process inserted the row after this one looked
        # for it (the look is made to miss it): the unique key refuses
        # this one's insert.
        winner = db.get_or_create('c1', 'minova-scheduler', 'scheduler', 1)
        real_select = sa.select
        missed = []

        def select(*args, **kwargs):
            if args == (models.Service,) and not missed:
                missed.append(True)
                return real_select(models.Service).where(sa.false())
            return real_select(*args, **kwargs)
        self.useFixture(fixtures.MonkeyPatch('sqlalchemy.select', select))
        row = db.get_or_create('c1', 'minova-scheduler', 'scheduler', 1)
        self.assertEqual([True], missed)
        self.assertEqual(winner.id, row.id)
        self.assertEqual(1, len(self.rows()))


class TestHeartbeat(testtools.TestCase):
    """A heartbeat is one statement that answers the row as it is now."""

    def setUp(self):
        super().setUp()
        conf = self.useFixture(minova_fixtures.ConfFixture()).conf
        self.useFixture(minova_fixtures.DatabaseFixture(conf))
        self.row = db.get_or_create('c1', 'minova-compute', 'compute', 1)
        self.counter = self.useFixture(minova_fixtures.StatementCounter())

    def test_one_statement_answers_the_row(self):
        row = db.heartbeat(self.row.id)
        self.assertEqual(1, len(self.counter.statements),
                         self.counter.statements)
        self.assertTrue(self.counter.statements[0].startswith(
            'UPDATE services SET'))
        self.assertEqual(1, self.counter.commits)
        stored = db.get(self.row.id)
        self.assertEqual(1, row.report_count)
        self.assertIsNotNone(row.last_seen_up)
        for column in models.Service.__table__.columns:
            self.assertEqual(getattr(stored, column.name),
                             getattr(row, column.name), column.name)
        # updated_at says when the record last changed: not a heartbeat.
        self.assertEqual(self.row.updated_at, row.updated_at)

    def test_without_returning_it_reads_the_row_back(self):
        # As on a database without UPDATE ... RETURNING (MySQL).
        for engine in session._state['engines']:
            engine.dialect.update_returning = False  # over the class's
            self.addCleanup(delattr, engine.dialect, 'update_returning')
        row = db.heartbeat(self.row.id)
        self.assertEqual(2, len(self.counter.statements))
        self.assertEqual(1, row.report_count)
        self.assertEqual(db.get(self.row.id).last_seen_up, row.last_seen_up)

    def test_a_deleted_service_is_not_found(self):
        db.destroy(self.row.id)
        self.assertRaises(exception.ServiceNotFound, db.heartbeat,
                          self.row.id)
        self.assertRaises(exception.ServiceNotFound, db.heartbeat, 12345)
