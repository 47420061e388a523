import datetime

import fixtures
import numpy as np
from oslo_utils import timeutils
import sqlalchemy as sa
import testtools

from minova.db import aggregates as db_aggregates
from minova.db import allocations
from minova.db import models
from minova.db import services as db_services
from minova.db import session
from minova import exception
from minova import plugins
from minova.scheduler import filters
from minova.scheduler import host_manager
from minova.tests import fixtures as minova_fixtures
from minova.tests.unit.scheduler import fakes


# What reading every host's aggregates costs: their version, metadata,
# rows and hosts.
AGGREGATE_QUERIES = 4


class QueryCounter(fixtures.Fixture):
    """Counts the SQL queries the configured engine runs (not the
    transaction statements and pragmas minova emits on SQLite)."""

    def _setUp(self):
        self.count = 0
        engine = session.get_engine()
        sa.event.listen(engine, 'before_cursor_execute', self._count)
        self.addCleanup(sa.event.remove, engine, 'before_cursor_execute',
                        self._count)

    def _count(self, conn, cursor, statement, *args):
        statement = statement.strip().upper()
        if not (statement in ('BEGIN', 'BEGIN IMMEDIATE', 'COMMIT',
                              'ROLLBACK') or statement.startswith('PRAGMA')):
            self.count += 1


