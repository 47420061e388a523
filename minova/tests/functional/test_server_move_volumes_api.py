"""Resize, cold migrate and evacuate of servers with volumes, over HTTP on
the all-in-one (fake driver, local volume back end): after each step the
volume connections point at the host the server is on, as Nova moves
them. The source's connections end in ``resize_instance``, the
destination makes its own in ``finish_resize``; a confirm leaves them
there, a revert brings them back; an evacuation connects them on its
destination and drops the dead source's. The volumes stay in-use and
attached to the server, with one attachment each."""

import json

from minova import context as minova_context
from minova.db import models
from minova.db import session
from minova.objects import block_device as block_device_obj
from minova.tests.functional import test_server_rebuild_api
from minova.tests.functional import test_server_resize_api
from minova.tests.functional import test_stuck_api
from minova.volume import local as local_volume


class MoveVolumesMixin:

    def volume(self, **values):
        values.setdefault('size', 1)
        resp = self.api.post('/os-volumes', {'volume': values})
        self.assertEqual(200, resp.status, resp)
        return resp.body['volume']['id']

    def attach(self, volume_id):
        resp = self.api.post(
            '/servers/%s/os-volume_attachments' % self.server_id,
            {'volumeAttachment': {'volumeId': volume_id}})
        self.assertEqual(200, resp.status, resp)
        self.api.wait_for_volume(volume_id, 'in-use')
        return resp.body['volumeAttachment']['device']

    def guests(self):
        """host -> the fake hypervisor's running guest of the server."""
        guests = {}
        for service in self.cloud.services:
            if getattr(service, 'binary', None) == 'minova-compute':
                guest = service.manager.driver._guests.get(self.server_id)
                if guest is not None:
                    guests[service.manager.host] = guest
        return guests

    def assertConnectedOn(self, host, device, volume_id):
        """The volume at ``device`` is connected on ``host`` only: the
        mapping's connection_info has ``host``'s connector, the volume's
        one attachment is in use by the server on ``host``, and only
        ``host``'s guest has it."""
        context = minova_context.get_admin_context()
        [bdm] = [bdm for bdm in block_device_obj.BlockDeviceMapping.
                 get_by_instance_uuid(context, self.server_id)
                 if bdm.volume_id == volume_id]
        self.assertEqual(device, bdm.device_name)
        self.assertEqual(host, json.loads(bdm.connection_info)[
            'connector']['host'])
        volume = local_volume.LocalVolumeAPI(self.cloud.conf).get(
            context, volume_id)
        self.assertEqual(('in-use', 'attached'),
                         (volume['status'], volume['attach_status']))
        self.assertEqual([(self.server_id, host, bdm.attachment_id)],
                         [(a['server_id'], a['host_name'],
                           a['attachment_id'])
                          for a in volume['attachments']])
        with session.reader() as s:
            self.assertEqual(1, s.query(models.VolumeAttachment).filter_by(
                volume_id=volume_id).count())
        self.assertEqual({host: True}, {
            name: device in guest.volumes
            for name, guest in self.guests().items()})
        server = self.api.get('/servers/%s' % self.server_id).body['server']
        self.assertEqual(host, server['OS-EXT-SRV-ATTR:host'])
        self.assertIn(volume_id, [
            v['id'] for v in server['os-extended-volumes:volumes_attached']])


