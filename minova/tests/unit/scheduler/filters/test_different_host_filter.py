"""DifferentHostFilter, over servers written to a real database."""

from minova.scheduler.filters import different_host_filter
from minova.tests.unit.scheduler.filters import test_same_host_filter


class TestDifferentHostFilter(test_same_host_filter.HostHintTestCase):
    filter_class = different_host_filter.DifferentHostFilter
    hint = 'different_host'

    def test_hosts_running_none_of_the_servers(self):
        self.assertEqual(['b', 'c'], self.passing(self.spec(self.on_a)))
        self.assertEqual(['b'],
                         self.passing(self.spec(self.on_a, self.on_c)))

    def test_no_hint_or_unplaced_servers_pass_all(self):
        self.assertEqual(['a', 'b', 'c'], self.passing(self.spec()))
        self.assertEqual(['a', 'b', 'c'],
                         self.passing(self.spec(self.unplaced)))

    def test_rejection_reason(self):
        reason = self.filt.rejection_reason(self.hosts[:1],
                                            self.spec(self.on_a))
        self.assertEqual('each of the 1 hosts left runs a server of the '
                         'different_host hint', reason)
