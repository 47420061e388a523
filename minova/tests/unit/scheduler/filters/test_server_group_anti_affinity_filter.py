import testtools

from minova.scheduler.filters import server_group_anti_affinity_filter
from minova.tests import fixtures as minova_fixtures
from minova.tests.unit.scheduler import fakes
from minova.tests.unit.scheduler.filters import (
    test_server_group_affinity_filter as affinity_test)

group_spec = affinity_test.group_spec


class TestServerGroupAntiAffinityFilter(testtools.TestCase):
    def setUp(self):
        super().setUp()
        conf = self.useFixture(minova_fixtures.ConfFixture()).conf
        self.filt = (server_group_anti_affinity_filter.
                     ServerGroupAntiAffinityFilter(conf))
        self.hosts = [fakes.host_state(name) for name in ('a', 'b', 'c')]

    def passing(self, spec):
        """The hosts that pass, asked per host and all at once."""
        return [h.host for h in fakes.filter_hosts(self.filt, self.hosts,
                                                   spec)]

    def test_not_the_hosts_of_the_members(self):
        self.assertEqual(['a', 'b', 'c'],
                         self.passing(group_spec('anti-affinity')))
        self.assertEqual(['a', 'c'],
                         self.passing(group_spec('anti-affinity', ['b'])))
        self.assertEqual([], self.passing(
            group_spec('anti-affinity', ['c', 'b', 'a'])))

    def test_max_server_per_host(self):
        spec = group_spec('anti-affinity', ['a', 'a', 'b'],
                          rules={'max_server_per_host': 2})
        self.assertEqual(['b', 'c'], self.passing(spec))
        spec = group_spec('anti-affinity', ['a', 'a', 'a', 'b'],
                          rules={'max_server_per_host': 3})
        self.assertEqual(['b', 'c'], self.passing(spec))

    def test_other_policies_and_no_group_pass_all(self):
        for policy in ('affinity', 'soft-affinity', 'soft-anti-affinity'):
            self.assertEqual(['a', 'b', 'c'],
                             self.passing(group_spec(policy, ['a', 'b'])))
        self.assertEqual(['a', 'b', 'c'],
                         self.passing(fakes.request_spec_obj()))

    def test_runs_for_every_instance(self):
        self.assertTrue(self.filt.run_filter_for_index(2))

    def test_rejection_reason_names_the_group_and_the_rule(self):
        spec = group_spec('anti-affinity', ['a', 'a', 'b', 'b'],
                          rules={'max_server_per_host': 2})
        reason = self.filt.rejection_reason(self.hosts[:2], spec)
        self.assertEqual(
            'server group 5bbcc3c4-1da2-4437-a48a-66f15b1b13f9 has the '
            'anti-affinity policy, and each of the 2 hosts left already '
            'runs 2 of its members (its max_server_per_host)', reason)
