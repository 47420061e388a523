"""``/os-volumes`` and ``/os-snapshots`` over HTTP on the all-in-one with
the local volume back end: Nova's formats, and clear 4xx answers for bad
input and refused states."""

import os

from minova.tests.functional import test_servers_api

MISSING = '9d4b1ad0-7f57-4f5c-9b6e-0a8d1b6a2c11'


class VolumesTestBase(test_servers_api.ServersTestBase):

    def create(self, expect=200, api=None, **volume):
        volume.setdefault('size', 1)
        resp = (api or self.api).post('/os-volumes', {'volume': volume})
        self.assertEqual(expect, resp.status, resp)
        return resp

    def snapshot(self, volume_id, expect=200, api=None, **snapshot):
        snapshot['volume_id'] = volume_id
        resp = (api or self.api).post('/os-snapshots',
                                      {'snapshot': snapshot})
        self.assertEqual(expect, resp.status, resp)
        return resp

    def refused(self, resp, code, *words):
        """``resp`` is a ``code`` whose message holds each of ``words``."""
        self.assertEqual(code, resp.status, resp)
        for word in words:
            self.assertIn(word, resp.text)


class TestVolumesAPI(VolumesTestBase):

    def test_create_show_list_delete(self):
        resp = self.create(size=2, display_name='data',
                           display_description='logs',
                           metadata={'role': 'db'})
        volume = resp.body['volume']
        self.assertEqual(
            {'status': 'available', 'size': 2, 'availabilityZone': 'nova',
             'attachments': [{}], 'displayName': 'data',
             'displayDescription': 'logs', 'volumeType': None,
             'snapshotId': None, 'metadata': {'role': 'db'}},
            {k: v for k, v in volume.items() if k not in ('id', 'createdAt')})
        self.assertTrue(resp.headers['Location'].endswith(
            '/os-volumes/%s' % volume['id']))
        self.assertRegex(volume['createdAt'],
                         r'^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}$')
        path = os.path.join(self.cloud.conf.volume.local_volume_dir,
                            'volume-%s' % volume['id'])
        self.assertEqual(2 * 1024 ** 3, os.path.getsize(path))
        shown = self.api.get('/os-volumes/%s' % volume['id']).body['volume']
        self.assertEqual(volume, shown)
        for url in ('/os-volumes', '/os-volumes/detail'):
            self.assertEqual([volume], self.api.get(url).body['volumes'])
        self.assertEqual(202, self.api.delete(
            '/os-volumes/%s' % volume['id']).status)
        self.assertFalse(os.path.exists(path))
        self.refused(self.api.get('/os-volumes/%s' % volume['id']), 404,
                     'Volume %s could not be found' % volume['id'])

    def test_a_page_by_limit_and_offset(self):
        ids = [self.create().body['volume']['id'] for _ in range(3)]
        page = self.api.get('/os-volumes?limit=2&offset=1').body['volumes']
        # Newest first, as the back end lists them.
        self.assertEqual(ids[::-1][1:3], [v['id'] for v in page])
        self.refused(self.api.get('/os-volumes?limit=x'), 400, 'limit')

    def test_from_an_image_and_as_qcow2(self):
        volume = self.create(imageRef=self.cloud.image_id,
                             volume_type='qcow2').body['volume']
        self.assertEqual(('available', 'qcow2'),
                         (volume['status'], volume['volumeType']))

    def test_bad_input_is_400_naming_the_field(self):
        for body, field in (({'size': 0}, 'size'), ({'size': 'big'}, 'size'),
                            ({'size': 1, 'colour': 'red'}, 'colour'),
                            ({'size': 1, 'imageRef': 'nope'}, 'imageRef'),
                            # A metadata value names its key, as in Nova.
                            ({'size': 1, 'metadata': {'a': 1}},
                             'field/attribute a.'),
                            ({'size': 1, 'volume_type': 'gold'},
                             'volume_type'),
                            ({'size': 1, 'display_name': 5},
                             'display_name')):
            self.refused(self.create(expect=400, **body), 400, field)
        self.refused(self.api.post('/os-volumes', {'volume': {}}), 400,
                     'size')
        self.refused(self.api.post('/os-volumes', {'volumes': {}}), 400,
                     'volume')
        self.refused(self.create(expect=404, snapshot_id=MISSING), 404,
                     'Snapshot %s could not be found' % MISSING)
        self.assertEqual([], self.api.get('/os-volumes').body['volumes'])

    def test_another_projects_volume_is_404(self):
        volume = self.create().body['volume']
        other = self.cloud.client(token='other:other')
        self.refused(other.get('/os-volumes/%s' % volume['id']), 404,
                     volume['id'])
        self.refused(other.delete('/os-volumes/%s' % volume['id']), 404,
                     volume['id'])
        self.assertEqual([], other.get('/os-volumes').body['volumes'])
        self.refused(self.api.get('/os-volumes/nope'), 404, 'nope')

    def test_a_volume_with_a_snapshot_is_not_deleted(self):
        volume = self.create().body['volume']
        self.snapshot(volume['id'])
        self.refused(self.api.delete('/os-volumes/%s' % volume['id']), 400,
                     'still has 1 dependent snapshot(s): delete them first')
        self.assertEqual('available', self.api.get(
            '/os-volumes/%s' % volume['id']).body['volume']['status'])


