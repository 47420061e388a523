"""The conductor API a compute calls: one call per delete, or two to a
conductor pinned below 1.11; one call for a build's steps before spawning,
or up to three to a conductor pinned below 1.12."""

from unittest import mock

import testtools

from minova.compute import task_states
from minova.conductor import api as conductor_api


class TestInstanceDestroy(testtools.TestCase):

    def setUp(self):
        super().setUp()
        self.api = conductor_api.API.__new__(conductor_api.API)
        self.rpcapi = self.api.conductor_rpcapi = mock.Mock()
        self.instance = mock.Mock(uuid='u1')

    def test_one_call_releases_the_addresses_too(self):
        self.rpcapi.can_send_version.return_value = True
        self.api.instance_destroy('ctxt', self.instance, event_finish='ev')
        self.rpcapi.instance_destroy.assert_called_once_with(
            'ctxt', 'u1', event_finish='ev', deallocate_networks=True)
        self.rpcapi.deallocate_for_instance.assert_not_called()

    def test_an_older_conductor_gets_two_calls(self):
        self.rpcapi.can_send_version.return_value = False
        self.api.instance_destroy('ctxt', self.instance, event_finish='ev')
        self.rpcapi.can_send_version.assert_called_once_with('1.11')
        self.rpcapi.deallocate_for_instance.assert_called_once_with(
            'ctxt', self.instance)
        self.rpcapi.instance_destroy.assert_called_once_with(
            'ctxt', 'u1', event_finish='ev')


class TestAllocateForInstance(testtools.TestCase):

    def setUp(self):
        super().setUp()
        self.api = conductor_api.API.__new__(conductor_api.API)
        self.rpcapi = self.api.conductor_rpcapi = mock.Mock()
        self.rpcapi.allocate_for_instance.return_value = ['vif']
        self.instance = mock.Mock(uuid='u1')

    def _allocate(self):
        return self.api.allocate_for_instance(
            'ctxt', self.instance, 'nets',
            expected_task_state=task_states.SCHEDULING,
            task_state=task_states.SPAWNING, event_start='ev')

    def test_one_call_moves_to_spawning_with_the_event(self):
        self.rpcapi.can_send_version.return_value = True
        self.assertEqual(['vif'], self._allocate())
        self.rpcapi.allocate_for_instance.assert_called_once_with(
            'ctxt', self.instance, requested_networks='nets',
            expected_task_state=task_states.SCHEDULING,
            task_state=task_states.SPAWNING, event_start='ev')
        self.rpcapi.instance_update.assert_not_called()

    def test_an_older_conductor_goes_through_the_same_states(self):
        self.rpcapi.can_send_version.return_value = False
        self.assertEqual(['vif'], self._allocate())
        self.rpcapi.can_send_version.assert_called_once_with('1.12')
        self.assertEqual([
            mock.call.instance_update(
                'ctxt', 'u1',
                {'task_state': task_states.BLOCK_DEVICE_MAPPING},
                expected_task_state=task_states.SCHEDULING,
                event_start='ev'),
            mock.call.allocate_for_instance(
                'ctxt', self.instance, requested_networks='nets',
                expected_task_state=task_states.BLOCK_DEVICE_MAPPING),
            mock.call.instance_update(
                'ctxt', 'u1', {'task_state': task_states.SPAWNING},
                expected_task_state=task_states.NETWORKING)],
            [c for c in self.rpcapi.mock_calls
             if c[0] != 'can_send_version'])

    def test_the_networking_step_alone_is_one_call_to_any_conductor(self):
        self.rpcapi.can_send_version.return_value = False
        self.api.allocate_for_instance('ctxt', self.instance)
        self.rpcapi.allocate_for_instance.assert_called_once_with(
            'ctxt', self.instance, requested_networks=None,
            expected_task_state=None, task_state=None, event_start=None)
        self.rpcapi.instance_update.assert_not_called()
