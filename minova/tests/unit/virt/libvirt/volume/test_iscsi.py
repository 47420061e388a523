"""The iscsi volume driver, up to os-brick's connector: these machines have
no iSCSI target nor the kernel's iscsi_tcp, so the connector object (the
process boundary: iscsiadm, udev, the SCSI bus) is a mock specified by
os-brick's own class; the rest is real."""

import os
from unittest import mock
import xml.etree.ElementTree as ET

import fixtures
from os_brick import exception as brick_exception
from os_brick.initiator.connectors import iscsi as brick_iscsi
from oslo_config import cfg
from oslo_config import fixture as config_fixture
import testtools

from minova import exception
from minova.tests.unit.virt import fakes
from minova.tests.unit.virt.libvirt import schema
from minova.virt.libvirt.volume import iscsi

DISK_INFO = {'dev': 'vdb', 'bus': 'virtio', 'type': 'disk'}
DEVICE = ('/dev/disk/by-path/ip-10.0.0.5:3260-iscsi-'
          'iqn.2010-10.org.openstack:volume-1-lun-1')


def iscsi_connection_info():
    # The shape of Cinder's LVM/iSCSI driver's answer.
    return {'driver_volume_type': 'iscsi', 'serial': 'vol-1', 'data': {
        'target_discovered': False, 'target_portal': '10.0.0.5:3260',
        'target_iqn': 'iqn.2010-10.org.openstack:volume-1',
        'target_lun': 1, 'volume_id': 'vol-1', 'auth_method': 'CHAP',
        'auth_username': 'u', 'auth_password': 'p', 'encrypted': False,
        'access_mode': 'rw'}}


class ISCSIVolumeDriverTestCase(testtools.TestCase):

    def setUp(self):
        super().setUp()
        # os-brick keeps its settings in the global config: reset after.
        self.useFixture(config_fixture.Config(cfg.CONF))
        self.state_path = self.useFixture(fixtures.TempDir()).path
        self.conf = fakes.make_conf(
            state_path=self.state_path,
            libvirt={'volume_use_multipath': True,
                     'num_volume_scan_tries': 7})
        self.driver = iscsi.LibvirtISCSIVolumeDriver(None, self.conf)
        self.connector = self.driver.connector
        self.driver.connector = mock.create_autospec(
            brick_iscsi.ISCSIConnector, instance=True)
        self.driver.connector.connect_volume.return_value = {
            'type': 'block', 'scsi_wwn': '3600140', 'path': DEVICE}
        self.instance = fakes.make_instance()

    def test_os_brick_connector_from_the_config(self):
        self.assertIsInstance(self.connector, brick_iscsi.ISCSIConnector)
        self.assertTrue(self.connector.use_multipath)
        self.assertEqual(7, self.connector.device_scan_attempts)
        self.assertEqual(os.path.join(self.state_path, 'locks'),
                         cfg.CONF.os_brick.lock_path)

    def test_connect_then_block_disk(self):
        info = iscsi_connection_info()
        self.driver.connect_volume(info, self.instance)
        # os-brick gets the volume service's data as it is (and the device
        # path lands in that same dict, which the compute then stores).
        self.driver.connector.connect_volume.assert_called_once_with(
            info['data'])
        self.assertEqual(DEVICE, info['data']['device_path'])
        conf = self.driver.get_config(info, DISK_INFO)
        schema.assert_valid_device(self, conf)
        disk = ET.fromstring(conf.to_xml())
        self.assertEqual('block', disk.get('type'))
        self.assertEqual(DEVICE, disk.find('source').get('dev'))
        self.assertEqual({'name': 'qemu', 'type': 'raw', 'cache': 'none',
                          'io': 'native'}, disk.find('driver').attrib)
        self.assertEqual('vol-1', disk.findtext('serial'))

    def test_connect_failure_is_raised(self):
        self.driver.connector.connect_volume.side_effect = (
            brick_exception.VolumeDeviceNotFound(device='x'))
        info = iscsi_connection_info()
        self.assertRaises(brick_exception.VolumeDeviceNotFound,
                          self.driver.connect_volume, info, self.instance)
        self.assertNotIn('device_path', info['data'])

    def test_disconnect(self):
        info = iscsi_connection_info()
        info['data']['device_path'] = DEVICE
        self.driver.disconnect_volume(info, self.instance)
        self.driver.connector.disconnect_volume.assert_called_once_with(
            info['data'], None)

    def test_disconnect_of_a_volume_not_connected(self):
        self.driver.connector.disconnect_volume.side_effect = (
            brick_exception.VolumeDeviceNotFound(device=DEVICE))
        self.driver.disconnect_volume(iscsi_connection_info(), self.instance)

    def test_config_before_connect_is_named(self):
        self.assertRaises(exception.InvalidConnectionInfo,
                          self.driver.get_config, iscsi_connection_info(),
                          DISK_INFO)
