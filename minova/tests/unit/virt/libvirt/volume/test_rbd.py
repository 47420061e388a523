"""The rbd volume driver: a Ceph network disk, nothing on the host."""

import xml.etree.ElementTree as ET

import testtools

from minova import exception
from minova.tests.unit.virt import fakes
from minova.tests.unit.virt.libvirt import schema
from minova.virt.libvirt.volume import rbd

DISK_INFO = {'dev': 'vdc', 'bus': 'virtio', 'type': 'disk'}
SECRET = '5f0b4a66-3d3a-4f43-9f6c-2d1d5c1e7a10'


def rbd_connection_info(**data):
    # The shape of Cinder's RBD driver's answer.
    data = dict({'name': 'volumes/volume-1', 'hosts': ['10.0.0.1', '10.0.0.2'],
                 'ports': ['6789', '6789'], 'cluster_name': 'ceph',
                 'auth_enabled': True, 'auth_username': 'cinder',
                 'secret_type': 'ceph', 'secret_uuid': SECRET,
                 'volume_id': 'vol-1', 'discard': True,
                 'access_mode': 'rw'}, **data)
    return {'driver_volume_type': 'rbd', 'data': data, 'serial': 'vol-1'}


class RBDVolumeDriverTestCase(testtools.TestCase):

    def setUp(self):
        super().setUp()
        self.driver = rbd.LibvirtRBDVolumeDriver(None, fakes.make_conf())

    def test_network_disk_with_cephx(self):
        info = rbd_connection_info()
        self.driver.connect_volume(info, fakes.make_instance())
        self.assertNotIn('device_path', info['data'])
        conf = self.driver.get_config(info, DISK_INFO)
        schema.assert_valid_device(self, conf)
        disk = ET.fromstring(conf.to_xml())
        self.assertEqual('network', disk.get('type'))
        source = disk.find('source')
        self.assertEqual({'protocol': 'rbd', 'name': 'volumes/volume-1'},
                         source.attrib)
        self.assertEqual([('10.0.0.1', '6789'), ('10.0.0.2', '6789')], [
            (h.get('name'), h.get('port')) for h in source.findall('host')])
        self.assertEqual('cinder', disk.find('auth').get('username'))
        self.assertEqual({'type': 'ceph', 'uuid': SECRET},
                         disk.find('auth/secret').attrib)
        self.assertEqual({'name': 'qemu', 'type': 'raw', 'cache': 'none',
                          'discard': 'unmap'}, disk.find('driver').attrib)
        self.assertEqual('vol-1', disk.findtext('serial'))

    def test_without_auth_or_ports(self):
        conf = self.driver.get_config(
            rbd_connection_info(auth_enabled=False, ports=[]), DISK_INFO)
        schema.assert_valid_device(self, conf)
        disk = ET.fromstring(conf.to_xml())
        self.assertIsNone(disk.find('auth'))
        self.assertEqual([None, None], [
            h.get('port') for h in disk.findall('source/host')])

    def test_auth_without_a_secret_is_named(self):
        error = self.assertRaises(
            exception.InvalidConnectionInfo, self.driver.get_config,
            rbd_connection_info(secret_uuid=None), DISK_INFO)
        self.assertIn('secret_uuid', str(error))
        self.assertIn('vol-1', str(error))

    def test_without_a_name(self):
        self.assertRaises(exception.InvalidConnectionInfo,
                          self.driver.get_config,
                          rbd_connection_info(name=''), DISK_INFO)
