import testtools

from minova.scheduler import weights
from minova.scheduler.weights import num_instances
from minova.tests import fixtures as minova_fixtures
from minova.tests.unit.scheduler import fakes


class TestNumInstancesWeigher(testtools.TestCase):
    def setUp(self):
        super().setUp()
        self.conf = self.useFixture(minova_fixtures.ConfFixture()).conf
        self.spec = fakes.request_spec_obj()
        self.hosts = [fakes.host_state(name, running_vms=n)
                      for name, n in (('a', 2), ('b', 0), ('c', 4))]
        self.weigher = num_instances.NumInstancesWeigher(self.conf)

    def _weigh(self):
        weighed = weights.get_weighed_hosts([self.weigher], self.hosts,
                                            self.spec)
        return [(w.obj.host, w.weight) for w in weighed]

    def test_raw_weight_is_the_instance_count(self):
        self.assertEqual(([2, 0, 4], [0, 0, 0]), fakes.weigh_hosts(
            self.weigher, self.hosts, self.spec))

    def test_ignored_by_default(self):
        self.assertEqual([('a', 0.0), ('b', 0.0), ('c', 0.0)], self._weigh())

    def test_positive_packs(self):
        self.conf.set_override('num_instances_weight_multiplier', 1.0,
                               group='filter_scheduler')
        self.assertEqual([('c', 1.0), ('a', 0.5), ('b', 0.0)], self._weigh())

    def test_negative_spreads(self):
        self.conf.set_override('num_instances_weight_multiplier', -1.0,
                               group='filter_scheduler')
        self.assertEqual([('b', 0.0), ('a', -0.5), ('c', -1.0)],
                         self._weigh())
