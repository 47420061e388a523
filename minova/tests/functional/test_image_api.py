"""The Image API v2 (``/image``) over real HTTP: Glance's version
documents, an image's life (create queued, streamed upload with Glance's
checksums, download, patch, delete), the list's filters, order and pages,
members of shared images, isolation between projects, an upload cut
short, and the image storage quota."""

import hashlib
import json
import socket

import testtools

from minova.tests.functional import fixtures as func_fixtures

PATCH = 'application/openstack-images-v2.1-json-patch'
OCTETS = {'Content-Type': 'application/octet-stream'}


class ImageAPITestBase(testtools.TestCase):
    config = ''

    def setUp(self):
        super().setUp()
        self.cloud = self.useFixture(func_fixtures.AllInOneFixture(
            compute_hosts=('host1',), config=self.config))
        self.api = self.cloud.api
        self.images = self.client('admin:admin')

    def client(self, token):
        return func_fixtures.APIClient(self.cloud.port, token=token,
                                       prefix='/image/v2')

    def create(self, client=None, **fields):
        fields.setdefault('disk_format', 'raw')
        fields.setdefault('container_format', 'bare')
        resp = (client or self.images).post('/images', fields)
        self.assertEqual(201, resp.status, resp)
        return resp.body

    def upload(self, image_id, data, client=None):
        return (client or self.images).put(
            '/images/%s/file' % image_id, raw_body=data, headers=OCTETS)

    def patch(self, image_id, operations, client=None):
        return (client or self.images).request(
            'PATCH', '/images/%s' % image_id,
            raw_body=json.dumps(operations).encode(),
            headers={'Content-Type': PATCH})


