import testtools

from minova.scheduler.filters import availability_zone_filter
from minova.tests import fixtures as minova_fixtures
from minova.tests.unit.scheduler import fakes


class TestAvailabilityZoneFilter(testtools.TestCase):
    def setUp(self):
        super().setUp()
        conf = self.useFixture(minova_fixtures.ConfFixture()).conf
        self.filt = availability_zone_filter.AvailabilityZoneFilter(conf)
        self.hosts = [fakes.host_state('a', availability_zone='nova'),
                      fakes.host_state('b', availability_zone='az2')]

    def test_no_zone_asked_passes_all(self):
        spec = fakes.request_spec_obj()
        self.assertEqual(self.hosts, fakes.filter_hosts(self.filt, self.hosts, spec))
        self.assertTrue(self.filt.host_passes(self.hosts[1], spec))

    def test_zone_asked(self):
        spec = fakes.request_spec_obj(availability_zone='az2')
        self.assertEqual([self.hosts[1]],
                         fakes.filter_hosts(self.filt, self.hosts, spec))
        self.assertFalse(self.filt.host_passes(self.hosts[0], spec))
        self.assertTrue(self.filt.host_passes(self.hosts[1], spec))

    def test_unknown_zone(self):
        spec = fakes.request_spec_obj(availability_zone='az9')
        self.assertEqual([], fakes.filter_hosts(self.filt, self.hosts, spec))
        self.assertEqual("request asks for availability zone 'az9', hosts "
                         "are in az2, nova",
                         self.filt.rejection_reason(fakes.hosts(self.hosts), spec))

    def test_runs_once_per_request(self):
        self.assertFalse(self.filt.run_filter_for_index(1))
