"""Policy over HTTP: a member of a project may read and write its own
servers, gets 404 for another project's and 403 (naming the rule) on
every admin-only API; an admin may do all of it."""

import os

import fixtures
import testtools

from minova.tests.functional import fixtures as func_fixtures

ADMIN_ONLY = (
    ('GET', '/os-hypervisors', 'os_compute_api:os-hypervisors:list'),
    ('GET', '/os-hypervisors/detail',
     'os_compute_api:os-hypervisors:list-detail'),
    ('GET', '/os-hypervisors/statistics',
     'os_compute_api:os-hypervisors:statistics'),
    ('GET', '/os-services', 'os_compute_api:os-services:list'),
    ('PUT', '/os-services/disable', 'os_compute_api:os-services:update'),
    ('GET', '/os-aggregates', 'os_compute_api:os-aggregates:index'),
    ('POST', '/os-aggregates', 'os_compute_api:os-aggregates:create'),
    ('POST', '/flavors', 'os_compute_api:os-flavor-manage:create'),
    ('DELETE', '/flavors/1', 'os_compute_api:os-flavor-manage:delete'),
    ('POST', '/flavors/1/os-extra_specs',
     'os_compute_api:os-flavor-extra-specs:create'),
    ('GET', '/os-availability-zone/detail',
     'os_compute_api:os-availability-zone:detail'),
)


class TestPolicyOverHTTP(testtools.TestCase):

    def setUp(self):
        super().setUp()
        self.cloud = self.useFixture(func_fixtures.AllInOneFixture(
            compute_hosts=('host1',)))
        self.admin = self.cloud.api
        self.alice = self.cloud.client('alice:project-a')
        self.bob = self.cloud.client('bob:project-b')

    def test_admin_only_apis_are_403_for_members(self):
        body = {'service': {}}
        for method, path, rule in ADMIN_ONLY:
            resp = self.alice.request(method, path, body=body
                                      if method in ('POST', 'PUT') else None)
            self.assertEqual(403, resp.status, (method, path, resp))
            self.assertEqual("Policy doesn't allow %s to be performed."
                             % rule, resp.body['forbidden']['message'])
            resp = self.admin.request(method, path, body=body
                                      if method in ('POST', 'PUT') else None)
            self.assertNotEqual(403, resp.status, (method, path))

    def test_a_member_owns_its_projects_servers_only(self):
        server_id = self.alice.create_server(
            self.cloud.image_id).body['server']['id']
        self.assertEqual('ACTIVE',
                         self.alice.wait_for_server(server_id)['status'])
        self.assertEqual([server_id], [s['id'] for s in self.alice.get(
            '/servers').body['servers']])
        # Another project's member: not found, and may not ask for every
        # project (403, as in Nova).
        for path in ('/servers/%s' % server_id,
                     '/servers/%s/metadata' % server_id,
                     '/servers/%s/os-instance-actions' % server_id):
            self.assertEqual(404, self.bob.get(path).status, path)
        self.assertEqual(404, self.bob.delete('/servers/%s'
                                              % server_id).status)
        self.assertEqual([], self.bob.get('/servers').body['servers'])
        self.assertEqual(403, self.bob.get('/servers?all_tenants=1').status)
        # The admin sees it across projects.
        self.assertIn(server_id, [s['id'] for s in self.admin.get(
            '/servers?all_tenants=1').body['servers']])
        # Admin-only filters are ignored for a member, as in Nova.
        self.assertEqual([server_id], [s['id'] for s in self.alice.get(
            '/servers?host=nowhere').body['servers']])
        self.assertEqual([], self.admin.get(
            '/servers?all_tenants=1&host=nowhere').body['servers'])


class TestPolicyFileOverHTTP(testtools.TestCase):

    def test_an_override_shows_members_the_extended_attributes(self):
        policy_file = os.path.join(
            self.useFixture(fixtures.TempDir()).path, 'policy.yaml')
        with open(policy_file, 'w') as f:
            f.write('"os_compute_api:os-extended-server-attributes": '
                    '"role:member"\n'
                    '"os_compute_api:os-hypervisors:list": "role:member"\n')
        cloud = self.useFixture(func_fixtures.AllInOneFixture(
            compute_hosts=('host1',),
            config='[oslo_policy]\npolicy_file = %s\n' % policy_file))
        alice = cloud.client('alice:project-a')
        server_id = alice.create_server(cloud.image_id).body['server']['id']
        server = alice.wait_for_server(server_id)
        self.assertEqual('host1', server['OS-EXT-SRV-ATTR:host'])
        self.assertEqual(200, alice.get('/os-hypervisors').status)
        # What the file leaves alone keeps its default.
        self.assertEqual(403, alice.get('/os-services').status)
