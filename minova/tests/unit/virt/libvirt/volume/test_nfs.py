"""The nfs volume driver, up to the mount command: these machines have no
NFS server nor the kernel's nfs module, so the commands that need them
(mount, umount) are answered by a fake executor; os-brick's RemoteFsClient
(mount path, NFS version fallback) and the rest run for real, with libvirt's
test:///default for the guests that hold an export in use."""

import hashlib
import os
import uuid
import xml.etree.ElementTree as ET

import fixtures
from os_brick import exception as brick_exception
from oslo_concurrency import processutils
from oslo_config import cfg
from oslo_config import fixture as config_fixture
import testtools

from minova.tests.unit.virt import fakes
from minova.tests.unit.virt.libvirt import schema
from minova.virt.libvirt import host as libvirt_host
from minova.virt.libvirt.volume import nfs

try:
    import libvirt
except ImportError:
    libvirt = None

EXPORT = '192.0.2.10:/srv/nfs/volumes'
DISK_INFO = {'dev': 'vdb', 'bus': 'virtio', 'type': 'disk'}


def nfs_connection_info(name='volume-1', **data):
    # The shape of Cinder's NFS driver's answer.
    data = dict({'export': EXPORT, 'name': name, 'options': None,
                 'format': 'qcow2', 'volume_id': name}, **data)
    return {'driver_volume_type': 'nfs', 'data': data, 'serial': name}


class FakeExecute:
    """Runs mkdir for real; answers mount and umount as a host with the NFS
    server would, or with the errors queued in ``failures``."""

    def __init__(self):
        self.calls = []
        self.failures = {'mount': [], 'umount': []}

    def __call__(self, *cmd, **kwargs):
        self.calls.append((cmd, kwargs.get('run_as_root', False)))
        if cmd[0] in self.failures:
            if self.failures[cmd[0]]:
                raise processutils.ProcessExecutionError(
                    cmd=' '.join(cmd), exit_code=32,
                    stderr=self.failures[cmd[0]].pop(0))
            return '', ''
        return processutils.execute(*cmd)

    def commands(self, name):
        return [(cmd, root) for cmd, root in self.calls if cmd[0] == name]


@testtools.skipIf(libvirt is None, 'libvirt-python is not installed')
class NFSVolumeDriverTestCase(testtools.TestCase):

    def setUp(self):
        super().setUp()
        self.useFixture(config_fixture.Config(cfg.CONF))
        self.base = self.useFixture(fixtures.TempDir()).path
        self.mount_path = os.path.join(
            self.base, hashlib.md5(EXPORT.encode()).hexdigest())
        self.host = libvirt_host.Host('test:///default')
        self.addCleanup(self.host.close)
        self.instance = fakes.make_instance()
        self.execute = FakeExecute()
        self.driver = self._driver()

    def _driver(self, **libvirt_options):
        conf = fakes.make_conf(libvirt=dict(
            {'nfs_mount_point_base': self.base}, **libvirt_options))
        return nfs.LibvirtNFSVolumeDriver(self.host, conf,
                                          execute=self.execute)

    def test_mount_then_file_disk(self):
        info = nfs_connection_info()
        self.driver.connect_volume(info, self.instance)
        # The directory Cinder and Nova agree on: the md5 of the export.
        self.assertEqual([
            (('mkdir', '-p', self.mount_path), False),
            (('mount', '-t', 'nfs', '-o', 'vers=4,minorversion=2', EXPORT,
              self.mount_path), True)], self.execute.calls)
        self.assertTrue(os.path.isdir(self.mount_path))
        path = os.path.join(self.mount_path, 'volume-1')
        self.assertEqual(path, info['data']['device_path'])
        conf = self.driver.get_config(info, DISK_INFO)
        schema.assert_valid_device(self, conf)
        disk = ET.fromstring(conf.to_xml())
        self.assertEqual('file', disk.get('type'))
        self.assertEqual(path, disk.find('source').get('file'))
        self.assertEqual('qcow2', disk.find('driver').get('type'))
        self.assertEqual('none', disk.find('driver').get('cache'))

    def test_mount_options_of_the_host_and_of_the_volume(self):
        driver = self._driver(nfs_mount_options='vers=3')
        driver.connect_volume(nfs_connection_info(options='-o nolock'),
                              self.instance)
        self.assertEqual([(('mount', '-t', 'nfs', '-o', 'vers=3', '-o',
                            'nolock', EXPORT, self.mount_path), True)],
                         self.execute.commands('mount'))

    def test_older_nfs_versions_are_tried(self):
        self.execute.failures['mount'] = ['incorrect mount option'] * 2
        self.driver.connect_volume(nfs_connection_info(), self.instance)
        self.assertEqual(
            [('-o', 'vers=4,minorversion=2'), ('-o', 'vers=4,minorversion=1'),
             ()],
            [cmd[3:-2] for cmd, _root in self.execute.commands('mount')])

    def test_mount_failure_is_raised(self):
        self.execute.failures['mount'] = ['access denied by server'] * 3
        info = nfs_connection_info()
        error = self.assertRaises(brick_exception.BrickException,
                                  self.driver.connect_volume, info,
                                  self.instance)
        self.assertIn('access denied', str(error))
        self.assertNotIn('device_path', info['data'])

    def test_unmounted_with_its_last_volume(self):
        first, second = nfs_connection_info(), nfs_connection_info('v-2')
        self.driver.connect_volume(first, self.instance)
        self.driver.connect_volume(second, self.instance)
        self.driver.disconnect_volume(first, self.instance)
        self.assertEqual([], self.execute.commands('umount'))
        self.driver.disconnect_volume(second, self.instance)
        self.assertEqual([(('umount', self.mount_path), True)],
                         self.execute.commands('umount'))
        self.assertFalse(os.path.exists(self.mount_path))

    def _define_guest_with_disk(self, path):
        name = 'nfs-test-%s' % uuid.uuid4()
        domain = self.host.get_connection().defineXML(
            "<domain type='test'><name>%s</name><memory>65536</memory>"
            "<os><type>hvm</type></os><devices><disk type='file' "
            "device='disk'><source file='%s'/><target dev='vdb'/></disk>"
            "</devices></domain>" % (name, path))
        self.addCleanup(domain.undefine)

    def test_kept_mounted_while_a_guest_has_a_disk_on_it(self):
        # A compute restarted: only the domains know what is in use.
        self._define_guest_with_disk(
            os.path.join(self.mount_path, 'volume-9'))
        self.driver.disconnect_volume(nfs_connection_info(), self.instance)
        self.assertEqual([], self.execute.commands('umount'))
        other = nfs_connection_info(export='192.0.2.11:/other')
        self.driver.disconnect_volume(other, self.instance)
        self.assertEqual(1, len(self.execute.commands('umount')))

    def test_busy_export_stays_mounted(self):
        info = nfs_connection_info()
        self.driver.connect_volume(info, self.instance)
        self.execute.failures['umount'] = ['target is busy']
        with fixtures.FakeLogger() as log:
            self.driver.disconnect_volume(info, self.instance)
        self.assertIn('target is busy', log.output)
        self.assertTrue(os.path.isdir(self.mount_path))

    def test_disconnect_of_an_export_not_mounted(self):
        os.makedirs(self.mount_path)
        self.execute.failures['umount'] = ['umount: %s: not mounted.'
                                           % self.mount_path]
        self.driver.disconnect_volume(nfs_connection_info(), self.instance)
        self.assertFalse(os.path.exists(self.mount_path))
