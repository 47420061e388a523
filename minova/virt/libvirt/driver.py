"""The libvirt virt driver: guests as libvirt domains.

With ``[libvirt] connection_uri = test:///default`` (the default) it drives
libvirt's in-process test hypervisor: no daemon, no disks, fast. With
``qemu:///system`` it drives real qemu through libvirtd, and the root disk
is a qcow2 overlay of the image file under
``$state_path/instances/<uuid>/disk``.

Volumes reach the host through the libvirt volume driver of their
``driver_volume_type`` (stevedore namespace
``minova.virt.libvirt.volume_drivers``: local, iscsi, nfs, rbd), which
connects them and describes their ``<disk>``; the host's connector comes
from os-brick, as Nova's does.
"""

import json
import os
import shutil
import subprocess
import threading
import time
import xml.etree.ElementTree as ET

from os_brick.initiator import connector
from oslo_log import log as logging
from oslo_utils import excutils

from minova.compute import power_state
from minova import exception
from minova import plugins
from minova.virt import driver
from minova.virt.libvirt import blockinfo
from minova.virt.libvirt import config as vconfig
from minova.virt.libvirt import host as libvirt_host
from minova.virt.libvirt import migration
from minova.virt.libvirt.volume import brick

LOG = logging.getLogger(__name__)

# Seconds spawn and power_on wait for the domain to report RUNNING.
BOOT_TIMEOUT = 30
# Disk device name prefix by bus: vda, sda, hda.
DISK_PREFIX = {'virtio': 'vd', 'scsi': 'sd', 'sata': 'sd', 'usb': 'sd',
               'ide': 'hd'}
VOLUME_DRIVERS = 'minova.virt.libvirt.volume_drivers'
# Glance disk_format -> qemu-img format, where they differ.
QEMU_IMG_FORMAT = {'vhd': 'vpc'}