class TestHostManager(testtools.TestCase):
    def setUp(self):
        super().setUp()
        self.conf = self.useFixture(minova_fixtures.ConfFixture(**{
            'compute.default_availability_zone': 'zone1'})).conf
        self.useFixture(minova_fixtures.DatabaseFixture(self.conf))
        self.manager = host_manager.HostManager(self.conf)

    def test_loads_enabled_filters_and_weighers_in_order(self):
        self.assertEqual(self.conf.filter_scheduler.enabled_filters,
                         [type(f).__name__
                          for f in self.manager.enabled_filters])
        self.assertEqual(self.conf.filter_scheduler.weight_classes,
                         [type(w).__name__ for w in self.manager.weighers])
        self.assertIn('BuildFailureWeigher',
                      self.conf.filter_scheduler.weight_classes)

    def test_bad_filter_name_lists_installed_filters(self):
        self.conf.set_override('enabled_filters', ['RamFilter', 'NoSuch'],
                               group='filter_scheduler')
        error = self.assertRaises(exception.PluginLoadError,
                                  host_manager.HostManager, self.conf)
        message = str(error)
        self.assertIn('enabled_filters', message)
        self.assertIn("'NoSuch'", message)
        self.assertIn('minova.scheduler.filters', message)
        for name in ('ComputeFilter', 'RamFilter', 'RetryFilter'):
            self.assertIn(name, message)

    def test_bad_weigher_name(self):
        self.conf.set_override('weight_classes', ['NoSuchWeigher'],
                               group='filter_scheduler')
        error = self.assertRaises(exception.PluginLoadError,
                                  host_manager.HostManager, self.conf)
        self.assertIn('RAMWeigher', str(error))

    def test_plugin_of_the_wrong_kind_is_refused(self):
        self.useFixture(fixtures.MockPatchObject(
            plugins, 'load_classes', return_value=[object]))
        self.conf.set_override('enabled_filters', ['Odd'],
                               group='filter_scheduler')
        error = self.assertRaises(exception.PluginLoadError,
                                  host_manager.HostManager, self.conf)
        self.assertIn('is not a minova.scheduler.filters.BaseHostFilter',
                      str(error))

    def test_plugin_that_cannot_be_built_is_refused(self):
        class NoConfFilter(filters.BaseHostFilter):
            def __init__(self):
                pass

        self.useFixture(fixtures.MockPatchObject(
            plugins, 'load_classes', return_value=[NoConfFilter]))
        self.conf.set_override('enabled_filters', ['NoConf'],
                               group='filter_scheduler')
        error = self.assertRaises(exception.PluginLoadError,
                                  host_manager.HostManager, self.conf)
        self.assertIn('plugin NoConf', str(error))
        self.assertIn('cannot be built with the config: TypeError', str(error))

    def test_host_states_in_one_query(self):
        for i in range(5):
            fakes.create_compute('host%d' % i)
        counter = self.useFixture(QueryCounter())
        states = self.manager.get_all_host_states(None)
        self.assertEqual(5, len(states))
        # The compute nodes, and the aggregates (their version, metadata,
        # rows and hosts).
        self.assertEqual(1 + AGGREGATE_QUERIES, counter.count)

    def _aggregate(self, name, metadata, *hosts):
        with session.writer() as s:
            row = db_aggregates.create(s, name, metadata)
            for host in hosts:
                db_aggregates.add_host(s, row, host)
            return row.id

    def test_zone_and_aggregates_from_the_aggregates(self):
        for i in range(4):
            fakes.create_compute('host%d' % i)
        self._aggregate('az', {'availability_zone': 'az1'}, 'host1', 'host2')
        self._aggregate('ssd', {'ssd': 'true'}, 'host2', 'host3')
        hosts = self.manager.get_all_host_states(None)
        self.assertEqual(['zone1', 'az1', 'az1', 'zone1'],
                         list(hosts.column('availability_zone')))
        states = hosts.states()
        self.assertEqual([[], ['az'], ['az', 'ssd'], ['ssd']],
                         [[a.name for a in s.aggregates] for s in states])
        self.assertIs(db_aggregates.NO_AGGREGATES, states[0].aggregates)
        keys = hosts.column('aggregates_key')
        self.assertEqual(4, len(set(keys.tolist())))
        self.assertEqual(np.int64, keys.dtype)
        # As a column too (an object array of tuples, one per host).
        self.assertEqual((4,), hosts.column('aggregates').shape)
        self.assertIs(states[2].aggregates, hosts.column('aggregates')[2])

    def test_host_state_numbers(self):
        node_id = fakes.create_compute(
            'host1', nodename='node1', vcpus=8, memory_mb=8192, local_gb=200,
            cpu_allocation_ratio=4.0, ram_allocation_ratio=1.5,
            disk_allocation_ratio=2.0, reserved_host_memory_mb=512,
            reserved_host_disk_mb=1024, vcpus_used=3, memory_mb_used=1024,
            local_gb_used=20, running_vms=2)
        [state] = self.manager.get_all_host_states(None)
        self.assertEqual(('host1', 'node1', node_id, 'zone1'),
                         (state.host, state.nodename, state.compute_node_id,
                          state.availability_zone))
        self.assertEqual('host1', state.service.host)
        self.assertEqual(8, state.vcpus_total)
        self.assertEqual(29, state.usable_vcpus)           # 8 * 4 - 3
        self.assertEqual(8192 - 512 - 1024, state.free_ram_mb)
        self.assertEqual(8192 * 1.5 - 512 - 1024, state.usable_ram_mb)
        self.assertEqual(200 * 1024 - 1024 - 20 * 1024, state.free_disk_mb)
        self.assertEqual(400 * 1024 - 1024 - 20 * 1024, state.usable_disk_mb)
        self.assertEqual(2, state.num_instances)

    def test_disabled_down_and_serviceless_hosts_are_kept(self):
        # Dropping them is ComputeFilter's job, which can say why.
        fakes.create_compute('disabled', disabled=True)
        fakes.create_compute('down', last_seen_up=timeutils.utcnow()
                             - datetime.timedelta(hours=1))
        fakes.create_compute('orphan', with_service=False)
        states = {s.host: s for s in self.manager.get_all_host_states(None)}
        self.assertTrue(states['disabled'].service.disabled)
        self.assertFalse(states['down'].service.disabled)
        self.assertIsNone(states['orphan'].service)

    def test_deleted_nodes_and_services_are_ignored(self):
        node_id = fakes.create_compute('gone')
        fakes.create_compute('here')
        with session.writer() as s:
            s.get(models.ComputeNode, node_id).deleted = node_id
            s.execute(sa.update(models.Service).where(
                models.Service.host == 'here').values(deleted=1))
        [state] = self.manager.get_all_host_states(None)
        self.assertEqual('here', state.host)
        self.assertIsNone(state.service)

    def test_consume_from_request(self):
        fakes.create_compute('host1')
        [state] = self.manager.get_all_host_states(None)
        state.consume_from_request({'VCPU': 1, 'MEMORY_MB': 1024,
                                    'DISK_GB': 10})
        self.assertEqual((3, 3072, 90 * 1024, 1, 1),
                         (state.usable_vcpus, state.usable_ram_mb,
                          state.usable_disk_mb, state.num_instances,
                          state.generation))

    def test_ignore_hosts(self):
        hosts = [fakes.host_state(n) for n in ('a', 'b', 'c')]
        spec = fakes.request_spec_obj(ignore_hosts=['a', 'c'])
        result = self.manager.get_filtered_hosts(hosts, spec)
        self.assertEqual(['b'], [h.host for h in result.hosts])
        spec = fakes.request_spec_obj(ignore_hosts=['a', 'b', 'c'])
        result = self.manager.get_filtered_hosts(hosts, spec)
        self.assertEqual('ignore_hosts 3\u21920: the request ignores every '
                         'host left', result.explain())
        self.assertEqual('ignore_hosts 3\u21920: the request ignores every '
                         'host left; it turned away a, b, c',
                         result.explain(host_names=True))

    def test_force_hosts_skip_filters(self):
        hosts = [fakes.host_state(n, service=fakes.service(disabled=True))
                 for n in ('a', 'b')]
        spec = fakes.request_spec_obj(force_hosts=['b'])
        result = self.manager.get_filtered_hosts(hosts, spec)
        self.assertEqual(['b'], [h.host for h in result.hosts])
        spec = fakes.request_spec_obj(force_hosts=['x'])
        self.assertEqual('force_hosts 2\u21920: no compute node on x',
                         self.manager.get_filtered_hosts(
                             hosts, spec).explain())

    def test_a_requested_destination_is_still_filtered(self):
        hosts = [fakes.host_state('a'),
                 fakes.host_state('b', service=fakes.service(disabled=True))]
        spec = fakes.request_spec_obj(requested_destination='a')
        self.assertEqual(['a'], [h.host for h in self.manager.
                                 get_filtered_hosts(hosts, spec).hosts])
        spec = fakes.request_spec_obj(requested_destination='b')
        result = self.manager.get_filtered_hosts(hosts, spec)
        self.assertEqual([], list(result.hosts))
        self.assertIn('ComputeFilter 1\u21920', result.explain())


