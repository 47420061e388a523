import testtools

from minova.scheduler.filters import disk_filter
from minova.tests import fixtures as minova_fixtures
from minova.tests.unit.scheduler import fakes


class TestDiskFilter(testtools.TestCase):
    def setUp(self):
        super().setUp()
        conf = self.useFixture(minova_fixtures.ConfFixture()).conf
        self.filt = disk_filter.DiskFilter(conf)

    def _host(self, **kwargs):
        # 100 GB * 1.0 - 2048 MB reserved - 50 GB used = 48 GB usable.
        values = dict(local_gb=100, disk_allocation_ratio=1.0,
                      reserved_host_disk_mb=2048, local_gb_used=50)
        values.update(kwargs)
        return fakes.host_state(**values)

    def test_passes_at_boundary(self):
        spec = fakes.request_spec_obj(root_gb=40, ephemeral_gb=8)
        self.assertTrue(self.filt.host_passes(self._host(), spec))
        self.assertEqual(1, len(fakes.filter_hosts(self.filt, [self._host()], spec)))

    def test_fails_one_gb_over(self):
        spec = fakes.request_spec_obj(root_gb=40, ephemeral_gb=9)
        self.assertFalse(self.filt.host_passes(self._host(), spec))
        self.assertEqual([], fakes.filter_hosts(self.filt, [self._host()], spec))

    def test_swap_counts_in_whole_gb(self):
        # 47 GB + 1 MB of swap is 48 GB: fits; + 1025 MB is 49 GB: does not.
        self.assertTrue(self.filt.host_passes(
            self._host(), fakes.request_spec_obj(root_gb=47, swap=1)))
        spec = fakes.request_spec_obj(root_gb=47, swap=1025)
        self.assertFalse(self.filt.host_passes(self._host(), spec))
        self.assertEqual(
            'flavor needs 49 GB disk (root 47 + ephemeral 0 GB + swap 1025 '
            'MB rounded up), at most 48.0 GB usable on any host',
            self.filt.rejection_reason(fakes.hosts([self._host()]), spec))

    def test_allocation_ratio(self):
        # 100 GB * 2.0 - 2 GB reserved - 150 GB used = 48 GB usable.
        host = self._host(disk_allocation_ratio=2.0, local_gb_used=150)
        self.assertTrue(self.filt.host_passes(
            host, fakes.request_spec_obj(root_gb=48)))
        self.assertFalse(self.filt.host_passes(
            host, fakes.request_spec_obj(root_gb=49)))

    def test_no_disk_asked_passes_a_full_host(self):
        host = self._host(local_gb_used=200)
        spec = fakes.request_spec_obj(root_gb=0)
        self.assertTrue(self.filt.host_passes(host, spec))
        self.assertEqual([host], fakes.filter_hosts(self.filt, [host], spec))
