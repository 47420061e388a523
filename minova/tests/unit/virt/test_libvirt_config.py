"""The domain XML the libvirt config objects write, parsed back."""

import xml.etree.ElementTree as ET

import testtools

from minova.tests.unit.virt.libvirt import schema
from minova.virt.libvirt import config


def _parse(conf_object):
    return ET.fromstring(conf_object.to_xml())


class GuestConfigTestCase(testtools.TestCase):

    def _guest(self, **kwargs):
        values = dict(virt_type='qemu', name='instance-00000001',
                      uuid='3c4f2a0e-2a0b-4fb4-9a0e-9f4bd4b0d7a1',
                      memory=512 * 1024, vcpus=2, arch='x86_64')
        values.update(kwargs)
        return config.LibvirtConfigGuest(**values)

    def test_identity_size_and_firmware(self):
        domain = _parse(self._guest(machine='pc', description='web <1>'))
        self.assertEqual('domain', domain.tag)
        self.assertEqual('qemu', domain.get('type'))
        self.assertEqual('instance-00000001', domain.findtext('name'))
        self.assertEqual('3c4f2a0e-2a0b-4fb4-9a0e-9f4bd4b0d7a1',
                         domain.findtext('uuid'))
        self.assertEqual('web <1>', domain.findtext('description'))
        memory = domain.find('memory')
        self.assertEqual(('524288', 'KiB'), (memory.text, memory.get('unit')))
        self.assertEqual('2', domain.findtext('vcpu'))
        os_type = domain.find('os/type')
        self.assertEqual('hvm', os_type.text)
        self.assertEqual('x86_64', os_type.get('arch'))
        self.assertEqual('pc', os_type.get('machine'))
        self.assertIsNotNone(domain.find('features/acpi'))

    def test_optional_attributes_are_left_out(self):
        domain = _parse(self._guest(arch=None))
        self.assertNotIn('arch', domain.find('os/type').attrib)
        self.assertNotIn('machine', domain.find('os/type').attrib)
        self.assertIsNone(domain.find('description'))
        self.assertEqual([], list(domain.find('devices')))

    def test_devices_keep_their_order(self):
        guest = self._guest(virt_type='test')
        guest.add_device(config.LibvirtConfigGuestDisk('/var/disk'))
        guest.add_device(config.LibvirtConfigGuestInterface(
            mac_addr='fa:16:3e:00:00:01'))
        guest.add_device(config.LibvirtConfigGuestSerial())
        domain = _parse(guest)
        self.assertEqual('test', domain.get('type'))
        self.assertEqual(['disk', 'interface', 'serial'],
                         [device.tag for device in domain.find('devices')])


