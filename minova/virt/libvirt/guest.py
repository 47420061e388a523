"""A libvirt domain, with the operations the driver needs named plainly.

:class:`Guest` hides libvirt's flag arguments and error codes: the races it
tolerates (stopping a guest that already stopped, removing one that is gone)
are decided here, once, so the driver reads as a list of steps.
"""

import time
import xml.etree.ElementTree as ET

from oslo_log import log as logging

from minova.compute import power_state
from minova import exception
from minova.virt import driver

try:
    import libvirt
except ImportError:  # Guest objects only exist once a connection does
    libvirt = None

LOG = logging.getLogger(__name__)

# libvirt's virDomainState values, spelled out so that this map can be read
# (and imported) without the libvirt binding.
VIR_DOMAIN_NOSTATE = 0
VIR_DOMAIN_RUNNING = 1
VIR_DOMAIN_BLOCKED = 2
VIR_DOMAIN_PAUSED = 3
VIR_DOMAIN_SHUTDOWN = 4
VIR_DOMAIN_SHUTOFF = 5
VIR_DOMAIN_CRASHED = 6
VIR_DOMAIN_PMSUSPENDED = 7

LIBVIRT_POWER_STATE = {
    VIR_DOMAIN_NOSTATE: power_state.NOSTATE,
    VIR_DOMAIN_RUNNING: power_state.RUNNING,
    # BLOCKED is a running guest waiting on I/O.
    VIR_DOMAIN_BLOCKED: power_state.RUNNING,
    VIR_DOMAIN_PAUSED: power_state.PAUSED,
    # SHUTDOWN is "shutting down": it is not off yet, but on its way, and
    # Nova reports it as SHUTDOWN too.
    VIR_DOMAIN_SHUTDOWN: power_state.SHUTDOWN,
    VIR_DOMAIN_SHUTOFF: power_state.SHUTDOWN,
    VIR_DOMAIN_CRASHED: power_state.CRASHED,
    VIR_DOMAIN_PMSUSPENDED: power_state.SUSPENDED,
}

POLL_INTERVAL = 0.05
# How long a volume swap's block copy may take before it is given up (the
# guest keeps its old disk): an hour covers a few hundred GB on local disks.
COPY_TIMEOUT = 3600


def _error_code(error):
    return error.get_error_code()


