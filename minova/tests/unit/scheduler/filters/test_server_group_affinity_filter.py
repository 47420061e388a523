import testtools

from minova.objects import instance_group
from minova.scheduler.filters import server_group_affinity_filter
from minova.tests import fixtures as minova_fixtures
from minova.tests.unit.scheduler import fakes


def group_spec(policy, hosts=(), rules=None):
    """A request in a server group of ``policy`` whose members run on
    ``hosts`` (one entry per member)."""
    group = instance_group.InstanceGroup(
        uuid='5bbcc3c4-1da2-4437-a48a-66f15b1b13f9', policy=policy,
        rules=rules or {}, members=[], hosts=list(hosts))
    return fakes.request_spec_obj(instance_group=group)


class TestServerGroupAffinityFilter(testtools.TestCase):
    def setUp(self):
        super().setUp()
        conf = self.useFixture(minova_fixtures.ConfFixture()).conf
        self.filt = server_group_affinity_filter.ServerGroupAffinityFilter(
            conf)
        self.hosts = [fakes.host_state(name) for name in ('a', 'b', 'c')]

    def passing(self, spec):
        """The hosts that pass, asked per host and all at once."""
        return [h.host for h in fakes.filter_hosts(self.filt, self.hosts,
                                                   spec)]

    def test_only_the_hosts_of_the_members(self):
        self.assertEqual(['b'], self.passing(group_spec('affinity', ['b'])))
        self.assertEqual(['a', 'c'], self.passing(
            group_spec('affinity', ['c', 'a', 'c'])))

    def test_first_member_goes_anywhere(self):
        self.assertEqual(['a', 'b', 'c'],
                         self.passing(group_spec('affinity')))

    def test_other_policies_and_no_group_pass_all(self):
        for policy in ('anti-affinity', 'soft-affinity',
                       'soft-anti-affinity'):
            self.assertEqual(['a', 'b', 'c'],
                             self.passing(group_spec(policy, ['b'])))
        self.assertEqual(['a', 'b', 'c'],
                         self.passing(fakes.request_spec_obj()))
        self.assertEqual(['a', 'b', 'c'], self.passing(
            fakes.request_spec_obj(instance_group=None)))

    def test_runs_for_every_instance(self):
        self.assertTrue(self.filt.run_filter_for_index(2))

    def test_rejection_reason_names_the_group_not_hosts(self):
        spec = group_spec('affinity', ['elsewhere'])
        self.assertEqual([], self.passing(spec))
        reason = self.filt.rejection_reason(self.hosts, spec)
        self.assertIn('5bbcc3c4-1da2-4437-a48a-66f15b1b13f9', reason)
        self.assertIn('affinity', reason)
        self.assertNotIn('elsewhere', reason)
