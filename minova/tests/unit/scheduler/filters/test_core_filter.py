import testtools

from minova.scheduler.filters import core_filter
from minova.tests import fixtures as minova_fixtures
from minova.tests.unit.scheduler import fakes


class TestCoreFilter(testtools.TestCase):
    def setUp(self):
        super().setUp()
        conf = self.useFixture(minova_fixtures.ConfFixture()).conf
        self.filt = core_filter.CoreFilter(conf)

    def _host(self, **kwargs):
        # 4 CPUs * 2.0 - 5 used = 3 usable.
        values = dict(vcpus=4, cpu_allocation_ratio=2.0, vcpus_used=5)
        values.update(kwargs)
        return fakes.host_state(**values)

    def test_passes_at_boundary(self):
        spec = fakes.request_spec_obj(vcpus=3)
        self.assertTrue(self.filt.host_passes(self._host(), spec))
        self.assertEqual(1, len(fakes.filter_hosts(self.filt, [self._host()], spec)))

    def test_fails_one_over(self):
        spec = fakes.request_spec_obj(vcpus=4)
        self.assertFalse(self.filt.host_passes(self._host(), spec))
        self.assertEqual([], fakes.filter_hosts(self.filt, [self._host()], spec))
        self.assertEqual('flavor needs 4 vCPUs, at most 3 usable on any host',
                         self.filt.rejection_reason(fakes.hosts([self._host()]), spec))

    def test_fractional_ratio(self):
        # 3 CPUs * 1.5 = 4.5 usable: 4 fit, 5 do not.
        host = self._host(vcpus=3, cpu_allocation_ratio=1.5, vcpus_used=0)
        self.assertTrue(self.filt.host_passes(
            host, fakes.request_spec_obj(vcpus=3)))
        host = self._host(vcpus=3, cpu_allocation_ratio=1.5, vcpus_used=1)
        self.assertTrue(self.filt.host_passes(
            host, fakes.request_spec_obj(vcpus=3)))
        host = self._host(vcpus=3, cpu_allocation_ratio=1.5, vcpus_used=2)
        self.assertFalse(self.filt.host_passes(
            host, fakes.request_spec_obj(vcpus=3)))

    def test_never_more_vcpus_than_host_cpus(self):
        host = self._host(vcpus=4, cpu_allocation_ratio=16.0, vcpus_used=0)
        spec = fakes.request_spec_obj(vcpus=5)
        self.assertFalse(self.filt.host_passes(host, spec))
        self.assertEqual([], fakes.filter_hosts(self.filt, [host], spec))
        self.assertEqual('flavor needs 5 vCPUs, no host has more than 4 CPUs',
                         self.filt.rejection_reason(fakes.hosts([host]), spec))