class LibvirtDriver(migration.MigrationMixin, driver.ComputeDriver):
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
        # driver_volume_type -> its volume driver, made on first use.
        self._volume_drivers = {}
        self._volume_drivers_lock = threading.Lock()

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
            self._connect_volumes(context, instance, block_device_info)
            disk_path = None
            if blockinfo.get_root_volume(block_device_info) is None:
                disk_path = self._create_image(instance, image_meta)
            guest_conf = self._get_guest_config(
                instance, image_meta, network_info, disk_path,
                block_device_info)
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
            self._cleanup_failed_spawn(context, instance, block_device_info)
            if isinstance(e, exception.MinovaException):
                raise
            raise exception.InstanceDeployFailure(
                instance_uuid=instance.uuid, reason=_reason(e)) from e
        LOG.info('Spawned %s (%s)', instance.name, instance.uuid)

    def _cleanup_failed_spawn(self, context, instance,
                              block_device_info=None):
        """Remove a half-made guest; never hide the error that got us here."""
        try:
            self.destroy(context, instance,
                         block_device_info=block_device_info)
        except Exception:
            LOG.exception('Could not clean up after the failed spawn of %s',
                          instance.uuid)

    def destroy(self, context, instance, network_info=None,
                block_device_info=None, destroy_disks=True):
        guest = self._host.find_guest(instance)
        if guest is not None:
            guest.poweroff()
            guest.delete_configuration()
        self._disconnect_volumes(context, instance, block_device_info)
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
                          disk_path, block_device_info=None):
        """The domain for ``instance``, built from its flavor and image; its
        volumes (connected already) follow the root disk, or are it."""
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
        for bdm in blockinfo.get_volumes(block_device_info):
            guest.add_device(self._get_volume_config(
                bdm['connection_info'], blockinfo.get_volume_disk_info(bdm)))
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

    def get_host_uptime(self):
        """The host's own ``uptime`` line (as Nova's libvirt driver)."""
        return _run('env', 'LANG=C', 'uptime')

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
        """os-brick's properties of this host (ip, host, the iSCSI
        initiator, NVMe host NQN, multipath...), as Nova gives them."""
        brick.setup(self.conf)
        return connector.get_connector_properties(
            brick.ROOT_HELPER, self.get_host_ip_addr(),
            self.conf.libvirt.volume_use_multipath, False,
            host=self._hostname)

    def attach_volume(self, context, connection_info, instance, mountpoint,
                      disk_bus=None, device_type=None, encryption=None):
        """Connect the volume to the host, then plug it into the guest,
        live if it runs and in its persistent config; if plugging fails
        the host is disconnected again and the error raised, for the
        caller to roll the attachment back."""
        guest = self._host.get_guest(instance)
        disk_info = blockinfo.get_disk_info(mountpoint, disk_bus, device_type)
        self._connect_volume(context, connection_info, instance)
        try:
            conf = self._get_volume_config(connection_info, disk_info)
            guest.attach_device(conf, persistent=True, live=guest.is_active())
        except Exception:
            with excutils.save_and_reraise_exception():
                self._disconnect_volume(context, connection_info, instance)

    def detach_volume(self, context, connection_info, instance, mountpoint,
                      encryption=None):
        """Unplug the disk at ``mountpoint`` (if the guest has it), then
        disconnect the volume from the host."""
        guest = self._host.find_guest(instance)
        target = blockinfo.device_name(mountpoint)
        disk_xml = guest and guest.get_disk_xml(target)
        if disk_xml is not None:
            live = guest.is_active()
            guest.detach_device(disk_xml, persistent=True, live=live)
            if live:
                self._wait_for_detach(instance, guest, target)
        if connection_info:
            self._disconnect_volume(context, connection_info, instance)

    def swap_volume(self, context, old_connection_info, new_connection_info,
                    instance, mountpoint, resize_to):
        """Nova's way: connect the new volume, let qemu copy the disk into
        it while the guest runs (a block copy job, then a pivot), write the
        new disk into the persistent config, then disconnect the old one."""
        guest = self._host.get_guest(instance)
        target = blockinfo.device_name(mountpoint)
        old_xml = guest.get_disk_xml(target)
        if old_xml is None:
            raise exception.DiskNotFound(location=mountpoint)
        bus = ET.fromstring(old_xml).find('target').get('bus')
        self._connect_volume(context, new_connection_info, instance)
        try:
            conf = self._get_volume_config(
                new_connection_info, blockinfo.get_disk_info(mountpoint,
                                                             bus))
            guest.copy_disk(target, conf, old_xml)
            if resize_to:
                guest.resize_disk(target, resize_to * 1024 ** 3)
        except Exception:
            with excutils.save_and_reraise_exception():
                self._disconnect_volume(context, new_connection_info,
                                        instance)
        self._disconnect_volume(context, old_connection_info, instance)

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

    def _get_volume_driver(self, connection_info):
        """The volume driver of the connection's ``driver_volume_type``."""
        driver_type = connection_info.get('driver_volume_type')
        with self._volume_drivers_lock:
            volume_driver = self._volume_drivers.get(driver_type)
            if volume_driver is None:
                installed = plugins.installed(VOLUME_DRIVERS)
                if driver_type not in installed:
                    raise exception.VolumeDriverNotFound(
                        driver_type=driver_type,
                        installed=', '.join(installed) or 'none')
                cls = plugins.load_class(VOLUME_DRIVERS, driver_type)
                volume_driver = cls(self._host, self.conf)
                self._volume_drivers[driver_type] = volume_driver
        return volume_driver

    def _connect_volume(self, context, connection_info, instance):
        self._get_volume_driver(connection_info).connect_volume(
            connection_info, instance)

    def _disconnect_volume(self, context, connection_info, instance):
        self._get_volume_driver(connection_info).disconnect_volume(
            connection_info, instance)

    def _get_volume_config(self, connection_info, disk_info):
        return self._get_volume_driver(connection_info).get_config(
            connection_info, disk_info)

    def _connect_volumes(self, context, instance, block_device_info):
        """Connect the volumes spawn puts into the domain."""
        for bdm in blockinfo.get_volumes(block_device_info):
            self._connect_volume(context, bdm['connection_info'], instance)

    def _disconnect_volumes(self, context, instance, block_device_info):
        """Disconnect the volumes of a destroyed guest; a failure is logged,
        not raised, so that the delete completes."""
        for bdm in blockinfo.get_volumes(block_device_info):
            try:
                self._disconnect_volume(context, bdm['connection_info'],
                                        instance)
            except Exception as e:
                LOG.warning('Could not disconnect the volume at %s: %s',
                            bdm.get('mount_device'), e, instance=instance)


def _existing_parent(path):
    """``path`` or its nearest existing parent, for statvfs before the first
    instance directory is made."""
    while not os.path.exists(path):
        path = os.path.dirname(path)
    return path


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
