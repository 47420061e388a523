import datetime

import fixtures
from oslo_utils import timeutils
import sqlalchemy as sa
import testtools

from minova.db import aggregates as db_aggregates
from minova.db import models
from minova.db import session
from minova import exception
from minova import plugins
from minova.scheduler import filters
from minova.scheduler import host_manager
from minova.tests import fixtures as minova_fixtures
from minova.tests.unit.scheduler import fakes


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
        self.assertEqual(['RAMWeigher', 'CPUWeigher'],
                         [type(w).__name__ for w in self.manager.weighers])

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
        self.manager.get_all_host_states(None)
        counter = self.useFixture(QueryCounter())
        states = self.manager.get_all_host_states(None)
        self.assertEqual(5, len(states))
        # The compute nodes, and the aggregates' version.
        self.assertEqual(2, counter.count)

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
        states = self.manager.get_all_host_states(None)
        self.assertEqual(['zone1', 'az1', 'az1', 'zone1'],
                         [s.availability_zone for s in states])
        self.assertEqual([[], ['az'], ['az', 'ssd'], ['ssd']],
                         [[a.name for a in s.aggregates] for s in states])
        self.assertIs(db_aggregates.NO_AGGREGATES, states[0].aggregates)

    def test_aggregates_are_read_again_only_when_they_changed(self):
        fakes.create_compute('host1')
        agg_id = self._aggregate('az', {'availability_zone': 'az1'})
        self.assertEqual('zone1', self.manager.get_all_host_states(None)[
            0].availability_zone)
        counter = self.useFixture(QueryCounter())
        [state] = self.manager.get_all_host_states(None)
        self.assertEqual(2, counter.count)
        with session.writer() as s:
            db_aggregates.add_host(s, db_aggregates.get(s, agg_id), 'host1')
        counter.count = 0
        [state] = self.manager.get_all_host_states(None)
        self.assertEqual('az1', state.availability_zone)
        self.assertGreater(counter.count, 2)

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
        self.assertEqual('ignore_hosts 3\u21920: ignore_hosts is a, b, c',
                         self.manager.get_filtered_hosts(
                             hosts, spec).explain())

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
