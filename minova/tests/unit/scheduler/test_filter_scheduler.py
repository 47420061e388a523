import collections
import datetime

from oslo_utils import timeutils
from oslo_utils import uuidutils
import sqlalchemy as sa
import testtools

from minova.db import allocations
from minova.db import models
from minova.db import session
from minova import exception
from minova.scheduler import filter_scheduler
from minova.tests import fixtures as minova_fixtures
from minova.tests.unit.scheduler import fakes

GB = 1024


def _uuids(n):
    return [uuidutils.generate_uuid() for _ in range(n)]


def _allocation_count():
    with session.reader() as s:
        return s.execute(sa.select(sa.func.count()).select_from(
            models.Allocation)).scalar()


class SchedulerTestCase(testtools.TestCase):
    def setUp(self):
        super().setUp()
        self.conf = self.useFixture(minova_fixtures.ConfFixture()).conf
        self.useFixture(minova_fixtures.DatabaseFixture(self.conf))

    def _scheduler(self, **filter_scheduler_options):
        for name, value in filter_scheduler_options.items():
            self.conf.set_override(name, value, group='filter_scheduler')
        return filter_scheduler.FilterScheduler(self.conf)

    def _select(self, scheduler, spec, count=1, **kwargs):
        return scheduler.select_destinations(None, spec, _uuids(count),
                                             **kwargs)