class TestResizeWithAVolume(MoveVolumesMixin,
                            test_server_resize_api.ResizeTestBase):

    def setUp(self):
        super().setUp()
        self.volume_id = self.volume()
        self.device = self.attach(self.volume_id)
        self.assertConnectedOn(self.source, self.device, self.volume_id)

    def test_resize_moves_the_connection_and_confirm_keeps_it(self):
        self.resize('2')
        dest = self.other_host()
        self.assertConnectedOn(dest, self.device, self.volume_id)
        self.act_and_wait('confirmResize', 'ACTIVE')
        self.assertConnectedOn(dest, self.device, self.volume_id)

    def test_revert_brings_the_connection_back_to_the_source(self):
        self.resize('2')
        self.assertConnectedOn(self.other_host(), self.device,
                               self.volume_id)
        server = self.act_and_wait('revertResize', 'ACTIVE')
        self.assertEqual('1', server['flavor']['id'])
        self.assertConnectedOn(self.source, self.device, self.volume_id)

    def test_cold_migrate_then_confirm(self):
        self.act('migrate')
        self.api.wait_for_task(self.server_id, 'VERIFY_RESIZE')
        self.assertConnectedOn(self.other_host(), self.device,
                               self.volume_id)
        self.act_and_wait('confirmResize', 'ACTIVE')
        self.assertConnectedOn(self.other_host(), self.device,
                               self.volume_id)
        # The volume still detaches from where it is now.
        self.assertEqual(202, self.api.delete(
            '/servers/%s/os-volume_attachments/%s' % (
                self.server_id, self.volume_id)).status)
        self.api.wait_for_volume(self.volume_id, 'available')
        self.assertEqual({}, self.guests()[self.other_host()].volumes)


class TestResizeFromVolume(MoveVolumesMixin,
                           test_server_resize_api.ResizeTestBase):
    """A server booted from a volume: its root disk moves the same way."""

    def boot_and_wait(self, status='ACTIVE', **kwargs):
        resp = self.api.post('/servers', {'server': {
            'name': 'bfv', 'flavorRef': '1', 'imageRef': '',
            'block_device_mapping_v2': [{
                'source_type': 'image', 'uuid': self.cloud.image_id,
                'destination_type': 'volume', 'boot_index': 0,
                'volume_size': 1}]}})
        self.assertEqual(202, resp.status, resp)
        server = self.api.wait_for_server(resp.body['server']['id'])
        self.assertEqual(status, server['status'], server.get('fault'))
        [self.volume_id] = [v['id'] for v in
                            server['os-extended-volumes:volumes_attached']]
        return server

    def test_migrate_revert_then_resize_confirm(self):
        self.assertConnectedOn(self.source, '/dev/vda', self.volume_id)
        self.act('migrate')
        self.api.wait_for_task(self.server_id, 'VERIFY_RESIZE')
        self.assertConnectedOn(self.other_host(), '/dev/vda',
                               self.volume_id)
        self.act_and_wait('revertResize', 'ACTIVE')
        self.assertConnectedOn(self.source, '/dev/vda', self.volume_id)
        self.resize('2')
        self.assertConnectedOn(self.other_host(), '/dev/vda',
                               self.volume_id)
        self.act_and_wait('confirmResize', 'ACTIVE')
        self.assertConnectedOn(self.other_host(), '/dev/vda',
                               self.volume_id)


class TestEvacuateWithVolumes(MoveVolumesMixin,
                              test_server_rebuild_api.RebuildTestBase,
                              test_stuck_api.StuckTestBase):
    overrides = test_server_rebuild_api.TestEvacuate.overrides
    stop_host = test_server_rebuild_api.TestEvacuate.stop_host

    def evacuate(self, device, volume_id):
        source = self.get_server()['OS-EXT-SRV-ATTR:host']
        [dest] = [host for host in self.computes() if host != source]
        self.assertConnectedOn(source, device, volume_id)
        stale = self.computes()[source]
        self.stop_host(source)
        self.act('evacuate', {'onSharedStorage': False}, expect=200)
        self.api.wait_for_task(self.server_id, 'ACTIVE')
        # The dead source's guest goes when its compute comes back.
        stale._init_instances(minova_context.get_admin_context())
        self.assertConnectedOn(dest, device, volume_id)

    def test_evacuate_connects_the_volume_on_the_destination(self):
        volume_id = self.volume()
        self.evacuate(self.attach(volume_id), volume_id)


class TestEvacuateFromVolume(TestEvacuateWithVolumes):
    boot_and_wait = TestResizeFromVolume.boot_and_wait

    def test_evacuate_connects_the_volume_on_the_destination(self):
        self.evacuate('/dev/vda', self.volume_id)
