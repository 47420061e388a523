"""The power state sync and the restart recovery as a user sees them over
HTTP, on an in-process all-in-one with the fake driver: guests changed
behind minova's back (through the compute's driver), then the compute's
periodic ``_sync_power_states`` or its ``_init_instances`` at start."""

import time

from minova.compute import manager as compute_manager
from minova import context
from minova.objects import instance as instance_obj
from minova.objects import instance_fault
from minova.tests.functional import test_server_actions_api


class SyncTestBase(test_server_actions_api.ActionsTestBase):
    overrides = {'compute_hosts': ['host1']}

    def setUp(self):
        super().setUp()
        self.admin_context = context.get_admin_context()
        [self.compute] = [
            service.manager for service in self.cloud.services
            if isinstance(getattr(service, 'manager', None),
                          compute_manager.ComputeManager)]
        self.driver = self.compute.driver
        self.instance = instance_obj.Instance.get_by_uuid(
            self.admin_context, self.server_id)

    def sync(self):
        """One run of the periodic task; the server it leaves."""
        self.compute._sync_power_states(self.admin_context)
        return self.get_server()

    def get_server(self):
        return self.api.get('/servers/%s' % self.server_id).body['server']

    def states(self, server):
        return (server['status'], server['OS-EXT-STS:vm_state'],
                server['OS-EXT-STS:power_state'])

    def latest_fault(self):
        return instance_fault.InstanceFault.get_latest_for_instance(
            self.admin_context, self.server_id)


class TestPowerStateSync(SyncTestBase):

    def test_a_guest_powered_off_behind_minovas_back_shows_shutoff(self):
        self.driver.power_off(self.instance)
        server = self.sync()
        self.assertEqual(('SHUTOFF', 'stopped', 4), self.states(server))
        self.assertIsNone(server['OS-EXT-STS:task_state'])
        # Not an action anybody asked for: none recorded.
        self.assertEqual(['create'], [a['action'] for a in self.actions()])
        # And it starts again through the API.
        server = self.act_and_wait('os-start', 'ACTIVE')
        self.assertEqual(1, server['OS-EXT-STS:power_state'])

    def test_a_guest_started_behind_minovas_back_is_powered_off(self):
        self.act_and_wait('os-stop', 'SHUTOFF')
        self.driver.power_on(None, self.instance, None)
        server = self.sync()
        self.assertEqual(('SHUTOFF', 'stopped', 4), self.states(server))
        self.assertEqual(4, self.driver.get_info(self.instance).state)

    def test_a_vanished_guest_is_reported(self):
        self.driver.destroy(None, self.instance)
        server = self.sync()
        self.assertEqual(('ACTIVE', 'active', 0), self.states(server))
        # An ACTIVE server does not show its fault (Nova shows it for
        # ERROR and DELETED only): it is recorded.
        self.assertNotIn('fault', server)
        self.assertEqual(
            'The guest of instance %s is gone from the hypervisor on '
            'host1: delete the server and create it again' % self.server_id,
            self.latest_fault().message)
        self.assertEqual(204, self.api.delete(
            '/servers/%s' % self.server_id).status)
        self.api.wait_for_deleted(self.server_id)

    def test_an_action_in_flight_is_not_synced(self):
        self.instance.task_state = 'powering-off'
        self.instance.save()
        self.driver.power_off(self.instance)
        server = self.sync()
        self.assertEqual(('ACTIVE', 'active', 1), self.states(server))
        self.assertEqual('powering-off', server['OS-EXT-STS:task_state'])
        self.instance.task_state = None
        self.instance.save()


class TestPeriodicSync(SyncTestBase):
    """The compute's timer runs the sync every sync_power_state_interval
    seconds."""
    overrides = dict(SyncTestBase.overrides, sync_power_state_interval=1)

    def test_a_guest_stopped_outside_minova_ends_shutoff(self):
        self.driver.power_off(self.instance)
        deadline = time.monotonic() + 15
        while self.get_server()['status'] != 'SHUTOFF':
            self.assertLess(time.monotonic(), deadline)
            time.sleep(0.1)
        self.assertEqual(('SHUTOFF', 'stopped', 4),
                         self.states(self.get_server()))


class TestRestartRecovery(SyncTestBase):
    """A compute that starts again with an action of its previous run
    left in flight (written as that run would have left it)."""

    def _left_in(self, task_state):
        self.instance.task_state = task_state
        self.instance.save()

    def test_an_interrupted_stop_whose_guest_is_off_shows_shutoff(self):
        self._left_in('powering-off')
        self.driver.power_off(self.instance)
        self.compute._init_instances(self.admin_context)
        server = self.get_server()
        self.assertEqual(('SHUTOFF', 'stopped', 4), self.states(server))
        self.assertIsNone(server['OS-EXT-STS:task_state'])
        self.assertEqual(
            'The powering-off of instance %s was interrupted by a restart '
            'of the compute service on host1: its guest had got there; the '
            'server is stopped' % self.server_id, self.latest_fault().message)

    def test_an_interrupted_stop_can_be_tried_again(self):
        self._left_in('powering-off')
        self.compute._init_instances(self.admin_context)
        server = self.get_server()
        self.assertEqual(('ACTIVE', 'active', 1), self.states(server))
        self.assertIn('try again', self.latest_fault().message)
        self.act_and_wait('os-stop', 'SHUTOFF')
