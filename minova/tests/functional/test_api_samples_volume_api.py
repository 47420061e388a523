"""The samples of the Block Storage API (doc/api_samples/volume/): volumes,
their extend, attachments, snapshots and volume types, under
``/volume/v3/{project_id}``."""

import time

from minova.tests.functional import api_samples


class TestVolumeSamples(api_samples.SampleTestCase):
    overrides = {'compute_hosts': ['host1']}
    api_name = 'volume'

    def status(self, collection, item_id, status):
        """Wait until the volume or snapshot shows ``status``."""
        client = self.cloud.client()
        client.prefix = '/volume/v3/admin'
        deadline = time.monotonic() + 10
        key = collection[:-1]
        while client.get('/%s/%s' % (collection, item_id)).body[key][
                'status'] != status:
            self.assertLess(time.monotonic(), deadline, item_id)
            time.sleep(0.05)

    def test_volumes_snapshots_and_types(self):
        volume_id = self.sample('POST', '/volumes', {'volume': {
            'size': 1, 'name': 'data', 'description': 'a data disk',
            'metadata': {'kind': 'data'}}}, status=202).body['volume']['id']
        self.status('volumes', volume_id, 'available')
        self.sample('GET', '/volumes')
        self.sample('GET', '/volumes/detail')
        volume = '/volumes/{volume_id}'
        self.sample('GET', volume, volume_id=volume_id)
        self.sample('PUT', volume, {'volume': {
            'name': 'data-1', 'description': 'the first data disk'}},
            volume_id=volume_id)
        self.sample('POST', volume + '/action',
                    {'os-extend': {'new_size': 2}}, action='os-extend',
                    status=202, volume_id=volume_id)

        # What a compute asks of a Cinder to attach a volume.
        attachment_id = self.sample('POST', '/attachments', {'attachment': {
            'volume_uuid': volume_id,
            'instance_uuid': '5e2c1c5b-3b4e-4c1e-9c47-1f2e3d4c5b6a'}},
        ).body['attachment']['id']
        attachment = '/attachments/{attachment_id}'
        ids = dict(attachment_id=attachment_id)
        self.sample('PUT', attachment, {'attachment': {'connector': {
            'host': 'host1', 'ip': '192.0.2.10', 'platform': 'x86_64',
            'os_type': 'linux', 'multipath': False,
            'mountpoint': '/dev/vdb'}}}, **ids)
        self.sample('POST', attachment + '/action', {'os-complete': None},
                    action='os-complete', status=204, **ids)
        self.sample('GET', attachment, **ids)
        self.sample('DELETE', attachment, **ids)

        snapshot_id = self.sample('POST', '/snapshots', {'snapshot': {
            'volume_id': volume_id, 'name': 'data-1-snap',
            'description': 'before the upgrade'}},
            status=202).body['snapshot']['id']
        self.status('snapshots', snapshot_id, 'available')
        self.sample('GET', '/snapshots')
        self.sample('GET', '/snapshots/detail')
        snapshot = '/snapshots/{snapshot_id}'
        self.sample('GET', snapshot, snapshot_id=snapshot_id)
        self.sample('DELETE', snapshot, snapshot_id=snapshot_id,
                    status=202)
        self.status_gone('snapshots', snapshot_id)
        self.sample('DELETE', volume, volume_id=volume_id, status=202)

        types = self.sample('GET', '/types').body['volume_types']
        self.sample('GET', '/types/{type_id}', type_id=types[0]['id'])

    def status_gone(self, collection, item_id):
        client = self.cloud.client()
        client.prefix = '/volume/v3/admin'
        deadline = time.monotonic() + 10
        while client.get('/%s/%s' % (collection, item_id)).status != 404:
            self.assertLess(time.monotonic(), deadline, item_id)
            time.sleep(0.05)
