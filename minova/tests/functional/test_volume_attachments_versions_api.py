"""/servers/{id}/os-volume_attachments at the microversions that changed
it, over HTTP on the all-in-one: a device ``tag`` on attach (2.49) and
shown (2.70), ``delete_on_termination`` on attach and shown (2.79), each
against the version before."""

import time

from minova.tests.functional import test_volume_attachments_api


class TestAttachmentVersions(test_volume_attachments_api.VolumeAttachTestBase):
    ceiling = '2.79'

    def attach_at(self, version, expect=200, **body):
        client = self.cloud.client(microversion=version)
        return self.attach(body.pop('volumeId'), expect=expect, api=client,
                           **body)

    def listed(self, version):
        client = self.cloud.client(microversion=version)
        resp = client.get('/servers/%s/os-volume_attachments'
                          % self.server_id)
        self.assertEqual(200, resp.status, resp)
        return {a['volumeId']: a for a in resp.body['volumeAttachments']}

    def shown(self, version, volume_id):
        client = self.cloud.client(microversion=version)
        resp = client.get('/servers/%s/os-volume_attachments/%s'
                          % (self.server_id, volume_id))
        self.assertEqual(200, resp.status, resp)
        return resp.body['volumeAttachment']

    def test_tag_taken_from_2_49_shown_from_2_70(self):
        tagged, plain = self.volume(), self.volume()
        resp = self.attach_at('2.48', expect=400, volumeId=tagged, tag='db')
        self.assertIn('tag', resp.text)
        attached = self.attach_at('2.49', volumeId=tagged, tag='db').body[
            'volumeAttachment']
        self.assertNotIn('tag', attached)
        self.volume_status(tagged, 'in-use')
        attached = self.attach_at('2.70', volumeId=plain).body[
            'volumeAttachment']
        self.assertIsNone(attached['tag'])
        self.assertNotIn('delete_on_termination', attached)
        self.volume_status(plain, 'in-use')

        self.assertNotIn('tag', self.shown('2.69', tagged))
        self.assertEqual('db', self.shown('2.70', tagged)['tag'])
        listed = self.listed('2.70')
        self.assertEqual('db', listed[tagged]['tag'])
        self.assertIsNone(listed[plain]['tag'])
        self.assertNotIn('tag', self.listed('2.69')[tagged])
        self.attach_at('2.49', expect=400, volumeId=self.volume(),
                       tag='a/b')

    def test_delete_on_termination_from_2_79(self):
        kept, gone = self.volume(), self.volume()
        self.attach_at('2.78', expect=400, volumeId=gone,
                       delete_on_termination=True)
        attached = self.attach_at('2.79', volumeId=gone, tag='scratch',
                                  delete_on_termination=True).body[
            'volumeAttachment']
        self.assertEqual(('scratch', True), (
            attached['tag'], attached['delete_on_termination']))
        self.volume_status(gone, 'in-use')
        attached = self.attach_at('2.79', volumeId=kept).body[
            'volumeAttachment']
        self.assertIs(False, attached['delete_on_termination'])
        self.volume_status(kept, 'in-use')
        self.attach_at('2.79', expect=400, volumeId=self.volume(),
                       delete_on_termination='maybe')

        self.assertIs(True, self.shown('2.79', gone)['delete_on_termination'])
        self.assertNotIn('delete_on_termination', self.shown('2.78', gone))
        listed = self.listed('2.79')
        self.assertEqual({gone: True, kept: False}, {
            volume_id: a['delete_on_termination']
            for volume_id, a in listed.items()})

        # The server takes the volume asked for with it.
        self.assertEqual(204, self.api.delete(
            '/servers/%s' % self.server_id).status)
        self.api.wait_for_deleted(self.server_id)
        self.volume_status(kept, 'available')
        deadline = time.monotonic() + 10
        while self.api.get('/os-volumes/%s' % gone).status != 404:
            self.assertLess(time.monotonic(), deadline, 'volume not deleted')
            time.sleep(0.05)

    def test_multiattach_volume_from_2_60(self):
        shared = self.volume(volume_type='multiattach')
        resp = self.attach_at('2.59', expect=400, volumeId=shared)
        self.assertIn('only supported starting with compute API version '
                      '2.60', resp.text)
        self.attach_at('2.60', volumeId=shared)
        self.volume_status(shared, 'in-use')

        # So is a boot with it.
        bdm = [{'uuid': shared, 'source_type': 'volume',
                'destination_type': 'volume', 'boot_index': 1}]
        for version, status in (('2.59', 400), ('2.60', 202)):
            client = self.cloud.client(microversion=version)
            resp = client.create_server(
                self.cloud.image_id, networks='auto',
                block_device_mapping_v2=bdm)
            self.assertEqual(status, resp.status, resp)
        server = self.api.wait_for_server(resp.body['server']['id'])
        self.assertEqual('ACTIVE', server['status'], server.get('fault'))
        self.assertEqual(2, len(self.api.get('/os-volumes/%s' % shared).body[
            'volume']['attachments']))
