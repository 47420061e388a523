"""/os-server-groups at 2.1: Nova's bodies, validation naming the field,
404 for what the caller cannot see, paging and the server_groups quota."""

from oslo_utils import uuidutils

from minova.db import models
from minova.db import session
from minova.tests.unit.api.openstack.compute import base

OTHER = 'other:other'  # a user of another project


def _count_groups():
    with session.reader() as s:
        return s.query(models.InstanceGroup).count()


class TestServerGroups(base.APITestCase):

    def create_group(self, name='g', policies=('anti-affinity',),
                     token=base.DEMO, status=200):
        resp = self.request('/os-server-groups', 'POST', {
            'server_group': {'name': name, 'policies': list(policies)}},
            token=token)
        self.assertEqual(status, resp.status_int, resp.text)
        return resp.json['server_group'] if status == 200 else resp

    def test_create_answers_nova_21_body(self):
        group = self.create_group('web', ['affinity'])
        self.assertTrue(uuidutils.is_uuid_like(group.pop('id')))
        self.assertEqual({'name': 'web', 'policies': ['affinity'],
                          'members': [], 'metadata': {}}, group)

    def test_strict_policies_at_2_1(self):
        for policy in ('affinity', 'anti-affinity'):
            self.assertEqual([policy],
                             self.create_group(policies=[policy])['policies'])
        self.create_group(policies=['soft-affinity'], status=400)

    def test_soft_policies_from_2_15(self):
        for policy in ('soft-affinity', 'soft-anti-affinity'):
            resp = self.request('/os-server-groups', 'POST', {
                'server_group': {'name': 'g', 'policies': [policy]}},
                headers={'OpenStack-API-Version': 'compute 2.15'})
            self.assertEqual(200, resp.status_int, resp.text)
            self.assertEqual([policy], resp.json['server_group']['policies'])

    def test_bad_bodies_name_the_field_and_write_nothing(self):
        cases = [
            ({'name': 'g', 'policies': ['best-effort']}, 'policies'),
            ({'name': 'g', 'policies': []}, 'policies'),
            ({'name': 'g', 'policies': ['affinity', 'anti-affinity']},
             'policies'),
            ({'name': 'g', 'policies': 'affinity'}, 'policies'),
            ({'name': '', 'policies': ['affinity']}, 'name'),
            ({'name': ' g', 'policies': ['affinity']}, 'name'),
            ({'policies': ['affinity']}, "'name' is a required property"),
            ({'name': 'g'}, "'policies' is a required property"),
            ({'name': 'g', 'policies': ['affinity'], 'rules': {}},
             "'rules' was unexpected"),
        ]
        for body, word in cases:
            resp = self.request('/os-server-groups', 'POST',
                                {'server_group': body})
            self.assertFault(resp, 400, word)
        self.assertFault(self.request('/os-server-groups', 'POST', {}), 400,
                         "'server_group' is a required property")
        self.assertEqual(0, _count_groups())

    def test_show(self):
        group = self.create_group()
        self.assertEqual({'server_group': group}, self.request(
            '/os-server-groups/%s' % group['id']).json)

    def test_unknown_or_other_projects_group_is_404(self):
        unknown = uuidutils.generate_uuid()
        self.assertFault(self.request('/os-server-groups/%s' % unknown), 404,
                         'Instance group %s could not be found.' % unknown)
        self.assertFault(self.request('/os-server-groups/nope'), 404, 'nope')
        theirs = self.create_group(token=OTHER)
        self.assertFault(self.request('/os-server-groups/%s' % theirs['id']),
                         404, theirs['id'])
        self.assertFault(self.request('/os-server-groups/%s' % theirs['id'],
                                      'DELETE'), 404, theirs['id'])
        # An admin sees every project's groups.
        self.assertEqual(200, self.request(
            '/os-server-groups/%s' % theirs['id'],
            token=base.ADMIN).status_int)

    def test_list_is_the_projects_unless_an_admin_asks_all_projects(self):
        mine = self.create_group('mine')
        theirs = self.create_group('theirs', token=OTHER)

        def names(path, token=base.DEMO):
            resp = self.request(path, token=token)
            self.assertEqual(200, resp.status_int, resp.text)
            return [g['name'] for g in resp.json['server_groups']]

        self.assertEqual({'server_groups': [mine]},
                         self.request('/os-server-groups').json)
        self.assertEqual(['mine'], names('/os-server-groups?all_projects=1'))
        self.assertEqual(['theirs'], names('/os-server-groups', OTHER))
        self.assertEqual(['mine', 'theirs'],
                         names('/os-server-groups?all_projects=True',
                               base.ADMIN))
        self.assertEqual([], names('/os-server-groups', base.ADMIN))
        self.assertEqual(theirs['id'], self.request(
            '/os-server-groups?all_projects=1&offset=1',
            token=base.ADMIN).json['server_groups'][0]['id'])

    def test_limit_and_offset(self):
        for name in 'abcd':
            self.create_group(name)
        for query, expected in (('limit=2', 'ab'), ('offset=1', 'bcd'),
                                ('limit=2&offset=3', 'd'),
                                ('limit=0', 'abcd'), ('offset=9', '')):
            body = self.request('/os-server-groups?' + query).json
            self.assertEqual(list(expected),
                             [g['name'] for g in body['server_groups']],
                             query)
        self.assertFault(self.request('/os-server-groups?limit=x'), 400,
                         'limit', 'x')
        self.assertFault(self.request('/os-server-groups?offset=-1'), 400,
                         'offset')

    def test_delete(self):
        group = self.create_group()
        resp = self.request('/os-server-groups/%s' % group['id'], 'DELETE')
        self.assertEqual(204, resp.status_int)
        self.assertEqual(b'', resp.body)
        self.assertFault(self.request('/os-server-groups/%s' % group['id']),
                         404, group['id'])
        self.assertEqual([], self.request(
            '/os-server-groups').json['server_groups'])

    def test_quota_of_server_groups(self):
        self.conf.set_override('server_groups', 2, group='quota')
        self.create_group('a')
        self.create_group('b')
        self.assertFault(self.create_group('c', status=403), 403,
                         'Quota exceeded, too many server groups.')
        self.assertEqual(2, _count_groups())
        # Another project has its own count; a deleted group frees one.
        self.create_group('theirs', token=OTHER)
        first = self.request('/os-server-groups').json['server_groups'][0]
        self.request('/os-server-groups/%s' % first['id'], 'DELETE')
        self.create_group('c')

    def test_unlimited_quota(self):
        self.conf.set_override('server_groups', -1, group='quota')
        for name in 'abc':
            self.create_group(name)