class TestImageAPI(ImageAPITestBase):

    def test_versions(self):
        root = func_fixtures.APIClient(self.cloud.port, token=None,
                                       prefix='/image')
        resp = root.get('')
        self.assertEqual(300, resp.status, resp)
        versions = resp.body['versions']
        self.assertEqual(('v2.5', 'CURRENT'), (versions[0]['id'],
                                               versions[0]['status']))
        self.assertEqual('http://127.0.0.1:%d/image/v2/' % self.cloud.port,
                         versions[0]['links'][0]['href'])
        self.assertEqual(200, root.get('/versions').status)
        self.assertEqual(404, root.get('/v3').status)

    def test_image_life(self):
        image = self.create(name='mine', min_disk=1, tags=['a', 'a', 'b'],
                            hw_disk_bus='virtio')
        self.assertEqual(('queued', 'mine', 'shared', 1, ['a', 'b'],
                          'virtio', None, None), (
            image['status'], image['name'], image['visibility'],
            image['min_disk'], image['tags'], image['hw_disk_bus'],
            image['size'], image['checksum']))
        self.assertEqual('/v2/images/%s/file' % image['id'], image['file'])
        image_id = image['id']
        self.assertEqual(204, self.images.get('/images/%s/file'
                                              % image_id).status)

        data = b'x' * 300000
        self.assertEqual(204, self.upload(image_id, data).status)
        shown = self.images.get('/images/%s' % image_id).body
        self.assertEqual(('active', 300000, hashlib.md5(data).hexdigest(),
                          'sha512', hashlib.sha512(data).hexdigest()), (
            shown['status'], shown['size'], shown['checksum'],
            shown['os_hash_algo'], shown['os_hash_value']))
        self.assertEqual(409, self.upload(image_id, b'again').status)
        resp = self.images.get('/images/%s/file' % image_id)
        self.assertEqual((200, data, shown['checksum']), (
            resp.status, resp.raw, resp.headers['Content-MD5']))

        resp = self.patch(image_id, [
            {'op': 'replace', 'path': '/name', 'value': 'renamed'},
            {'op': 'add', 'path': '/colour', 'value': 'red'},
            {'op': 'remove', 'path': '/hw_disk_bus'},
            {'op': 'replace', 'path': '/protected', 'value': True}])
        self.assertEqual(200, resp.status, resp)
        self.assertEqual(('renamed', 'red', True), (
            resp.body['name'], resp.body['colour'], resp.body['protected']))
        self.assertNotIn('hw_disk_bus', resp.body)
        for operations, status in (
                ([{'op': 'replace', 'path': '/status', 'value': 'x'}], 403),
                ([{'op': 'replace', 'path': '/size', 'value': 1}], 403),
                ([{'op': 'remove', 'path': '/name'}], 403),
                ([{'op': 'replace', 'path': '/nosuch', 'value': 'x'}], 409),
                ([{'op': 'replace', 'path': '/min_ram', 'value': 'x'}], 400),
                ([{'op': 'move', 'path': '/name', 'value': 'x'}], 400)):
            self.assertEqual(status, self.patch(image_id, operations).status,
                             operations)
        resp = self.images.request('PATCH', '/images/%s' % image_id,
                                   body=[])
        self.assertEqual(415, resp.status, resp)

        self.assertEqual(403, self.images.delete('/images/%s'
                                                 % image_id).status)
        self.patch(image_id, [{'op': 'replace', 'path': '/protected',
                               'value': False}])
        self.assertEqual(204, self.images.delete('/images/%s'
                                                 % image_id).status)
        self.assertEqual(404, self.images.get('/images/%s'
                                              % image_id).status)

    def test_create_refuses_read_only_and_bad_values(self):
        for fields, status in (({'status': 'active'}, 403),
                               ({'size': 3}, 403),
                               ({'min_ram': -1}, 400),
                               ({'disk_format': 'floppy'}, 400),
                               ({'colour': 3}, 400),
                               ({'visibility': 'everyone'}, 400)):
            resp = self.images.post('/images', fields)
            self.assertEqual(status, resp.status, (fields, resp))

    def test_list_filters_sort_and_pages(self):
        for name in ('b', 'a', 'c'):
            self.create(name=name, visibility='public', tags=[name])

        def names(query):
            resp = self.images.get('/images' + query)
            self.assertEqual(200, resp.status, resp)
            return [i['name'] for i in resp.body['images']], resp.body

        self.assertEqual(['a'], names('?name=a')[0])
        self.assertEqual(['c'], names('?tag=c')[0])
        self.assertEqual(['a', 'b', 'c'],
                         names('?sort_key=name&sort_dir=asc&status=queued')[0])
        self.assertEqual(['c', 'b', 'a'],
                         names('?sort=name:desc&status=queued')[0])
        page, body = names('?sort=name:asc&limit=2&status=queued')
        self.assertEqual(['a', 'b'], page)
        self.assertIn('marker=', body['next'])
        self.assertTrue(body['next'].startswith('/v2/images?'))
        rest, body = names(body['next'][len('/v2/images'):])
        self.assertEqual(['c'], rest)
        self.assertNotIn('next', body)
        self.assertEqual(['minova-tiny'], names('?status=active')[0])
        for query in ('?sort_key=colour', '?limit=x', '?visibility=x',
                      '?sort=name&sort_key=name', '?marker=nosuch'):
            self.assertEqual(400, self.images.get('/images' + query).status,
                             query)


