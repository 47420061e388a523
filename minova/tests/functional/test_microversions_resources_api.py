"""Flavors, aggregates and the proxy APIs microversion by microversion, over HTTP: each
test shows a version's change at that version and its absence below.
Every answer is also checked against Tempest's schema of its version
(APIClient)."""

from oslo_utils import uuidutils

from minova.tests.functional import fixtures as func_fixtures
from minova.tests.functional import test_servers_api

CEILING = '2.79'
MEMBER = func_fixtures.DEMO_TOKEN


class VersionedTestBase(test_servers_api.ServersTestBase):
    ceiling = CEILING
    overrides = {'compute_hosts': ('host1',)}

    def at(self, version, token=None):
        kwargs = {'token': token} if token else {}
        return self.cloud.client(microversion=version, **kwargs)

    def get(self, version, path, token=None):
        resp = self.at(version, token).get(path)
        self.assertEqual(200, resp.status, resp)
        return resp.body


class TestFlavorMicroversions(VersionedTestBase):

    def _create(self, version, **extra):
        flavor = dict({'name': 'f-%s' % version, 'ram': 64, 'vcpus': 1,
                       'disk': 1}, **extra)
        return self.at(version).post('/flavors', {'flavor': flavor})

    def test_description_on_create_and_update_from_2_55(self):
        resp = self._create('2.54', description='small')
        self.assertEqual(400, resp.status, resp)
        resp = self._create('2.55', description='small')
        self.assertEqual(200, resp.status, resp)
        flavor = resp.body['flavor']
        self.assertEqual('small', flavor['description'])
        path = '/flavors/%s' % flavor['id']
        self.assertNotIn('description', self.get('2.54', path)['flavor'])

        self.assertEqual(404, self.at('2.54').put(path, {'flavor': {
            'description': 'tiny'}}).status)
        resp = self.at('2.55').put(path, {'flavor': {'description': 'tiny'}})
        self.assertEqual(200, resp.status, resp)
        self.assertEqual('tiny', resp.body['flavor']['description'])
        self.assertEqual('tiny', self.get('2.55', path)['flavor'][
            'description'])
        resp = self.at('2.55').put(path, {'flavor': {'description': None}})
        self.assertIsNone(resp.body['flavor']['description'])
        for body in ({'flavor': {}}, {'flavor': {'name': 'x'}},
                     {'flavor': {'description': 'x' * 65536}},
                     {'flavor': {'description': 'a\x01'}}):
            self.assertEqual(400, self.at('2.55').put(path, body).status)
        self.assertEqual(404, self.at('2.55').put(
            '/flavors/%s' % uuidutils.generate_uuid(),
            {'flavor': {'description': 'x'}}).status)
        self.assertEqual(403, self.at('2.55', token=MEMBER).put(
            path, {'flavor': {'description': 'x'}}).status)

    def test_extra_specs_in_the_flavor_from_2_61(self):
        flavor = self._create('2.55').body['flavor']
        path = '/flavors/%s' % flavor['id']
        self.api.post(path + '/os-extra_specs',
                      {'extra_specs': {'hw:cpu_policy': 'shared'}})
        self.assertNotIn('extra_specs', self.get('2.60', path)['flavor'])
        self.assertEqual({'hw:cpu_policy': 'shared'},
                         self.get('2.61', path)['flavor']['extra_specs'])
        detail = {f['id']: f for f in self.get(
            '2.61', '/flavors/detail?is_public=none')['flavors']}
        self.assertEqual({'hw:cpu_policy': 'shared'},
                         detail[flavor['id']]['extra_specs'])
        self.assertEqual({}, detail['1']['extra_specs'])
        self.assertNotIn('extra_specs', self.get(
            '2.61', '/flavors')['flavors'][0])
        created = self._create('2.61').body['flavor']
        self.assertEqual({}, created['extra_specs'])
        updated = self.at('2.61').put(path, {'flavor': {
            'description': 'd'}}).body['flavor']
        self.assertEqual({'hw:cpu_policy': 'shared'},
                         updated['extra_specs'])
        # A project member may list extra specs too (Nova's default).
        self.assertIn('extra_specs', self.get(
            '2.61', '/flavors/1', token=MEMBER)['flavor'])

    def test_swap_is_zero_from_2_75(self):
        self.assertEqual('', self.get('2.74', '/flavors/1')['flavor']['swap'])
        self.assertEqual(0, self.get('2.75', '/flavors/1')['flavor']['swap'])
        detail = self.get('2.75', '/flavors/detail')['flavors']
        self.assertEqual({0}, {f['swap'] for f in detail})
        flavor = self._create('2.75', swap=512).body['flavor']
        self.assertEqual(512, flavor['swap'])


class TestAggregateMicroversions(VersionedTestBase):

    def test_uuid_from_2_41(self):
        old = self.at('2.40').post('/os-aggregates', {'aggregate': {
            'name': 'a'}})
        self.assertEqual(200, old.status, old)
        self.assertNotIn('uuid', old.body['aggregate'])
        new = self.at('2.41').post('/os-aggregates', {'aggregate': {
            'name': 'b'}}).body['aggregate']
        self.assertTrue(uuidutils.is_uuid_like(new['uuid']))
        path = '/os-aggregates/%d' % new['id']
        self.assertEqual(new['uuid'],
                         self.get('2.41', path)['aggregate']['uuid'])
        self.assertNotIn('uuid', self.get('2.40', path)['aggregate'])
        listed = self.get('2.41', '/os-aggregates')['aggregates']
        self.assertEqual(2, len({a['uuid'] for a in listed}))
        self.assertNotIn('uuid', self.get('2.40', '/os-aggregates')[
            'aggregates'][0])
        updated = self.at('2.41').put(path, {'aggregate': {
            'name': 'c'}}).body['aggregate']
        self.assertEqual(new['uuid'], updated['uuid'])
        resp = self.at('2.41').post(path + '/action', {
            'add_host': {'host': 'host1'}})
        self.assertEqual(new['uuid'], resp.body['aggregate']['uuid'])


class TestQueryParameters(VersionedTestBase):

    def test_unknown_query_parameters_400_from_2_75(self):
        for path in ('/flavors?foo=1', '/flavors/detail?foo=1',
                     '/os-services?foo=1'):
            self.get('2.74', path)
            self.assertEqual(400, self.at('2.75').get(path).status, path)
        self.get('2.75', '/flavors/detail?minRam=1&sort_key=name&limit=2')
        self.get('2.75', '/os-services?host=host1&binary=minova-compute')


class TestProxyAPIs(VersionedTestBase):

    def test_proxies_404_from_2_36(self):
        network = self.get('2.35', '/os-networks')['networks'][0]
        paths = ['/os-networks', '/os-networks/%s' % network['id'],
                 '/images', '/images/detail',
                 '/images/%s' % self.cloud.image_id,
                 '/os-volumes', '/os-volumes/detail', '/os-snapshots',
                 '/os-snapshots/detail']
        for path in paths:
            self.get('2.35', path)
            resp = self.at('2.36').get(path)
            self.assertEqual(404, resp.status, path)
        self.assertEqual(404, self.at('2.36').post('/os-volumes', {
            'volume': {'size': 1}}).status)
        # The network quotas leave quota-sets at 2.36 too.
        project = self.get('2.35', '/os-quota-sets/demo')['quota_set']
        self.assertIn('floating_ips', project)
        self.assertNotIn('floating_ips', self.get(
            '2.36', '/os-quota-sets/demo')['quota_set'])
