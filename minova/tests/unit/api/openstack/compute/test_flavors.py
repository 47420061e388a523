"""/flavors and /flavors/{id}/os-extra_specs."""

from minova import flavors
from minova.tests.unit.api.openstack.compute import base

TINY = {
    'id': '1', 'name': 'm1.tiny',
    'links': [{'rel': 'self', 'href': 'http://localhost/v2.1/flavors/1'},
              {'rel': 'bookmark', 'href': 'http://localhost/flavors/1'}],
}
TINY_DETAIL = dict(TINY, **{
    'ram': 512, 'disk': 1, 'swap': '', 'vcpus': 1,
    'OS-FLV-EXT-DATA:ephemeral': 0, 'OS-FLV-DISABLED:disabled': False,
    'os-flavor-access:is_public': True, 'rxtx_factor': 1.0,
})


class TestFlavors(base.APITestCase):

    def test_index(self):
        body = self.request('/flavors').json
        self.assertEqual(TINY, body['flavors'][0])
        self.assertEqual(['m1.tiny', 'm1.small', 'm1.medium', 'm1.large'],
                         [f['name'] for f in body['flavors']])

    def test_detail_and_show(self):
        self.assertEqual(TINY_DETAIL,
                         self.request('/flavors/detail').json['flavors'][0])
        self.assertEqual({'flavor': TINY_DETAIL},
                         self.request('/flavors/1').json)

    def test_show_unknown(self):
        self.assertFault(self.request('/flavors/77'), 404,
                         'Flavor 77 could not be found.')

    def test_paging(self):
        body = self.request('/flavors?limit=2').json
        self.assertEqual(['1', '2'], [f['id'] for f in body['flavors']])
        self.assertEqual([{'rel': 'next', 'href': 'http://localhost/v2.1/'
                           'flavors?limit=2&marker=2'}],
                         body['flavors_links'])
        body = self.request('/flavors?limit=2&marker=2').json
        self.assertEqual(['3', '4'], [f['id'] for f in body['flavors']])
        self.assertFault(self.request('/flavors?marker=9'), 400,
                         'marker [9] not found')

    def test_filters(self):
        body = self.request('/flavors?minRam=4096&minDisk=50').json
        self.assertEqual(['4'], [f['id'] for f in body['flavors']])
        self.assertFault(self.request('/flavors?minRam=lots'), 400,
                         'Invalid minRam filter [lots]')
        body = self.request('/flavors?sort_key=memory_mb&sort_dir=desc').json
        self.assertEqual(['4', '3', '2', '1'],
                         [f['id'] for f in body['flavors']])

    def test_private_flavors_are_listed_for_admins_only(self):
        flavors.create('secret', 128, 1, 1, flavorid='s1', is_public=False)
        self.assertNotIn('s1', [f['id'] for f in self.request(
            '/flavors?is_public=none').json['flavors']])
        self.assertNotIn('s1', [f['id'] for f in self.request(
            '/flavors', token=base.ADMIN).json['flavors']])
        self.assertEqual(['s1'], [f['id'] for f in self.request(
            '/flavors?is_public=false', token=base.ADMIN).json['flavors']])
        self.assertEqual(5, len(self.request(
            '/flavors?is_public=none', token=base.ADMIN).json['flavors']))
        self.assertFault(self.request('/flavors?is_public=maybe',
                                      token=base.ADMIN), 400, 'is_public')

    def test_private_flavor_is_not_found_by_id_for_non_admins(self):
        # Regression: any project could read a private flavor by its id.
        flavors.create('secret', 128, 1, 1, flavorid='s1', is_public=False,
                       extra_specs={'hw:cpu_policy': 'dedicated'})
        for path in ('/flavors/s1', '/flavors/s1/os-extra_specs',
                     '/flavors/s1/os-extra_specs/hw:cpu_policy'):
            self.assertFault(self.request(path), 404,
                             'Flavor s1 could not be found.')
            self.assertEqual(200, self.request(path,
                                               token=base.ADMIN).status_int)
        self.assertEqual('secret', self.request(
            '/flavors/s1', token=base.ADMIN).json['flavor']['name'])


