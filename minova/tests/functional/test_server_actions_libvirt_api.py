"""The server life cycle over HTTP on the libvirt driver, against libvirt's
in-process test hypervisor (``test:///default``): every power action, and
what the domain looks like after each."""

import time

import testtools

from minova import context
from minova.objects import instance_fault
from minova.tests.functional import test_server_actions_api
from minova.tests.functional import test_server_shelve_api

try:
    import libvirt
except ImportError:  # pragma: no cover - libvirt-python is optional
    libvirt = None

LIBVIRT = {'compute_hosts': ['host1'],
           'compute_driver': 'libvirt.LibvirtDriver',
           'libvirt.connection_uri': 'test:///default'}


class DomainMixin:
    """``self.domain``: the libvirt domain of ``self.server``."""

    def setUp(self):
        super().setUp()
        self.conn = libvirt.open('test:///default')
        self.addCleanup(self.conn.close)
        self.domain = self.conn.lookupByName(
            self.server['OS-EXT-SRV-ATTR:instance_name'])


@testtools.skipIf(libvirt is None, 'libvirt-python is not installed')
class TestPowerActionsOnLibvirt(DomainMixin,
                                test_server_actions_api.TestPowerActions):
    overrides = LIBVIRT
    suspended_power_state = 4

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


@testtools.skipIf(libvirt is None, 'libvirt-python is not installed')
class TestPowerStateSyncOnLibvirt(DomainMixin,
                                  test_server_actions_api.ActionsTestBase):
    """The periodic sync against domains changed behind minova's back."""
    overrides = dict(LIBVIRT, sync_power_state_interval=1)

    def _wait_for(self, predicate, timeout=15):
        deadline = time.monotonic() + timeout
        while True:
            server = self.api.get('/servers/%s' % self.server_id).body[
                'server']
            if predicate(server):
                return server
            self.assertLess(time.monotonic(), deadline, server)
            time.sleep(0.1)

    def test_a_domain_shut_down_outside_minova_shows_shutoff(self):
        self.domain.destroy()
        server = self._wait_for(lambda s: s['status'] == 'SHUTOFF')
        self.assertEqual(4, server['OS-EXT-STS:power_state'])
        # And it starts again through the API.
        self.act_and_wait('os-start', 'ACTIVE')
        self.assertEqual(libvirt.VIR_DOMAIN_RUNNING, self.domain.state()[0])

    def test_a_domain_started_outside_minova_is_powered_off(self):
        self.act_and_wait('os-stop', 'SHUTOFF')
        self.domain.create()
        deadline = time.monotonic() + 15
        while self.domain.state()[0] != libvirt.VIR_DOMAIN_SHUTOFF:
            self.assertLess(time.monotonic(), deadline)
            time.sleep(0.1)
        # The sync records the running guest before powering it off, and
        # the shut-off one after: wait for the second write.
        server = self._wait_for(
            lambda s: s['OS-EXT-STS:power_state'] == 4)
        self.assertEqual('SHUTOFF', server['status'])

    def test_a_vanished_domain_is_reported(self):
        self.domain.destroy()
        self.domain.undefine()
        server = self._wait_for(
            lambda s: s['OS-EXT-STS:power_state'] == 0)
        self.assertEqual('ACTIVE', server['status'])
        # The fault is recorded (an ACTIVE server does not show it, as in
        # Nova); a delete still cleans up.
        faults = instance_fault.InstanceFault.get_latest_for_instance(
            context.get_admin_context(), self.server_id)
        self.assertIn('is gone from the hypervisor', faults.message)
        self.assertEqual(204, self.api.delete(
            '/servers/%s' % self.server_id).status)
        self.api.wait_for_deleted(self.server_id)


@testtools.skipIf(libvirt is None, 'libvirt-python is not installed')
class TestShelveOnLibvirt(DomainMixin, test_server_shelve_api.ShelveTestBase):
    overrides = LIBVIRT

    def test_shelve_removes_the_domain_and_unshelve_defines_it_again(self):
        server = self.act_and_wait('shelve', 'SHELVED_OFFLOADED')
        self.assertIsNone(server['OS-EXT-SRV-ATTR:host'])
        self.assertNotIn(self.domain.UUIDString(), [
            d.UUIDString() for d in self.conn.listAllDomains()])
        self.assertEqual('ACTIVE', self.shelved_image()['status'])
        server = self.act_and_wait('unshelve', 'ACTIVE')
        self.assertEqual('host1', server['OS-EXT-SRV-ATTR:host'])
        domain = self.conn.lookupByUUIDString(self.server_id)
        self.assertEqual(libvirt.VIR_DOMAIN_RUNNING, domain.state()[0])
        self.assertIsNone(self.shelved_image())


@testtools.skipIf(libvirt is None, 'libvirt-python is not installed')
class TestRebuildOnLibvirt(DomainMixin,
                           test_server_actions_api.ActionsTestBase):
    """Rebuild on libvirt: the driver's default (destroy, then spawn
    from the image): a new domain of the same name."""
    overrides = LIBVIRT

    def new_domain(self):
        return self.conn.lookupByName(
            self.server['OS-EXT-SRV-ATTR:instance_name'])

    def test_rebuild_makes_a_new_running_domain(self):
        old_id = self.domain.ID()
        resp = self.act('rebuild', {'imageRef': self.cloud.image_id})
        self.assertIn('adminPass', resp.body['server'])
        self.api.wait_for_task(self.server_id, 'ACTIVE')
        domain = self.new_domain()
        self.assertEqual(libvirt.VIR_DOMAIN_RUNNING, domain.state()[0])
        self.assertNotEqual(old_id, domain.ID())

    def test_rebuild_of_a_stopped_server_leaves_the_domain_off(self):
        self.act_and_wait('os-stop', 'SHUTOFF')
        self.act('rebuild', {'imageRef': self.cloud.image_id})
        server = self.api.wait_for_task(self.server_id, 'SHUTOFF')
        self.assertEqual(4, server['OS-EXT-STS:power_state'])
        self.assertEqual(libvirt.VIR_DOMAIN_SHUTOFF,
                         self.new_domain().state()[0])
