"""The writes of instance action events: the statements they cost and the
rows they leave (as ``os-instance-actions`` shows them).

Run on SQLite by default; with ``MINOVA_TEST_DB_URL`` pointing at a
PostgreSQL database, the same tests check its one-statement path.
"""

import datetime

from oslo_utils import uuidutils
import sqlalchemy as sa
from sqlalchemy.dialects import postgresql
import testtools

from minova.db import instance_actions as db
from minova.db import models
from minova.db import session
from minova import exception
from minova.tests import fixtures as minova_fixtures

T0 = datetime.datetime(2026, 5, 1, 12, 0, 0)


def _at(seconds):
    return T0 + datetime.timedelta(seconds=seconds)


class TestPostgreSQLStatements(testtools.TestCase):
    """The statements PostgreSQL gets, compiled without a database."""

    def _sql(self, statement):
        return ' '.join(str(statement.compile(
            dialect=postgresql.dialect())).split())

    def test_event_insert_stamps_the_action_in_a_cte(self):
        sql = self._sql(db._event_insert(('event', 'start_time'), True))
        self.assertTrue(sql.startswith('WITH touched_action AS (UPDATE '
                                       'instance_actions SET updated_at='))
        self.assertIn('INSERT INTO instance_actions_events', sql)
        self.assertNotIn('message', sql)

    def test_event_finish_stamps_and_fails_the_action_in_a_cte(self):
        sql = self._sql(db._event_finish(('result', 'updated_at'), True,
                                         True))
        self.assertTrue(sql.startswith('WITH touched_action AS (UPDATE '
                                       'instance_actions SET '))
        self.assertIn('message=', sql)
        self.assertIn('UPDATE instance_actions_events SET', sql)


class _EventsTestCase(testtools.TestCase):
    def setUp(self):
        super().setUp()
        conf = self.useFixture(minova_fixtures.ConfFixture()).conf
        self.useFixture(minova_fixtures.DatabaseFixture(conf))
        self.uuid = uuidutils.generate_uuid()
        self.request_id = 'req-' + uuidutils.generate_uuid()
        with session.writer_connection() as c:
            self.action_id = db.action_start(c, {
                'action': 'create', 'instance_uuid': self.uuid,
                'request_id': self.request_id, 'user_id': 'u',
                'project_id': 'p', 'start_time': T0})
        self.postgresql = session.get_engine().dialect.name == 'postgresql'
        self.counter = self.useFixture(minova_fixtures.StatementCounter())

    def write(self, func, **values):
        with session.writer_connection() as c:
            func(c, self.uuid, self.request_id, values)

    def action(self):
        actions = models.InstanceAction.__table__
        with session.reader_connection() as c:
            return c.execute(sa.select(
                actions.c.updated_at, actions.c.message,
                actions.c.start_time, actions.c.finish_time).where(
                actions.c.id == self.action_id)).one()._asdict()

    def events(self):
        events = models.InstanceActionEvent.__table__
        with session.reader_connection() as c:
            return [row._asdict() for row in c.execute(sa.select(
                events.c.action_id, events.c.event, events.c.host,
                events.c.start_time, events.c.finish_time, events.c.result,
                events.c.traceback,
                events.c.updated_at.isnot(None).label('updated'))
                .order_by(events.c.id))]

    def event(self, event, start, finish=None, result=None, traceback=None,
              updated=None):
        """The row expected; ``updated``: whether the event has an
        updated_at (an UPDATE finished it)."""
        return {'action_id': self.action_id, 'event': event, 'host': 'h1',
                'start_time': start, 'finish_time': finish,
                'result': result, 'traceback': traceback,
                'updated': finish is not None if updated is None else updated}


