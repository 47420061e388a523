from minova.scheduler.weights import server_group_soft_anti_affinity
from minova.tests.unit.scheduler import fakes
from minova.tests.unit.scheduler.weights import (
    test_server_group_soft_affinity as soft_test)

group_spec = soft_test.group_spec


class TestServerGroupSoftAntiAffinityWeigher(soft_test.SoftWeigherTestCase):
    def setUp(self):
        super().setUp()
        self.weigher = (server_group_soft_anti_affinity.
                        ServerGroupSoftAntiAffinityWeigher(self.conf))

    def test_prefers_hosts_with_fewer_members(self):
        spec = group_spec('soft-anti-affinity', ['a', 'a', 'b'])
        self.assertEqual([-2, -1, 0], self.raw(self.weigher, spec))
        self.assertEqual([('c', 1.0), ('b', 0.5), ('a', 0.0)],
                         self.weighed(self.weigher, spec))

    def test_other_policies_weigh_nothing(self):
        for spec in (group_spec('soft-affinity', ['a']),
                     group_spec('anti-affinity', ['a']),
                     fakes.request_spec_obj()):
            self.assertEqual([0, 0, 0], self.raw(self.weigher, spec))

    def test_multiplier(self):
        self.conf.set_override('soft_anti_affinity_weight_multiplier', 0.5,
                               group='filter_scheduler')
        self.assertEqual([0.5] * 3, fakes.weigh_hosts(
            self.weigher, self.hosts, group_spec('soft-anti-affinity'))[1])