class TestSelectDestinations(SchedulerTestCase):
    def test_selects_the_best_host_and_claims_it(self):
        fakes.create_compute('small', memory_mb=2048)
        big = fakes.create_compute('big', memory_mb=8192)
        spec = fakes.request_spec_obj(memory_mb=1024, vcpus=2, root_gb=10)
        uuids = _uuids(1)
        [[selected, alternate]] = self._scheduler().select_destinations(
            None, spec, uuids)
        self.assertEqual(('big', 'big', 'nova'),
                         (selected.service_host, selected.nodename,
                          selected.availability_zone))
        self.assertEqual('small', alternate.service_host)
        self.assertEqual({big: {'VCPU': 2, 'MEMORY_MB': 1024,
                                'DISK_GB': 10}},
                         allocations.get_by_consumer(uuids[0]))
        self.assertEqual(1, _allocation_count() // 3)

    def test_selection_names_the_compute_node(self):
        fakes.create_compute('h1', nodename='n1')
        [[selected]] = self._select(self._scheduler(),
                                    fakes.request_spec_obj())
        with session.reader() as s:
            node = s.scalars(sa.select(models.ComputeNode)).one()
        self.assertEqual(node.uuid, selected.compute_node_uuid)
        self.assertEqual('n1', selected.nodename)

    def test_without_instance_uuids_claims_for_the_spec_instance(self):
        fakes.create_compute('h1')
        spec = fakes.request_spec_obj()
        self._scheduler().select_destinations(None, spec, None)
        self.assertNotEqual({}, allocations.get_by_consumer(
            spec.instance_uuid))

    def test_down_and_disabled_computes_are_not_picked(self):
        old = timeutils.utcnow() - datetime.timedelta(
            seconds=self.conf.service_down_time + 1)
        fakes.create_compute('down', memory_mb=16384, last_seen_up=old)
        fakes.create_compute('disabled', memory_mb=16384, disabled=True)
        fakes.create_compute('orphan', memory_mb=16384, with_service=False)
        fakes.create_compute('up', memory_mb=1024)
        [[selected]] = self._select(self._scheduler(),
                                    fakes.request_spec_obj())
        self.assertEqual('up', selected.service_host)

    def test_retry_hosts_are_not_picked(self):
        for name in ('a', 'b', 'c'):
            fakes.create_compute(name)
        spec = fakes.request_spec_obj(retry=fakes.retries('a', 'c'))
        [[selected]] = self._select(self._scheduler(), spec)
        self.assertEqual('b', selected.service_host)

    def test_multiple_instances_see_each_others_claims(self):
        # Each host has room for one 3 GB instance.
        for name in ('a', 'b', 'c'):
            fakes.create_compute(name, memory_mb=4096)
        spec = fakes.request_spec_obj(memory_mb=3072, num_instances=3)
        selections = self._select(self._scheduler(), spec, 3)
        self.assertEqual({'a', 'b', 'c'},
                         {s[0].service_host for s in selections})
        self.assertEqual(9, _allocation_count())

    def test_stacking_with_negative_multipliers(self):
        for name in ('a', 'b'):
            fakes.create_compute(name, memory_mb=8192)
        scheduler = self._scheduler(ram_weight_multiplier=-1.0,
                                    cpu_weight_multiplier=0.0)
        spec = fakes.request_spec_obj(memory_mb=1024)
        hosts = [s[0].service_host for s in self._select(scheduler, spec, 4)]
        self.assertEqual(1, len(set(hosts)))


class TestAlternates(SchedulerTestCase):
    def _hosts(self, count):
        for i in range(count):
            fakes.create_compute('host%d' % i, memory_mb=4096 + i * 1024)

    def _alternates(self, max_attempts, hosts, return_alternates=True):
        self._hosts(hosts)
        self.conf.set_override('max_attempts', max_attempts,
                               group='scheduler')
        [selection] = self._select(self._scheduler(),
                                   fakes.request_spec_obj(),
                                   return_alternates=return_alternates)
        return selection[1:]

    def test_max_attempts_minus_one(self):
        self.assertEqual(2, len(self._alternates(3, 5)))

    def test_limited_by_passing_hosts(self):
        self.assertEqual(1, len(self._alternates(5, 2)))

    def test_one_host_no_alternates(self):
        self.assertEqual(0, len(self._alternates(3, 1)))

    def test_max_attempts_one(self):
        self.assertEqual(0, len(self._alternates(1, 4)))

    def test_not_asked(self):
        self.assertEqual(0, len(self._alternates(3, 4,
                                                 return_alternates=False)))

    def test_alternates_pass_filters_are_best_first_and_not_claimed(self):
        self._hosts(4)
        fakes.create_compute('tiny', memory_mb=256)
        spec = fakes.request_spec_obj(memory_mb=512)
        uuids = _uuids(1)
        self.conf.set_override('max_attempts', 10, group='scheduler')
        [[selected, *alternates]] = self._scheduler().select_destinations(
            None, spec, uuids)
        self.assertEqual('host3', selected.service_host)
        self.assertEqual(['host2', 'host1', 'host0'],
                         [a.service_host for a in alternates])
        self.assertEqual(1, len(allocations.get_by_consumer(uuids[0])))
        self.assertEqual(3, _allocation_count())

    def test_per_instance_of_a_multi_instance_request(self):
        self._hosts(3)
        spec = fakes.request_spec_obj(num_instances=2)
        selections = self._select(self._scheduler(), spec, 2)
        for selection in selections:
            self.assertEqual(2, len(selection) - 1)
            self.assertNotIn(selection[0].service_host,
                             [a.service_host for a in selection[1:]])


class TestHostSubsetSize(SchedulerTestCase):
    def _picks(self, subset_size, runs=60):
        # Ten hosts whose weights stay put: each claim is released again.
        for i in range(10):
            fakes.create_compute('host%d' % i, memory_mb=4096 + i * 1024)
        scheduler = self._scheduler(host_subset_size=subset_size)
        scheduler.random.seed(42)
        spec = fakes.request_spec_obj()
        picks = collections.Counter()
        for _ in range(runs):
            uuid = uuidutils.generate_uuid()
            [[selected, *_]] = scheduler.select_destinations(None, spec,
                                                             [uuid])
            picks[selected.service_host] += 1
            allocations.release(uuid)
        return picks

    def test_picks_among_the_best_n_only(self):
        picks = self._picks(3)
        # All three best, nothing else.
        self.assertEqual({'host9', 'host8', 'host7'}, set(picks))

    def test_subset_of_one_always_takes_the_best(self):
        self.assertEqual({'host9': 20}, dict(self._picks(1, runs=20)))

    def test_subset_larger_than_hosts(self):
        self.assertEqual(10, len(self._picks(50, runs=100)))


class TestNoValidHost(SchedulerTestCase):
    def _no_valid_host(self, spec, count=1, scheduler=None):
        error = self.assertRaises(exception.NoValidHost, self._select,
                                  scheduler or self._scheduler(), spec, count)
        return error.format_message()

    def test_names_the_filter_and_the_numbers(self):
        for name in ('a', 'b', 'c'):
            fakes.create_compute(name, memory_mb=2048)
        message = self._no_valid_host(fakes.request_spec_obj(memory_mb=4096))
        self.assertEqual('No valid host was found. RamFilter 3\u21920: '
                         'flavor needs 4096 MB RAM, at most 2048 MB usable '
                         'on any host', message)

    def test_says_what_filters_before_it_removed(self):
        fakes.create_compute('a', memory_mb=2048)
        fakes.create_compute('b', memory_mb=2048)
        fakes.create_compute('off', memory_mb=8192, disabled=True)
        message = self._no_valid_host(fakes.request_spec_obj(memory_mb=4096))
        self.assertIn('RamFilter 2\u21920: flavor needs 4096 MB RAM', message)
        self.assertIn('(before it: ComputeFilter 3\u21922)', message)

    def test_host_names_only_in_the_details_for_admins(self):
        fakes.create_compute('a', memory_mb=2048)
        fakes.create_compute('b', memory_mb=2048)
        error = self.assertRaises(
            exception.NoValidHost, self._select, self._scheduler(),
            fakes.request_spec_obj(memory_mb=4096), 2)
        self.assertEqual('No valid host was found. Placed 0 of 2 instances, '
                         'then: RamFilter 2\u21920: flavor needs 4096 MB '
                         'RAM, at most 2048 MB usable on any host',
                         error.format_message())
        self.assertEqual('Placed 0 of 2 instances, then: RamFilter 2\u21920: '
                         'flavor needs 4096 MB RAM, at most 2048 MB usable on '
                         'any host; it turned away a, b',
                         error.kwargs['details'])

    def test_disk(self):
        fakes.create_compute('a', local_gb=20)
        message = self._no_valid_host(fakes.request_spec_obj(root_gb=40))
        self.assertIn('DiskFilter 1\u21920: flavor needs 40 GB disk', message)

    def test_no_compute_nodes(self):
        message = self._no_valid_host(fakes.request_spec_obj())
        self.assertIn('There are no compute nodes.', message)

    def test_later_instance_fails_and_earlier_claims_are_released(self):
        fakes.create_compute('a', memory_mb=4096)
        fakes.create_compute('b', memory_mb=4096)
        spec = fakes.request_spec_obj(memory_mb=3072, num_instances=3)
        message = self._no_valid_host(spec, count=3)
        # Each instance starts from the hosts that passed for the one
        # before: the third sees only the second's host, now full.
        self.assertIn('Placed 2 of 3 instances, then: RamFilter 1\u21920: '
                      'flavor needs 3072 MB RAM, at most 1024 MB', message)
        self.assertEqual(0, _allocation_count())
        with session.reader() as s:
            used = s.scalars(sa.select(models.ComputeNode.memory_mb_used))
            self.assertEqual([0, 0], list(used))


class TestClaimRaces(SchedulerTestCase):
    """Another scheduler fills hosts between our read and our claim."""

    def _fill_after_read(self, scheduler, hosts_to_fill):
        read = scheduler.host_manager.get_all_host_states

        def read_then_other_scheduler_claims(context):
            states = read(context)
            for state in states:
                if state.host in hosts_to_fill:
                    self.assertTrue(allocations.claim(
                        state.compute_node_id, 'other-' + state.host,
                        {'MEMORY_MB': int(state.usable_ram_mb)}))
            return states

        scheduler.host_manager.get_all_host_states = (
            read_then_other_scheduler_claims)

    def test_lost_claim_tries_the_next_best_host(self):
        fakes.create_compute('best', memory_mb=8192)
        fakes.create_compute('second', memory_mb=6144)
        fakes.create_compute('third', memory_mb=4096)
        scheduler = self._scheduler()
        self._fill_after_read(scheduler, {'best'})
        self.conf.set_override('max_attempts', 3, group='scheduler')
        [[selected, *alternates]] = self._select(scheduler,
                                                 fakes.request_spec_obj())
        self.assertEqual('second', selected.service_host)
        # The full host is no alternate.
        self.assertEqual(['third'], [a.service_host for a in alternates])

    def test_best_few_all_lost_then_the_rest_are_weighed(self):
        # With 20 hosts and max_attempts 2 only the best 2 are sorted at
        # first; when both are filled meanwhile, the others still get a try.
        for i in range(20):
            fakes.create_compute('h%02d' % i, memory_mb=2048 + 256 * i)
        scheduler = self._scheduler()
        self.conf.set_override('max_attempts', 2, group='scheduler')
        self._fill_after_read(scheduler, {'h19', 'h18'})
        [[selected, alternate]] = self._select(scheduler,
                                               fakes.request_spec_obj())
        self.assertEqual('h17', selected.service_host)
        self.assertEqual('h16', alternate.service_host)

    def test_all_claims_lost(self):
        fakes.create_compute('a')
        fakes.create_compute('b')
        scheduler = self._scheduler()
        self._fill_after_read(scheduler, {'a', 'b'})
        error = self.assertRaises(exception.NoValidHost, self._select,
                                  scheduler, fakes.request_spec_obj())
        self.assertIn('all 2 hosts that passed the filters were filled by '
                      'other requests', error.format_message())


class TestLoading(SchedulerTestCase):
    def test_bad_filter_name_stops_the_scheduler(self):
        self.conf.set_override('enabled_filters', ['ComputeFilter', 'Nope'],
                               group='filter_scheduler')
        error = self.assertRaises(exception.PluginLoadError,
                                  filter_scheduler.FilterScheduler, self.conf)
        self.assertIn("'Nope'", str(error))
        self.assertIn('installed: AggregateInstanceExtraSpecsFilter, '
                      'AvailabilityZoneFilter, ComputeCapabilitiesFilter, '
                      'ComputeFilter', str(error))
