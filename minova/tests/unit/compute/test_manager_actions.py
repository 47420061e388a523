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
