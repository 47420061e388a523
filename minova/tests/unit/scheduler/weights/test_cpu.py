import testtools

from minova.scheduler import weights
from minova.scheduler.weights import cpu
from minova.tests import fixtures as minova_fixtures
from minova.tests.unit.scheduler import fakes


class TestCPUWeigher(testtools.TestCase):
    def setUp(self):
        super().setUp()
        self.conf = self.useFixture(minova_fixtures.ConfFixture()).conf
        self.spec = fakes.request_spec_obj()
        # Free vCPUs (with the ratio): a 8, b 2, c 5.
        self.hosts = [
            fakes.host_state('a', vcpus=4, cpu_allocation_ratio=4.0,
                             vcpus_used=8),
            fakes.host_state('b', vcpus=4, vcpus_used=2),
            fakes.host_state('c', vcpus=10, cpu_allocation_ratio=0.5)]

    def _weigh(self):
        weighed = weights.get_weighed_hosts([cpu.CPUWeigher(self.conf)],
                                            self.hosts, self.spec)
        return [(w.obj.host, w.weight) for w in weighed]

    def test_raw_weight_is_free_vcpus(self):
        weigher = cpu.CPUWeigher(self.conf)
        self.assertEqual([8, 2, 5],
                         fakes.weigh_hosts(weigher, self.hosts, self.spec)[0])
        self.assertEqual(5, weigher._weigh_object(self.hosts[2], self.spec))

    def test_spreads_by_default(self):
        self.assertEqual([('a', 1.0), ('c', 0.5), ('b', 0.0)], self._weigh())

    def test_negative_multiplier_stacks(self):
        self.conf.set_override('cpu_weight_multiplier', -1.0,
                               group='filter_scheduler')
        self.assertEqual([('b', 0.0), ('c', -0.5), ('a', -1.0)],
                         self._weigh())
