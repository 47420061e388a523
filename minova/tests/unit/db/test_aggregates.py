"""Queries of host aggregates: writes bump the version the scheduler
watches, and hosts of one membership share one tuple. Runs on SQLite; set
MINOVA_TEST_DB_URL to run it on PostgreSQL."""

from alembic import autogenerate
from alembic import migration as alembic_migration
import testtools

from minova.db import aggregates
from minova.db import models
from minova.db import session
from minova import exception
from minova.tests import fixtures as minova_fixtures

TABLES = ('aggregates', 'aggregate_hosts', 'aggregate_metadata')


class AggregatesDBTestCase(testtools.TestCase):
    def setUp(self):
        super().setUp()
        conf = self.useFixture(minova_fixtures.ConfFixture()).conf
        self.useFixture(minova_fixtures.DatabaseFixture(conf))

    def create(self, name, metadata=None, hosts=()):
        with session.writer() as s:
            row = aggregates.create(s, name, metadata)
            for host in hosts:
                aggregates.add_host(s, row, host)
            return row.id

    def write(self, func, aggregate_id, *args):
        with session.writer() as s:
            return func(s, aggregates.get(s, aggregate_id), *args)

    def read(self, aggregate_id):
        with session.reader() as s:
            row = aggregates.get(s, aggregate_id)
            return (row.name, [h.host for h in row.hosts],
                    aggregates.metadata(row), row.updated_at, row.generation)


class TestSchema(AggregatesDBTestCase):

    def test_migration_matches_the_models(self):
        with session.get_engine().connect() as connection:
            diffs = autogenerate.compare_metadata(
                alembic_migration.MigrationContext.configure(connection),
                models.Base.metadata)
        ours = [d for d in diffs if any(t in repr(d) for t in TABLES)]
        self.assertEqual([], ours)


class TestWrites(AggregatesDBTestCase):

    def test_create_and_read(self):
        agg_id = self.create('a1', {'availability_zone': 'az1'},
                             hosts=['h1', 'h2'])
        name, hosts, metadata, updated_at, _ = self.read(agg_id)
        self.assertEqual(('a1', ['h1', 'h2'], {'availability_zone': 'az1'}),
                         (name, hosts, metadata))
        with session.reader() as s:
            self.assertEqual(['a1'], [r.name for r in aggregates.get_all(s)])

    def test_duplicate_name_is_refused_until_deleted(self):
        agg_id = self.create('a1')
        e = self.assertRaises(exception.AggregateNameExists, self.create,
                              'a1')
        self.assertEqual(409, e.code)
        self.assertIn('a1', e.format_message())
        other = self.create('a2')
        self.assertRaises(exception.AggregateNameExists, self.write,
                          aggregates.rename, other, 'a1')
        self.assertEqual('a2', self.read(other)[0])
        self.write(aggregates.destroy, agg_id)
        self.assertNotEqual(agg_id, self.create('a1'))

    def test_deleted_is_not_found(self):
        agg_id = self.create('a1', {'k': 'v'})
        self.write(aggregates.destroy, agg_id)
        with session.reader() as s:
            e = self.assertRaises(exception.AggregateNotFound,
                                  aggregates.get, s, agg_id)
            self.assertEqual([], aggregates.get_all(s))
            self.assertEqual(0, s.query(models.AggregateMetadata).count())
        self.assertIn(str(agg_id), e.format_message())

    def test_every_change_bumps_updated_at_and_generation(self):
        agg_id = self.create('a1')
        *_, updated_at, generation = self.read(agg_id)
        self.assertIsNone(updated_at)
        changes = [(aggregates.add_host, 'h1'),
                   (aggregates.update_metadata, {'k': 'v'}),
                   (aggregates.update_metadata, {'k': None}),
                   (aggregates.remove_host, 'h1'),
                   (aggregates.rename, 'a2')]
        for func, arg in changes:
            self.write(func, agg_id, arg)
            *_, new_updated_at, new_generation = self.read(agg_id)
            self.assertEqual(generation + 1, new_generation, func)
            self.assertIsNotNone(new_updated_at)
            if updated_at is not None:
                self.assertGreaterEqual(new_updated_at, updated_at)
            updated_at, generation = new_updated_at, new_generation

    def test_metadata_null_deletes_and_missing_key_is_no_error(self):
        agg_id = self.create('a1', {'a': '1', 'b': '2'})
        self.write(aggregates.update_metadata, agg_id,
                   {'a': None, 'b': '3', 'c': '4', 'zz': None})
        self.assertEqual({'b': '3', 'c': '4'}, self.read(agg_id)[2])

    def test_host_twice_and_missing_host(self):
        agg_id = self.create('a1', hosts=['h1'])
        e = self.assertRaises(exception.AggregateHostExists, self.write,
                              aggregates.add_host, agg_id, 'h1')
        self.assertIn('h1', e.format_message())
        e = self.assertRaises(exception.AggregateHostNotFound, self.write,
                              aggregates.remove_host, agg_id, 'h9')
        self.assertIn('h9', e.format_message())
        self.assertEqual(['h1'], self.read(agg_id)[1])

    def test_get_by_hosts_with_key(self):
        self.create('zone', {'availability_zone': 'az1'}, hosts=['h1'])
        self.create('plain', {'ssd': 'true'}, hosts=['h1', 'h2'])
        with session.reader() as s:
            self.assertEqual(['zone', 'plain'], [
                r.name for r in aggregates.get_by_hosts(s, ['h1', 'h2'])])
            self.assertEqual(['zone'], [r.name for r in aggregates.get_by_hosts(
                s, ['h1', 'h2'], key='availability_zone')])
            self.assertEqual([], aggregates.get_by_hosts(s, ['h3']))


