import datetime

from oslo_utils import timeutils
import testtools

from minova.scheduler.filters import compute_filter
from minova.tests import fixtures as minova_fixtures
from minova.tests.unit.scheduler import fakes


class TestComputeFilter(testtools.TestCase):
    def setUp(self):
        super().setUp()
        conf = self.useFixture(minova_fixtures.ConfFixture(
            service_down_time=60)).conf
        self.filt = compute_filter.ComputeFilter(conf)
        self.spec = fakes.request_spec_obj()

    def _host(self, seconds_ago=0, **service_values):
        last = timeutils.utcnow() - datetime.timedelta(seconds=seconds_ago)
        return fakes.host_state(service=fakes.service(last_seen_up=last,
                                                      **service_values))

    def test_up_and_enabled_passes(self):
        self.assertTrue(self.filt.host_passes(self._host(50), self.spec))
        self.assertEqual(1, len(fakes.filter_hosts(
            self.filt, [self._host(50)], self.spec)))

    def test_disabled_fails(self):
        host = self._host(disabled=True)
        self.assertFalse(self.filt.host_passes(host, self.spec))
        self.assertEqual([], fakes.filter_hosts(self.filt, [host], self.spec))

    def test_down_fails(self):
        host = self._host(70)
        self.assertFalse(self.filt.host_passes(host, self.spec))
        self.assertEqual([], fakes.filter_hosts(self.filt, [host], self.spec))

    def test_forced_down_fails(self):
        host = self._host(forced_down=True)
        self.assertFalse(self.filt.host_passes(host, self.spec))

    def test_no_service_fails(self):
        host = fakes.host_state(service=None)
        self.assertFalse(self.filt.host_passes(host, self.spec))

    def test_runs_once_per_request(self):
        self.assertTrue(self.filt.run_filter_for_index(0))
        self.assertFalse(self.filt.run_filter_for_index(1))

    def test_rejection_reason_counts(self):
        hosts = [self._host(disabled=True), self._host(70), self._host(90),
                 fakes.host_state(service=None)]
        self.assertEqual([], fakes.filter_hosts(self.filt, hosts, self.spec))
        self.assertEqual(
            'no compute service is enabled and up: 1 disabled, 2 down (no '
            'heartbeat for 60 s, or forced down), 1 without a compute '
            'service', self.filt.rejection_reason(fakes.hosts(hosts), self.spec))
