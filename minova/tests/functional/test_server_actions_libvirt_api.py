"""The server life cycle over HTTP on the libvirt driver, against libvirt's
in-process test hypervisor (``test:///default``): every power action, and
what the domain looks like after each."""

import testtools

from minova.tests.functional import test_server_actions_api

try:
    import libvirt
except ImportError:  # pragma: no cover - libvirt-python is optional
    libvirt = None

LIBVIRT = {'compute_hosts': ['host1'],
           'compute_driver': 'libvirt.LibvirtDriver',
           'libvirt.connection_uri': 'test:///default'}


@testtools.skipIf(libvirt is None, 'libvirt-python is not installed')
class TestPowerActionsOnLibvirt(test_server_actions_api.TestPowerActions):
    overrides = LIBVIRT
    suspended_power_state = 4

    def setUp(self):
        super().setUp()
        self.conn = libvirt.open('test:///default')
        self.addCleanup(self.conn.close)
        self.domain = self.conn.lookupByName(
            self.server['OS-EXT-SRV-ATTR:instance_name'])

    def _domain_state(self):
        return self.domain.state()[0]

    def test_the_domain_follows_each_action(self):
        self.act_and_wait('os-stop', 'SHUTOFF')
        self.assertEqual(libvirt.VIR_DOMAIN_SHUTOFF, self._domain_state())
        self.act_and_wait('os-start', 'ACTIVE')
        self.assertEqual(libvirt.VIR_DOMAIN_RUNNING, self._domain_state())
        self.act_and_wait('pause', 'PAUSED')
        self.assertEqual(libvirt.VIR_DOMAIN_PAUSED, self._domain_state())
        self.act_and_wait('unpause', 'ACTIVE')
        # Suspend is libvirt's managed save: off, with its memory on disk.
        server = self.act_and_wait('suspend', 'SUSPENDED')
        self.assertEqual(libvirt.VIR_DOMAIN_SHUTOFF, self._domain_state())
        self.assertTrue(self.domain.hasManagedSaveImage(0))
        self.assertEqual(4, server['OS-EXT-STS:power_state'])
        self.act_and_wait('resume', 'ACTIVE')
        self.assertEqual(libvirt.VIR_DOMAIN_RUNNING, self._domain_state())
        self.assertFalse(self.domain.hasManagedSaveImage(0))
        self.act_and_wait('reboot', 'ACTIVE', {'type': 'HARD'})
        self.assertEqual(libvirt.VIR_DOMAIN_RUNNING, self._domain_state())


@testtools.skipIf(libvirt is None, 'libvirt-python is not installed')
class TestRefusedActionsOnLibvirt(
        test_server_actions_api.TestRefusedActions):
    overrides = LIBVIRT