class TestScheduling(AggregatesDBTestCase):

    def test_version_moves_with_each_change_and_only_then(self):
        versions = [aggregates.get_version()]

        def changed():
            version = aggregates.get_version()
            self.assertNotIn(version, versions)
            versions.append(version)

        agg_id = self.create('a1')
        changed()
        for func, arg in [(aggregates.add_host, 'h1'),
                          (aggregates.update_metadata, {'k': 'v'}),
                          (aggregates.remove_host, 'h1'),
                          (aggregates.rename, 'a2')]:
            self.write(func, agg_id, arg)
            changed()
        self.write(aggregates.destroy, agg_id)
        changed()
        aggregates.get_host_aggregates()
        self.assertEqual(versions[-1], aggregates.get_version())

    def test_same_membership_shares_one_tuple(self):
        fast = self.create('fast', {'ssd': 'true'}, hosts=['h1', 'h2', 'h3'])
        zone = self.create('zone', {'availability_zone': 'az1'},
                           hosts=['h2', 'h3', 'h4'])
        gone = self.create('gone', {'x': 'y'})
        self.write(aggregates.destroy, gone)
        result = aggregates.get_host_aggregates()
        self.assertEqual(aggregates.get_version(), result.version)
        h2, h3 = result.of_host('h2'), result.of_host('h3')
        self.assertIs(h2, h3)
        self.assertEqual(result.position('h2'), result.position('h3'))
        self.assertEqual([fast, zone], [agg.id for agg in h2])
        self.assertEqual(('fast', 'true'), (h2[0].name, h2[0].metadata['ssd']))
        self.assertEqual('az1', h2[1].availability_zone)
        self.assertIs(h2[0], result.of_host('h1')[0])
        self.assertEqual(['fast'], [a.name for a in result.of_host('h1')])
        self.assertIs(aggregates.NO_AGGREGATES, result.of_host('h9'))
        self.assertEqual(0, result.position('h9'))
        # Four distinct memberships: none, fast, fast+zone, zone.
        self.assertEqual(4, len(result.memberships))
        with testtools.ExpectedException(TypeError):
            h2[0].metadata['k'] = 'v'

    def test_availability_zone_of_a_membership(self):
        self.create('zone', {'availability_zone': 'az1'}, hosts=['h1'])
        self.create('plain', {'ssd': 'true'}, hosts=['h1', 'h2'])
        result = aggregates.get_host_aggregates()
        self.assertEqual('az1',
                         aggregates.availability_zone(result.of_host('h1')))
        self.assertIsNone(aggregates.availability_zone(result.of_host('h2')))
        self.assertIsNone(aggregates.availability_zone(
            aggregates.NO_AGGREGATES))

    def test_host_zones(self):
        self.create('z1', {'availability_zone': 'az1'}, hosts=['h1'])
        self.create('z1b', {'availability_zone': 'az1'}, hosts=['h1'])
        self.create('z2', {'availability_zone': 'az2'}, hosts=['h2'])
        self.create('plain', {'ssd': 'true'}, hosts=['h3'])
        with session.reader() as s:
            self.assertEqual({'h1': 'az1', 'h2': 'az2'},
                             aggregates.get_host_zones(s))
            self.assertEqual({'h2': 'az2'},
                             aggregates.get_host_zones(s, ['h2', 'h3']))
