"""The weighing handler: normalisation, multipliers, the sum, the order."""

import testtools

from minova.scheduler import weights
from minova.scheduler.weights import cpu
from minova.scheduler.weights import ram
from minova.tests import fixtures as minova_fixtures
from minova.tests.unit.scheduler import fakes


class OneHostAtATimeWeigher(weights.BaseHostWeigher):
    """A third-party weigher that implements only Nova's two methods."""

    def weight_multiplier(self, host_state):
        return 2.0 if host_state.host == 'b' else 1.0

    def _weigh_object(self, host_state, weight_properties):
        return host_state.num_instances


class FixedBoundsWeigher(weights.BaseHostWeigher):
    minval = 0
    maxval = 100

    def _weigh_object(self, host_state, weight_properties):
        return host_state.num_instances


class TestNormalize(testtools.TestCase):
    def test_min_max_to_zero_one(self):
        self.assertEqual([0.0, 0.25, 1.0], list(weights.normalize([10, 20, 50])))

    def test_equal_weights_are_zero(self):
        self.assertEqual([0.0, 0.0], list(weights.normalize([7, 7])))

    def test_empty(self):
        self.assertEqual([], list(weights.normalize([])))

    def test_fixed_bounds(self):
        self.assertEqual([0.1, 0.5], list(weights.normalize([10, 50], 0, 100)))

    def test_negative_weights(self):
        self.assertEqual([1.0, 0.0, 0.5], list(weights.normalize([-1, -3, -2])))


class TestGetWeighedHosts(testtools.TestCase):
    def setUp(self):
        super().setUp()
        self.conf = self.useFixture(minova_fixtures.ConfFixture()).conf
        self.spec = fakes.request_spec_obj()

    def _hosts(self, *instances):
        return [fakes.host_state(name, running_vms=n)
                for name, n in zip('abcd', instances)]

    def test_third_party_weigher_one_host_at_a_time(self):
        hosts = self._hosts(0, 5, 10)
        weighed = weights.get_weighed_hosts(
            [OneHostAtATimeWeigher(self.conf)], hosts, self.spec)
        # a: 1.0 * 0.0, b: 2.0 * 0.5, c: 1.0 * 1.0
        self.assertEqual([('b', 1.0), ('c', 1.0), ('a', 0.0)],
                         [(w.obj.host, w.weight) for w in weighed])

    def test_weighers_are_normalised_then_summed(self):
        hosts = [fakes.host_state('a', memory_mb=4096, vcpus=4),
                 fakes.host_state('b', memory_mb=2048, vcpus=16),
                 fakes.host_state('c', memory_mb=3072, vcpus=10)]
        self.conf.set_override('ram_weight_multiplier', 1.0,
                               group='filter_scheduler')
        self.conf.set_override('cpu_weight_multiplier', 3.0,
                               group='filter_scheduler')
        weighed = weights.get_weighed_hosts(
            [ram.RAMWeigher(self.conf), cpu.CPUWeigher(self.conf)], hosts,
            self.spec)
        # RAM: a 1.0, b 0.0, c 0.5; CPU * 3: a 0.0, b 3.0, c 1.5.
        self.assertEqual([('b', 3.0), ('c', 2.0), ('a', 1.0)],
                         [(w.obj.host, w.weight) for w in weighed])

    def test_fixed_bounds(self):
        weighed = weights.get_weighed_hosts(
            [FixedBoundsWeigher(self.conf)], self._hosts(10, 50), self.spec)
        self.assertEqual([0.5, 0.1], [w.weight for w in weighed])

    def test_one_host_is_not_weighed(self):
        weighed = weights.get_weighed_hosts(
            [OneHostAtATimeWeigher(self.conf)], self._hosts(3), self.spec)
        self.assertEqual([0.0], [w.weight for w in weighed])

    def test_best_first_with_a_limit_is_the_head_of_the_full_order(self):
        # 40 hosts, many tied: the limited order is a prefix of the full
        # one, ties at the limit included.
        states = [fakes.host_state('h%02d' % i, running_vms=i % 7)
                  for i in range(40)]
        weigher = [OneHostAtATimeWeigher(self.conf)]
        hosts = fakes.hosts(states)
        full = [s.host for s in weights.best_first(weigher, hosts,
                                                   self.spec)]
        limited = [s.host for s in weights.best_first(weigher, hosts,
                                                      self.spec, limit=3)]
        self.assertEqual(full[:len(limited)], limited)
        # Five hosts have 6 instances, the most: all tie with the third.
        self.assertEqual(5, len(limited))

    def test_ties_keep_their_order(self):
        weighed = weights.get_weighed_hosts(
            [OneHostAtATimeWeigher(self.conf)], self._hosts(4, 4, 4),
            self.spec)
        self.assertEqual(['a', 'b', 'c'], [w.obj.host for w in weighed])
