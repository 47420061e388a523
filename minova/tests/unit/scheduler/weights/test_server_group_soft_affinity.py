import testtools

from minova.scheduler import weights
from minova.scheduler.weights import server_group_soft_affinity
from minova.tests import fixtures as minova_fixtures
from minova.tests.unit.scheduler import fakes
from minova.tests.unit.scheduler.filters import (
    test_server_group_affinity_filter as affinity_test)

group_spec = affinity_test.group_spec


class SoftWeigherTestCase(testtools.TestCase):
    def setUp(self):
        super().setUp()
        self.conf = self.useFixture(minova_fixtures.ConfFixture()).conf
        self.hosts = [fakes.host_state(name) for name in ('a', 'b', 'c')]

    def raw(self, weigher, spec):
        """The raw weights, asked per host and all at once."""
        return fakes.weigh_hosts(weigher, self.hosts, spec)[0]

    def weighed(self, weigher, spec):
        return [(w.obj.host, w.weight) for w in weights.get_weighed_hosts(
            [weigher], self.hosts, spec)]


class TestServerGroupSoftAffinityWeigher(SoftWeigherTestCase):
    def setUp(self):
        super().setUp()
        self.weigher = (server_group_soft_affinity.
                        ServerGroupSoftAffinityWeigher(self.conf))

    def test_counts_the_members_on_each_host(self):
        spec = group_spec('soft-affinity', ['c', 'a', 'c'])
        self.assertEqual([1, 0, 2], self.raw(self.weigher, spec))
        self.assertEqual([('c', 1.0), ('a', 0.5), ('b', 0.0)],
                         self.weighed(self.weigher, spec))

    def test_other_policies_weigh_nothing(self):
        for spec in (group_spec('affinity', ['a']),
                     group_spec('soft-anti-affinity', ['a']),
                     fakes.request_spec_obj()):
            self.assertEqual([0, 0, 0], self.raw(self.weigher, spec))

    def test_multiplier(self):
        spec = group_spec('soft-affinity', ['c'])
        self.assertEqual([1.0] * 3,
                         fakes.weigh_hosts(self.weigher, self.hosts, spec)[1])
        self.conf.set_override('soft_affinity_weight_multiplier', 3.0,
                               group='filter_scheduler')
        self.assertEqual([3.0] * 3,
                         fakes.weigh_hosts(self.weigher, self.hosts, spec)[1])
        self.assertEqual(
            [('c', 3.0), ('a', 0.0), ('b', 0.0)],
            self.weighed(self.weigher, group_spec('soft-affinity', ['c'])))
