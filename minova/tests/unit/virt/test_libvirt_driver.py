"""The libvirt driver against libvirt's real test:///default hypervisor.

No mocks of libvirt: test:///default runs inside this process. Its state
is shared by every connection of the process and outlives them, so each test
uses unique instances and destroys what it spawned.
"""

import json
import os
import shutil
import subprocess
import threading
import xml.etree.ElementTree as ET

import fixtures
import testtools

from minova.compute import power_state
from minova import exception
from minova.tests.unit.virt import fakes
from minova.virt.libvirt import host as libvirt_host

try:
    import libvirt
except ImportError:
    libvirt = None

if libvirt is not None:
    from minova.virt.libvirt import driver as libvirt_driver

TEST_URI = 'test:///default'


@testtools.skipIf(libvirt is None, 'libvirt-python is not installed')
class LibvirtTestBase(testtools.TestCase):
    """A LibvirtDriver on test:///default, and a connection to look at it."""

    def setUp(self):
        super().setUp()
        self.state_path = self.useFixture(fixtures.TempDir()).path
        self.conf = fakes.make_conf(
            host='compute1', state_path=self.state_path,
            libvirt={'connection_uri': TEST_URI})
        self.driver = libvirt_driver.LibvirtDriver(self.conf)
        self.driver.init_host('compute1')
        self.addCleanup(self.driver.cleanup_host, 'compute1')
        self.conn = libvirt.open(TEST_URI)
        self.addCleanup(self.conn.close)

    def _spawn(self, instance=None, network_info=None, image_meta=None,
               block_device_info=None, **flavor):
        instance = instance or fakes.make_instance(
            flavor=fakes.make_flavor(**flavor))
        self.addCleanup(self.driver.destroy, None, instance)
        self.driver.spawn(None, instance,
                          image_meta or fakes.make_image_meta(), [], None,
                          {}, network_info=network_info,
                          block_device_info=block_device_info)
        return instance

    def _domain_xml(self, instance):
        return self.conn.lookupByUUIDString(instance.uuid).XMLDesc(0)


