"""LibvirtBaseVolumeDriver: the parts of a volume's <disk> every type
shares."""

import xml.etree.ElementTree as ET

import testtools

from minova import exception
from minova.tests.unit.virt import fakes
from minova.virt.libvirt.volume import volume

DISK_INFO = {'dev': 'vdb', 'bus': 'virtio', 'type': 'disk'}


def connection_info(driver_volume_type='local', **data):
    data.setdefault('volume_id', 'vol-1')
    return {'driver_volume_type': driver_volume_type, 'data': data}


class BaseVolumeDriverTestCase(testtools.TestCase):

    def setUp(self):
        super().setUp()
        self.driver = volume.LibvirtBaseVolumeDriver(None, fakes.make_conf())

    def _disk(self, info, disk_info=DISK_INFO):
        return self.driver.get_config(info, disk_info)

    def test_target_serial_format_and_cache(self):
        disk = self._disk(connection_info(format='qcow2'),
                          {'dev': 'sdc', 'bus': 'scsi', 'type': 'lun'})
        self.assertEqual(('sdc', 'scsi', 'lun'), (
            disk.target_dev, disk.target_bus, disk.source_device))
        self.assertEqual('vol-1', disk.serial)
        self.assertEqual('qcow2', disk.driver_format)
        self.assertEqual('none', disk.driver_cache)
        self.assertFalse(disk.readonly)
        self.assertFalse(disk.shareable)

    def test_serial_of_the_attachment_wins_and_format_defaults_to_raw(self):
        info = dict(connection_info(), serial='vol-2')
        disk = self._disk(info)
        self.assertEqual('vol-2', disk.serial)
        self.assertEqual('raw', disk.driver_format)

    def test_read_only_shareable_and_discard(self):
        info = dict(connection_info(access_mode='ro', discard=True),
                    multiattach=True)
        element = ET.fromstring(self._disk(info).to_xml())
        self.assertIsNotNone(element.find('readonly'))
        self.assertIsNotNone(element.find('shareable'))
        self.assertEqual('unmap', element.find('driver').get('discard'))

    def test_unknown_access_mode(self):
        error = self.assertRaises(
            exception.InvalidVolumeAccessMode, self._disk,
            connection_info(access_mode='wo'))
        self.assertIn("'wo'", str(error))
        self.assertIn('vol-1', str(error))

    def test_connect_and_disconnect_do_nothing(self):
        info = connection_info(device_path='/srv/v')
        self.driver.connect_volume(info, fakes.make_instance())
        self.driver.disconnect_volume(info, fakes.make_instance())
        self.assertEqual(connection_info(device_path='/srv/v'), info)

    def test_missing_data_is_named(self):
        error = self.assertRaises(
            exception.InvalidConnectionInfo, volume.require,
            connection_info('iscsi'), 'device_path')
        self.assertIn("no 'device_path'", str(error))
        self.assertIn('iscsi', str(error))
