"""Refused requests over HTTP: each answers a 4xx whose message names the
problem, and writes nothing -- every table a boot writes has as many rows
after the request as before."""

import json


from minova.tests.functional import fixtures as func_fixtures

UNKNOWN_UUID = '6b1f0b52-7a0f-4b59-9d4c-000000000000'


class TestBadInput(func_fixtures.RefusalTestCase):
    """One cloud for the class: no test here may change it."""

    cloud_options = {'compute_hosts': ['host1'], 'quota.instances': 2,
                     'quota.metadata_items': 3}

    def setUp(self):
        super().setUp()
        self.api = self.cloud.api

    def server(self, **fields):
        body = {'name': 'bad', 'imageRef': self.cloud.image_id,
                'flavorRef': '1'}
        body.update(fields)
        return {'server': {k: v for k, v in body.items() if v is not None}}

    def assertFault(self, resp, status, *words):
        self.assertEqual(status, resp.status, resp)
        (name, fault), = resp.body.items()
        self.assertEqual(status, fault['code'])
        for word in words:
            self.assertIn(word, fault['message'])
        return fault['message']

    def test_unknown_flavor(self):
        resp = self.api.post('/servers', self.server(flavorRef='99'))
        self.assertFault(resp, 400, 'flavorRef', '99', 'could not be found')

    def test_flavor_as_a_url(self):
        resp = self.api.post('/servers', self.server(
            flavorRef='http://localhost/v2.1/flavors/98'))
        self.assertFault(resp, 400, 'flavorRef', '98')

    def test_unknown_image(self):
        resp = self.api.post('/servers', self.server(imageRef=UNKNOWN_UUID))
        self.assertFault(resp, 400, 'imageRef', UNKNOWN_UUID)

    def test_image_not_a_uuid(self):
        resp = self.api.post('/servers', self.server(imageRef='cirros'))
        self.assertFault(resp, 400, 'imageRef')

    def test_malformed_json(self):
        resp = self.api.post('/servers', raw_body=b'{"server": {"name": ')
        self.assertFault(resp, 400, 'Malformed request body')

    def test_body_not_an_object(self):
        resp = self.api.post('/servers', raw_body=b'[1, 2]')
        self.assertFault(resp, 400)

    def test_missing_body(self):
        self.assertFault(self.api.post('/servers'), 400)

    def test_non_json_content_type(self):
        resp = self.api.post('/servers', raw_body=b'<server/>',
                             headers={'Content-Type': 'application/xml'})
        self.assertFault(resp, 415, 'Content-Type')

    def test_missing_name(self):
        resp = self.api.post('/servers', self.server(name=None))
        self.assertFault(resp, 400, "'name' is a required property")

    def test_empty_name(self):
        resp = self.api.post('/servers', self.server(name=''))
        self.assertFault(resp, 400, 'name')

    def test_over_long_name(self):
        resp = self.api.post('/servers', self.server(name='x' * 256))
        self.assertFault(resp, 400, 'field/attribute name', 'too long')

    def test_name_with_leading_whitespace(self):
        resp = self.api.post('/servers', self.server(name=' x'))
        self.assertFault(resp, 400, 'field/attribute name')

    def test_name_with_a_bidi_override(self):
        # Shown as "webexe.jpg" by a terminal that honours the override.
        resp = self.api.post('/servers', self.server(name='web\u202egpj.exe'))
        self.assertFault(resp, 400, 'field/attribute name', "'web\\u202egpj.exe'",
                         'printable characters')

    def test_body_over_the_size_limit(self):
        # [oslo_middleware] max_request_body_size: 112 KiB by default.
        resp = self.api.post('/servers', self.server(user_data='A' * 120000))
        self.assertFault(resp, 413, 'max_request_body_size (114688 bytes)')
        self.assertIn('overLimit', resp.body)

    def test_chunked_body_over_the_size_limit(self):
        body = json.dumps(self.server(user_data='A' * 120000)).encode()
        chunks = (body[i:i + 8192] for i in range(0, len(body), 8192))
        resp = self.api.request('POST', '/servers', raw_body=chunks)
        self.assertFault(resp, 413, 'max_request_body_size (114688 bytes)')

    def test_unknown_field_is_named(self):
        resp = self.api.post('/servers', self.server(colour='blue'))
        self.assertFault(resp, 400, "'colour' was unexpected")

    def test_min_count_above_max_count(self):
        resp = self.api.post('/servers', self.server(min_count=3,
                                                     max_count=2))
        self.assertFault(resp, 400, 'min_count must be <= max_count')

    def test_min_count_zero(self):
        resp = self.api.post('/servers', self.server(min_count=0))
        self.assertFault(resp, 400, 'min_count')

    def test_over_quota(self):
        resp = self.api.post('/servers', self.server(min_count=3))
        self.assertFault(resp, 403, 'Quota exceeded for instances',
                         'Requested 3', 'of 2 instances')

    def test_too_much_metadata(self):
        resp = self.api.post('/servers', self.server(
            metadata={str(i): 'v' for i in range(4)}))
        self.assertFault(resp, 403,
                         'Maximum number of metadata items exceeds 3')

    def test_bad_networks(self):
        resp = self.api.post('/servers', self.server(networks='some'))
        self.assertFault(resp, 400, 'networks')

    def test_bad_user_data(self):
        resp = self.api.post('/servers', self.server(user_data='abc'))
        self.assertFault(resp, 400, 'user_data', 'base64')

    def test_unknown_server_id(self):
        for method, path, body in (
                ('GET', '', None),
                ('PUT', '', {'server': {'name': 'x'}}),
                ('DELETE', '', None),
                ('GET', '/metadata', None),
                ('POST', '/metadata', {'metadata': {'a': 'b'}}),
                ('GET', '/ips', None),
                ('GET', '/os-instance-actions', None)):
            resp = self.api.request(method, '/servers/%s%s'
                                    % (UNKNOWN_UUID, path), body=body)
            self.assertFault(resp, 404, UNKNOWN_UUID)

    def test_unknown_microversion(self):
        resp = self.cloud.client(microversion='2.999').post(
            '/servers', self.server())
        self.assertFault(resp, 406, '2.999')

    def test_malformed_microversion(self):
        resp = self.cloud.client(microversion='two').post(
            '/servers', self.server())
        self.assertFault(resp, 400, 'two')

    def test_no_token(self):
        api = self.cloud.client(token=None)
        self.assertEqual(401, api.post('/servers', self.server()).status)

    def test_unknown_flavor_and_image_ids_on_their_own_urls(self):
        self.assertFault(self.api.get('/flavors/99'), 404, '99')
        self.assertFault(self.api.get('/images/%s' % UNKNOWN_UUID), 404,
                         UNKNOWN_UUID)

    def test_admin_routes_refuse_other_users(self):
        demo = self.cloud.client(token='demo:demo')
        for method, path, body in (
                ('POST', '/flavors', {'flavor': {'name': 'f', 'ram': 1,
                                                 'vcpus': 1, 'disk': 1}}),
                ('DELETE', '/flavors/1', None),
                ('POST', '/flavors/1/os-extra_specs',
                 {'extra_specs': {'a': 'b'}}),
                ('GET', '/os-hypervisors', None),
                ('GET', '/os-hypervisors/detail', None),
                ('GET', '/os-services', None),
                ('PUT', '/os-services/disable',
                 {'host': 'host1', 'binary': 'minova-compute'})):
            resp = demo.request(method, path, body=body)
            self.assertFault(resp, 403, 'Policy')
        self.assertEqual('enabled', self.api.get('/os-services').body[
            'services'][-1]['status'])
