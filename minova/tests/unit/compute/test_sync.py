"""The power state sync (``compute/manager/sync.py``): Nova's decision
table, and what the periodic task does with it on a compute with a real
conductor on the bus and guests changed behind minova's back."""

import fixtures
import testtools

from minova.compute.manager import sync
from minova.compute import power_state as ps
from minova.compute import vm_states as vm
from minova import exception
from minova.objects import instance as instance_obj
from minova.objects import instance_fault
from minova.tests.unit.compute import fixtures as cloud_fixtures


class TestDecisionTable(testtools.TestCase):
    """``decide``: (vm_state, the guest's power state) -> (the vm_state it
    ends in, whether the guest is powered off first), as Nova decides."""

    TABLE = [
        # The guest shut down or crashed by itself: stopped.
        (vm.ACTIVE, ps.SHUTDOWN, vm.STOPPED, False),
        (vm.ACTIVE, ps.CRASHED, vm.STOPPED, False),
        # Nova force-stops a guest suspended behind its back.
        (vm.ACTIVE, ps.SUSPENDED, vm.STOPPED, True),
        # Paused by an outside tool, maybe briefly: Nova leaves it.
        (vm.ACTIVE, ps.PAUSED, vm.ACTIVE, False),
        (vm.ACTIVE, ps.RUNNING, vm.ACTIVE, False),
        # A stopped server's guest that is not off is powered off.
        (vm.STOPPED, ps.RUNNING, vm.STOPPED, True),
        (vm.STOPPED, ps.PAUSED, vm.STOPPED, True),
        (vm.STOPPED, ps.SUSPENDED, vm.STOPPED, True),
        (vm.STOPPED, ps.SHUTDOWN, vm.STOPPED, False),
        (vm.STOPPED, ps.CRASHED, vm.STOPPED, False),
        (vm.STOPPED, ps.NOSTATE, vm.STOPPED, False),
        (vm.PAUSED, ps.SHUTDOWN, vm.STOPPED, False),
        (vm.PAUSED, ps.CRASHED, vm.STOPPED, False),
        (vm.PAUSED, ps.RUNNING, vm.PAUSED, False),
        # Nova leaves these vm_states to their own actions.
        (vm.SUSPENDED, ps.RUNNING, vm.SUSPENDED, False),
        (vm.ERROR, ps.SHUTDOWN, vm.ERROR, False),
        (vm.ERROR, ps.RUNNING, vm.ERROR, False),
        (vm.SHELVED, ps.RUNNING, vm.SHELVED, False),
        (vm.BUILDING, ps.NOSTATE, vm.BUILDING, False),
    ]

    def test_nova_decisions(self):
        for vm_state, seen, ends_in, power_off in self.TABLE:
            self.assertEqual((ends_in, power_off), sync.decide(vm_state, seen),
                             (vm_state, ps.STATE_MAP[seen]))


class SyncTestBase(testtools.TestCase):

    def setUp(self):
        super().setUp()
        self.cloud = self.useFixture(cloud_fixtures.CloudFixture(
            hosts=('compute1',)))
        self.manager = self.cloud.services['compute1'].manager
        self.driver = self.manager.driver
        [instance] = self.cloud.boot()
        self.instance = self.cloud.wait_for(instance.uuid)
        self.instance.name_template = 'instance-%08x'
        # The build writes ACTIVE, then ends its step under the instance
        # lock; a sync meanwhile leaves the instance for next time.
        with self.manager._instance_lock(instance.uuid):
            pass

    def _sync(self):
        """Run the periodic task once; the instance it leaves."""
        self.manager._sync_power_states(self.cloud.admin_context)
        return instance_obj.Instance.get_by_uuid(
            self.cloud.admin_context, self.instance.uuid,
            expected_attrs=('fault',))

    def _set(self, **values):
        for key, value in values.items():
            setattr(self.instance, key, value)
        self.instance.save()

    def _states(self, instance):
        return instance.vm_state, instance.power_state

    def _guest_state(self):
        return self.driver.get_info(self.instance).state


