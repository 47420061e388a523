"""Options a scheduler plugin registers for itself, on the config object
the scheduler builds it with: read from the config file, and checked at
start like minova's own."""

import os

import fixtures
from oslo_config import cfg
import testtools

from minova import exception
from minova.scheduler import host_manager
from minova.scheduler import weights
from minova.tests import fixtures as minova_fixtures
from minova.tests.unit import test_plugins

GROUP = 'acme_weigher'
OPTS = [cfg.FloatOpt('preference', default=0.0)]


class EagerWeigher(weights.BaseHostWeigher):
    """Registers its option and reads it when built."""

    def __init__(self, conf):
        super().__init__(conf)
        conf.register_opts(OPTS, group=GROUP)
        self.preference = conf.acme_weigher.preference

    def _weigh_object(self, host_state, weight_properties):
        return self.preference


class LazyWeigher(weights.BaseHostWeigher):
    """Registers its option when built and reads it on each request."""

    def __init__(self, conf):
        super().__init__(conf)
        conf.register_opts(OPTS, group=GROUP)

    def _weigh_object(self, host_state, weight_properties):
        return self.conf.acme_weigher.preference


class TestPluginOptions(testtools.TestCase):

    def setUp(self):
        super().setUp()
        self.useFixture(test_plugins.PluginPackageFixture({
            'minova.scheduler.weighers': {
                'EagerWeigher': __name__ + ':EagerWeigher',
                'LazyWeigher': __name__ + ':LazyWeigher'}}))

    def _host_manager(self, weigher, value):
        path = os.path.join(self.useFixture(fixtures.TempDir()).path,
                            'minova.conf')
        with open(path, 'w') as f:
            f.write('[filter_scheduler]\nweight_classes = %s\n'
                    '[%s]\npreference = %s\n' % (weigher, GROUP, value))
        conf = self.useFixture(minova_fixtures.ConfFixture(
            config_files=[path])).conf
        return host_manager.HostManager(conf)

    def test_values_come_from_the_config_file(self):
        for weigher in ('EagerWeigher', 'LazyWeigher'):
            [plugin] = self._host_manager(weigher, '2.5').weighers
            self.assertEqual(2.5, plugin._weigh_object(None, None), weigher)

    def test_bad_value_read_when_built_names_the_option(self):
        error = self.assertRaises(exception.ConfigValueError,
                                  self._host_manager, 'EagerWeigher', 'high')
        self.assertIn('[acme_weigher] preference', str(error))
        self.assertIn('high', str(error))

    def test_bad_value_read_later_stops_the_start_too(self):
        # Not in the middle of a request minutes later.
        error = self.assertRaises(exception.ConfigValueError,
                                  self._host_manager, 'LazyWeigher', 'high')
        self.assertIn('[acme_weigher] preference', str(error))