class TestHostStateCache(testtools.TestCase):
    """Between full reads, each request reads only what changed."""

    def setUp(self):
        super().setUp()
        self.conf = self.useFixture(minova_fixtures.ConfFixture(**{
            'filter_scheduler.host_state_reload_interval': 30})).conf
        self.useFixture(minova_fixtures.DatabaseFixture(self.conf))
        self.manager = host_manager.HostManager(self.conf)
        self.node1 = fakes.create_compute('host1')
        self.node2 = fakes.create_compute('host2')
        # Created long ago, so that no read re-reads them for its margin.
        past = timeutils.utcnow() - datetime.timedelta(hours=1)
        with session.writer() as s:
            for model in (models.ComputeNode, models.Service):
                s.execute(sa.update(model).values(created_at=past,
                                                  updated_at=None))
        self.manager.get_all_host_states(None)

    def _read(self):
        counter = self.useFixture(QueryCounter())
        hosts = self.manager.get_all_host_states(None)
        return {s.host: s for s in hosts}, hosts, counter.count

    def test_nothing_changed_three_small_queries_same_states(self):
        before = self.manager.get_all_host_states(None).states()
        states, _, queries = self._read()
        # The aggregates' version, the changed nodes, the changed services.
        self.assertEqual(3, queries)
        self.assertEqual(before, list(states.values()))

    def test_an_aggregate_change_is_seen_at_once(self):
        with session.writer() as s:
            agg = db_aggregates.create(s, 'az', {'availability_zone': 'az1'})
            agg_id = agg.id
        states, hosts, _ = self._read()
        self.assertEqual(['nova', 'nova'],
                         list(hosts.column('availability_zone')))
        with session.writer() as s:
            db_aggregates.add_host(s, db_aggregates.get(s, agg_id), 'host2')
        states, hosts, queries = self._read()
        self.assertEqual(['nova', 'az1'],
                         list(hosts.column('availability_zone')))
        self.assertEqual(['az'], [a.name for a in states['host2'].aggregates])
        # The version, the aggregates, the changes: not the nodes.
        self.assertEqual(3 + AGGREGATE_QUERIES, queries)
        _, _, queries = self._read()
        self.assertEqual(3, queries)

    def test_an_aggregate_change_relabels_the_same_table(self):
        with session.writer() as s:
            agg = db_aggregates.create(s, 'az', {'availability_zone': 'az1'})
            db_aggregates.add_host(s, agg, 'host1')
            agg_id = agg.id
        _, hosts, _ = self._read()
        self.assertEqual(['az1', 'nova'],
                         list(hosts.column('availability_zone')))
        with session.writer() as s:
            agg = db_aggregates.get(s, agg_id)
            db_aggregates.remove_host(s, agg, 'host1')
            db_aggregates.add_host(s, agg, 'host2')
        states, again, _ = self._read()
        self.assertIs(hosts.table, again.table)
        self.assertEqual(['nova', 'az1'],
                         list(again.column('availability_zone')))
        self.assertEqual(((), ('az',)), tuple(
            tuple(a.name for a in states[h].aggregates)
            for h in ('host1', 'host2')))
        self.assertEqual(0, states['host1'].aggregates_key)

    def test_another_schedulers_claim_is_seen(self):
        allocations.claim(self.node1, 'c1', {'MEMORY_MB': 1024})
        states, hosts, _ = self._read()
        self.assertEqual(3072, states['host1'].usable_ram_mb)
        self.assertEqual([3072, 4096], list(hosts.column('usable_ram_mb')))
        allocations.release('c1')
        states, hosts, _ = self._read()
        self.assertEqual([4096, 4096], list(hosts.column('usable_ram_mb')))

    def test_rows_read_again_keep_their_states_until_they_change(self):
        # Stamped now: every read within the margin reads both again.
        with session.writer() as s:
            s.execute(sa.update(models.ComputeNode).values(
                updated_at=timeutils.utcnow()))
        states, _, _ = self._read()
        again, _, _ = self._read()
        self.assertIs(states['host1'], again['host1'])
        self.assertIs(states['host2'], again['host2'])
        allocations.claim(self.node2, 'c1', {'MEMORY_MB': 1024})
        again, hosts, _ = self._read()
        self.assertIs(states['host1'], again['host1'])
        self.assertIsNot(states['host2'], again['host2'])
        self.assertEqual([4096, 3072], list(hosts.column('usable_ram_mb')))

    def test_new_and_deleted_nodes(self):
        fakes.create_compute('host3')
        with session.writer() as s:
            s.get(models.ComputeNode, self.node1).deleted = self.node1
        states, hosts, _ = self._read()
        self.assertEqual(['host2', 'host3'], sorted(states))
        self.assertEqual(['host2', 'host3'], list(hosts.column('host')))
        self.assertEqual('host3', states['host3'].service.host)

    def test_service_disabled_is_seen(self):
        with session.writer() as s:
            s.execute(sa.update(models.Service).where(
                models.Service.host == 'host2').values(disabled=True))
        states, hosts, _ = self._read()
        self.assertTrue(states['host2'].service.disabled)
        self.assertEqual([True, False], list(hosts.column('service_enabled')))

    def test_service_deleted_then_created_again_is_seen(self):
        [old] = db_services.get_all(host='host2')
        with session.writer() as s:
            s.get(models.Service, old.id).deleted = old.id
        states, hosts, _ = self._read()
        self.assertIsNone(states['host2'].service)
        self.assertEqual([True, False], list(hosts.column('service_enabled')))
        self.assertIs(self.manager.get_all_host_states(None).table,
                      hosts.table)
        new = db_services.get_or_create('host2', host_manager.COMPUTE_BINARY,
                                        'compute', 0)
        states, hosts, _ = self._read()
        self.assertEqual(new.id, states['host2'].service.id)
        self.assertEqual([True, True], list(hosts.column('service_enabled')))
        # And the state stays put while nothing changes again.
        again, _, _ = self._read()
        self.assertIs(states['host2'], again['host2'])

    def test_another_binarys_service_change_is_no_change(self):
        db_services.get_or_create('host2', 'minova-conductor', 'conductor', 0)
        before = self.manager.get_all_host_states(None).states()
        states, _, _ = self._read()
        self.assertEqual(before, list(states.values()))

    def test_heartbeats_wait_for_the_full_read(self):
        # A heartbeat changes no service state: it does not stamp
        # updated_at, so it costs no read until the next full one.
        [service] = [s for s in db_services.get_all(host='host1')]
        db_services.heartbeat(service.id)
        _, hosts, _ = self._read()
        before = hosts.state(0).service.last_seen_up
        self.assertLess(before, db_services.get(service.id).last_seen_up)
        self.conf.set_override('host_state_reload_interval', 0,
                               group='filter_scheduler')
        states, _, queries = self._read()
        self.assertEqual(1 + AGGREGATE_QUERIES, queries)
        self.assertEqual(db_services.get(service.id).last_seen_up,
                         states['host1'].service.last_seen_up)

    def test_columns_follow_a_consumed_claim(self):
        hosts = self.manager.get_all_host_states(None)
        hosts.column('usable_ram_mb')
        self.manager.consume(hosts, 1, {'MEMORY_MB': 512})
        self.assertEqual([4096, 3584], list(hosts.column('usable_ram_mb')))
        self.assertEqual([0, 1], list(hosts.column('num_instances')))

    def test_reload_interval_must_be_under_service_down_time(self):
        self.conf.set_override('host_state_reload_interval', 60,
                               group='filter_scheduler')
        error = self.assertRaises(exception.ConfigValueError,
                                  host_manager.HostManager, self.conf)
        self.assertIn('[filter_scheduler] host_state_reload_interval',
                      str(error))
        self.assertIn('service_down_time', str(error))
