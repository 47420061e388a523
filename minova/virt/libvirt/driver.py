"""The libvirt virt driver: guests as libvirt domains.

With ``[libvirt] connection_uri = test:///default`` (the default) it drives
libvirt's in-process test hypervisor: no daemon, no disks, fast. With
``qemu:///system`` it drives real qemu through libvirtd, and the root disk
is a qcow2 overlay of the image file under
``$state_path/instances/<uuid>/disk``.

Volume attach is the minimal path for connection_info that names a local
``device_path``; the per-type volume drivers
(``minova.virt.libvirt.volume_drivers``) will replace
:meth:`LibvirtDriver._get_volume_config`.
"""

import json
import os
import shutil
import stat
import subprocess
import time

from oslo_log import log as logging

from minova.compute import power_state
from minova import exception
from minova.virt import driver
from minova.virt.libvirt import config as vconfig
from minova.virt.libvirt import host as libvirt_host

LOG = logging.getLogger(__name__)

# Seconds spawn and power_on wait for the domain to report RUNNING.
BOOT_TIMEOUT = 30
ISCSI_INITIATOR_FILE = '/etc/iscsi/initiatorname.iscsi'
# Disk device name prefix by bus: vda, sda, hda.
DISK_PREFIX = {'virtio': 'vd', 'scsi': 'sd', 'sata': 'sd', 'usb': 'sd',
               'ide': 'hd'}
BUS_BY_PREFIX = {'vd': 'virtio', 'sd': 'scsi', 'hd': 'ide'}
# Glance disk_format -> qemu-img format, where they differ.
QEMU_IMG_FORMAT = {'vhd': 'vpc'}


