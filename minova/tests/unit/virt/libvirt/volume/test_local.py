"""The local volume driver: a file (or a local block device) as a disk."""

import os
import stat
import xml.etree.ElementTree as ET

import fixtures
import testtools

from minova import exception
from minova.tests.unit.virt import fakes
from minova.tests.unit.virt.libvirt import schema
from minova.virt.libvirt.volume import local

DISK_INFO = {'dev': 'vdb', 'bus': 'virtio', 'type': 'disk'}


def _a_block_device():
    for name in sorted(os.listdir('/dev')):
        path = os.path.join('/dev', name)
        try:
            if stat.S_ISBLK(os.stat(path).st_mode):
                return path
        except OSError:
            continue
    return None


class LocalVolumeDriverTestCase(testtools.TestCase):

    def setUp(self):
        super().setUp()
        self.driver = local.LibvirtLocalVolumeDriver(None, fakes.make_conf())
        self.path = os.path.join(self.useFixture(fixtures.TempDir()).path,
                                 'volume-1')
        open(self.path, 'wb').close()

    def _info(self, **data):
        # As minova's local volume back end answers it.
        data = dict({'device_path': self.path, 'format': 'qcow2',
                     'volume_id': 'vol-1', 'access_mode': 'rw'}, **data)
        return {'driver_volume_type': 'local', 'data': data,
                'serial': 'vol-1'}

    def test_file_disk(self):
        info = self._info()
        self.driver.connect_volume(info, fakes.make_instance())
        conf = self.driver.get_config(info, DISK_INFO)
        schema.assert_valid_device(self, conf)
        disk = ET.fromstring(conf.to_xml())
        self.assertEqual(('file', 'disk'), (disk.get('type'),
                                            disk.get('device')))
        self.assertEqual(self.path, disk.find('source').get('file'))
        self.assertEqual({'name': 'qemu', 'type': 'qcow2'},
                         disk.find('driver').attrib)
        self.assertEqual('vdb', disk.find('target').get('dev'))
        self.assertEqual('vol-1', disk.findtext('serial'))

    def test_read_only_file(self):
        conf = self.driver.get_config(self._info(access_mode='ro'),
                                      DISK_INFO)
        schema.assert_valid_device(self, conf)
        self.assertTrue(conf.readonly)

    def test_block_device(self):
        device = _a_block_device()
        if device is None:
            self.skipTest('no block device under /dev')
        conf = self.driver.get_config(
            self._info(device_path=device, format='raw'), DISK_INFO)
        schema.assert_valid_device(self, conf)
        disk = ET.fromstring(conf.to_xml())
        self.assertEqual('block', disk.get('type'))
        self.assertEqual(device, disk.find('source').get('dev'))

    def test_without_a_device_path(self):
        error = self.assertRaises(
            exception.InvalidConnectionInfo, self.driver.get_config,
            self._info(device_path=None), DISK_INFO)
        self.assertIn('device_path', str(error))
