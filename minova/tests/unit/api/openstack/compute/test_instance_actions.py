"""/servers/{id}/os-instance-actions."""

from minova.objects import instance_action
from minova.tests.unit.api.openstack.compute import base


class TestInstanceActions(base.APITestCase):

    def setUp(self):
        super().setUp()
        resp = self.request('/servers', 'POST', {'server': {
            'name': 'a', 'imageRef': self.image_id, 'flavorRef': '1'}})
        self.server_id = resp.json['server']['id']
        self.request_id = resp.headers['x-openstack-request-id']
        instance_action.DATABASE.action_event_start(self.admin_context, {
            'instance_uuid': self.server_id, 'request_id': self.request_id,
            'event': 'compute__do_build_and_run_instance', 'host': 'host1',
            'start_time': '2024-01-02T03:04:05.000000'})
        instance_action.DATABASE.action_event_finish(self.admin_context, {
            'instance_uuid': self.server_id, 'request_id': self.request_id,
            'event': 'compute__do_build_and_run_instance', 'host': 'host1',
            'finish_time': '2024-01-02T03:04:06.500000', 'result': 'Error',
            'traceback': 'Traceback: boom'})
        self.path = '/servers/%s/os-instance-actions' % self.server_id

    def test_index(self):
        (action,) = self.request(self.path).json['instanceActions']
        self.assertEqual({
            'action': 'create', 'instance_uuid': self.server_id,
            'request_id': self.request_id, 'user_id': 'demo',
            'project_id': 'demo', 'message': 'Error',
            'start_time': action['start_time']}, action)
        self.assertRegex(action['start_time'],
                         r'^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}$')

    def test_show_with_events_for_admins(self):
        action = self.request('%s/%s' % (self.path, self.request_id),
                              token=base.ADMIN).json['instanceAction']
        self.assertEqual([{
            'event': 'compute__do_build_and_run_instance',
            'start_time': '2024-01-02T03:04:05.000000',
            'finish_time': '2024-01-02T03:04:06.500000',
            'result': 'Error', 'traceback': 'Traceback: boom'}],
            action['events'])

    def test_show_without_events_for_users_at_2_1(self):
        action = self.request('%s/%s' % (self.path, self.request_id)).json[
            'instanceAction']
        self.assertNotIn('events', action)
        self.assertEqual('create', action['action'])

    def test_not_found(self):
        self.assertFault(self.request('%s/req-nope' % self.path), 404,
                         'req-nope')
        self.assertFault(self.request('/servers/nope/os-instance-actions'),
                         404, 'nope')
        self.assertFault(self.request(self.path, token='eve:evil'), 404)