class TestPowerStateSync(SyncTestBase):

    def test_a_guest_stopped_outside_minova_ends_stopped(self):
        self.driver.power_off(self.instance)
        instance = self._sync()
        self.assertEqual((vm.STOPPED, ps.SHUTDOWN), self._states(instance))
        self.assertIsNone(instance.fault)

    def test_a_suspended_guest_of_an_active_server_is_stopped(self):
        self.driver.suspend(None, self.instance)
        instance = self._sync()
        self.assertEqual((vm.STOPPED, ps.SHUTDOWN), self._states(instance))
        self.assertEqual(ps.SHUTDOWN, self._guest_state())

    def test_a_running_guest_of_a_stopped_server_is_powered_off(self):
        self._set(vm_state=vm.STOPPED, power_state=ps.SHUTDOWN)
        instance = self._sync()
        self.assertEqual((vm.STOPPED, ps.SHUTDOWN), self._states(instance))
        self.assertEqual(ps.SHUTDOWN, self._guest_state())

    def test_a_paused_guest_of_an_active_server_is_only_recorded(self):
        self.driver.pause(self.instance)
        instance = self._sync()
        self.assertEqual((vm.ACTIVE, ps.PAUSED), self._states(instance))
        self.assertEqual(ps.PAUSED, self._guest_state())

    def test_a_paused_server_whose_guest_shut_down_ends_stopped(self):
        self.driver.pause(self.instance)
        self._set(vm_state=vm.PAUSED, power_state=ps.PAUSED)
        self.driver.power_off(self.instance)
        instance = self._sync()
        self.assertEqual((vm.STOPPED, ps.SHUTDOWN), self._states(instance))

    def test_a_suspended_server_only_gets_the_power_state(self):
        self._set(vm_state=vm.SUSPENDED, power_state=ps.SUSPENDED)
        instance = self._sync()
        self.assertEqual((vm.SUSPENDED, ps.RUNNING), self._states(instance))
        self.assertEqual(ps.RUNNING, self._guest_state())

    def test_an_instance_that_agrees_is_not_written(self):
        conductor_api = self.manager.conductor_api
        update = self.useFixture(fixtures.MockPatchObject(
            conductor_api, 'instance_update',
            wraps=conductor_api.instance_update)).mock
        instance = self._sync()
        self.assertEqual((vm.ACTIVE, ps.RUNNING), self._states(instance))
        update.assert_not_called()

    def test_a_vanished_guest_is_reported_once(self):
        self.driver.destroy(None, self.instance)
        instance = self._sync()
        # Nova keeps the vm_state; minova says why in a fault.
        self.assertEqual((vm.ACTIVE, ps.NOSTATE), self._states(instance))
        self.assertEqual(
            'The guest of instance %s is gone from the hypervisor on '
            'compute1: delete the server and create it again'
            % self.instance.uuid, instance.fault.message)
        self.assertEqual('compute1', instance.fault.host)
        fault_id = instance.fault.id
        self.assertEqual(fault_id, self._sync().fault.id)

    def test_a_guest_the_hypervisor_lists_again_is_running_again(self):
        def not_found(driver, instance):
            raise exception.InstanceNotFound(instance_id=instance.uuid)

        with fixtures.MonkeyPatch('minova.virt.fake.FakeDriver.get_info',
                                  not_found):
            self.assertEqual(ps.NOSTATE, self._sync().power_state)
        self.assertEqual((vm.ACTIVE, ps.RUNNING), self._states(self._sync()))

    def test_a_vanished_guest_of_a_stopped_server_is_reported(self):
        self.driver.power_off(self.instance)
        self._set(vm_state=vm.STOPPED, power_state=ps.SHUTDOWN)
        self.driver.destroy(None, self.instance)
        instance = self._sync()
        self.assertEqual((vm.STOPPED, ps.NOSTATE), self._states(instance))
        self.assertIn('is gone from the hypervisor', instance.fault.message)

    def test_one_failing_instance_does_not_stop_the_others(self):
        [other] = self.cloud.boot(name='other')
        other = self.cloud.wait_for(other.uuid)
        other.name_template = 'instance-%08x'
        self.driver.power_off(self.instance)
        self.driver.power_off(other)
        broken = self.instance.uuid

        def get_info(instance, real=self.driver.get_info):
            if instance.uuid == broken:
                raise RuntimeError('the hypervisor hiccuped')
            return real(instance)

        self.useFixture(fixtures.MonkeyPatch(
            'minova.virt.fake.FakeDriver.get_info',
            lambda driver, instance: get_info(instance)))
        self.assertEqual((vm.ACTIVE, ps.RUNNING), self._states(self._sync()))
        self.assertEqual(vm.STOPPED, instance_obj.Instance.get_by_uuid(
            self.cloud.admin_context, other.uuid).vm_state)


class TestSyncNeverFightsAnAction(SyncTestBase):
    """The regressions the sync must not have: undoing what an action did,
    or waiting on (or overtaking) an action that runs."""

    def test_an_instance_with_a_task_is_left_alone(self):
        self._set(task_state='powering-on')
        self.driver.power_off(self.instance)
        instance = self._sync()
        self.assertEqual('powering-on', instance.task_state)
        self.assertEqual((vm.ACTIVE, ps.RUNNING), self._states(instance))
        self._set(task_state=None)

    def test_an_instance_whose_lock_is_held_is_left_for_next_time(self):
        self.driver.power_off(self.instance)
        with self.manager._instance_lock(self.instance.uuid):
            instance = self._sync()  # does not wait for the lock
        self.assertEqual((vm.ACTIVE, ps.RUNNING), self._states(instance))
        self.assertEqual((vm.STOPPED, ps.SHUTDOWN),
                         self._states(self._sync()))

    def test_a_start_that_won_since_the_listing_is_not_undone(self):
        # The listing said stopped; a start then ran and finished before
        # the sync took the lock: the running guest stays running.
        stale = instance_obj.Instance.get_by_uuid(
            self.cloud.admin_context, self.instance.uuid)
        stale.vm_state = vm.STOPPED
        stale.power_state = ps.SHUTDOWN
        stale.obj_reset_changes()
        self.useFixture(fixtures.MockPatchObject(
            self.manager.conductor_api, 'instance_get_all_by_host',
            return_value=[stale]))
        instance = self._sync()
        self.assertEqual(ps.RUNNING, self._guest_state())
        self.assertEqual((vm.ACTIVE, ps.RUNNING), self._states(instance))

    def test_a_vanished_guest_of_a_deleted_instance_is_not_reported(self):
        stale = instance_obj.Instance.get_by_uuid(
            self.cloud.admin_context, self.instance.uuid)
        self.useFixture(fixtures.MockPatchObject(
            self.manager.conductor_api, 'instance_get_all_by_host',
            return_value=[stale]))
        self.cloud.api.delete(self.cloud.context, self.instance)
        self.cloud.wait_deleted(self.instance.uuid)
        self.manager._sync_power_states(self.cloud.admin_context)
        self.assertIsNone(instance_fault.InstanceFault.get_latest_for_instance(
            self.cloud.admin_context, self.instance.uuid))