class DiskConfigTestCase(testtools.TestCase):

    def test_file_disk(self):
        disk = _parse(config.LibvirtConfigGuestDisk(
            '/var/lib/minova/instances/u/disk', serial='vol-1'))
        self.assertEqual(('file', 'disk'),
                         (disk.get('type'), disk.get('device')))
        self.assertEqual({'name': 'qemu', 'type': 'qcow2'},
                         disk.find('driver').attrib)
        self.assertEqual({'file': '/var/lib/minova/instances/u/disk'},
                         disk.find('source').attrib)
        self.assertEqual({'dev': 'vda', 'bus': 'virtio'},
                         disk.find('target').attrib)
        self.assertEqual('vol-1', disk.findtext('serial'))
        self.assertIsNone(disk.find('readonly'))

    def test_block_cdrom(self):
        disk = _parse(config.LibvirtConfigGuestDisk(
            '/dev/sdx', target_dev='hdc', target_bus='ide',
            driver_format='raw', source_type='block', source_device='cdrom',
            readonly=True))
        self.assertEqual(('block', 'cdrom'),
                         (disk.get('type'), disk.get('device')))
        self.assertEqual({'dev': '/dev/sdx'}, disk.find('source').attrib)
        self.assertEqual('raw', disk.find('driver').get('type'))
        self.assertEqual({'dev': 'hdc', 'bus': 'ide'},
                         disk.find('target').attrib)
        self.assertIsNotNone(disk.find('readonly'))

    def test_network_disk(self):
        conf = config.LibvirtConfigGuestDisk(
            target_dev='vdb', driver_format='raw', source_type='network')
        conf.source_protocol = 'rbd'
        conf.source_name = 'volumes/vol-1'
        conf.source_hosts = ['192.0.2.1', '192.0.2.2']
        conf.source_ports = ['6789']
        conf.auth_username = 'cinder'
        conf.auth_secret_type = 'ceph'
        conf.auth_secret_uuid = 'a-uuid'
        conf.driver_cache = 'none'
        conf.driver_io = 'native'
        conf.shareable = True
        disk = _parse(conf)
        self.assertEqual('network', disk.get('type'))
        self.assertEqual({'protocol': 'rbd', 'name': 'volumes/vol-1'},
                         disk.find('source').attrib)
        self.assertEqual([{'name': '192.0.2.1', 'port': '6789'},
                          {'name': '192.0.2.2'}],
                         [h.attrib for h in disk.findall('source/host')])
        self.assertEqual('cinder', disk.find('auth').get('username'))
        self.assertEqual({'type': 'ceph', 'uuid': 'a-uuid'},
                         disk.find('auth/secret').attrib)
        self.assertEqual({'name': 'qemu', 'type': 'raw', 'cache': 'none',
                          'io': 'native'}, disk.find('driver').attrib)
        self.assertIsNotNone(disk.find('shareable'))


class InterfaceConfigTestCase(testtools.TestCase):

    def test_ethernet(self):
        interface = _parse(config.LibvirtConfigGuestInterface(
            mac_addr='fa:16:3e:12:34:56', target_dev='tap1234'))
        self.assertEqual('ethernet', interface.get('type'))
        self.assertEqual('fa:16:3e:12:34:56',
                         interface.find('mac').get('address'))
        self.assertEqual('tap1234', interface.find('target').get('dev'))
        self.assertEqual('virtio', interface.find('model').get('type'))
        self.assertIsNone(interface.find('source'))

    def test_network_without_mac(self):
        interface = _parse(config.LibvirtConfigGuestInterface(
            net_type='network', source_network='default', model=None))
        self.assertEqual('network', interface.get('type'))
        self.assertEqual('default', interface.find('source').get('network'))
        self.assertIsNone(interface.find('mac'))
        self.assertIsNone(interface.find('model'))


class SerialConfigTestCase(testtools.TestCase):

    def test_pty(self):
        serial = _parse(config.LibvirtConfigGuestSerial())
        self.assertEqual('pty', serial.get('type'))
        self.assertEqual('0', serial.find('target').get('port'))


class SchemaTestCase(testtools.TestCase):
    """What a real libvirtd would be given is valid for libvirt's schema."""

    def test_full_guest_is_valid(self):
        guest = config.LibvirtConfigGuest(
            virt_type='qemu', name='instance-00000001',
            uuid='3c4f2a0e-2a0b-4fb4-9a0e-9f4bd4b0d7a1', memory=65536,
            vcpus=1, arch='x86_64', machine='pc', description='a & <b>')
        guest.add_device(config.LibvirtConfigGuestDisk('/srv/disk'))
        guest.add_device(config.LibvirtConfigGuestDisk(
            '/dev/sdb', target_dev='vdb', source_type='block',
            driver_format='raw', serial='vol-1', readonly=True))
        guest.add_device(config.LibvirtConfigGuestInterface(
            mac_addr='fa:16:3e:00:00:01', target_dev='tap1'))
        guest.add_device(config.LibvirtConfigGuestInterface(
            net_type='network', source_network='default'))
        guest.add_device(config.LibvirtConfigGuestSerial())
        schema.assert_valid_domain(self, guest.to_xml())
