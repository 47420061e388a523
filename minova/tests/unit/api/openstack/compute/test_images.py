"""/images: the read-only image proxy in Nova's format."""

from minova.image import local as local_image
from minova.tests.unit.api.openstack.compute import base


class TestImages(base.APITestCase):

    def test_show(self):
        image = self.request('/images/%s' % self.image_id).json['image']
        self.assertEqual({
            'id': self.image_id, 'name': 'cirros', 'minRam': 0,
            'minDisk': 0, 'metadata': {}, 'status': 'ACTIVE',
            'progress': 100, 'OS-EXT-IMG-SIZE:size': 1024,
            'created': image['created'], 'updated': image['updated'],
            'links': [
                {'rel': 'self', 'href': 'http://localhost/v2.1/images/%s'
                 % self.image_id},
                {'rel': 'bookmark', 'href': 'http://localhost/images/%s'
                 % self.image_id}]}, image)
        self.assertRegex(image['created'],
                         r'^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$')

    def test_unknown(self):
        self.assertFault(self.request('/images/nope'), 404,
                         'Image nope could not be found.')

    def test_list_detail_filters_and_paging(self):
        api = local_image.LocalImageAPI(self.conf)
        other = api.create(self.admin_context, 'fedora', b'x', min_ram=256,
                           properties={'os_distro': 'fedora'})
        body = self.request('/images').json
        self.assertEqual({'fedora', 'cirros'},
                         {i['name'] for i in body['images']})
        self.assertEqual({'id', 'name', 'links'}, set(body['images'][0]))
        detail = self.request('/images/detail?name=fedora').json['images']
        self.assertEqual([(other['id'], 256, {'os_distro': 'fedora'})],
                         [(i['id'], i['minRam'], i['metadata'])
                          for i in detail])
        self.assertEqual(2, len(self.request(
            '/images/detail?status=ACTIVE').json['images']))
        first = self.request('/images?limit=1').json
        self.assertEqual(1, len(first['images']))
        self.assertIn('images_links', first)
        rest = self.request('/images?limit=1&marker=%s'
                            % first['images'][0]['id']).json
        self.assertEqual(1, len(rest['images']))
        self.assertNotEqual(first['images'][0]['id'], rest['images'][0]['id'])
        self.assertFault(self.request('/images?marker=nope'), 400,
                         'marker [nope] not found')

    def test_read_only(self):
        resp = self.request('/images/%s' % self.image_id, 'DELETE')
        self.assertEqual(405, resp.status_int)
        self.assertEqual('GET', resp.headers['Allow'])