class TestStatementCount(_EventsTestCase):
    """An event costs one statement on PostgreSQL (it stamps its action in
    a CTE), two elsewhere; one commit either way."""

    def assertStatements(self, func, **values):
        self.counter.reset()
        self.write(func, **values)
        self.assertEqual(1 if self.postgresql else 2,
                         len(self.counter.statements),
                         self.counter.statements)
        self.assertEqual(1, self.counter.commits)

    def test_event_start(self):
        self.assertStatements(db.event_start, event='e', host='h1',
                              start_time=_at(1))

    def test_event_finish(self):
        self.write(db.event_start, event='e', host='h1', start_time=_at(1))
        self.assertStatements(db.event_finish, event='e', host='h1',
                              start_time=_at(1), finish_time=_at(2),
                              result='Success')

    def test_event_finish_with_an_error(self):
        # It used to cost a third statement, marking the action failed.
        self.write(db.event_start, event='e', host='h1', start_time=_at(1))
        self.assertStatements(db.event_finish, event='e', host='h1',
                              start_time=_at(1), finish_time=_at(2),
                              result='Error', traceback='tb')

    def test_event_finish_without_its_start(self):
        self.counter.reset()
        self.write(db.event_finish, event='e', host='h1', start_time=_at(1),
                   finish_time=_at(2), result='Success')
        # The UPDATE finds no event, so the event is inserted.
        self.assertEqual(2 if self.postgresql else 3,
                         len(self.counter.statements))


class TestRowsWritten(_EventsTestCase):
    """The rows are those the statements wrote one by one before: the
    action's updated_at is its newest event's time, an error marks it."""

    def test_start_stamps_the_action(self):
        self.assertEqual({'updated_at': T0, 'message': None,
                          'start_time': T0, 'finish_time': None}, self.action())
        self.write(db.event_start, event='a', host='h1', start_time=_at(1))
        self.assertEqual({'updated_at': _at(1), 'message': None,
                          'start_time': T0, 'finish_time': None}, self.action())
        self.assertEqual([self.event('a', _at(1))], self.events())

    def test_finish_stamps_the_action(self):
        self.write(db.event_start, event='a', host='h1', start_time=_at(1))
        self.write(db.event_finish, event='a', host='h1', start_time=_at(1),
                   finish_time=_at(2), result='Success')
        self.assertEqual({'updated_at': _at(2), 'message': None,
                          'start_time': T0, 'finish_time': None}, self.action())
        self.assertEqual([self.event('a', _at(1), _at(2), 'Success')],
                         self.events())

    def test_error_marks_the_action(self):
        self.write(db.event_start, event='a', host='h1', start_time=_at(1))
        self.write(db.event_finish, event='a', host='h1', start_time=_at(1),
                   finish_time=_at(2), result='Error', traceback='tb')
        self.assertEqual({'updated_at': _at(2), 'message': 'Error',
                          'start_time': T0, 'finish_time': None}, self.action())
        self.assertEqual([self.event('a', _at(1), _at(2), 'Error', 'tb')],
                         self.events())

    def test_finish_without_start_is_stamped_with_the_finish(self):
        self.write(db.event_finish, event='b', host='h1', start_time=_at(3),
                   finish_time=_at(4), result='Error', traceback='tb')
        self.assertEqual({'updated_at': _at(4), 'message': 'Error',
                          'start_time': T0, 'finish_time': None}, self.action())
        self.assertEqual([self.event('b', _at(3), _at(4), 'Error', 'tb',
                                     updated=False)],
                         self.events())

    def test_start_and_finish_in_one_insert(self):
        # As a deferred start sends them (EventReporter.finish_values).
        self.write(db.event_start, event='c', host='h1', start_time=_at(5),
                   finish_time=_at(6), result='Success')
        self.assertEqual({'updated_at': _at(5), 'message': None,
                          'start_time': T0, 'finish_time': None}, self.action())
        self.assertEqual([self.event('c', _at(5), _at(6), 'Success',
                                     updated=False)],
                         self.events())

    def test_finish_takes_the_newest_unfinished_event(self):
        for second in (1, 2):
            self.write(db.event_start, event='a', host='h1',
                       start_time=_at(second))
        self.write(db.event_finish, event='a', host='h1', start_time=_at(2),
                   finish_time=_at(3), result='Success')
        self.assertEqual([self.event('a', _at(1)),
                          self.event('a', _at(2), _at(3), 'Success')],
                         self.events())
        self.assertEqual(_at(3), self.action()['updated_at'])

    def test_another_requests_events_change_nothing(self):
        before = self.action()
        for func in (db.event_start, db.event_finish):
            with session.writer_connection() as c:
                self.assertRaises(
                    exception.InstanceActionNotFound, func, c, self.uuid,
                    'req-other', {'event': 'a', 'host': 'h1',
                                  'start_time': _at(1), 'finish_time': _at(2),
                                  'result': 'Error'})
        self.assertEqual(before, self.action())
        self.assertEqual([], self.events())