class TestImageIsolation(ImageAPITestBase):

    def test_projects_see_what_glance_shows_them(self):
        alice = self.client('alice:alpha')
        bob = self.client('bob:beta')
        private = self.create(alice, name='private', visibility='private')
        shared = self.create(alice, name='shared', visibility='shared')
        community = self.create(alice, name='community',
                                visibility='community')

        def listed(client, query=''):
            return sorted(i['name'] for i in client.get(
                '/images' + query).body['images'])

        # Community images are in their owner's default list only.
        self.assertEqual(['community', 'minova-tiny', 'private', 'shared'],
                         listed(alice))
        self.assertEqual(['minova-tiny'], listed(bob))
        self.assertEqual(['community'], listed(bob, '?visibility=community'))
        self.assertEqual(404, bob.get('/images/%s' % private['id']).status)
        self.assertEqual(404, bob.get('/images/%s' % shared['id']).status)
        self.assertEqual(200, bob.get('/images/%s'
                                      % community['id']).status)
        self.assertEqual(403, self.patch(community['id'], [
            {'op': 'replace', 'path': '/name', 'value': 'x'}], bob).status)
        self.assertEqual(403, bob.delete('/images/%s'
                                         % community['id']).status)
        # Only an admin makes an image public (publicize_image).
        self.assertEqual(403, alice.post('/images', {
            'visibility': 'public'}).status)

        # Sharing: only for shared images, by the owner; the member sees
        # the image once it accepts.
        self.assertEqual(403, alice.post('/images/%s/members'
                                         % private['id'],
                                         {'member': 'beta'}).status)
        resp = alice.post('/images/%s/members' % shared['id'],
                          {'member': 'beta'})
        self.assertEqual(200, resp.status, resp)
        self.assertEqual(('beta', 'pending', '/v2/schemas/member'), (
            resp.body['member_id'], resp.body['status'],
            resp.body['schema']))
        self.assertEqual(409, alice.post('/images/%s/members' % shared['id'],
                                         {'member': 'beta'}).status)
        self.assertEqual(200, bob.get('/images/%s' % shared['id']).status)
        self.assertEqual(['minova-tiny'], listed(bob))
        self.assertEqual(['shared'], listed(bob, '?member_status=pending'
                                                 '&visibility=shared'))
        path = '/images/%s/members/beta' % shared['id']
        self.assertEqual(403, alice.put(path, {'status': 'accepted'}).status)
        resp = bob.put(path, {'status': 'accepted'})
        self.assertEqual(('accepted',), (resp.body['status'],))
        self.assertEqual(['minova-tiny', 'shared'], listed(bob))
        self.assertEqual(['beta'], [m['member_id'] for m in alice.get(
            '/images/%s/members' % shared['id']).body['members']])
        self.assertEqual('accepted', bob.get(path).body['status'])
        self.assertEqual(204, alice.delete(path).status)
        self.assertEqual(404, bob.get('/images/%s' % shared['id']).status)


class TestImageUploadCutShort(ImageAPITestBase):

    def test_a_short_body_leaves_the_image_queued(self):
        image = self.create(name='cut')
        sock = socket.create_connection(('127.0.0.1', self.cloud.port))
        sock.sendall(('PUT /image/v2/images/%s/file HTTP/1.1\r\n'
                      'Host: 127.0.0.1\r\nX-Auth-Token: admin:admin\r\n'
                      'Content-Type: application/octet-stream\r\n'
                      'Content-Length: 1000000\r\n\r\n' % image['id']
                      ).encode() + b'x' * 1000)
        sock.shutdown(socket.SHUT_WR)
        sock.recv(65536)
        sock.close()
        for _attempt in range(50):
            shown = self.images.get('/images/%s' % image['id']).body
            if shown['status'] != 'saving':
                break
        self.assertEqual(('queued', None, None), (
            shown['status'], shown['size'], shown['checksum']))
        self.assertEqual(204, self.images.get('/images/%s/file'
                                              % image['id']).status)
        self.assertEqual([], [name for name in self.image_files()
                              if name.startswith(image['id'])])
        # The image takes a whole upload afterwards.
        self.assertEqual(204, self.upload(image['id'], b'y' * 10).status)
        self.assertEqual('active', self.images.get(
            '/images/%s' % image['id']).body['status'])

    def image_files(self):
        import os
        return os.listdir(self.cloud.conf.image.local_image_dir)


class TestImageStorageQuota(ImageAPITestBase):
    config = '[image]\nuser_storage_quota = 1KB\n'

    def test_uploads_past_the_quota_are_413(self):
        alice = self.client('alice:alpha')
        first = self.create(alice, name='first')
        self.assertEqual(204, self.upload(first['id'], b'x' * 600,
                                          alice).status)
        second = self.create(alice, name='second')
        resp = self.upload(second['id'], b'x' * 600, alice)
        self.assertEqual(413, resp.status, resp)
        self.assertIn('user_storage_quota', json.dumps(resp.body))
        self.assertEqual('queued', alice.get(
            '/images/%s' % second['id']).body['status'])
        # Another project has its own quota.
        bob = self.client('bob:beta')
        third = self.create(bob, name='third')
        self.assertEqual(204, self.upload(third['id'], b'x' * 600,
                                          bob).status)
        # Deleting frees the room.
        self.assertEqual(204, alice.delete('/images/%s' % first['id']).status)
        self.assertEqual(204, self.upload(second['id'], b'x' * 600,
                                          alice).status)
