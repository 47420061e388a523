"""DriverVolumeBlockDevice: the order of the host side of an attach, and a
detach that does not depend on what the mapping recorded."""

import testtools

from minova.objects import block_device as block_device_obj
from minova.virt import block_device

INFO = {'driver_volume_type': 'local', 'data': {'device_path': '/v'}}
# As the mapping keeps it: with the connector of the host it was made for.
CONNECTED = dict(INFO, connector={'host': 'h1'})


class Recorder:
    """Stands for the volume API and the virt driver: records the calls."""

    def __init__(self):
        self.calls = []

    def get_volume_connector(self, instance):
        self.calls.append('get_volume_connector')
        return {'host': 'h1'}

    def attachment_update(self, context, attachment_id, connector,
                          mountpoint):
        self.calls.append('attachment_update')
        return {'connection_info': INFO}

    def attach_volume(self, context, connection_info, instance, mountpoint,
                      disk_bus=None, device_type=None):
        self.calls.append('attach_volume')

    def attachment_complete(self, context, attachment_id):
        self.calls.append('attachment_complete')

    def detach_volume(self, context, connection_info, instance, mountpoint):
        self.calls.append(('detach_volume', mountpoint))

    def attachment_delete(self, context, attachment_id):
        self.calls.append('attachment_delete')


def _bdm(**values):
    return block_device_obj.BlockDeviceMapping(
        volume_id='v1', attachment_id='a1', device_name='/dev/vdb',
        disk_bus=None, device_type=None, **values)


class TestDriverVolumeBlockDevice(testtools.TestCase):

    def test_the_mapping_is_saved_before_the_volume_shows_in_use(self):
        # Regression: it was saved after attachment_complete, so a detach
        # sent as soon as the volume was in-use found no connection_info
        # and left the device in the guest.
        recorder = Recorder()
        bdm = _bdm(connection_info=None)
        driver_bdm = block_device.DriverVolumeBlockDevice(
            bdm, save=lambda saved: recorder.calls.append(
                ('save', saved.connection_info is not None)))
        self.assertEqual(CONNECTED, driver_bdm.attach(
            None, None, recorder, recorder))
        self.assertEqual(['get_volume_connector', 'attachment_update',
                          'attach_volume', ('save', True),
                          'attachment_complete'], recorder.calls)

    def test_refresh_gives_the_attachment_this_hosts_connector(self):
        # A resize or revert: the driver connects it later, from
        # block_device_info; the mapping is saved with this host's.
        recorder, saved = Recorder(), []
        bdm = _bdm(connection_info=None)
        block_device.DriverVolumeBlockDevice(
            bdm, save=saved.append).refresh_connection_info(
                None, None, recorder, recorder)
        self.assertEqual(['get_volume_connector', 'attachment_update'],
                         recorder.calls)
        self.assertEqual([bdm], saved)
        self.assertEqual(CONNECTED, block_device.DriverVolumeBlockDevice(
            bdm).connection_info)

    def test_detach_goes_by_the_mountpoint_without_connection_info(self):
        recorder = Recorder()
        block_device.DriverVolumeBlockDevice(
            _bdm(connection_info=None)).detach(None, None, recorder,
                                               recorder)
        self.assertEqual([('detach_volume', '/dev/vdb'), 'attachment_delete'],
                         recorder.calls)


class Creator(Recorder):
    """Also stands for the volume API's create and attachment_create."""

    def __init__(self, status='available'):
        super().__init__()
        self.status = status

    def create(self, context, size, name=None, availability_zone=None,
               **source):
        self.calls.append(('create', size, name, availability_zone,
                           source))
        return {'id': 'new-volume', 'status': self.status}

    def attachment_create(self, context, volume_id, instance_uuid):
        self.calls.append(('attachment_create', volume_id, instance_uuid))
        return {'id': 'new-attachment'}


class Instance:
    uuid = 'i1'


class TestBootVolumes(testtools.TestCase):
    """The volumes a build creates, then attaches without the driver (spawn
    connects them)."""

    def _convert(self, saved, **values):
        values.setdefault('destination_type', 'volume')
        bdm = block_device_obj.BlockDeviceMapping(
            uuid='b1', volume_id=None, attachment_id=None,
            connection_info=None, device_name='/dev/vda', disk_bus=None,
            device_type=None, boot_index=0, delete_on_termination=True,
            volume_size=2, **values)
        bdm.obj_reset_changes()

        def save(bdm):  # as the compute's: what changed, then reset
            saved.append(sorted(bdm.obj_what_changed()))
            bdm.obj_reset_changes()
        return block_device.convert_volumes([bdm], save=save)

    def test_each_source_creates_its_volume_then_reserves_it(self):
        for source, values, expected in (
                ('image', {'image_id': 'img'}, {'image_id': 'img'}),
                ('snapshot', {'snapshot_id': 's1'}, {'snapshot_id': 's1'}),
                ('blank', {}, {})):
            creator, saved = Creator(), []
            [driver_bdm] = self._convert(saved, source_type=source, **values)
            waited = []
            block_device.attach_block_devices(
                [driver_bdm], None, Instance(), creator, creator,
                wait_func=lambda c, v: waited.append(v),
                availability_zone='az1')
            self.assertEqual(
                [('create', 2, 'i1-%s-vol' % source, 'az1', expected),
                 ('attachment_create', 'new-volume', 'i1'),
                 'get_volume_connector', 'attachment_update',
                 'attachment_complete'], creator.calls, source)
            # Never the driver's attach: the guest does not exist yet.
            self.assertNotIn('attach_volume', creator.calls)
            # The new volume is recorded before anything else can fail.
            self.assertEqual([['volume_id'], ['attachment_id'],
                              ['connection_info']], saved)
            self.assertEqual([], waited)  # it was available at once
            self.assertEqual({'connection_info': CONNECTED,
                              'mount_device': '/dev/vda', 'boot_index': 0,
                              'disk_bus': None, 'device_type': None,
                              'delete_on_termination': True},
                             driver_bdm.driver_info())

    def test_a_volume_still_creating_is_waited_for(self):
        creator, waited = Creator(status='creating'), []
        [driver_bdm] = self._convert([], source_type='blank')
        block_device.attach_block_devices(
            [driver_bdm], None, Instance(), creator, creator,
            wait_func=lambda c, v: waited.append(v))
        self.assertEqual(['new-volume'], waited)

    def test_a_named_volume_is_not_created(self):
        creator = Creator()
        [driver_bdm] = self._convert([], source_type='volume')
        driver_bdm.bdm.volume_id = 'v1'
        driver_bdm.bdm.attachment_id = 'a1'
        block_device.attach_block_devices(
            [driver_bdm], None, Instance(), creator, creator,
            wait_func=self.fail)
        self.assertEqual(['get_volume_connector', 'attachment_update',
                          'attachment_complete'], creator.calls)