class LibvirtDriverTestCase(LibvirtTestBase):

    def _state(self, instance):
        return self.driver.get_info(instance).state

    def test_life_cycle(self):
        instance = self._spawn()
        self.assertEqual(power_state.RUNNING, self._state(instance))
        self.assertTrue(self.driver.instance_exists(instance))
        self.assertTrue(self.conn.lookupByName(instance.name).isActive())
        self.driver.power_off(instance)
        self.assertEqual(power_state.SHUTDOWN, self._state(instance))
        self.driver.power_on(None, instance, [])
        self.assertEqual(power_state.RUNNING, self._state(instance))
        self.driver.destroy(None, instance)
        self.assertFalse(self.driver.instance_exists(instance))
        self.assertNotIn(instance.uuid, [
            d.UUIDString() for d in self.conn.listAllDomains(0)])
        self.assertRaises(exception.InstanceNotFound,
                          self.driver.get_info, instance)

    def test_domain_xml(self):
        instance = self._spawn(
            network_info=[{'id': 'port-1', 'address': 'fa:16:3e:00:00:07'}],
            vcpus=2, memory_mb=128)
        domain = ET.fromstring(self._domain_xml(instance))
        self.assertEqual('test', domain.get('type'))
        self.assertEqual(instance.name, domain.findtext('name'))
        self.assertEqual(instance.uuid, domain.findtext('uuid'))
        self.assertEqual(str(128 * 1024), domain.findtext('memory'))
        self.assertEqual('2', domain.findtext('vcpu'))
        self.assertEqual(['fa:16:3e:00:00:07'], [
            mac.get('address') for mac in domain.findall(
                'devices/interface/mac')])
        self.assertEqual([], domain.findall('devices/disk'))

    def test_clean_power_off_and_reboots(self):
        instance = self._spawn()
        self.driver.power_off(instance, timeout=5, retry_interval=1)
        self.assertEqual(power_state.SHUTDOWN, self._state(instance))
        self.driver.reboot(None, instance, [], 'HARD')
        self.assertEqual(power_state.RUNNING, self._state(instance))
        self.driver.reboot(None, instance, [], 'SOFT')
        self.assertEqual(power_state.RUNNING, self._state(instance))

    def test_pause_and_suspend(self):
        instance = self._spawn()
        self.driver.pause(instance)
        self.assertEqual(power_state.PAUSED, self._state(instance))
        self.driver.unpause(instance)
        self.assertEqual(power_state.RUNNING, self._state(instance))
        self.driver.suspend(None, instance)
        self.assertEqual(power_state.SHUTDOWN, self._state(instance))
        domain = self.conn.lookupByUUIDString(instance.uuid)
        self.assertTrue(domain.hasManagedSaveImage(0))
        self.driver.resume(None, instance, [])
        self.assertEqual(power_state.RUNNING, self._state(instance))
        self.assertFalse(domain.hasManagedSaveImage(0))

    def test_snapshot_of_a_guest_without_disk_is_an_empty_file(self):
        instance = self._spawn()
        self.driver.pause(instance)
        path = os.path.join(self.state_path, 'snap')
        self.assertEqual('raw', self.driver.snapshot(None, instance, path))
        self.assertEqual(0, os.path.getsize(path))
        self.assertEqual(power_state.PAUSED, self._state(instance))
        self.assertRaises(exception.InstanceNotFound, self.driver.snapshot,
                          None, fakes.make_instance(), path + '2')

    def test_destroy_is_idempotent(self):
        instance = self._spawn()
        self.driver.power_off(instance)
        self.driver.destroy(None, instance)
        self.driver.destroy(None, instance)
        self.driver.destroy(None, fakes.make_instance())
        self.assertFalse(self.driver.instance_exists(instance))

    def test_destroy_removes_the_instance_directory(self):
        instance = self._spawn()
        instance_dir = os.path.join(self.state_path, 'instances',
                                    instance.uuid)
        os.makedirs(instance_dir)
        self.driver.destroy(None, instance, destroy_disks=False)
        self.assertTrue(os.path.isdir(instance_dir))
        self.driver.destroy(None, instance)
        self.assertFalse(os.path.exists(instance_dir))

    def test_spawn_twice_is_refused(self):
        instance = self._spawn()
        self.assertRaises(exception.InstanceExists, self._spawn, instance)
        self.assertEqual(power_state.RUNNING, self._state(instance))

    def test_failed_spawn_leaves_nothing_and_harms_no_one(self):
        first = self._spawn()
        # Same hypervisor name, another uuid: libvirt refuses the define.
        second = fakes.make_instance(name=first.name)
        error = self.assertRaises(exception.InstanceDeployFailure,
                                  self._spawn, second)
        self.assertIn(second.uuid, str(error))
        self.assertIn('already exists', str(error))
        self.assertFalse(self.driver.instance_exists(second))
        self.assertEqual(power_state.RUNNING, self._state(first))

    def test_parallel_spawns_share_one_connection(self):
        instances = [fakes.make_instance() for _ in range(20)]
        for instance in instances:
            self.addCleanup(self.driver.destroy, None, instance)
        threads = [threading.Thread(target=self.driver.spawn, args=(
            None, instance, fakes.make_image_meta(), [], None, {}))
            for instance in instances]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        self.assertEqual([power_state.RUNNING] * 20,
                         [self._state(i) for i in instances])

    def test_listing(self):
        instance = self._spawn()
        self.assertIn(instance.name, self.driver.list_instances())
        self.assertIn(instance.uuid, self.driver.list_instance_uuids())
        self.driver.destroy(None, instance)
        self.assertNotIn(instance.name, self.driver.list_instances())

    def test_available_resource_sums_domains(self):
        before = self.driver.get_available_resource('compute1')
        first = self._spawn(vcpus=2, memory_mb=256)
        self._spawn(vcpus=1, memory_mb=128)
        self.driver.power_off(first)
        after = self.driver.get_available_resource('compute1')
        self.assertEqual(3, after['vcpus_used'] - before['vcpus_used'])
        self.assertEqual(384,
                         after['memory_mb_used'] - before['memory_mb_used'])
        self.assertEqual(1, after['running_vms'] - before['running_vms'])
        model, memory_mb, cpus = self.conn.getInfo()[:3]
        self.assertEqual((cpus, memory_mb), (after['vcpus'],
                                             after['memory_mb']))
        self.assertEqual('TEST', after['hypervisor_type'])
        self.assertEqual(self.conn.getVersion(), after['hypervisor_version'])
        self.assertEqual('compute1', after['hypervisor_hostname'])
        self.assertEqual(model, json.loads(after['cpu_info'])['arch'])
        self.assertIn([model, 'test', 'hvm'], after['supported_instances'])
        self.assertGreater(after['local_gb'], 0)
        self.assertLessEqual(after['local_gb_used'], after['local_gb'])
        self.assertEqual(['compute1'], self.driver.get_available_nodes())


@testtools.skipIf(libvirt is None, 'libvirt-python is not installed')
class BadConnectionUriTestCase(testtools.TestCase):

    BAD_URI = 'test:///no/such/file.xml'

    def test_named_error_at_init_host(self):
        conf = fakes.make_conf(libvirt={'connection_uri': self.BAD_URI})
        drv = libvirt_driver.LibvirtDriver(conf)
        error = self.assertRaises(exception.HypervisorUnavailable,
                                  drv.init_host, 'compute1')
        self.assertIn('[libvirt] connection_uri', str(error))
        self.assertIn(self.BAD_URI, str(error))

    def test_named_error_on_first_use(self):
        drv = libvirt_driver.LibvirtDriver(
            fakes.make_conf(libvirt={'connection_uri': self.BAD_URI}))
        self.assertRaises(exception.HypervisorUnavailable,
                          drv.list_instances)


