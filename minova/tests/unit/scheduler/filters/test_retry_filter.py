import testtools

from minova.scheduler.filters import retry_filter
from minova.tests import fixtures as minova_fixtures
from minova.tests.unit.scheduler import fakes


class TestRetryFilter(testtools.TestCase):
    def setUp(self):
        super().setUp()
        conf = self.useFixture(minova_fixtures.ConfFixture()).conf
        self.filt = retry_filter.RetryFilter(conf)
        self.hosts = [fakes.host_state(name) for name in ('a', 'b', 'c')]

    def test_no_retry_passes_all(self):
        spec = fakes.request_spec_obj()
        self.assertEqual(self.hosts, fakes.filter_hosts(self.filt, self.hosts, spec))
        self.assertTrue(self.filt.host_passes(self.hosts[0], spec))

    def test_excludes_tried_hosts(self):
        spec = fakes.request_spec_obj(retry=fakes.retries('a', 'c'))
        self.assertEqual([self.hosts[1]],
                         fakes.filter_hosts(self.filt, self.hosts, spec))
        self.assertFalse(self.filt.host_passes(self.hosts[0], spec))
        self.assertTrue(self.filt.host_passes(self.hosts[1], spec))

    def test_all_tried(self):
        spec = fakes.request_spec_obj(retry=fakes.retries('a', 'b', 'c'))
        self.assertEqual([], fakes.filter_hosts(self.filt, self.hosts, spec))
        self.assertEqual('the build already failed on every host left (3 '
                         'tried)',
                         self.filt.rejection_reason(fakes.hosts(self.hosts), spec))
