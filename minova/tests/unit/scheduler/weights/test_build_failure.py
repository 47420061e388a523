import testtools

from minova.scheduler import weights
from minova.scheduler.weights import build_failure
from minova.scheduler.weights import ram
from minova.tests import fixtures as minova_fixtures
from minova.tests.unit.scheduler import fakes


class TestBuildFailureWeigher(testtools.TestCase):
    def setUp(self):
        super().setUp()
        self.conf = self.useFixture(minova_fixtures.ConfFixture()).conf
        self.spec = fakes.request_spec_obj()
        # 'failing' has the most free RAM, but its builds keep failing.
        self.hosts = [
            fakes.host_state('failing', memory_mb=8192, failed_builds=3),
            fakes.host_state('ok', memory_mb=2048),
            fakes.host_state('once', memory_mb=4096, failed_builds=1)]
        self.weigher = build_failure.BuildFailureWeigher(self.conf)

    def test_raw_weight_is_the_failures_and_the_multiplier_negative(self):
        self.assertEqual(([3, 0, 1], [-1000000.0] * 3), fakes.weigh_hosts(
            self.weigher, self.hosts, self.spec))

    def test_outweighs_free_ram_by_default(self):
        weighed = weights.get_weighed_hosts(
            [ram.RAMWeigher(self.conf), self.weigher], self.hosts, self.spec)
        self.assertEqual(['ok', 'once', 'failing'],
                         [w.obj.host for w in weighed])

    def test_zero_multiplier_ignores_failures(self):
        self.conf.set_override('build_failure_weight_multiplier', 0.0,
                               group='filter_scheduler')
        weighed = weights.get_weighed_hosts(
            [ram.RAMWeigher(self.conf), self.weigher], self.hosts, self.spec)
        self.assertEqual(['failing', 'once', 'ok'],
                         [w.obj.host for w in weighed])
