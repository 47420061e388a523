import testtools

from minova.scheduler import weights
from minova.scheduler.weights import ram
from minova.tests import fixtures as minova_fixtures
from minova.tests.unit.scheduler import fakes


class TestRAMWeigher(testtools.TestCase):
    def setUp(self):
        super().setUp()
        self.conf = self.useFixture(minova_fixtures.ConfFixture()).conf
        self.spec = fakes.request_spec_obj()
        # Free RAM (physical, no ratio): a 1024, b 3072, c 2048 MB.
        self.hosts = [
            fakes.host_state('a', memory_mb=2048, memory_mb_used=1024,
                             ram_allocation_ratio=1.5),
            fakes.host_state('b', memory_mb=4096, reserved_host_memory_mb=512,
                             memory_mb_used=512),
            fakes.host_state('c', memory_mb=2048)]

    def _weigh(self):
        weighed = weights.get_weighed_hosts([ram.RAMWeigher(self.conf)],
                                            self.hosts, self.spec)
        return [(w.obj.host, w.weight) for w in weighed]

    def test_raw_weight_is_free_ram(self):
        weigher = ram.RAMWeigher(self.conf)
        self.assertEqual([1024, 3072, 2048],
                         fakes.weigh_hosts(weigher, self.hosts, self.spec)[0])
        self.assertEqual(3072, weigher._weigh_object(self.hosts[1], self.spec))

    def test_spreads_by_default(self):
        self.assertEqual([('b', 1.0), ('c', 0.5), ('a', 0.0)], self._weigh())

    def test_negative_multiplier_stacks(self):
        self.conf.set_override('ram_weight_multiplier', -2.0,
                               group='filter_scheduler')
        self.assertEqual([('a', 0.0), ('c', -1.0), ('b', -2.0)],
                         self._weigh())
