"""DriverVolumeBlockDevice: the order of the host side of an attach, and a
detach that does not depend on what the mapping recorded."""

import testtools

from minova.objects import block_device as block_device_obj
from minova.virt import block_device

INFO = {'driver_volume_type': 'local', 'data': {'device_path': '/v'}}


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
        self.assertEqual(INFO, driver_bdm.attach(None, None, recorder,
                                                 recorder))
        self.assertEqual(['get_volume_connector', 'attachment_update',
                          'attach_volume', ('save', True),
                          'attachment_complete'], recorder.calls)

    def test_detach_goes_by_the_mountpoint_without_connection_info(self):
        recorder = Recorder()
        block_device.DriverVolumeBlockDevice(
            _bdm(connection_info=None)).detach(None, None, recorder,
                                               recorder)
        self.assertEqual([('detach_volume', '/dev/vdb'), 'attachment_delete'],
                         recorder.calls)
