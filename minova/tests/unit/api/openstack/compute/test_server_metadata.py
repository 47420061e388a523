"""/servers/{id}/metadata."""

from minova.tests.unit.api.openstack.compute import base


class TestServerMetadata(base.APITestCase):

    def setUp(self):
        super().setUp()
        self.server_id = self.create_server(metadata={'a': '1'})
        self.make_active(self.server_id)
        self.path = '/servers/%s/metadata' % self.server_id

    def test_index_and_show(self):
        self.assertEqual({'metadata': {'a': '1'}},
                         self.request(self.path).json)
        self.assertEqual({'meta': {'a': '1'}},
                         self.request(self.path + '/a').json)
        self.assertFault(self.request(self.path + '/b'), 404,
                         'Metadata item was not found')

    def test_post_merges(self):
        resp = self.request(self.path, 'POST', {'metadata': {'b': '2'}})
        self.assertEqual(200, resp.status_int)
        self.assertEqual({'metadata': {'a': '1', 'b': '2'}}, resp.json)

    def test_put_replaces(self):
        resp = self.request(self.path, 'PUT', {'metadata': {'b': '2'}})
        self.assertEqual({'metadata': {'b': '2'}}, resp.json)
        self.assertEqual({'metadata': {'b': '2'}},
                         self.request(self.path).json)

    def test_put_one_key(self):
        resp = self.request(self.path + '/c', 'PUT', {'meta': {'c': '3'}})
        self.assertEqual(200, resp.status_int)
        self.assertEqual({'meta': {'c': '3'}}, resp.json)
        self.assertEqual({'a': '1', 'c': '3'},
                         self.request(self.path).json['metadata'])

    def test_delete_one_key(self):
        resp = self.request(self.path + '/a', 'DELETE')
        self.assertEqual(204, resp.status_int)
        self.assertEqual({'metadata': {}}, self.request(self.path).json)
        self.assertFault(self.request(self.path + '/a', 'DELETE'), 404,
                         'Metadata item was not found')

    def test_refused(self):
        self.assertFault(self.request(self.path + '/c', 'PUT',
                                      {'meta': {'d': '3'}}), 400,
                         'Request body and URI mismatch')
        self.assertFault(self.request(self.path + '/c', 'PUT',
                                      {'meta': {'c': '3', 'd': '4'}}),
                         400, 'meta')
        self.assertFault(self.request(self.path, 'POST',
                                      {'metadata': {'k': 'v' * 256}}),
                         400, 'field/attribute k')
        self.assertFault(self.request(self.path, 'POST', {'meta': {}}),
                         400, "'metadata' is a required property")
        self.assertFault(self.request(self.path, 'POST', raw=b'{'), 400,
                         'Malformed request body')
        self.assertEqual({'a': '1'}, self.request(self.path).json['metadata'])

    def test_quota(self):
        self.conf.set_override('metadata_items', 2, group='quota')
        self.request(self.path, 'POST', {'metadata': {'b': '2'}})
        for method, path, body in (
                ('POST', self.path, {'metadata': {'c': '3'}}),
                ('PUT', self.path, {'metadata': {'x': '1', 'y': '2',
                                                 'z': '3'}}),
                ('PUT', self.path + '/c', {'meta': {'c': '3'}})):
            self.assertFault(self.request(path, method, body), 403,
                             'Maximum number of metadata items exceeds 2')
        self.assertEqual({'a': '1', 'b': '2'},
                         self.request(self.path).json['metadata'])
        # Replacing all with as many is fine.
        self.assertEqual(200, self.request(self.path, 'PUT', {'metadata': {
            'x': '1', 'y': '2'}}).status_int)

    def test_building_server_is_409(self):
        building = self.create_server()
        resp = self.request('/servers/%s/metadata' % building, 'POST',
                            {'metadata': {'a': 'b'}})
        self.assertFault(resp, 409, 'update_metadata', 'building')

    def test_other_project_is_404(self):
        self.assertFault(self.request(self.path, token='eve:evil'), 404,
                         self.server_id)
