"""LibvirtDriver's volumes against libvirt's real test:///default.

test:///default cannot plug devices (it answers "not supported"), so an
attach there must fail cleanly and leave nothing connected; spawn, which
puts volumes into the domain it defines, works there. NFS volumes stand for
those that connect something on the host: their mount and umount commands
are answered by the NFS tests' fake executor (no NFS here), the rest is
real. os-brick's connector properties are real.
"""

import os
from unittest import mock
import uuid
import xml.etree.ElementTree as ET

import fixtures
from os_brick import exception as brick_exception
from oslo_config import cfg
from oslo_config import fixture as config_fixture

from minova import exception
from minova.tests.unit.virt import fakes
from minova.tests.unit.virt.libvirt import schema
from minova.tests.unit.virt.libvirt.volume import test_nfs
from minova.tests.unit.virt import test_libvirt_driver
from minova.virt.libvirt.volume import local
from minova.virt.libvirt.volume import nfs

TEST_URI = test_libvirt_driver.TEST_URI


class LibvirtDriverVolumesTestCase(test_libvirt_driver.LibvirtTestBase):

    def setUp(self):
        super().setUp()
        # os-brick keeps its settings in the global config: reset after.
        self.useFixture(config_fixture.Config(cfg.CONF))
        self.execute = test_nfs.FakeExecute()
        self.driver._volume_drivers['nfs'] = nfs.LibvirtNFSVolumeDriver(
            self.driver._host, self.conf, execute=self.execute)

    # -- helpers -------------------------------------------------------------

    def _local_volume(self, name='vol-1'):
        path = os.path.join(self.state_path, name)
        open(path, 'wb').close()
        return {'driver_volume_type': 'local', 'serial': name, 'data': {
            'device_path': path, 'format': 'raw', 'volume_id': name,
            'access_mode': 'rw'}}

    def _disks(self, instance):
        domain = ET.fromstring(self._domain_xml(instance))
        return [(d.find('target').get('dev'), d.find('source').get('file'),
                 d.findtext('serial')) for d in domain.findall('devices/disk')]

    def _umounts(self):
        return self.execute.commands('umount')

    # -- the host's connector ---------------------------------------------

    def test_volume_connector_from_os_brick(self):
        connector = self.driver.get_volume_connector(fakes.make_instance())
        self.assertEqual('compute1', connector['host'])
        self.assertEqual(self.driver.get_host_ip_addr(), connector['ip'])
        self.assertFalse(connector['multipath'])
        self.assertEqual('linux', connector['os_type'])
        self.assertIn('platform', connector)
        self.assertEqual(
            os.path.exists('/etc/iscsi/initiatorname.iscsi'),
            'initiator' in connector)

    # -- attach and detach ----------------------------------------------

    def test_local_attach_fails_cleanly_and_disconnects(self):
        instance = self._spawn()
        xml_before = self._domain_xml(instance)
        disconnect = self.useFixture(fixtures.MockPatchObject(
            local.LibvirtLocalVolumeDriver, 'disconnect_volume',
            autospec=True)).mock
        info = self._local_volume()
        error = self.assertRaises(
            exception.VirtOperationNotSupported, self.driver.attach_volume,
            None, info, instance, '/dev/vdb')
        self.assertIn(TEST_URI, str(error))
        self.assertEqual(xml_before, self._domain_xml(instance))
        disconnect.assert_called_once_with(mock.ANY, info, instance)

    def test_failed_attach_unmounts_what_it_mounted(self):
        instance = self._spawn()
        info = test_nfs.nfs_connection_info()
        self.assertRaises(exception.VirtOperationNotSupported,
                          self.driver.attach_volume, None, info, instance,
                          '/dev/vdb')
        mount_path = os.path.dirname(info['data']['device_path'])
        self.assertEqual(1, len(self.execute.commands('mount')))
        self.assertEqual([(('umount', mount_path), True)], self._umounts())

    def test_unknown_volume_type(self):
        instance = self._spawn()
        xml_before = self._domain_xml(instance)
        error = self.assertRaises(
            exception.VolumeDriverNotFound, self.driver.attach_volume, None,
            {'driver_volume_type': 'fibre_channel', 'data': {}}, instance,
            '/dev/vdb')
        self.assertIn("'fibre_channel'", str(error))
        self.assertIn('installed: iscsi, local, nfs, rbd', str(error))
        self.assertEqual(xml_before, self._domain_xml(instance))

    def test_failed_connect_attaches_nothing(self):
        instance = self._spawn()
        xml_before = self._domain_xml(instance)
        self.execute.failures['mount'] = ['access denied by server'] * 3
        self.assertRaises(brick_exception.BrickException,
                          self.driver.attach_volume, None,
                          test_nfs.nfs_connection_info(), instance, '/dev/vdb')
        self.assertEqual(xml_before, self._domain_xml(instance))

    def test_attach_to_a_missing_guest_connects_nothing(self):
        self.assertRaises(exception.InstanceNotFound,
                          self.driver.attach_volume, None,
                          test_nfs.nfs_connection_info(),
                          fakes.make_instance(), '/dev/vdb')
        self.assertEqual([], self.execute.calls)

    def test_detach_of_a_disk_the_guest_lacks_still_disconnects(self):
        instance = self._spawn()
        self.driver.detach_volume(None, test_nfs.nfs_connection_info(),
                                  instance, '/dev/vdb')
        self.assertEqual(1, len(self._umounts()))
        self.driver.detach_volume(None, {}, fakes.make_instance(), '/dev/vdc')

    def test_detach_refused_by_the_hypervisor_keeps_the_connection(self):
        info = test_nfs.nfs_connection_info()
        instance = self._spawn(block_device_info={'block_device_mapping': [{
            'connection_info': info, 'mount_device': '/dev/vdb',
            'boot_index': None, 'disk_bus': None}]})
        self.assertRaises(exception.VirtOperationNotSupported,
                          self.driver.detach_volume, None, info, instance,
                          '/dev/vdb')
        self.assertEqual([], self._umounts())
        self.assertEqual('vdb', self._disks(instance)[0][0])

    def test_swap_refused_by_the_hypervisor_keeps_the_old_volume(self):
        old = self._local_volume('old')
        instance = self._spawn(block_device_info={'block_device_mapping': [{
            'connection_info': old, 'mount_device': '/dev/vdb',
            'boot_index': None, 'disk_bus': None}]})
        new = test_nfs.nfs_connection_info()
        error = self.assertRaises(
            exception.VirtOperationNotSupported, self.driver.swap_volume,
            None, old, new, instance, '/dev/vdb', 0)
        self.assertIn('swap volume', str(error))
        self.assertEqual([('vdb', old['data']['device_path'], 'old')],
                         self._disks(instance))
        # The new volume was connected for the copy, and disconnected.
        self.assertEqual(1, len(self.execute.commands('mount')))
        self.assertEqual(1, len(self._umounts()))

    def test_swap_of_a_disk_the_guest_lacks_is_not_found(self):
        instance = self._spawn()
        self.assertRaises(exception.DiskNotFound, self.driver.swap_volume,
                          None, {}, self._local_volume(), instance,
                          '/dev/vdc', 0)

    # -- spawn and destroy with volumes -------------------------------------

    def test_spawn_from_a_volume_with_a_data_volume(self):
        root = self._local_volume()
        data = test_nfs.nfs_connection_info('vol-2')
        info = {'root_device_name': '/dev/vda', 'block_device_mapping': [
            {'connection_info': data, 'mount_device': '/dev/vdb',
             'boot_index': None, 'disk_bus': 'virtio'},
            {'connection_info': root, 'mount_device': '/dev/vda',
             'boot_index': 0, 'disk_bus': 'virtio'}]}
        instance = self._spawn(block_device_info=info)
        self.assertEqual([
            ('vda', root['data']['device_path'], 'vol-1'),
            ('vdb', data['data']['device_path'], 'vol-2')],
            self._disks(instance))
        schema.assert_valid_domain(self, self._domain_xml(instance))
        self.assertFalse(os.path.exists(os.path.join(
            self.state_path, 'instances', instance.uuid, 'disk')))
        # A guest destroyed without its volumes keeps them connected (it
        # may be spawned again); with them, they are disconnected.
        self.driver.destroy(None, instance, destroy_disks=False)
        self.assertEqual([], self._umounts())
        self.driver.destroy(None, instance, block_device_info=info)
        self.assertEqual(1, len(self._umounts()))

    def test_failed_spawn_disconnects_its_volumes(self):
        instance = fakes.make_instance()
        info = {'block_device_mapping': [
            {'connection_info': test_nfs.nfs_connection_info(),
             'mount_device': '/dev/vdb', 'boot_index': None},
            {'connection_info': {'driver_volume_type': 'rbd', 'data': {}},
             'mount_device': '/dev/vdc', 'boot_index': None}]}
        self.assertRaises(exception.InvalidConnectionInfo, self.driver.spawn,
                          None, instance, fakes.make_image_meta(), [], None,
                          {}, block_device_info=info)
        self.assertFalse(self.driver.instance_exists(instance))
        self.assertEqual(1, len(self._umounts()))

    def test_root_volume_replaces_the_image_disk(self):
        """On a real hypervisor an image boot makes a disk; a volume boot
        does not (test:///default stands in, told it is not a test)."""
        self.useFixture(fixtures.MockPatchObject(
            self.driver._host, 'is_test_driver', return_value=False))
        image = os.path.join(self.state_path, 'image.raw')
        open(image, 'wb').close()
        image_meta = dict(fakes.make_image_meta(), file=image,
                          disk_format='raw')
        root = self._local_volume()
        instance = self._spawn(image_meta=image_meta, block_device_info={
            'block_device_mapping': [{'connection_info': root,
                                      'mount_device': '/dev/vda',
                                      'boot_index': 0}]})
        self.assertEqual([('vda', root['data']['device_path'], 'vol-1')],
                         self._disks(instance))
        self.assertFalse(os.path.exists(os.path.join(
            self.state_path, 'instances', instance.uuid, 'disk')))

    def test_qemu_guest_config_with_every_volume_type(self):
        """The domain a real qemu gets, with a volume of each type,
        passes libvirt's schema (and has ACPI, which hotplug needs)."""
        self.useFixture(fixtures.MockPatchObject(
            self.driver._host, 'is_test_driver', return_value=False))
        rbd = {'driver_volume_type': 'rbd', 'serial': 'vol-3', 'data': {
            'name': 'volumes/vol-3', 'hosts': ['192.0.2.1'],
            'ports': ['6789'], 'auth_enabled': True,
            'auth_username': 'cinder', 'secret_type': 'ceph',
            'secret_uuid': str(uuid.uuid4())}}
        iscsi = {'driver_volume_type': 'iscsi', 'serial': 'vol-4',
                 'data': {'device_path': '/dev/disk/by-path/ip-x-lun-1'}}
        nfs_info = test_nfs.nfs_connection_info('vol-2')
        nfs_info['data']['device_path'] = '/mnt/x/vol-2'
        info = {'block_device_mapping': [
            {'connection_info': self._local_volume(), 'boot_index': 0,
             'mount_device': '/dev/vda'},
            {'connection_info': nfs_info, 'mount_device': '/dev/vdb'},
            {'connection_info': rbd, 'mount_device': '/dev/vdc'},
            {'connection_info': iscsi, 'mount_device': '/dev/sdd',
             'disk_bus': 'scsi'}]}
        conf = self.driver._get_guest_config(
            fakes.make_instance(), fakes.make_image_meta(), None, None, info)
        xml = conf.to_xml()
        schema.assert_valid_domain(self, xml)
        domain = ET.fromstring(xml)
        self.assertEqual('qemu', domain.get('type'))
        self.assertIsNotNone(domain.find('features/acpi'))
        self.assertEqual(['vda', 'sdd', 'vdb', 'vdc'], [
            t.get('dev') for t in domain.findall('devices/disk/target')])
