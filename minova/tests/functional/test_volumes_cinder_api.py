"""The all-in-one with the cinder volume back end, against the fake Cinder
over HTTP: the proxies and the attach path reach Cinder with the caller's
token and Cinder's request shapes, and show Cinder's answers in Nova's
format."""

from minova.tests import fake_cinder
from minova.tests.functional import test_volume_attachments_api


class TestCinderBackend(test_volume_attachments_api.VolumeAttachTestBase):

    def setUp(self):
        self.fake = self.useFixture(fake_cinder.FakeCinderFixture())
        self.overrides = {
            'volume.backend': 'cinder',
            'cinder.endpoint_template': self.fake.endpoint_template}
        super().setUp()

    def sent(self, method, path_end):
        """The bodies of the requests Cinder got by ``method`` to a path
        ending in ``path_end``."""
        return [body for m, path, version, body, token, _rid
                in self.fake.cinder.requests
                if m == method and path.endswith(path_end)]

    def test_volumes_and_snapshots_through_the_proxies(self):
        resp = self.api.post('/os-volumes', {'volume': {
            'size': 2, 'display_name': 'data', 'metadata': {'k': 'v'}}})
        self.assertEqual(200, resp.status, resp)
        volume = resp.body['volume']
        self.assertEqual(('creating', 'data', '__DEFAULT__', {'k': 'v'}), (
            volume['status'], volume['displayName'], volume['volumeType'],
            volume['metadata']))
        self.assertEqual([{'volume': {
            'size': 2, 'name': 'data', 'description': None,
            'metadata': {'k': 'v'}, 'volume_type': None,
            'availability_zone': None, 'imageRef': None,
            'snapshot_id': None, 'source_volid': None,
            'consistencygroup_id': None, 'backup_id': None}}],
            self.sent('POST', '/v3/admin/volumes'))
        self.volume_status(volume['id'], 'available')
        snapshot = self.api.post('/os-snapshots', {'snapshot': {
            'volume_id': volume['id'], 'display_name': 's'}}).body[
                'snapshot']
        self.assertEqual(('creating', 2, volume['id']), (
            snapshot['status'], snapshot['size'], snapshot['volumeId']))
        self.assertEqual('available', self.api.get(
            '/os-snapshots/%s' % snapshot['id']).body['snapshot']['status'])
        # Cinder's refusal, in Cinder's words, is the proxy's 400.
        resp = self.api.delete('/os-volumes/%s' % volume['id'])
        self.assertEqual(400, resp.status, resp)
        self.assertIn('must not be migrating, attached, belong to a group, '
                      'have snapshots', resp.text)
        self.assertEqual(202, self.api.delete(
            '/os-snapshots/%s' % snapshot['id']).status)
        self.assertEqual(202, self.api.delete(
            '/os-volumes/%s' % volume['id']).status)
        self.assertEqual(404, self.api.get(
            '/os-volumes/%s' % volume['id']).status)
        tokens = {token for *_, token, _rid in self.fake.cinder.requests}
        self.assertEqual({'admin:admin'}, tokens)

    def test_attach_and_detach_go_through_cinders_attachments(self):
        volume_id = self.volume()
        self.volume_status(volume_id, 'available')
        self.assertEqual('/dev/vdb', self.attach(volume_id).body[
            'volumeAttachment']['device'])
        volume = self.volume_status(volume_id, 'in-use')
        self.assertEqual([{'id': volume_id, 'volumeId': volume_id,
                           'serverId': self.server_id,
                           'device': '/dev/vdb'}], volume['attachments'])
        # Reserved by the api, connected by the compute (its connector,
        # the device as the mountpoint), completed.
        self.assertEqual([{'attachment': {
            'volume_uuid': volume_id, 'connector': None,
            'instance_uuid': self.server_id}}],
            self.sent('POST', '/attachments'))
        connector = self.sent('PUT', '')[0]['attachment']['connector']
        self.assertEqual('/dev/vdb', connector['mountpoint'])
        self.assertIn('initiator', connector)
        self.assertEqual([{'os-complete': None}],
                         self.sent('POST', '/action'))
        guest = self.guest_volumes()
        self.assertEqual('iscsi', guest['/dev/vdb']['driver_volume_type'])
        self.assertEqual('192.0.2.1:3260',
                         guest['/dev/vdb']['data']['target_portal'])

        url = '/servers/%s/os-volume_attachments/%s' % (self.server_id,
                                                        volume_id)
        self.assertEqual(202, self.api.delete(url).status)
        self.volume_status(volume_id, 'available')
        self.assertEqual({}, self.guest_volumes())
        self.assertEqual(1, len([r for r in self.fake.cinder.requests
                                 if r[0] == 'DELETE' and
                                 '/attachments/' in r[1]]))
