"""Quota overrides in the database: a project's and its users' limits are
set, read in one statement, and forgotten; key pairs count once their
table exists."""

import sqlalchemy as sa
import testtools

from minova.db import models
from minova.db import quotas as db
from minova.db import session
from minova.tests import fixtures as minova_fixtures


class TestQuotas(testtools.TestCase):
    def setUp(self):
        super().setUp()
        conf = self.useFixture(minova_fixtures.ConfFixture()).conf
        self.useFixture(minova_fixtures.DatabaseFixture(conf))

    def limits(self, project_id='p1', user_id=None):
        with session.reader_connection() as s:
            return db.get_limits(s, project_id, user_id)

    def test_set_updates_in_place_and_scopes_apart(self):
        with session.writer_connection() as s:
            db.set_limits(s, 'p1', {'instances': 5, 'cores': 8})
            db.set_limits(s, 'p1', {'instances': 6})
            db.set_limits(s, 'p1', {'instances': 2}, user_id='u1')
            db.set_limits(s, 'p2', {'ram': -1})
        self.assertEqual(({'instances': 6, 'cores': 8}, {}), self.limits())
        self.assertEqual(({'instances': 6, 'cores': 8}, {'instances': 2}),
                         self.limits(user_id='u1'))
        self.assertEqual(({'instances': 6, 'cores': 8}, {}),
                         self.limits(user_id='u2'))
        self.assertEqual(({'ram': -1}, {}), self.limits('p2', 'u1'))
        with session.reader() as s:
            self.assertEqual(2, s.query(models.Quota).filter_by(
                project_id='p1').count())

    def test_user_sums_and_unlimited_users(self):
        with session.writer_connection() as s:
            db.set_limits(s, 'p1', {'instances': 2, 'cores': -1}, 'u1')
            db.set_limits(s, 'p1', {'instances': 3}, 'u2')
            db.set_limits(s, 'p2', {'instances': 50}, 'u1')
        with session.reader_connection() as s:
            self.assertEqual(({'instances': 5, 'cores': 0}, {'cores'}),
                             db.get_user_limit_sums(s, 'p1'))

    def test_destroy_project_takes_its_users_along(self):
        with session.writer_connection() as s:
            db.set_limits(s, 'p1', {'instances': 5})
            db.set_limits(s, 'p1', {'instances': 2}, user_id='u1')
            db.set_limits(s, 'p1', {'instances': 1}, user_id='u2')
            db.set_limits(s, 'p2', {'instances': 7})
            db.destroy_all_by_project_and_user(s, 'p1', 'u1')
        self.assertEqual(({'instances': 5}, {}), self.limits(user_id='u1'))
        self.assertEqual({'instances': 1}, self.limits(user_id='u2')[1])
        with session.writer_connection() as s:
            db.destroy_all_by_project(s, 'p1')
        self.assertEqual(({}, {}), self.limits(user_id='u2'))
        self.assertEqual(({'instances': 7}, {}), self.limits('p2'))

    def test_lock_is_a_no_op_on_sqlite(self):
        with session.writer_connection() as s:
            db.lock(s, 'instances', 'p1')
            db.set_limits(s, 'p1', {'instances': 1})
        self.assertEqual({'instances': 1}, self.limits()[0])


class TestCountKeyPairs(testtools.TestCase):
    def setUp(self):
        super().setUp()
        conf = self.useFixture(minova_fixtures.ConfFixture()).conf
        self.useFixture(minova_fixtures.DatabaseFixture(conf))

    def test_counts_the_users_key_pairs(self):
        table = models.KeyPair.__table__
        with session.reader_connection() as s:
            self.assertEqual(0, db.count_key_pairs(s, 'u1'))
        with session.writer_connection() as s:
            s.execute(sa.insert(table), [
                {'name': 'a', 'user_id': 'u1', 'type': 'ssh'},
                {'name': 'b', 'user_id': 'u1', 'type': 'ssh'},
                {'name': 'a', 'user_id': 'u2', 'type': 'ssh'}])
        with session.reader_connection() as s:
            self.assertEqual(2, db.count_key_pairs(s, 'u1'))