class TestFlavorManage(base.APITestCase):
    BODY = {'flavor': {'name': 'm1.custom', 'id': 'custom', 'ram': 1024,
                       'vcpus': 2, 'disk': 10}}

    def test_create_and_delete(self):
        resp = self.request('/flavors', 'POST', self.BODY, token=base.ADMIN)
        self.assertEqual(200, resp.status_int, resp.text)
        self.assertEqual({
            'id': 'custom', 'name': 'm1.custom', 'ram': 1024, 'vcpus': 2,
            'disk': 10, 'swap': '', 'OS-FLV-EXT-DATA:ephemeral': 0,
            'OS-FLV-DISABLED:disabled': False,
            'os-flavor-access:is_public': True, 'rxtx_factor': 1.0,
            'links': [
                {'rel': 'self',
                 'href': 'http://localhost/v2.1/flavors/custom'},
                {'rel': 'bookmark',
                 'href': 'http://localhost/flavors/custom'}]},
            resp.json['flavor'])
        self.assertEqual(200, self.request('/flavors/custom').status_int)
        resp = self.request('/flavors/custom', 'DELETE', token=base.ADMIN)
        self.assertEqual(202, resp.status_int)
        self.assertEqual(404, self.request('/flavors/custom').status_int)
        self.assertEqual(404, self.request('/flavors/custom', 'DELETE',
                                           token=base.ADMIN).status_int)

    def test_create_with_all_fields_as_strings(self):
        resp = self.request('/flavors', 'POST', {'flavor': {
            'name': 'strings', 'ram': '256', 'vcpus': '1', 'disk': '0',
            'swap': '512', 'OS-FLV-EXT-DATA:ephemeral': '5',
            'rxtx_factor': '2.5', 'os-flavor-access:is_public': 'false'}},
            token=base.ADMIN)
        self.assertEqual(200, resp.status_int, resp.text)
        flavor = resp.json['flavor']
        self.assertEqual((256, 512, 5, 2.5, False), (
            flavor['ram'], flavor['swap'],
            flavor['OS-FLV-EXT-DATA:ephemeral'], flavor['rxtx_factor'],
            flavor['os-flavor-access:is_public']))
        self.assertEqual(36, len(flavor['id']))  # a generated uuid

    def test_duplicates_are_409(self):
        self.request('/flavors', 'POST', self.BODY, token=base.ADMIN)
        resp = self.request('/flavors', 'POST', self.BODY, token=base.ADMIN)
        self.assertFault(resp, 409, 'm1.custom')
        body = {'flavor': dict(self.BODY['flavor'], name='other')}
        self.assertFault(self.request('/flavors', 'POST', body,
                                      token=base.ADMIN), 409, 'custom')

    def test_refused(self):
        def post(**changes):
            flavor = dict(self.BODY['flavor'], **changes)
            return self.request('/flavors', 'POST', {'flavor': {
                k: v for k, v in flavor.items() if v is not None}},
                token=base.ADMIN)

        self.assertFault(post(ram=0), 400, 'ram')
        self.assertFault(post(ram=''), 400, 'ram')
        self.assertFault(post(vcpus=None), 400, 'vcpus')
        self.assertFault(post(disk=-1), 400, 'disk')
        self.assertFault(post(name=' padded'), 400, 'name')
        self.assertFault(post(id='bad/id'), 400, 'id')
        self.assertFault(post(rxtx_factor=0), 400, 'rxtx_factor')
        self.assertFault(post(description='2.55 only'), 400, 'description')
        self.assertEqual(4, len(self.request('/flavors').json['flavors']))

    def test_admin_only(self):
        self.assertFault(self.request('/flavors', 'POST', self.BODY), 403,
                         'os-flavor-manage:create')
        self.assertFault(self.request('/flavors/1', 'DELETE'), 403,
                         'os-flavor-manage:delete')


class TestExtraSpecs(base.APITestCase):

    def test_lifecycle(self):
        path = '/flavors/1/os-extra_specs'
        self.assertEqual({'extra_specs': {}}, self.request(path).json)
        resp = self.request(path, 'POST', {'extra_specs': {
            'hw:cpu_policy': 'dedicated', 'count': 2, 'flag': True}},
            token=base.ADMIN)
        self.assertEqual(200, resp.status_int, resp.text)
        self.assertEqual({'extra_specs': {'hw:cpu_policy': 'dedicated',
                                          'count': '2', 'flag': 'True'}},
                         resp.json)
        self.assertEqual({'count': '2'}, self.request(path + '/count').json)
        resp = self.request(path + '/count', 'PUT', {'count': '3'},
                            token=base.ADMIN)
        self.assertEqual({'count': '3'}, resp.json)
        resp = self.request(path + '/count', 'DELETE', token=base.ADMIN)
        self.assertEqual(200, resp.status_int)
        self.assertEqual({'hw:cpu_policy': 'dedicated', 'flag': 'True'},
                         self.request(path).json['extra_specs'])

    def test_refused(self):
        path = '/flavors/1/os-extra_specs'
        self.assertFault(self.request(path + '/nokey'), 404, 'nokey')
        self.assertFault(self.request(path + '/nokey', 'DELETE',
                                      token=base.ADMIN), 404, 'nokey')
        self.assertFault(self.request('/flavors/9/os-extra_specs'), 404,
                         'Flavor 9')
        self.assertFault(self.request(path + '/a', 'PUT', {'b': '1'},
                                      token=base.ADMIN), 400,
                         'Request body and URI mismatch')
        self.assertFault(self.request(path + '/a', 'PUT',
                                      {'a': '1', 'b': '2'},
                                      token=base.ADMIN), 400)
        self.assertFault(self.request(path, 'POST', {'extra_specs': {
            'bad/key': 'x'}}, token=base.ADMIN), 400, 'bad/key')
        self.assertFault(self.request(path, 'POST',
                                      {'extra_specs': {'a': 'b'}}), 403)
        self.assertFault(self.request(path + '/a', 'PUT', {'a': 'b'}), 403)
        self.assertFault(self.request(path + '/a', 'DELETE'), 403)
