"""POST /servers with os:scheduler_hints: group, same_host and
different_host are checked (400 naming the hint and the id, nothing
written), and a group lists the servers booted into it."""

from oslo_utils import uuidutils

from minova.tests.unit.api.openstack.compute import base


class TestSchedulerHints(base.APITestCase):

    def create_group(self, policy='anti-affinity'):
        return self.request('/os-server-groups', 'POST', {'server_group': {
            'name': 'g', 'policies': [policy]}}).json['server_group']['id']

    def post(self, hints, key='os:scheduler_hints', **server):
        server = dict({'name': 'x', 'imageRef': self.image_id,
                       'flavorRef': '1'}, **server)
        return self.request('/servers', 'POST', {'server': server,
                                                 key: hints})

    def members(self, group_id):
        return self.request('/os-server-groups/%s' % group_id).json[
            'server_group']['members']

    def test_servers_booted_into_a_group_are_its_members(self):
        group_id = self.create_group()
        first = self.create_server()
        resp = self.post({'group': group_id}, min_count=2)
        self.assertEqual(202, resp.status_int, resp.text)
        resp = self.post({'group': group_id},
                         key='OS-SCH-HNT:scheduler_hints')
        self.assertEqual(202, resp.status_int, resp.text)
        members = self.members(group_id)
        self.assertEqual(3, len(members))
        self.assertNotIn(first, members)
        self.assertIn(resp.json['server']['id'], members)
        # A deleted server is no member any more.
        self.assertEqual(204, self.request('/servers/%s' % members[0],
                                           'DELETE').status_int)
        self.assertEqual(members[1:], self.members(group_id))

    def test_same_and_different_host_take_one_or_a_list(self):
        a, b = self.create_server(), self.create_server()
        for hints in ({'same_host': a}, {'same_host': [a, b]},
                      {'different_host': b}, {'different_host': [a, b]},
                      {'different_host': [a], 'same_host': [b],
                       'custom': 'x'}):
            resp = self.post(hints)
            self.assertEqual(202, resp.status_int, resp.text)

    def test_bad_hints_are_400_naming_them_and_write_nothing(self):
        server = self.create_server()
        unknown = uuidutils.generate_uuid()
        rows = self.count_rows()
        for hints, words in (
                ({'group': 'not-a-uuid'}, ['group', 'not-a-uuid']),
                ({'group': unknown},
                 ['group', 'Instance group %s could not be found' % unknown]),
                ({'same_host': [server, 'x']}, ['same_host', 'x']),
                ({'same_host': unknown},
                 ['same_host', 'Server %s could not be found' % unknown]),
                ({'different_host': 'x'}, ['different_host', 'x']),
                ({'different_host': [server, unknown]},
                 ['different_host', unknown]),
                ({'different_host': 7}, ['different_host'])):
            self.assertFault(self.post(hints), 400, *words)
        self.assertEqual(rows, self.count_rows())

    def test_another_projects_group_or_server_is_unknown(self):
        theirs = self.request('/os-server-groups', 'POST', {'server_group': {
            'name': 'g', 'policies': ['affinity']}},
            token='other:other').json['server_group']['id']
        their_server = self.create_server(token='other:other')
        self.assertFault(self.post({'group': theirs}), 400, theirs)
        self.assertFault(self.post({'same_host': their_server}), 400,
                         their_server)

    def test_group_member_quota(self):
        self.conf.set_override('server_group_members', 1, group='quota')
        group_id = self.create_group()
        self.assertEqual(202, self.post({'group': group_id}).status_int)
        self.assertFault(self.post({'group': group_id}), 403,
                         'Quota exceeded, too many servers in group')
        self.assertEqual(1, len(self.members(group_id)))