class MissingBindingTestCase(testtools.TestCase):

    def test_named_error_without_libvirt_python(self):
        self.useFixture(fixtures.MonkeyPatch(
            'minova.virt.libvirt.host.libvirt', None))
        error = self.assertRaises(
            exception.HypervisorUnavailable,
            libvirt_host.Host(TEST_URI).get_connection)
        self.assertIn('not installed', str(error))


@testtools.skipIf(libvirt is None, 'libvirt-python is not installed')
@testtools.skipIf(shutil.which('qemu-img') is None, 'qemu-img is missing')
class RootDiskTestCase(testtools.TestCase):
    """The qcow2 overlay a real hypervisor boots from.

    test:///default gets no disk, so the test driver check is switched off
    here to run the real qemu-img against a real image file.
    """

    def setUp(self):
        super().setUp()
        self.state_path = self.useFixture(fixtures.TempDir()).path
        self.driver = libvirt_driver.LibvirtDriver(fakes.make_conf(
            state_path=self.state_path, libvirt={'connection_uri': TEST_URI}))
        self.useFixture(fixtures.MockPatchObject(
            self.driver._host, 'is_test_driver', return_value=False))
        self.image = os.path.join(self.state_path, 'image.raw')
        subprocess.run(['qemu-img', 'create', '-f', 'raw', self.image, '16M'],
                       check=True, capture_output=True)
        self.image_meta = dict(fakes.make_image_meta(), file=self.image,
                               disk_format='raw')

    def test_overlay_of_the_image(self):
        instance = fakes.make_instance(flavor=fakes.make_flavor(root_gb=1))
        path = self.driver._create_image(instance, self.image_meta)
        self.assertEqual(os.path.join(self.state_path, 'instances',
                                      instance.uuid, 'disk'), path)
        info = json.loads(subprocess.run(
            ['qemu-img', 'info', '--output=json', path], check=True,
            capture_output=True, text=True).stdout)
        self.assertEqual('qcow2', info['format'])
        self.assertEqual(self.image, info['backing-filename'])
        self.assertEqual(1024 ** 3, info['virtual-size'])
        config = self.driver._get_guest_config(
            instance, self.image_meta, None, path)
        disk = ET.fromstring(config.to_xml()).find('devices/disk')
        self.assertEqual(path, disk.find('source').get('file'))
        self.assertEqual('vda', disk.find('target').get('dev'))

    def test_snapshot_flattens_the_overlay_and_keeps_the_guest_running(self):
        subprocess.run(['qemu-io', '-f', 'raw', '-c', 'write -P 0x5a 0 64k',
                        self.image], check=True, capture_output=True)
        instance = fakes.make_instance(flavor=fakes.make_flavor(root_gb=1))
        self.addCleanup(self.driver.destroy, None, instance)
        self.driver.spawn(None, instance, self.image_meta, [], None, {})
        # The test hypervisor made the domain; the overlay is qemu-img's.
        self.assertTrue(os.path.exists(os.path.join(
            self.state_path, 'instances', instance.uuid, 'disk')))
        path = os.path.join(self.state_path, 'snap')
        self.assertEqual('qcow2', self.driver.snapshot(None, instance, path))
        info = json.loads(subprocess.run(
            ['qemu-img', 'info', '--output=json', path], check=True,
            capture_output=True, text=True).stdout)
        self.assertEqual('qcow2', info['format'])
        self.assertNotIn('backing-filename', info)
        self.assertEqual(1024 ** 3, info['virtual-size'])
        # The image's data came along (the backing file was read through).
        compare = subprocess.run(['qemu-img', 'compare', '-f', 'raw',
                                  '-F', 'qcow2', self.image, path],
                                 capture_output=True, text=True)
        self.assertIn('Images are identical', compare.stdout + compare.stderr)
        self.assertEqual(power_state.RUNNING,
                         self.driver.get_info(instance).state)

    def test_flavor_smaller_than_image(self):
        subprocess.run(['qemu-img', 'resize', '-f', 'raw', self.image, '2G'],
                       check=True, capture_output=True)
        instance = fakes.make_instance(flavor=fakes.make_flavor(root_gb=1))
        error = self.assertRaises(exception.InstanceDeployFailure,
                                  self.driver._create_image, instance,
                                  self.image_meta)
        self.assertIn('root_gb 1', str(error))
        self.assertFalse(os.path.exists(os.path.join(
            self.state_path, 'instances', instance.uuid)))

    def test_unknown_disk_bus(self):
        image_meta = dict(self.image_meta, properties={'hw_disk_bus': 'xen'})
        error = self.assertRaises(
            exception.InstanceDeployFailure, self.driver._get_guest_config,
            fakes.make_instance(), image_meta, None, '/srv/disk')
        self.assertIn("hw_disk_bus='xen'", str(error))

    def test_no_image_file_no_disk(self):
        self.assertIsNone(self.driver._create_image(
            fakes.make_instance(), fakes.make_image_meta()))


class TestHostUptime(LibvirtTestBase):
    def test_uptime_is_the_hosts_uptime_line(self):
        line = self.driver.get_host_uptime()
        self.assertIn(' up ', line)
        self.assertIn('load average', line)
