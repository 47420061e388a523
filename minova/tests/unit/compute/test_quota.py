"""The quota engine's rules: which limit binds a caller, the settable
range of a new limit (Nova's DbQuotaDriver), and the key pairs hook."""

import testtools

from minova.compute import quota
from minova.compute import quota_sets
from minova import context
from minova.db import quotas as db
from minova.db import session
from minova import exception
from minova.tests import fixtures as minova_fixtures


class TestLimits(testtools.TestCase):
    def setUp(self):
        super().setUp()
        self.conf = self.useFixture(minova_fixtures.ConfFixture()).conf

    def test_user_over_project_over_default(self):
        limits = quota.Limits(self.conf, {'instances': 4, 'cores': -1},
                              {'instances': 2, 'ram': 100})
        self.assertEqual((4, 2), (limits.project('instances'),
                                  limits.user('instances')))
        self.assertEqual((-1, -1), (limits.project('cores'),
                                    limits.user('cores')))
        self.assertEqual((51200, 100), (limits.project('ram'),
                                        limits.user('ram')))
        self.assertEqual(100, limits.user('key_pairs'))
        self.assertEqual(-1, limits.user('floating_ips'))

    def test_strictest_ignores_unlimited(self):
        # A user's limit set with force may exceed its project's.
        limits = quota.Limits(self.conf, {'key_pairs': 3, 'cores': -1},
                              {'key_pairs': 9, 'cores': -1,
                               'metadata_items': 1})
        self.assertEqual(3, limits.strictest('key_pairs'))
        self.assertEqual(-1, limits.strictest('cores'))
        self.assertEqual(1, limits.strictest('metadata_items'))


class TestWithDatabase(testtools.TestCase):
    def setUp(self):
        super().setUp()
        self.conf = self.useFixture(minova_fixtures.ConfFixture()).conf
        self.useFixture(minova_fixtures.DatabaseFixture(self.conf))
        self.context = context.RequestContext(user_id='u1', project_id='p1')

    def set(self, limits, user_id=None):
        with session.writer_connection() as s:
            db.set_limits(s, 'p1', limits, user_id)

    def test_settable_range_of_a_project_and_of_a_user(self):
        self.set({'instances': 10, 'cores': -1})
        self.set({'instances': 3, 'cores': 4}, user_id='u1')
        self.set({'instances': 2}, user_id='u2')
        project = quota_sets.get_settable_quotas(self.conf, self.context,
                                                 'p1')
        # At least what the users were given; no maximum.
        self.assertEqual((5, -1), project['instances'])
        self.assertEqual((0, -1), project['cores'])
        user = quota_sets.get_settable_quotas(self.conf, self.context, 'p1',
                                              'u1')
        # What the project has left (10 - 5) plus the user's own 3.
        self.assertEqual((0, 8), user['instances'])
        self.assertEqual((0, -1), user['cores'])
        # A user without a limit of its own may get what is left.
        self.assertEqual((0, 5), quota_sets.get_settable_quotas(
            self.conf, self.context, 'p1', 'u3')['instances'])

    def test_update_validates_all_before_writing(self):
        self.set({'instances': 2}, user_id='u1')
        self.assertRaises(quota_sets.QuotaLimitInvalid, quota_sets.update,
                          self.conf, self.context, 'p1',
                          {'ram': 1024, 'instances': 1})
        with session.reader_connection() as s:
            self.assertEqual(({}, {'instances': 2}),
                             db.get_limits(s, 'p1', 'u1'))
        quota_sets.update(self.conf, self.context, 'p1',
                          {'ram': 1024, 'instances': 1}, force=True)
        self.assertEqual(1, quota_sets.get_quota_set(
            self.conf, self.context, 'p1')['instances'])

    def test_key_pairs_hook(self):
        quota.check_key_pairs(self.conf, self.context)  # no table: 0 used
        self.conf.set_override('key_pairs', 0, group='quota')
        self.assertRaises(exception.KeypairLimitExceeded,
                          quota.check_key_pairs, self.conf, self.context)
        self.set({'key_pairs': -1})
        quota.check_key_pairs(self.conf, self.context)


class TestResizeQuota(testtools.TestCase):
    """A resize is counted at the larger of its two flavors until its
    confirm."""

    def setUp(self):
        super().setUp()
        self.conf = self.useFixture(minova_fixtures.ConfFixture()).conf
        self.useFixture(minova_fixtures.DatabaseFixture(self.conf))
        self.context = context.RequestContext(user_id='u1', project_id='p1')
        with session.writer_connection() as s:
            db.set_limits(s, 'p1', {'cores': 4, 'ram': 4096})

    @staticmethod
    def flavor(vcpus, memory_mb):
        from minova.objects import flavor as flavor_obj
        return flavor_obj.Flavor(flavorid='f%d' % vcpus, vcpus=vcpus,
                                 memory_mb=memory_mb, root_gb=1)

    def record_move(self, old, new, status):
        from minova.db import instance_migrations
        from minova.objects import migration as migration_obj
        with session.writer_connection() as s:
            instance_migrations.create(s, migration_obj.Migration.db_values({
                'uuid': 'm-%s' % status, 'instance_uuid': 'i-%s' % status,
                'old_flavor': old, 'new_flavor': new, 'status': status,
                'migration_type': 'resize', 'project_id': 'p1',
                'user_id': 'u1'}))

    def test_a_growth_over_the_limit_is_refused(self):
        quota.check_resize(self.conf, self.context, self.flavor(1, 512),
                           self.flavor(4, 4096))
        error = self.assertRaises(
            exception.TooManyInstances, quota.check_resize, self.conf,
            self.context, self.flavor(1, 512), self.flavor(6, 512))
        self.assertIn('cores', error.format_message())

    def test_moves_in_flight_count_at_their_larger_flavor(self):
        small, big = self.flavor(1, 512), self.flavor(3, 2048)
        # Before finish_resize the row has the old flavor: the growth
        # counts; after it, the row has the new one: the shrink counts.
        self.record_move(small, big, 'migrating')
        self.record_move(big, small, 'finished')
        self.record_move(small, big, 'confirmed')  # done: the row says it
        self.assertEqual({'cores': 4, 'ram': 3072},
                         quota._moves_usage(self.context))
        self.assertRaises(exception.TooManyInstances, quota.check_resize,
                          self.conf, self.context, small,
                          self.flavor(2, 512))
