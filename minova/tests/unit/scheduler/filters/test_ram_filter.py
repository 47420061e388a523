import testtools

from minova.scheduler.filters import ram_filter
from minova.tests import fixtures as minova_fixtures
from minova.tests.unit.scheduler import fakes


class TestRamFilter(testtools.TestCase):
    def setUp(self):
        super().setUp()
        conf = self.useFixture(minova_fixtures.ConfFixture()).conf
        self.filt = ram_filter.RamFilter(conf)

    def _host(self, **kwargs):
        # 4096 MB * 1.5 - 512 reserved - 1024 used = 4608 MB usable.
        values = dict(memory_mb=4096, ram_allocation_ratio=1.5,
                      reserved_host_memory_mb=512, memory_mb_used=1024)
        values.update(kwargs)
        return fakes.host_state(**values)

    def test_passes_at_boundary(self):
        spec = fakes.request_spec_obj(memory_mb=4608)
        self.assertTrue(self.filt.host_passes(self._host(), spec))
        self.assertEqual(1, len(fakes.filter_hosts(self.filt, [self._host()], spec)))

    def test_fails_one_mb_over(self):
        spec = fakes.request_spec_obj(memory_mb=4609)
        self.assertFalse(self.filt.host_passes(self._host(), spec))
        self.assertEqual([], fakes.filter_hosts(self.filt, [self._host()], spec))

    def test_filter_all_agrees_with_host_passes(self):
        hosts = [self._host(memory_mb_used=used)
                 for used in (0, 1024, 2048, 3072, 4096)]
        spec = fakes.request_spec_obj(memory_mb=3584)
        self.assertEqual([h for h in hosts if self.filt.host_passes(h, spec)],
                         fakes.filter_hosts(self.filt, hosts, spec))
        self.assertEqual(3, len(fakes.filter_hosts(self.filt, hosts, spec)))

    def test_rejection_reason_gives_numbers(self):
        spec = fakes.request_spec_obj(memory_mb=8192)
        reason = self.filt.rejection_reason(fakes.hosts(
            [self._host(), self._host(memory_mb_used=2048)]), spec)
        self.assertEqual('flavor needs 8192 MB RAM, at most 4608 MB usable '
                         'on any host', reason)
