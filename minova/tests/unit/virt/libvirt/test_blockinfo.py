"""Disk placement from mountpoints and block_device_info."""

import json

import testtools

from minova.virt.libvirt import blockinfo


def bdm(mount_device, boot_index=None, **extra):
    return dict({'connection_info': {'driver_volume_type': 'local',
                                     'data': {}},
                 'mount_device': mount_device, 'boot_index': boot_index,
                 'disk_bus': None}, **extra)


class BlockInfoTestCase(testtools.TestCase):

    def test_disk_info_from_a_mountpoint(self):
        self.assertEqual({'dev': 'vdb', 'bus': 'virtio', 'type': 'disk'},
                         blockinfo.get_disk_info('/dev/vdb'))
        self.assertEqual({'dev': 'sdc', 'bus': 'scsi', 'type': 'disk'},
                         blockinfo.get_disk_info('/dev/sdc'))
        self.assertEqual({'dev': 'hdd', 'bus': 'ide', 'type': 'cdrom'},
                         blockinfo.get_disk_info('hdd', None, 'cdrom'))
        self.assertEqual('sata', blockinfo.get_disk_info(
            '/dev/sdb', 'sata')['bus'])

    def test_boot_volume_first(self):
        info = {'block_device_mapping': [
            bdm('/dev/vdc'), bdm('/dev/vda', 0), bdm('/dev/vdb', -1),
            bdm('/dev/vdd', 1)]}
        self.assertEqual(
            ['/dev/vda', '/dev/vdd', '/dev/vdb', '/dev/vdc'],
            [m['mount_device'] for m in blockinfo.get_volumes(info)])
        self.assertEqual('/dev/vda', blockinfo.get_root_volume(
            info)['mount_device'])

    def test_no_root_volume(self):
        self.assertIsNone(blockinfo.get_root_volume(None))
        self.assertIsNone(blockinfo.get_root_volume(
            {'block_device_mapping': [bdm('/dev/vdb')]}))
        self.assertEqual([], blockinfo.get_volumes(
            {'root_device_name': '/dev/vda', 'ephemerals': [],
             'swap': None, 'block_device_mapping': []}))

    def test_connection_info_as_json(self):
        mapping = bdm('/dev/vda', '0', connection_info=json.dumps(
            {'driver_volume_type': 'local', 'data': {'device_path': '/v'}}))
        root = blockinfo.get_root_volume({'block_device_mapping': [mapping]})
        self.assertEqual('/v', root['connection_info']['data']['device_path'])
        self.assertEqual({'dev': 'vda', 'bus': 'virtio', 'type': 'disk'},
                         blockinfo.get_volume_disk_info(root))
