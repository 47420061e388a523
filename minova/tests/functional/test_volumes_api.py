"""``/os-volumes`` over HTTP on the all-in-one with the local volume back
end: Nova's formats, and clear 4xx answers for bad input."""

import os

from minova.tests.functional import test_servers_api


class TestVolumesAPI(test_servers_api.ServersTestBase):

    def create(self, expect=200, api=None, **volume):
        volume.setdefault('size', 1)
        resp = (api or self.api).post('/os-volumes', {'volume': volume})
        self.assertEqual(expect, resp.status, resp)
        return resp

    def test_create_show_list_delete(self):
        volume = self.create(size=2, display_name='data',
                             display_description='logs').body['volume']
        self.assertEqual(
            {'status': 'available', 'size': 2, 'availabilityZone': 'nova',
             'attachments': [{}], 'displayName': 'data',
             'displayDescription': 'logs', 'volumeType': None,
             'snapshotId': None, 'metadata': {}},
            {k: v for k, v in volume.items() if k not in ('id', 'createdAt')})
        self.assertTrue(volume['createdAt'])
        path = os.path.join(self.cloud.conf.volume.local_volume_dir,
                            'volume-%s' % volume['id'])
        self.assertEqual(2 * 1024 ** 3, os.path.getsize(path))
        shown = self.api.get('/os-volumes/%s' % volume['id']).body['volume']
        self.assertEqual(volume, shown)
        for url in ('/os-volumes', '/os-volumes/detail'):
            self.assertEqual([volume['id']], [
                v['id'] for v in self.api.get(url).body['volumes']])
        self.assertEqual(202, self.api.delete(
            '/os-volumes/%s' % volume['id']).status)
        self.assertFalse(os.path.exists(path))
        self.assertEqual(404, self.api.get(
            '/os-volumes/%s' % volume['id']).status)

    def test_from_an_image_is_bootable(self):
        volume = self.create(imageRef=self.cloud.image_id).body['volume']
        self.assertEqual('available', volume['status'])

    def test_bad_input_is_400_naming_the_field(self):
        for body, field in (({'size': 0}, 'size'), ({'size': 'big'}, 'size'),
                            ({'size': 1, 'colour': 'red'}, 'colour'),
                            ({'size': 1, 'imageRef': 'nope'}, 'imageRef')):
            resp = self.create(expect=400, **body)
            self.assertIn(field, resp.text)
        resp = self.api.post('/os-volumes', {'volume': {}})
        self.assertEqual(400, resp.status)
        self.assertIn('size', resp.text)
        self.assertEqual([], self.api.get('/os-volumes').body['volumes'])

    def test_another_projects_volume_is_404(self):
        volume = self.create().body['volume']
        other = self.cloud.client(token='other:other')
        self.assertEqual(404, other.get(
            '/os-volumes/%s' % volume['id']).status)
        self.assertEqual(404, other.delete(
            '/os-volumes/%s' % volume['id']).status)
        self.assertEqual([], other.get('/os-volumes').body['volumes'])
        self.assertEqual(404, self.api.get('/os-volumes/nope').status)