class LibvirtDriver(driver.ComputeDriver):
    """Drives the hypervisor behind ``[libvirt] connection_uri``."""

    capabilities = {
        # Needs a hypervisor that can hotplug (qemu, not test:///default).
        'supports_attach_volume': True,
        'supports_pause': True,
        'supports_suspend': True,
        'supports_reboot': True,
    }

    def __init__(self, conf, virtapi=None):
        super().__init__(conf, virtapi)
        self._host = libvirt_host.Host(conf.libvirt.connection_uri)
        self._instances_path = os.path.join(conf.state_path, 'instances')

    def init_host(self, host):
        """Connect now, so a wrong URI stops the compute at start."""
        super().init_host(host)
        self._host.get_connection()

    def cleanup_host(self, host):
        self._host.close()

    # -- spawn and destroy -------------------------------------------------

    def spawn(self, context, instance, image_meta, injected_files,
              admin_password, allocations, network_info=None,
              block_device_info=None):
        if self._host.find_guest(instance) is not None:
            raise exception.InstanceExists(name=instance.name)
        try:
            disk_path = self._create_image(instance, image_meta)
            guest_conf = self._get_guest_config(
                instance, image_meta, network_info, disk_path)
            guest = self._host.write_instance_config(guest_conf.to_xml())
            guest.launch()
            if not guest.wait_for_power_state(power_state.RUNNING,
                                              BOOT_TIMEOUT):
                raise exception.InstanceDeployFailure(
                    instance_uuid=instance.uuid,
                    reason='the guest did not reach RUNNING within %ss' %
                    BOOT_TIMEOUT)
        except Exception as e:
            LOG.exception('Spawning %s failed; removing what was created',
                          instance.uuid)
            self._cleanup_failed_spawn(context, instance)
            if isinstance(e, exception.MinovaException):
                raise
            raise exception.InstanceDeployFailure(
                instance_uuid=instance.uuid, reason=_reason(e)) from e
        LOG.info('Spawned %s (%s)', instance.name, instance.uuid)

    def _cleanup_failed_spawn(self, context, instance):
        """Remove a half-made guest; never hide the error that got us here."""
        try:
            self.destroy(context, instance)
        except Exception:
            LOG.exception('Could not clean up after the failed spawn of %s',
                          instance.uuid)

    def destroy(self, context, instance, network_info=None,
                block_device_info=None, destroy_disks=True):
        guest = self._host.find_guest(instance)
        if guest is not None:
            guest.poweroff()
            guest.delete_configuration()
        if destroy_disks:
            shutil.rmtree(self._instance_dir(instance), ignore_errors=True)

    def _instance_dir(self, instance):
        return os.path.join(self._instances_path, instance.uuid)

    def _create_image(self, instance, image_meta):
        """Make the root disk; return its path, or None for no disk.

        Only a real hypervisor with a local image file gets a disk: a qcow2
        overlay whose backing file is the image, so a boot copies nothing.
        """
        image_file = driver.image_meta_get(image_meta, 'file')
        if not image_file or self._host.is_test_driver():
            return None
        image_format = driver.image_meta_get(image_meta, 'disk_format', 'raw')
        image_format = QEMU_IMG_FORMAT.get(image_format, image_format)
        root_gb = instance.flavor.root_gb
        if root_gb:
            virtual_size = json.loads(_run(
                'qemu-img', 'info', '--output=json', '-f', image_format,
                image_file))['virtual-size']
            if root_gb * 1024 ** 3 < virtual_size:
                raise exception.InstanceDeployFailure(
                    instance_uuid=instance.uuid,
                    reason='flavor %s has root_gb %d, smaller than the '
                           'image (%d bytes); pick a larger flavor' % (
                               instance.flavor.name, root_gb, virtual_size))
        os.makedirs(self._instance_dir(instance), exist_ok=True)
        disk_path = os.path.join(self._instance_dir(instance), 'disk')
        command = ['qemu-img', 'create', '-f', 'qcow2', '-b',
                   os.path.abspath(image_file), '-F', image_format, disk_path]
        if root_gb:
            command.append('%dG' % root_gb)
        _run(*command)
        return disk_path

    def _get_guest_config(self, instance, image_meta, network_info,
                          disk_path):
        """The domain for ``instance``, built from its flavor and image."""
        flavor = instance.flavor
        guest = vconfig.LibvirtConfigGuest(
            virt_type=self._virt_type(), name=instance.name,
            uuid=instance.uuid, memory=flavor.memory_mb * 1024,
            vcpus=flavor.vcpus,
            arch=driver.image_property(image_meta, 'hw_architecture',
                                       self._host.get_node_info()[0]),
            machine=driver.image_property(image_meta, 'hw_machine_type'),
            description=instance.display_name)
        if disk_path:
            bus = driver.image_property(image_meta, 'hw_disk_bus', 'virtio')
            if bus not in DISK_PREFIX:
                raise exception.InstanceDeployFailure(
                    instance_uuid=instance.uuid,
                    reason='image property hw_disk_bus=%r is not one of %s'
                    % (bus, ', '.join(sorted(DISK_PREFIX))))
            guest.add_device(vconfig.LibvirtConfigGuestDisk(
                source_path=disk_path, target_dev=DISK_PREFIX[bus] + 'a',
                target_bus=bus, driver_format='qcow2'))
        vif_model = driver.image_property(image_meta, 'hw_vif_model',
                                          'virtio')
        for vif in network_info or []:
            guest.add_device(vconfig.LibvirtConfigGuestInterface(
                mac_addr=vif.get('address'), target_dev=vif.get('devname'),
                model=vif_model))
        guest.add_device(vconfig.LibvirtConfigGuestSerial())
        return guest

    def _virt_type(self):
        """The domain type: the test hypervisor only accepts ``test``."""
        if self._host.is_test_driver():
            return 'test'
        return self.conf.libvirt.virt_type

    # -- power -------------------------------------------------------------

    def reboot(self, context, instance, network_info, reboot_type,
               block_device_info=None):
        guest = self._host.get_guest(instance)
        if reboot_type == 'SOFT' and guest.is_active():
            try:
                guest.reboot()
                return
            except Exception as e:
                LOG.warning('Soft reboot of %s failed (%s); rebooting hard',
                            instance.uuid, e)
        guest.poweroff()
        self._launch(instance, guest)

    def power_off(self, instance, timeout=0, retry_interval=0):
        guest = self._host.get_guest(instance)
        if timeout and guest.is_active():
            self._clean_shutdown(guest, timeout, retry_interval or 1)
        guest.poweroff()

    def _clean_shutdown(self, guest, timeout, retry_interval):
        """Ask the guest to shut down until it has, or ``timeout`` passed."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            guest.shutdown()
            wait = min(retry_interval, max(0, deadline - time.monotonic()))
            if guest.wait_for_power_state(power_state.SHUTDOWN, wait):
                return True
        return False

    def power_on(self, context, instance, network_info,
                 block_device_info=None):
        guest = self._host.get_guest(instance)
        if not guest.is_active():
            self._launch(instance, guest)

    def _launch(self, instance, guest):
        guest.launch()
        if not guest.wait_for_power_state(power_state.RUNNING,
                                          BOOT_TIMEOUT):
            LOG.warning('%s did not reach RUNNING within %ss',
                        instance.uuid, BOOT_TIMEOUT)

    def pause(self, instance):
        self._host.get_guest(instance).pause()

    def unpause(self, instance):
        self._host.get_guest(instance).resume()

    def suspend(self, context, instance):
        self._host.get_guest(instance).save_memory_state()

    def resume(self, context, instance, network_info,
               block_device_info=None):
        self._launch(instance, self._host.get_guest(instance))

    # -- snapshots ---------------------------------------------------------

    def snapshot(self, context, instance, image_path):
        """The root disk flattened into a standalone qcow2 (``qemu-img
        convert`` reads through the backing image). A running guest is
        paused for the copy, so that the disk does not change under it,
        and resumed after; ``-U`` because qemu holds a lock on the file.

        A guest without a disk (all of ``test:///default``'s) gives an
        empty raw file (booting from it works there, and only there).
        """
        guest = self._host.get_guest(instance)
        disk_path = os.path.join(self._instance_dir(instance), 'disk')
        if not os.path.exists(disk_path):  # test:///default makes none
            open(image_path, 'wb').close()
            return 'raw'
        running = guest.get_power_state() == power_state.RUNNING
        if running:
            guest.pause()
        try:
            _run('qemu-img', 'convert', '-U', '-O', 'qcow2', disk_path,
                 image_path)
        finally:
            if running:
                guest.resume()
        return 'qcow2'

    # -- inventory ---------------------------------------------------------

    def get_info(self, instance):
        return self._host.get_guest(instance).get_info()

    def list_instances(self):
        return [guest.name for guest in self._host.list_guests()]

    def list_instance_uuids(self):
        return [guest.uuid for guest in self._host.list_guests()]

    def instance_exists(self, instance):
        return self._host.find_guest(instance) is not None

    def get_available_resource(self, nodename):
        """Totals from the node info; used amounts summed over every defined
        domain (a stopped guest keeps its claim); disk from the file system
        that holds ``$state_path/instances``."""
        arch, memory_mb, cpus, _mhz, _nodes, sockets, cores, threads = (
            self._host.get_node_info()[:8])
        guests = self._host.list_guests()
        vcpus_used = memory_mb_used = running = 0
        for guest in guests:
            vcpus, memory = guest.get_resources()
            vcpus_used += vcpus
            memory_mb_used += memory
            running += guest.is_active()
        disk = os.statvfs(_existing_parent(self._instances_path))
        gib = 1024 ** 3
        return {
            'vcpus': cpus,
            'memory_mb': memory_mb,
            'local_gb': disk.f_frsize * disk.f_blocks // gib,
            'vcpus_used': vcpus_used,
            'memory_mb_used': memory_mb_used,
            'local_gb_used':
                disk.f_frsize * (disk.f_blocks - disk.f_bfree) // gib,
            'running_vms': running,
            'hypervisor_type': self._host.get_hypervisor_type(),
            'hypervisor_version': self._host.get_version(),
            'hypervisor_hostname': nodename,
            'cpu_info': json.dumps({
                'arch': arch, 'model': arch, 'vendor': None,
                'topology': {'sockets': sockets, 'cores': cores,
                             'threads': threads},
                'features': []}),
            'supported_instances': self._host.get_supported_instances(),
        }

    # -- volumes -----------------------------------------------------------

    def get_volume_connector(self, instance):
        connector = {'ip': self.get_host_ip_addr(), 'host': self._hostname}
        initiator = _read_initiator_name()
        if initiator:
            connector['initiator'] = initiator
        return connector

    def attach_volume(self, context, connection_info, instance, mountpoint,
                      disk_bus=None, device_type=None, encryption=None):
        guest = self._host.get_guest(instance)
        disk = self._get_volume_config(connection_info, mountpoint,
                                       disk_bus, device_type)
        guest.attach_device(disk, persistent=True, live=guest.is_active())

    def detach_volume(self, context, connection_info, instance, mountpoint,
                      encryption=None):
        guest = self._host.find_guest(instance)
        target = _device_name(mountpoint)
        disk_xml = guest and guest.get_disk_xml(target)
        if disk_xml is None:
            return
        live = guest.is_active()
        guest.detach_device(disk_xml, persistent=True, live=live)
        if live:
            self._wait_for_detach(instance, guest, target)

    def _wait_for_detach(self, instance, guest, target):
        """A live detach only asks the guest: wait until it let the device
        go, or fail (the volume must not look free while it is plugged)."""
        timeout = self.conf.libvirt.device_detach_timeout
        deadline = time.monotonic() + timeout
        while guest.get_disk_xml(target) is not None:
            if time.monotonic() >= deadline:
                raise exception.DeviceDetachFailed(
                    device=target, instance_uuid=instance.uuid, reason=(
                        'the guest did not release it within %ss ([libvirt] '
                        'device_detach_timeout); its OS must handle PCI '
                        'hot-unplug. Stop the server and detach the volume '
                        'again' % timeout))
            time.sleep(0.1)

    def _get_volume_config(self, connection_info, mountpoint, disk_bus=None,
                           device_type=None):
        """The ``<disk>`` of a volume whose connection_info gives a local
        ``device_path`` (a block device or a file)."""
        data = connection_info.get('data') or {}
        path = data.get('device_path')
        if not path:
            raise exception.VolumeDriverNotFound(
                driver_type=connection_info.get('driver_volume_type'))
        is_block = os.path.exists(path) and stat.S_ISBLK(os.stat(path).st_mode)
        target_dev = _device_name(mountpoint)
        return vconfig.LibvirtConfigGuestDisk(
            source_path=path, target_dev=target_dev,
            target_bus=disk_bus or BUS_BY_PREFIX.get(target_dev[:2], 'virtio'),
            driver_format=data.get('format', 'raw'),
            source_type='block' if is_block else 'file',
            source_device=device_type or 'disk',
            serial=connection_info.get('serial') or data.get('volume_id'))


def _device_name(mountpoint):
    """``/dev/vdb`` -> ``vdb``."""
    return mountpoint.rsplit('/', 1)[-1]


def _existing_parent(path):
    """``path`` or its nearest existing parent, for statvfs before the first
    instance directory is made."""
    while not os.path.exists(path):
        path = os.path.dirname(path)
    return path


def _read_initiator_name():
    try:
        with open(ISCSI_INITIATOR_FILE) as f:
            for line in f:
                if line.startswith('InitiatorName='):
                    return line.split('=', 1)[1].strip()
    except OSError:
        return None
    return None


def _run(*command):
    """Run a command; its stderr becomes the error a user reads."""
    try:
        return subprocess.run(command, check=True, capture_output=True,
                              text=True).stdout
    except subprocess.CalledProcessError as e:
        raise RuntimeError('%s failed: %s' % (
            ' '.join(command), e.stderr.strip() or e.returncode))


def _reason(error):
    """A one-line reason from a libvirt or OS error, for the fault."""
    get_message = getattr(error, 'get_error_message', None)
    return get_message() if get_message else str(error)
