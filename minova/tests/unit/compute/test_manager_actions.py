"""The frame every life-cycle action runs in on a compute, with a real
conductor on the bus: the stable state it ends in, its event, its
notifications, and what a failure leaves."""

import testtools

from minova.compute import power_state
from minova.compute import vm_states
from minova.objects import instance_action
from minova.tests.unit.compute import fixtures as cloud_fixtures


class TestActionFrame(testtools.TestCase):

    def setUp(self):
        super().setUp()
        self.cloud = self.useFixture(cloud_fixtures.CloudFixture(
            hosts=('compute1',)))
        [instance] = self.cloud.boot()
        self.instance = self.cloud.wait_for(instance.uuid)
        self.context = self.cloud.context

    def _action(self):
        return instance_action.InstanceAction.get_by_request_id(
            self.context, self.instance.uuid, self.context.request_id)

    def _events(self):
        return [(e.event, e.result) for e in self._action().events]

    def test_success_ends_stable_with_one_event_and_notifications(self):
        self.cloud.api.stop(self.context, self.instance)
        instance = self.cloud.wait_for(self.instance.uuid, ('stopped',))
        self.assertEqual(power_state.SHUTDOWN, instance.power_state)
        self.assertEqual(('compute_stop_instance', 'Success'),
                         self._events()[-1])
        self.assertEqual(1, len(self.cloud.notifications(
            'instance.power_off.start')))
        self.assertEqual(1, len(self.cloud.wait_for_notifications(
            'instance.power_off.end')))

    def test_a_driver_failure_keeps_the_vm_state_with_a_fault(self):
        # Paused behind minova's back: the fake hypervisor refuses to
        # pause it again.
        driver = self.cloud.driver('compute1')
        self.instance.name_template = 'instance-%08x'
        driver.pause(self.instance)
        self.cloud.api.pause(self.context, self.instance)
        instance = self.cloud.wait_for(self.instance.uuid, ('active',))
        self.assertIsNone(instance.task_state)
        # The power state is the hypervisor's, the fault says why.
        self.assertEqual(power_state.PAUSED, instance.power_state)
        self.assertIn("Cannot 'set power state paused'",
                      instance.fault.message)
        self.assertEqual(('compute_pause_instance', 'Error'),
                         self._events()[-1])
        self.assertEqual('Error', self._action().message)
        self.assertEqual(1, len(self.cloud.wait_for_notifications(
            'instance.pause.error')))
        self.assertEqual([], self.cloud.notifications('instance.pause.end'))

    def test_a_vanished_guest_fails_the_action_not_the_instance(self):
        self.cloud.driver('compute1').destroy(None, self.instance)
        self.cloud.api.stop(self.context, self.instance)
        instance = self.cloud.wait_for(self.instance.uuid, ('active',))
        self.assertEqual(vm_states.ACTIVE, instance.vm_state)
        self.assertEqual(power_state.NOSTATE, instance.power_state)
        self.assertIn('could not be found', instance.fault.message)


class TestPowerStateSync(testtools.TestCase):
    """``_sync_power_states``: the hypervisor's word wins, as in Nova."""

    def setUp(self):
        super().setUp()
        self.cloud = self.useFixture(cloud_fixtures.CloudFixture(
            hosts=('compute1',)))
        self.manager = self.cloud.services['compute1'].manager
        self.driver = self.manager.driver
        [instance] = self.cloud.boot()
        self.instance = self.cloud.wait_for(instance.uuid)
        self.instance.name_template = 'instance-%08x'

    def _sync(self):
        self.manager._sync_power_states(self.cloud.admin_context)
        return self.cloud.wait_for(self.instance.uuid,
                                   states=(self.instance.vm_state, 'stopped',
                                           'active', 'paused'))

    def _set(self, **values):
        for key, value in values.items():
            setattr(self.instance, key, value)
        self.instance.save()

    def test_a_guest_stopped_outside_minova_ends_stopped(self):
        self.driver.power_off(self.instance)
        instance = self._sync()
        self.assertEqual((vm_states.STOPPED, power_state.SHUTDOWN),
                         (instance.vm_state, instance.power_state))

    def test_a_suspended_guest_of_an_active_server_is_stopped(self):
        self.driver.suspend(None, self.instance)
        instance = self._sync()
        self.assertEqual((vm_states.STOPPED, power_state.SHUTDOWN),
                         (instance.vm_state, instance.power_state))
        self.assertEqual(power_state.SHUTDOWN,
                         self.driver.get_info(self.instance).state)

    def test_a_running_guest_of_a_stopped_server_is_powered_off(self):
        self._set(vm_state=vm_states.STOPPED)
        instance = self._sync()
        self.assertEqual((vm_states.STOPPED, power_state.SHUTDOWN),
                         (instance.vm_state, instance.power_state))
        self.assertEqual(power_state.SHUTDOWN,
                         self.driver.get_info(self.instance).state)

    def test_a_paused_guest_of_an_active_server_is_only_recorded(self):
        self.driver.pause(self.instance)
        instance = self._sync()
        self.assertEqual((vm_states.ACTIVE, power_state.PAUSED),
                         (instance.vm_state, instance.power_state))

    def test_a_vanished_guest_is_reported_once(self):
        self.driver.destroy(None, self.instance)
        instance = self._sync()
        self.assertEqual((vm_states.ACTIVE, power_state.NOSTATE),
                         (instance.vm_state, instance.power_state))
        self.assertIn('is gone from the hypervisor on compute1',
                      instance.fault.message)
        fault_id = instance.fault.id
        self.assertEqual(fault_id, self._sync().fault.id)

    def test_an_action_in_flight_is_left_alone(self):
        self._set(task_state='powering-on')
        self.driver.power_off(self.instance)
        self.manager._sync_power_states(self.cloud.admin_context)
        instance = self.cloud.wait_for_task(self.instance.uuid,
                                            'powering-on')
        self.assertEqual((vm_states.ACTIVE, power_state.RUNNING),
                         (instance.vm_state, instance.power_state))
        self._set(task_state=None)

    def test_an_action_interrupted_by_a_restart_ends_as_its_guest(self):
        self.driver.power_off(self.instance)
        self._set(task_state='powering-off')
        self.manager.init_host()
        instance = self.cloud.wait_for(self.instance.uuid, ('stopped',))
        self.assertEqual(power_state.SHUTDOWN, instance.power_state)
        self.assertIn('powering-off of instance %s was interrupted by a '
                      'restart' % self.instance.uuid, instance.fault.message)

    def test_an_interrupted_pause_that_had_not_paused_stays_active(self):
        self._set(task_state='pausing')
        self.manager.init_host()
        instance = self.cloud.wait_for(self.instance.uuid, ('active',))
        self.assertEqual(power_state.RUNNING, instance.power_state)
        self.assertIn('interrupted', instance.fault.message)
