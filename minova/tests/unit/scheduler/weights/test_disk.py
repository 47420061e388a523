import testtools

from minova.scheduler import weights
from minova.scheduler.weights import disk
from minova.tests import fixtures as minova_fixtures
from minova.tests.unit.scheduler import fakes


class TestDiskWeigher(testtools.TestCase):
    def setUp(self):
        super().setUp()
        self.conf = self.useFixture(minova_fixtures.ConfFixture()).conf
        self.spec = fakes.request_spec_obj()
        # Free disk (physical, no ratio): a 10 GB, b 40 GB, c 25 GB.
        self.hosts = [
            fakes.host_state('a', local_gb=20, local_gb_used=10,
                             disk_allocation_ratio=3.0),
            fakes.host_state('b', local_gb=41, reserved_host_disk_mb=1024),
            fakes.host_state('c', local_gb=25)]

    def _weigh(self):
        weighed = weights.get_weighed_hosts([disk.DiskWeigher(self.conf)],
                                            self.hosts, self.spec)
        return [(w.obj.host, w.weight) for w in weighed]

    def test_raw_weight_is_free_disk_mb(self):
        self.assertEqual([10240, 40960, 25600], fakes.weigh_hosts(
            disk.DiskWeigher(self.conf), self.hosts, self.spec)[0])

    def test_spreads_by_default(self):
        self.assertEqual([('b', 1.0), ('c', 0.5), ('a', 0.0)], self._weigh())

    def test_negative_multiplier_stacks(self):
        self.conf.set_override('disk_weight_multiplier', -2.0,
                               group='filter_scheduler')
        self.assertEqual([('a', 0.0), ('c', -1.0), ('b', -2.0)],
                         self._weigh())
