"""The filter base class and the filter handler."""

import testtools

from minova.scheduler import filters
from minova.tests import fixtures as minova_fixtures
from minova.tests.unit.scheduler import fakes


class EvenInstancesFilter(filters.BaseHostFilter):
    """A third-party filter that implements only host_passes."""

    def host_passes(self, host_state, spec_obj):
        return host_state.num_instances % 2 == 0


class NoneFilter(filters.BaseHostFilter):
    run_on_each_instance = False

    def host_passes(self, host_state, spec_obj):
        return False

    def rejection_reason(self, host_states, spec_obj):
        return 'nothing ever passes'


class TestBaseHostFilter(testtools.TestCase):
    def setUp(self):
        super().setUp()
        self.conf = self.useFixture(minova_fixtures.ConfFixture()).conf
        self.spec = fakes.request_spec_obj()
        self.hosts = [fakes.host_state(name, running_vms=n)
                      for name, n in (('a', 0), ('b', 1), ('c', 2))]

    def test_filter_all_defaults_to_host_passes(self):
        filt = EvenInstancesFilter(self.conf)
        self.assertEqual(['a', 'c'], [h.host for h in fakes.filter_hosts(
            filt, self.hosts, self.spec)])

    def test_run_filter_for_index(self):
        self.assertTrue(EvenInstancesFilter(self.conf).run_filter_for_index(3))
        self.assertTrue(NoneFilter(self.conf).run_filter_for_index(0))
        self.assertFalse(NoneFilter(self.conf).run_filter_for_index(1))

    def test_handler_records_each_step(self):
        result = filters.get_filtered_hosts(
            [EvenInstancesFilter(self.conf)], self.hosts, self.spec)
        self.assertEqual(['a', 'c'], [h.host for h in result.hosts])
        self.assertEqual([('EvenInstancesFilter', 3, 2)], result.steps)

    def test_handler_skips_once_per_request_filters_after_first(self):
        flt = [EvenInstancesFilter(self.conf), NoneFilter(self.conf)]
        self.assertEqual([], list(filters.get_filtered_hosts(
            flt, self.hosts, self.spec, index=0).hosts))
        self.assertEqual(2, len(filters.get_filtered_hosts(
            flt, self.hosts, self.spec, index=1).hosts))

    def test_explain_names_the_last_filter_and_earlier_ones(self):
        result = filters.get_filtered_hosts(
            [EvenInstancesFilter(self.conf), NoneFilter(self.conf)],
            self.hosts, self.spec)
        self.assertEqual('NoneFilter 2\u21920: nothing ever passes (before '
                         'it: EvenInstancesFilter 3\u21922)', result.explain())

    def test_explain_for_admins_names_the_hosts_turned_away(self):
        result = filters.get_filtered_hosts(
            [EvenInstancesFilter(self.conf), NoneFilter(self.conf)],
            self.hosts, self.spec)
        self.assertNotIn('a, c', result.explain())
        self.assertTrue(result.explain(host_names=True).endswith(
            '(before it: EvenInstancesFilter 3\u21922); it turned away '
            'a, c'), result.explain(host_names=True))

    def test_explain_for_admins_shows_ten_names(self):
        hosts = [fakes.host_state('h%02d' % i, running_vms=1)
                 for i in range(13)]
        result = filters.get_filtered_hosts(
            [EvenInstancesFilter(self.conf)], hosts, self.spec)
        self.assertTrue(result.explain(host_names=True).endswith(
            'h08, h09 and 3 more'), result.explain(host_names=True))

    def test_explain_without_hosts(self):
        result = filters.get_filtered_hosts([NoneFilter(self.conf)], [],
                                            self.spec)
        self.assertEqual('There are no compute nodes.', result.explain())
