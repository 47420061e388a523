"""Small config objects that build libvirt domain XML.

Each object holds plain attributes and knows how to turn itself into an
element (:meth:`LibvirtConfigObject.format_dom`), so the driver decides what
a guest looks like in Python and never formats XML strings by hand. Only
what minova uses is here; the names are Nova's.
"""

import xml.etree.ElementTree as ET


class LibvirtConfigObject:
    """Base: ``root_name`` is the element tag, ``format_dom`` fills it."""

    root_name = None

    def format_dom(self):
        return ET.Element(self.root_name)

    def to_xml(self):
        element = self.format_dom()
        ET.indent(element)
        return ET.tostring(element, encoding='unicode')


def _sub(parent, tag, text=None, **attrs):
    """Append ``<tag attrs>text</tag>`` to ``parent``; skip None attrs."""
    child = ET.SubElement(
        parent, tag, {k: str(v) for k, v in attrs.items() if v is not None})
    if text is not None:
        child.text = str(text)
    return child


class LibvirtConfigGuestDisk(LibvirtConfigObject):
    """A disk backed by a file (``source_type='file'``), a block device
    (``'block'``) or a network service such as Ceph (``'network'``: then
    ``source_protocol``, ``source_name``, ``source_hosts`` and
    ``source_ports`` say where, and ``auth_*`` which libvirt secret logs
    in)."""

    root_name = 'disk'

    def __init__(self, source_path=None, target_dev='vda',
                 target_bus='virtio', driver_format='qcow2',
                 source_type='file', source_device='disk', serial=None,
                 readonly=False):
        self.source_path = source_path
        self.target_dev = target_dev
        self.target_bus = target_bus
        self.driver_name = 'qemu'
        self.driver_format = driver_format
        # None: libvirt's default. 'none' needs O_DIRECT, which tmpfs and
        # some overlay file systems refuse.
        self.driver_cache = None
        self.source_type = source_type
        self.source_device = source_device
        self.serial = serial
        self.readonly = readonly
        # Volumes: several guests may share it (multiattach).
        self.shareable = False
        self.driver_io = None
        self.driver_discard = None
        self.source_protocol = None
        self.source_name = None
        self.source_hosts = []
        self.source_ports = []
        self.auth_username = None
        self.auth_secret_type = None
        self.auth_secret_uuid = None

    def format_dom(self):
        disk = ET.Element('disk', type=self.source_type,
                          device=self.source_device)
        _sub(disk, 'driver', name=self.driver_name, type=self.driver_format,
             cache=self.driver_cache, io=self.driver_io,
             discard=self.driver_discard)
        if self.source_type == 'network':
            self._format_network_source(disk)
        else:
            source_attr = 'dev' if self.source_type == 'block' else 'file'
            _sub(disk, 'source', **{source_attr: self.source_path})
        _sub(disk, 'target', dev=self.target_dev, bus=self.target_bus)
        if self.serial:
            _sub(disk, 'serial', self.serial)
        if self.readonly:
            _sub(disk, 'readonly')
        if self.shareable:
            _sub(disk, 'shareable')
        return disk

    def _format_network_source(self, disk):
        source = _sub(disk, 'source', protocol=self.source_protocol,
                      name=self.source_name)
        for index, host in enumerate(self.source_hosts):
            port = (self.source_ports[index]
                    if index < len(self.source_ports) else None)
            _sub(source, 'host', name=host, port=port)
        if self.auth_username:
            auth = _sub(disk, 'auth', username=self.auth_username)
            _sub(auth, 'secret', type=self.auth_secret_type,
                 uuid=self.auth_secret_uuid)


class LibvirtConfigGuestInterface(LibvirtConfigObject):
    """A NIC. ``net_type='ethernet'`` needs nothing defined on the host
    (libvirt makes a tap device); ``'network'`` plugs into a libvirt
    network named ``source_network``."""

    root_name = 'interface'

    def __init__(self, mac_addr=None, net_type='ethernet', model='virtio',
                 target_dev=None, source_network=None):
        self.mac_addr = mac_addr
        self.net_type = net_type
        self.model = model
        self.target_dev = target_dev
        self.source_network = source_network

    def format_dom(self):
        interface = ET.Element('interface', type=self.net_type)
        if self.mac_addr:
            _sub(interface, 'mac', address=self.mac_addr)
        if self.net_type == 'network':
            _sub(interface, 'source', network=self.source_network)
        if self.target_dev:
            _sub(interface, 'target', dev=self.target_dev)
        if self.model:
            _sub(interface, 'model', type=self.model)
        return interface


class LibvirtConfigGuestSerial(LibvirtConfigObject):
    """A serial port on a host pty: the guest's console log, later."""

    root_name = 'serial'

    def __init__(self, port=0):
        self.type = 'pty'
        self.port = port

    def format_dom(self):
        serial = ET.Element('serial', type=self.type)
        _sub(serial, 'target', port=self.port)
        return serial


class LibvirtConfigGuest(LibvirtConfigObject):
    """A domain: identity, size, firmware and devices.

    ``virt_type`` is the domain ``type`` (``kvm``, ``qemu``, or ``test`` for
    libvirt's test driver); ``memory`` is in KiB, as libvirt counts.
    """

    root_name = 'domain'

    def __init__(self, virt_type='qemu', name=None, uuid=None, memory=0,
                 vcpus=1, os_type='hvm', arch=None, machine=None,
                 description=None):
        self.virt_type = virt_type
        self.name = name
        self.uuid = uuid
        self.memory = memory
        self.vcpus = vcpus
        self.os_type = os_type
        self.arch = arch
        self.machine = machine
        self.description = description
        # ACPI lets the guest shut down cleanly on request, and is needed
        # for PCI hotplug of disks on the i440fx machine.
        self.features = ['acpi']
        self.devices = []

    def add_device(self, device):
        self.devices.append(device)

    def format_dom(self):
        domain = ET.Element('domain', type=self.virt_type)
        _sub(domain, 'name', self.name)
        _sub(domain, 'uuid', self.uuid)
        if self.description:
            _sub(domain, 'description', self.description)
        _sub(domain, 'memory', self.memory, unit='KiB')
        _sub(domain, 'vcpu', self.vcpus)
        os_element = _sub(domain, 'os')
        _sub(os_element, 'type', self.os_type, arch=self.arch,
             machine=self.machine)
        _sub(os_element, 'boot', dev='hd')
        if self.features:
            features = _sub(domain, 'features')
            for feature in self.features:
                _sub(features, feature)
        _sub(domain, 'on_poweroff', 'destroy')
        _sub(domain, 'on_reboot', 'restart')
        _sub(domain, 'on_crash', 'destroy')
        devices = _sub(domain, 'devices')
        for device in self.devices:
            devices.append(device.format_dom())
        return domain
