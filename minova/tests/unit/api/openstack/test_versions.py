"""The version documents, field for field as Nova sends them."""

import testtools

from minova.api import microversion
from minova.tests.unit.api import fakes

MEDIA_TYPES = [{'base': 'application/json',
                'type': 'application/vnd.openstack.compute+json;version=2.1'}]


class TestVersions(testtools.TestCase):
    def setUp(self):
        super().setUp()
        self.app, _ = fakes.make_app(self)
        self.max = str(microversion.MAX_VERSION)

    def test_root_lists_the_versions(self):
        resp = fakes.request(self.app, '/', token=None)
        self.assertEqual(200, resp.status_int)
        self.assertEqual({'versions': [{
            'id': 'v2.0', 'status': 'SUPPORTED', 'version': '',
            'min_version': '', 'updated': '2011-01-21T11:33:21Z',
            'links': [{'rel': 'self', 'href': 'http://localhost/v2/'}],
        }, {
            'id': 'v2.1', 'status': 'CURRENT', 'version': self.max,
            'min_version': '2.1', 'updated': '2013-07-23T11:33:21Z',
            'links': [{'rel': 'self', 'href': 'http://localhost/v2.1/'}],
        }]}, resp.json)

    def test_v21_document_with_and_without_slash(self):
        expected = {'version': {
            'id': 'v2.1', 'status': 'CURRENT', 'version': self.max,
            'min_version': '2.1', 'updated': '2013-07-23T11:33:21Z',
            'links': [
                {'rel': 'self', 'href': 'http://localhost/v2.1/'},
                {'rel': 'describedby', 'type': 'text/html',
                 'href': 'http://docs.openstack.org/'}],
            'media-types': MEDIA_TYPES,
        }}
        for path in ('/v2.1', '/v2.1/'):
            resp = fakes.request(self.app, path, token=None)
            self.assertEqual(200, resp.status_int, path)
            self.assertEqual(expected, resp.json, path)
            self.assertEqual('application/json', resp.content_type)

    def test_links_follow_the_host_and_mount_point(self):
        resp = fakes.request(self.app, '/v2.1/', token=None,
                             base_url='https://api.example.com:8774/compute')
        self.assertEqual('https://api.example.com:8774/compute/v2.1/',
                         resp.json['version']['links'][0]['href'])

    def test_other_paths_answer_multiple_choices(self):
        resp = fakes.request(self.app, '/v3/servers', token=None)
        self.assertEqual(300, resp.status_int)
        self.assertEqual({'choices': [{
            'id': 'v2.0', 'status': 'SUPPORTED', 'media-types': [{
                'base': 'application/json',
                'type': 'application/vnd.openstack.compute+json;version=2'}],
            'links': [{'rel': 'self',
                       'href': 'http://localhost/v2/v3/servers'}],
        }, {
            'id': 'v2.1', 'status': 'CURRENT', 'media-types': MEDIA_TYPES,
            'links': [{'rel': 'self',
                       'href': 'http://localhost/v2.1/v3/servers'}],
        }]}, resp.json)

    def test_versions_resource_under_v21(self):
        resp = fakes.request(self.app, '/v2.1/versions/v2.1')
        self.assertEqual('v2.1', resp.json['version']['id'])
        resp = fakes.request(self.app, '/v2.1/versions/v2.0')
        self.assertEqual('v2.0', resp.json['version']['id'])
        resp = fakes.request(self.app, '/v2.1/versions/v3.0')
        self.assertEqual(404, resp.status_int)

    def test_v2_serves_the_api_at_2_1_whatever_the_headers_ask(self):
        for path in ('/v2', '/v2/'):
            resp = fakes.request(self.app, path, token=None)
            self.assertEqual(('v2.0', 'SUPPORTED'),
                             (resp.json['version']['id'],
                              resp.json['version']['status']), path)
            self.assertEqual('http://localhost/v2/',
                             resp.json['version']['links'][0]['href'])
        resp = fakes.request(self.app, '/v2/whoami', headers={
            'OpenStack-API-Version': 'compute 9.9'})
        self.assertEqual(200, resp.status_int)
        self.assertEqual('2.1', resp.json['api_version'])
        self.assertNotIn('OpenStack-API-Version', resp.headers)
        self.assertEqual(401, fakes.request(self.app, '/v2/whoami',
                                            token=None).status_int)
