"""Server group policies hold across the instances of one multi-create:
the scheduler adds each host it claims to the group before it places the
next instance."""

from oslo_utils import uuidutils

from minova import exception
from minova.objects import instance_group
from minova.tests.unit.scheduler import fakes
from minova.tests.unit.scheduler import test_filter_scheduler as base


def _spec(policy, hosts=(), rules=None, count=1):
    group = instance_group.InstanceGroup(
        uuid=uuidutils.generate_uuid(), policy=policy, rules=rules or {},
        members=[], hosts=list(hosts))
    return fakes.request_spec_obj(num_instances=count, instance_group=group)


class TestServerGroupsInMultiCreate(base.SchedulerTestCase):
    def setUp(self):
        super().setUp()
        # Different sizes, so the RAMWeigher alone would stack on 'big'.
        for name, ram in (('small', 4096), ('medium', 8192),
                          ('big', 16384)):
            fakes.create_compute(name, memory_mb=ram, vcpus=16)

    def _hosts(self, spec, count, **options):
        selections = self._select(self._scheduler(**options), spec, count)
        return [s[0].service_host for s in selections]

    def test_anti_affinity_spreads_over_every_host(self):
        spec = _spec('anti-affinity', count=3)
        self.assertEqual(3, len(set(self._hosts(spec, 3))))
        self.assertEqual(3, len(spec.instance_group.hosts))

    def test_anti_affinity_with_more_instances_than_hosts(self):
        e = self.assertRaises(exception.NoValidHost, self._hosts,
                              _spec('anti-affinity', count=4), 4)
        self.assertIn('Placed 3 of 4 instances', str(e))
        self.assertRegex(str(e), 'ServerGroupAntiAffinityFilter [0-9]+\u21920: '
                         'server group .* has the anti-affinity policy')
        self.assertEqual(0, base._allocation_count())

    def test_anti_affinity_max_server_per_host(self):
        spec = _spec('anti-affinity', rules={'max_server_per_host': 2},
                     count=6)
        hosts = self._hosts(spec, 6)
        self.assertEqual({'small': 2, 'medium': 2, 'big': 2},
                         {h: hosts.count(h) for h in set(hosts)})

    def test_anti_affinity_avoids_members_placed_before(self):
        spec = _spec('anti-affinity', hosts=['big', 'medium'], count=1)
        self.assertEqual(['small'], self._hosts(spec, 1))

    def test_affinity_keeps_them_together(self):
        # Spreading by RAM would put each on another host.
        spec = _spec('affinity', count=3)
        self.assertEqual(1, len(set(self._hosts(spec, 3))))

    def test_affinity_follows_members_placed_before(self):
        spec = _spec('affinity', hosts=['small'], count=2)
        self.assertEqual(['small', 'small'], self._hosts(spec, 2))

    def test_soft_anti_affinity_spreads_against_the_ram_weigher(self):
        # Stacking by RAM would put all three on one host.
        spec = _spec('soft-anti-affinity', count=3)
        self.assertEqual(3, len(set(self._hosts(
            spec, 3, ram_weight_multiplier=-1.0, cpu_weight_multiplier=0.0,
            soft_anti_affinity_weight_multiplier=10.0))))

    def test_soft_anti_affinity_shares_hosts_when_it_must(self):
        spec = _spec('soft-anti-affinity', count=5)
        hosts = self._hosts(spec, 5)
        self.assertEqual({'small', 'medium', 'big'}, set(hosts))

    def test_soft_affinity_stacks_against_the_ram_weigher(self):
        spec = _spec('soft-affinity', count=3)
        self.assertEqual(1, len(set(self._hosts(
            spec, 3, soft_affinity_weight_multiplier=10.0))))

    def test_without_a_group_ram_spreads(self):
        spec = fakes.request_spec_obj(num_instances=3, memory_mb=3072)
        self.assertEqual(1, len(set(self._hosts(spec, 1))))
        self.assertGreater(len(set(self._hosts(spec, 3))), 1)
