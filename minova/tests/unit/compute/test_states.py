"""The allowed-states table of server actions, applied on a real
database: what each action accepts, what it refuses (409, nothing
written), and the race between two actions."""

from minova.compute import api as compute_api
from minova.compute.api import states
from minova.compute import task_states
from minova.compute import vm_states
from minova import context
from minova import exception
from minova.tests.unit.compute import test_api

ALL_VM_STATES = (vm_states.ACTIVE, vm_states.STOPPED, vm_states.PAUSED,
                 vm_states.SUSPENDED, vm_states.SHELVED,
                 vm_states.SHELVED_OFFLOADED, vm_states.ERROR,
                 vm_states.BUILDING)


class TestStateTable(test_api.ComputeAPITestCase):

    def setUp(self):
        super().setUp()
        self.instance = self._set(self._boot()[0], host='h1', node='h1',
                                  vm_state=vm_states.ACTIVE,
                                  task_state=None)
        self.admin = self.context.elevated()

    def _may(self, action, **values):
        instance = self._set(self.instance, **values)
        try:
            states.check(self.context, instance, action)
        except exception.Conflict:
            return False
        return True

    def test_every_action_against_every_vm_state(self):
        for action, rule in states.ACTIONS.items():
            for vm_state in ALL_VM_STATES:
                expected = rule.vm_states is None or \
                    vm_state in rule.vm_states
                self.assertEqual(expected,
                                 self._may(action, vm_state=vm_state),
                                 '%s in %s' % (action, vm_state))

    def test_a_task_in_flight_refuses_all_but_locks_and_hard_reboot(self):
        allowed = {name for name in states.ACTIONS
                   if self._may(name, vm_state=vm_states.ACTIVE,
                                task_state=task_states.REBOOTING)}
        self.assertEqual({'lock', 'unlock', 'reboot_hard'}, allowed)

    def test_the_409_names_the_action_and_the_state(self):
        instance = self._set(self.instance, vm_state=vm_states.STOPPED)
        e = self.assertRaises(exception.InstanceInvalidState, states.check,
                              self.context, instance, 'shelveOffload')
        self.assertEqual(
            "Cannot 'shelve_offload' instance %s while it is in vm_state "
            "stopped" % instance.uuid, e.format_message())
        self.assertEqual(409, e.code)

    def test_a_lock_stops_the_owner_not_an_admin(self):
        instance = self._set(self.instance, locked=True)
        self.assertRaises(exception.InstanceIsLocked, states.check,
                          self.context, instance, 'stop')
        states.check(self.admin, instance, 'stop')
        # Snapshots and unlock are not stopped by a lock (as in Nova).
        states.check(self.context, instance, 'createImage')
        states.check(self.context, instance, 'unlock')

    def test_an_action_needing_a_guest_is_409_without_a_host(self):
        instance = self._set(self.instance, host=None,
                             vm_state=vm_states.ERROR)
        e = self.assertRaises(exception.Conflict, states.check, self.context,
                              instance, 'stop')
        self.assertIn('has no host', e.format_message())


class TestStartAction(test_api.ComputeAPITestCase):

    def setUp(self):
        super().setUp()
        self.instance = self._set(self._boot()[0], host='h1', node='h1',
                                  vm_state=vm_states.ACTIVE,
                                  task_state=None)

    def test_sets_the_task_and_records_the_action_in_one_go(self):
        action = states.start_action(self.context, self.instance, 'stop')
        self.assertEqual('stop', action.action)
        stored = self.api.get(self.context, self.instance.uuid)
        self.assertEqual(task_states.POWERING_OFF, stored.task_state)
        self.assertEqual(['stop', 'create'], [
            a.action for a in self.api_actions()])

    def test_the_loser_of_a_race_gets_409_and_writes_nothing(self):
        # Both read the instance at rest; the first one to write wins.
        first = self.api.get(self.context, self.instance.uuid)
        second = self.api.get(self.context, self.instance.uuid)
        states.start_action(self.context, first, 'stop')
        self.assertRaises(exception.Conflict, states.start_action,
                          self.context, second, 'pause')
        stored = self.api.get(self.context, self.instance.uuid)
        self.assertEqual(task_states.POWERING_OFF, stored.task_state)
        self.assertEqual(['stop', 'create'], [
            a.action for a in self.api_actions()])

    def test_a_refused_action_records_nothing(self):
        self.assertRaises(exception.InstanceInvalidState,
                          states.start_action, self.context, self.instance,
                          'start')
        self.assertEqual(['create'], [a.action for a in self.api_actions()])
        self.assertIsNone(self.api.get(self.context,
                                       self.instance.uuid).task_state)

    def api_actions(self):
        return compute_api.InstanceActionAPI().actions_get(self.context,
                                                           self.instance)


class TestLock(test_api.ComputeAPITestCase):

    def setUp(self):
        super().setUp()
        self.instance = self._set(self._boot()[0], host='h1', node='h1',
                                  vm_state=vm_states.ACTIVE,
                                  task_state=None)

    def _stored(self):
        return self.api.get(self.context, self.instance.uuid)

    def test_the_reason_is_kept_until_unlock(self):
        self.api.lock(self.context, self.instance, reason='maintenance')
        stored = self._stored()
        self.assertEqual((True, 'owner', 'maintenance'), (
            stored.locked, stored.locked_by,
            stored.system_metadata['locked_reason']))
        self.api.unlock(self.context, stored)
        stored = self._stored()
        self.assertEqual((False, None), (stored.locked, stored.locked_by))
        self.assertNotIn('locked_reason', stored.system_metadata)

    def test_a_lock_without_reason_leaves_system_metadata_alone(self):
        # A compute may be writing it (shelve): the lock must not write
        # back the copy it read.
        stale = self._stored()
        self._set(self._stored(), system_metadata={'shelved_at': 'now'})
        self.api.lock(self.context, stale)
        self.assertEqual({'shelved_at': 'now'},
                         self._stored().system_metadata)

    def test_an_admin_of_another_project_locks_as_admin(self):
        admin = context.RequestContext(user_id='a', project_id='ops',
                                       is_admin=True)
        self.api.lock(admin, self.instance)
        stored = self._stored()
        self.assertEqual('admin', stored.locked_by)
        e = self.assertRaises(exception.Forbidden, self.api.unlock,
                              self.context, stored)
        self.assertIn('locked by an administrator', e.format_message())
