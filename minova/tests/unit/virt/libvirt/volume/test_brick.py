"""os-brick's global settings, defaulted for a compute."""

import os

import fixtures
from oslo_config import cfg
from oslo_config import fixture as config_fixture
import testtools

from minova.tests.unit.virt import fakes
from minova.virt.libvirt.volume import brick


class BrickSetupTestCase(testtools.TestCase):

    def setUp(self):
        super().setUp()
        self.useFixture(config_fixture.Config(cfg.CONF))
        cfg.CONF.set_default('lock_path', None, group='os_brick')
        cfg.CONF.set_default('helper_command', None, group='privsep_osbrick')
        self.state_path = self.useFixture(fixtures.TempDir()).path
        self.conf = fakes.make_conf(state_path=self.state_path)

    def test_lock_path_under_the_state_path(self):
        brick.setup(self.conf)
        self.assertEqual(os.path.join(self.state_path, 'locks'),
                         cfg.CONF.os_brick.lock_path)

    def test_a_value_already_set_wins(self):
        cfg.CONF.set_override('lock_path', '/srv/locks', group='os_brick')
        cfg.CONF.set_override('helper_command', 'sudo privsep-helper',
                              group='privsep_osbrick')
        brick.setup(self.conf)
        self.assertEqual('/srv/locks', cfg.CONF.os_brick.lock_path)
        self.assertEqual('sudo privsep-helper',
                         cfg.CONF.privsep_osbrick.helper_command)

    def test_root_starts_the_privileged_helper_without_sudo(self):
        self.useFixture(fixtures.MockPatch('os.geteuid', return_value=0))
        brick.setup(self.conf)
        helper = cfg.CONF.privsep_osbrick.helper_command
        self.assertEqual(brick.privsep_helper(), helper)
        self.assertTrue(helper.endswith('privsep-helper'))
        self.assertTrue(os.access(helper, os.X_OK))

    def test_other_users_keep_sudo(self):
        self.useFixture(fixtures.MockPatch('os.geteuid', return_value=1000))
        brick.setup(self.conf)
        self.assertIsNone(cfg.CONF.privsep_osbrick.helper_command)