class TestSnapshotsAPI(VolumesTestBase):

    def test_create_show_list_delete_and_a_volume_from_it(self):
        volume = self.create(size=2).body['volume']
        snapshot = self.snapshot(volume['id'], display_name='snap',
                                 display_description='nightly').body[
                                     'snapshot']
        self.assertEqual(
            {'volumeId': volume['id'], 'status': 'available', 'size': 2,
             'displayName': 'snap', 'displayDescription': 'nightly'},
            {k: v for k, v in snapshot.items()
             if k not in ('id', 'createdAt')})
        url = '/os-snapshots/%s' % snapshot['id']
        self.assertEqual(snapshot, self.api.get(url).body['snapshot'])
        for listing in ('/os-snapshots', '/os-snapshots/detail'):
            self.assertEqual([snapshot],
                             self.api.get(listing).body['snapshots'])
        copy = self.create(size=3, snapshot_id=snapshot['id']).body[
            'volume']
        self.assertEqual(('available', snapshot['id'], 3),
                         (copy['status'], copy['snapshotId'], copy['size']))
        self.refused(self.create(expect=400, size=1,
                                 snapshot_id=snapshot['id']), 400,
                     'smaller than the 2 GB of snapshot')
        self.assertEqual(202, self.api.delete(url).status)
        self.refused(self.api.get(url), 404,
                     'Snapshot %s could not be found' % snapshot['id'])
        self.assertEqual(202, self.api.delete(
            '/os-volumes/%s' % volume['id']).status)

    def test_an_attached_volume_needs_force(self):
        volume_id = self.create().body['volume']['id']
        server = self.boot_and_wait()
        self.assertEqual(200, self.api.post(
            '/servers/%s/os-volume_attachments' % server['id'],
            {'volumeAttachment': {'volumeId': volume_id}}).status)
        self.api.wait_for_volume(volume_id, 'in-use')
        resp = self.snapshot(volume_id, expect=400)
        self.refused(resp, 400, 'is in-use: a snapshot without force needs '
                                'it available')
        snapshot = self.snapshot(volume_id, force='true').body['snapshot']
        self.assertEqual('available', snapshot['status'])

    def test_bad_input_and_other_projects(self):
        volume_id = self.create().body['volume']['id']
        for body, field in (({}, 'volume_id'),
                            ({'volume_id': volume_id, 'force': 'maybe'},
                             'force'),
                            ({'volume_id': volume_id, 'name': 'x'}, 'name')):
            self.refused(self.api.post('/os-snapshots', {'snapshot': body}),
                         400, field)
        self.refused(self.snapshot(MISSING, expect=404), 404, MISSING)
        snapshot = self.snapshot(volume_id).body['snapshot']
        other = self.cloud.client(token='other:other')
        self.refused(self.snapshot(volume_id, expect=404, api=other), 404,
                     volume_id)
        url = '/os-snapshots/%s' % snapshot['id']
        self.refused(other.get(url), 404, snapshot['id'])
        self.refused(other.delete(url), 404, snapshot['id'])
        self.assertEqual([], other.get('/os-snapshots').body['snapshots'])
