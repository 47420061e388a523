"""The Image API's handlers through the real paste pipeline under
``/image`` (SQLite, the local back end): version documents, what each
handler accepts and refuses, and the policy rules of the routes."""

import json

import webob

from minova.api.openstack import image as image_api
from minova.api import policies
from minova.api.policies import image as image_rules
from minova.tests.unit.api.openstack.compute import base

DEMO = base.DEMO
PATCH = 'application/openstack-images-v2.1-json-patch'


class ImageAPITestCase(base.APITestCase):

    def irequest(self, path, method='GET', body=None, token=DEMO):
        return self.request(path, method, body, token, prefix='/image/v2')

    def send(self, path, method, data, content_type, token=DEMO):
        req = webob.Request.blank('/image/v2' + path, method=method,
                                  headers={'X-Auth-Token': token})
        req.content_type = content_type
        req.body = data
        return req.get_response(self.app)

    def create(self, **fields):
        fields.setdefault('disk_format', 'raw')
        fields.setdefault('container_format', 'bare')
        resp = self.irequest('/images', 'POST', fields)
        self.assertEqual(201, resp.status_int, resp.text)
        return resp.json


class TestVersions(ImageAPITestCase):

    def test_glance_versions_without_a_token(self):
        for path, status in (('/image', 300), ('/image/', 300),
                             ('/image/v2', 300), ('/image/versions', 200)):
            resp = self.request('', token=None, prefix=path)
            self.assertEqual(status, resp.status_int, path)
            versions = resp.json['versions']
            self.assertEqual(['v2.5', 'v2.4', 'v2.3', 'v2.2', 'v2.1',
                              'v2.0'], [v['id'] for v in versions])
            self.assertEqual(['CURRENT'] + ['SUPPORTED'] * 5,
                             [v['status'] for v in versions])
            self.assertEqual([{'rel': 'self',
                               'href': 'http://localhost/image/v2/'}],
                             versions[0]['links'])
        self.assertFault(self.request('', token=None, prefix='/image/v1'),
                         404, 'v2')

    def test_the_api_needs_a_token(self):
        self.assertEqual(401, self.irequest('/images', token=None).status_int)


class TestHandlers(ImageAPITestCase):

    def test_create_show_and_location(self):
        resp = self.irequest('/images', 'POST', {
            'name': 'x', 'disk_format': 'qcow2', 'container_format': 'bare',
            'os_distro': 'cirros'})
        self.assertEqual(201, resp.status_int, resp.text)
        image = resp.json
        self.assertEqual('http://localhost/image/v2/images/%s' % image['id'],
                         resp.headers['Location'])
        self.assertEqual(('queued', 'shared', 'demo', 'cirros'), (
            image['status'], image['visibility'], image['owner'],
            image['os_distro']))
        shown = self.irequest('/images/%s' % image['id']).json
        self.assertEqual(image, shown)

    def test_upload_wants_octets_and_formats(self):
        image = self.create()
        resp = self.send('/images/%s/file' % image['id'], 'PUT', b'x',
                         'application/json')
        self.assertFault(resp, 415, 'application/octet-stream')
        bare = self.create(disk_format=None)
        resp = self.send('/images/%s/file' % bare['id'], 'PUT', b'x',
                         'application/octet-stream')
        self.assertFault(resp, 400, 'disk_format')

    def test_an_upload_is_not_capped_by_the_body_size_limit(self):
        image = self.create()
        data = b'x' * (200 * 1024)
        resp = self.send('/images/%s/file' % image['id'], 'PUT', data,
                         'application/octet-stream')
        self.assertEqual(204, resp.status_int, resp.text)
        self.assertEqual(len(data), self.irequest(
            '/images/%s' % image['id']).json['size'])
        # A JSON body that large is still refused.
        resp = self.send('/images', 'POST', json.dumps(
            {'name': 'x' * (200 * 1024)}).encode(), 'application/json')
        self.assertEqual(413, resp.status_int)

    def test_patch_wants_its_media_type(self):
        image = self.create()
        ops = json.dumps([{'op': 'replace', 'path': '/name',
                           'value': 'y'}]).encode()
        resp = self.send('/images/%s' % image['id'], 'PATCH', ops,
                         'application/json')
        self.assertFault(resp, 415, PATCH)
        resp = self.send('/images/%s' % image['id'], 'PATCH', ops, PATCH)
        self.assertEqual((200, 'y'), (resp.status_int, resp.json['name']))
        resp = self.send('/images/%s' % image['id'], 'PATCH', b'{}', PATCH)
        self.assertEqual(400, resp.status_int)

    def test_tags(self):
        image = self.create(tags=['a'])
        path = '/images/%s/tags/' % image['id']
        self.assertEqual(204, self.irequest(path + 'b', 'PUT').status_int)
        self.assertEqual(204, self.irequest(path + 'a', 'DELETE').status_int)
        self.assertEqual(404, self.irequest(path + 'a', 'DELETE').status_int)
        self.assertEqual(['b'], self.irequest(
            '/images/%s' % image['id']).json['tags'])

    def test_unknown_method_is_405(self):
        resp = self.irequest('/images', 'DELETE')
        self.assertEqual(405, resp.status_int)
        self.assertEqual('GET, POST', resp.headers['Allow'])


class TestRules(ImageAPITestCase):

    def test_every_route_has_a_registered_glance_rule(self):
        served = {(template, method) for template, methods in
                  image_api.ROUTES.items() for method in methods}
        self.assertEqual(served, set(image_rules.ROUTE_RULES))
        registered = {rule.name: rule for rule in policies.list_rules()}
        for (template, method), name in image_rules.ROUTE_RULES.items():
            if name is None:  # the schemas: any authenticated caller
                continue
            self.assertIn({'method': method, 'path': '/image/v2' + template},
                          registered[name].operations)

    def test_only_an_admin_publicizes(self):
        resp = self.irequest('/images', 'POST', {'visibility': 'public'})
        self.assertFault(resp, 403, 'publicize_image')
        resp = self.irequest('/images', 'POST', {'visibility': 'public'},
                             token=base.ADMIN)
        self.assertEqual(201, resp.status_int, resp.text)


class TestSchemas(ImageAPITestCase):

    def test_glance_schemas_describe_what_is_shown(self):
        image = self.create(os_distro='cirros')
        schema = self.irequest('/schemas/image').json
        self.assertEqual('image', schema['name'])
        core = set(image) - {'os_distro'}
        self.assertEqual(set(), core - set(schema['properties']))
        self.assertTrue(schema['properties']['status']['readOnly'])
        self.assertEqual({'type': 'string'},
                         schema['additionalProperties'])
        images = self.irequest('/schemas/images').json
        self.assertEqual(schema, images['properties']['images']['items'])
        member = self.irequest('/schemas/members').json
        self.assertIn('member_id',
                      member['properties']['members']['items']['properties'])
        self.assertEqual(401, self.irequest('/schemas/image',
                                            token=None).status_int)