class Guest:
    """Wraps one ``virDomain``."""

    def __init__(self, domain):
        self._domain = domain

    @property
    def uuid(self):
        return self._domain.UUIDString()

    @property
    def name(self):
        return self._domain.name()

    # -- power -------------------------------------------------------------

    def launch(self, pause=False):
        """Start the defined domain (from its managed save, if it has one)."""
        flags = libvirt.VIR_DOMAIN_START_PAUSED if pause else 0
        self._domain.createWithFlags(flags)

    def poweroff(self):
        """Pull the plug; a guest that is already off or gone is fine."""
        try:
            self._domain.destroy()
        except libvirt.libvirtError as e:
            if _error_code(e) not in (libvirt.VIR_ERR_OPERATION_INVALID,
                                      libvirt.VIR_ERR_NO_DOMAIN):
                raise

    def shutdown(self):
        """Ask the guest OS to shut down (ACPI); it may ignore us."""
        self._domain.shutdown()

    def reboot(self):
        """Ask the guest OS to reboot."""
        self._domain.reboot(0)

    def pause(self):
        self._domain.suspend()

    def resume(self):
        self._domain.resume()

    def save_memory_state(self):
        """Save memory to libvirt's managed save file and stop; the next
        :meth:`launch` restores it."""
        self._domain.managedSave(0)

    def delete_configuration(self):
        """Undefine the domain and its managed save image; gone is fine."""
        try:
            if self._domain.isPersistent():
                self._domain.undefineFlags(
                    libvirt.VIR_DOMAIN_UNDEFINE_MANAGED_SAVE)
        except libvirt.libvirtError as e:
            if _error_code(e) != libvirt.VIR_ERR_NO_DOMAIN:
                raise

    def is_active(self):
        return bool(self._domain.isActive())

    def get_power_state(self):
        state, _reason = self._domain.state()
        return LIBVIRT_POWER_STATE.get(state, power_state.NOSTATE)

    def get_info(self):
        return driver.InstanceInfo(state=self.get_power_state(),
                                   internal_id=self._domain.ID())

    def get_resources(self):
        """``(vcpus, memory_mb)`` the domain is defined with."""
        _state, max_mem_kib, _mem, vcpus, _cpu_time = self._domain.info()
        return vcpus, max_mem_kib // 1024

    def wait_for_power_state(self, state, timeout):
        """Poll until the guest is in ``state``; False after ``timeout`` s."""
        deadline = time.monotonic() + timeout
        while self.get_power_state() != state:
            if time.monotonic() >= deadline:
                return False
            time.sleep(POLL_INTERVAL)
        return True

    # -- devices -----------------------------------------------------------

    def get_xml_desc(self):
        return self._domain.XMLDesc(0)

    def get_disk_xml(self, target_dev):
        """The ``<disk>`` element whose target is ``target_dev``, or None."""
        domain = ET.fromstring(self.get_xml_desc())
        for disk in domain.findall('./devices/disk'):
            target = disk.find('target')
            if target is not None and target.get('dev') == target_dev:
                return ET.tostring(disk, encoding='unicode')
        return None

    def attach_device(self, conf, persistent=True, live=True):
        """Add a device (a config object) to the config and/or running guest.

        libvirt applies both or neither, so a refusal leaves the guest as it
        was; a hypervisor that cannot hotplug at all raises
        :class:`~minova.exception.VirtOperationNotSupported`.
        """
        self._change_device(self._domain.attachDeviceFlags, conf.to_xml(),
                            persistent, live, 'Attaching a device')

    def detach_device(self, xml, persistent=True, live=True):
        """Remove the device described by ``xml`` (see :meth:`get_disk_xml`)."""
        self._change_device(self._domain.detachDeviceFlags, xml,
                            persistent, live, 'Detaching a device')

    def copy_disk(self, target_dev, conf, old_xml, timeout=COPY_TIMEOUT):
        """Copy the running guest's disk ``target_dev`` into the existing
        volume ``conf`` describes, then pivot the guest onto it (libvirt's
        block copy, a transient job so that a persistent domain allows
        it); the persistent config then gets the new disk too. On failure
        the job is cancelled and the guest keeps ``old_xml``'s disk."""
        new_xml = conf.to_xml()
        try:
            self._domain.blockCopy(
                target_dev, new_xml, None,
                libvirt.VIR_DOMAIN_BLOCK_COPY_REUSE_EXT |
                libvirt.VIR_DOMAIN_BLOCK_COPY_TRANSIENT_JOB)
        except libvirt.libvirtError as e:
            if _error_code(e) == libvirt.VIR_ERR_NO_SUPPORT:
                raise exception.VirtOperationNotSupported(
                    operation='Copying a disk (swap volume)',
                    uri=self._domain.connect().getURI(),
                    reason=e.get_error_message())
            raise
        try:
            self._pivot_when_ready(target_dev, timeout)
        except Exception:
            try:
                self._domain.blockJobAbort(target_dev, 0)
            except libvirt.libvirtError as e:
                LOG.warning('Could not cancel the copy of %s: %s',
                            target_dev, e)
            raise
        flags = libvirt.VIR_DOMAIN_AFFECT_CONFIG
        self._domain.detachDeviceFlags(old_xml, flags)
        self._domain.attachDeviceFlags(new_xml, flags)

    def _pivot_when_ready(self, target_dev, timeout):
        """Wait for the copy to mirror every block, then switch to it."""
        deadline = time.monotonic() + timeout
        while True:
            info = self._domain.blockJobInfo(target_dev, 0)
            if not info:
                raise exception.MinovaException(
                    'the copy of %s ended before it was complete' %
                    target_dev)
            if info['end'] and info['cur'] == info['end']:
                try:
                    self._domain.blockJobAbort(
                        target_dev, libvirt.VIR_DOMAIN_BLOCK_JOB_ABORT_PIVOT)
                    return
                except libvirt.libvirtError as e:
                    # Mirrored, but qemu has not said "ready" yet.
                    if _error_code(e) != libvirt.VIR_ERR_BLOCK_COPY_ACTIVE:
                        raise
            if time.monotonic() >= deadline:
                raise exception.MinovaException(
                    'the copy of %s did not complete within %ss' % (
                        target_dev, timeout))
            time.sleep(POLL_INTERVAL)

    def resize_disk(self, target_dev, size_bytes):
        self._domain.blockResize(target_dev, size_bytes,
                                 libvirt.VIR_DOMAIN_BLOCK_RESIZE_BYTES)

    def _change_device(self, method, xml, persistent, live, operation):
        flags = 0
        if persistent:
            flags |= libvirt.VIR_DOMAIN_AFFECT_CONFIG
        if live:
            flags |= libvirt.VIR_DOMAIN_AFFECT_LIVE
        try:
            method(xml, flags)
        except libvirt.libvirtError as e:
            if _error_code(e) == libvirt.VIR_ERR_NO_SUPPORT:
                raise exception.VirtOperationNotSupported(
                    operation=operation,
                    uri=self._domain.connect().getURI(),
                    reason=e.get_error_message())
            raise
