"""The conductor API a compute calls: one call per delete, or two to a
conductor pinned below 1.11."""

from unittest import mock

import testtools

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
