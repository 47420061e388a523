"""The virt driver contract: how a compute service drives its hypervisor.

This module is the only code a virt driver author needs to read. A driver is
a subclass of :class:`ComputeDriver` declared as an entry point in the
``minova.virt.drivers`` namespace and chosen by ``[DEFAULT] compute_driver``.

The compute manager builds one driver per compute service, passing that
service's config object: there is no global ``CONF``, because several computes
with different ``[DEFAULT] host`` values may share one process (minova-all,
tests). A driver therefore keeps all of its state on ``self``.

What the driver receives:

``instance``
    Any object with the attributes ``uuid``, ``id`` (int), ``name`` (the
    hypervisor name, e.g. ``instance-00000001``, already formatted by the
    caller from ``[DEFAULT] instance_name_template``), ``host``,
    ``display_name``, ``image_ref`` and ``flavor``; ``flavor`` has
    ``name``, ``memory_mb``, ``vcpus``, ``root_gb``, ``ephemeral_gb`` and an
    ``extra_specs`` dict.
``image_meta``
    The image: ``id``, ``name``, ``disk_format``, ``container_format``, a
    ``properties`` dict (``hw_architecture``, ``hw_disk_bus``, ...) and,
    with the local image back end, ``file``, the path of the image file.
    It may be a mapping or an object: read it with :func:`image_meta_get`.
``network_info``
    A list of VIFs, each a mapping with at least ``address`` (the MAC) and
    optionally ``id`` and ``devname``.
``connection_info``
    What the volume service answered for an attachment: a mapping with
    ``driver_volume_type`` and ``data``.

Errors: raise :class:`minova.exception.InstanceNotFound` when asked about a
guest that does not exist (except in :meth:`ComputeDriver.destroy`), and a
named :class:`minova.exception.MinovaException` whose message says what to
change for anything a user or operator can fix; the compute manager records
that message as the instance fault.
"""

import dataclasses
import socket

from minova.compute import power_state


@dataclasses.dataclass(frozen=True)
class InstanceInfo:
    """What :meth:`ComputeDriver.get_info` answers about one guest.

    ``state`` is a :mod:`minova.compute.power_state` constant;
    ``internal_id`` is whatever the hypervisor calls the guest, for logs.
    """

    state: int = power_state.NOSTATE
    internal_id: object = None


def image_meta_get(image_meta, key, default=None):
    """Read ``key`` from ``image_meta``, be it a mapping or an object."""
    if image_meta is None:
        return default
    if hasattr(image_meta, 'get'):
        value = image_meta.get(key, default)
    else:
        value = getattr(image_meta, key, default)
    return default if value is None else value


def image_property(image_meta, name, default=None):
    """One of the image's ``properties`` (``hw_disk_bus``, ...)."""
    properties = image_meta_get(image_meta, 'properties', None) or {}
    value = properties.get(name)
    return default if value is None else value


class ComputeDriver:
    """Base class of virt drivers; the methods are those of Nova's.

    Methods that a driver does not support raise ``NotImplementedError``;
    :attr:`capabilities` says up front which optional ones it supports, so the
    API can refuse an action before casting it.
    """

    #: Optional features; a subclass replaces the dict, never mutates it.
    capabilities = {
        'supports_attach_volume': False,
        'supports_pause': False,
        'supports_suspend': False,
        'supports_reboot': False,
    }

    def __init__(self, conf, virtapi=None):
        """``conf`` is the compute service's own ``ConfigOpts``.

        ``virtapi`` is how a driver may call back into the compute manager;
        minova's in-tree drivers do not need it.
        """
        self.conf = conf
        self.virtapi = virtapi
        self._hostname = conf.host
        self._host_ip = None

    # -- service life cycle ------------------------------------------------

    def init_host(self, host):
        """Prepare the hypervisor when the compute service starts.

        Fail here, with a named error, when the hypervisor is unusable, so
        the service stops at start instead of failing every build.
        """
        self._hostname = host

    def cleanup_host(self, host):
        """Release what :meth:`init_host` acquired; the service is stopping."""

    # -- guests ------------------------------------------------------------

    def spawn(self, context, instance, image_meta, injected_files,
              admin_password, allocations, network_info=None,
              block_device_info=None):
        """Create and start a guest; return once it is running.

        On failure, remove whatever was created and raise: the compute
        manager then reschedules the build to another host.
        """
        raise NotImplementedError()

    def destroy(self, context, instance, network_info=None,
                block_device_info=None, destroy_disks=True):
        """Stop and remove the guest, and its disks when ``destroy_disks``.

        Idempotent: destroying a guest that does not exist is not an error,
        because a delete is retried after a compute restarts mid-way.
        """
        raise NotImplementedError()

    def rebuild(self, context, instance, image_meta, injected_files,
                admin_password, allocations, bdms, detach_block_devices,
                attach_block_devices, network_info=None, recreate=False,
                block_device_info=None, preserve_ephemeral=False):
        """Give ``instance`` a new guest from ``image_meta`` in one step
        (a hypervisor that can re-image in place). Optional: the compute
        manager's default destroys the guest and spawns a new one, which
        is what a driver that leaves this NotImplementedError gets."""
        raise NotImplementedError()

    def reboot(self, context, instance, network_info, reboot_type,
               block_device_info=None):
        """Reboot; ``reboot_type`` is ``'SOFT'`` (ask the guest) or ``'HARD'``."""
        raise NotImplementedError()

    def power_off(self, instance, timeout=0, retry_interval=0):
        """Power the guest off.

        With a ``timeout``, ask the guest OS to shut down first, every
        ``retry_interval`` seconds, and pull the plug when it has not after
        ``timeout`` seconds; with none, pull the plug at once.
        """
        raise NotImplementedError()

    def power_on(self, context, instance, network_info,
                 block_device_info=None):
        """Start a guest that is powered off."""
        raise NotImplementedError()

    def pause(self, instance):
        """Freeze the guest's vCPUs; its memory stays on the host."""
        raise NotImplementedError()

    def unpause(self, instance):
        raise NotImplementedError()

    def suspend(self, context, instance):
        """Save the guest's memory to disk and stop it, to resume later."""
        raise NotImplementedError()

    def resume(self, context, instance, network_info,
               block_device_info=None):
        raise NotImplementedError()

    def snapshot(self, context, instance, image_path):
        """Write the guest's root disk, as it is now, as a standalone image
        file at ``image_path`` (its directory exists, the file does not);
        return its disk_format, ``'qcow2'`` or ``'raw'``.

        The guest is left as it was (running, stopped, paused...). The
        compute manager hands the file to the image back end; on error it
        deletes the image. InstanceNotFound if there is no guest.
        """
        raise NotImplementedError()

    # -- resize and cold migrate (Nova's four methods) ---------------------

    def migrate_disk_and_power_off(self, context, instance, dest, flavor,
                                   network_info, block_device_info=None,
                                   timeout=0, retry_interval=0):
        """On the source: power the guest off and make its disks ready for
        host ``dest`` (copied there, or left where ``dest`` can take them).
        Keep what a revert needs. Returns ``disk_info``, a string handed to
        the destination's :meth:`finish_migration`."""
        raise NotImplementedError()

    def finish_migration(self, context, migration, instance, disk_info,
                         network_info, image_meta, resize_instance,
                         allocations, block_device_info=None, power_on=True):
        """On the destination: create the guest from the handed-over disks
        with ``instance.flavor`` (the new one; ``resize_instance`` says
        whether it changed) and start it when ``power_on``."""
        raise NotImplementedError()

    def confirm_migration(self, context, migration, instance, network_info):
        """On the source, once the move is confirmed: delete what
        :meth:`migrate_disk_and_power_off` kept for a revert."""
        raise NotImplementedError()

    def finish_revert_migration(self, context, instance, network_info,
                                migration, block_device_info=None,
                                power_on=True):
        """On the source, for a revert (or a failed move): bring back the
        guest as it was before :meth:`migrate_disk_and_power_off`, started
        when ``power_on``. The destination's copy was destroyed already."""
        raise NotImplementedError()

    def get_info(self, instance):
        """The guest's :class:`InstanceInfo`; InstanceNotFound if none."""
        raise NotImplementedError()

    def list_instances(self):
        """Hypervisor names (``instance.name``) of the guests on this host."""
        raise NotImplementedError()

    def list_instance_uuids(self):
        """UUIDs of the guests on this host."""
        raise NotImplementedError()

    def instance_exists(self, instance):
        """Whether the hypervisor has a guest for ``instance``."""
        return instance.uuid in self.list_instance_uuids()

    # -- the host's resources ----------------------------------------------

    def get_available_nodes(self, refresh=False):
        """Nodes this compute offers: one, named after the host."""
        return [self._hostname]

    def get_available_resource(self, nodename):
        """What ``nodename`` has and uses, with Nova's keys.

        ``vcpus``, ``memory_mb``, ``local_gb`` (totals), ``vcpus_used``,
        ``memory_mb_used``, ``local_gb_used``, ``hypervisor_type``,
        ``hypervisor_version`` (int), ``hypervisor_hostname``, ``cpu_info``
        (a JSON string) and ``supported_instances`` (a list of
        ``[arch, hypervisor_type, vm_mode]``).
        """
        raise NotImplementedError()

    def get_host_uptime(self):
        """The host's uptime, as the ``uptime`` command prints it, for
        ``GET /os-hypervisors/{id}/uptime``; NotImplementedError (501) for a
        driver that cannot tell."""
        raise NotImplementedError()

    def get_host_ip_addr(self):
        """The IP address of this compute host, for volume connectors."""
        if self._host_ip is None:
            try:
                self._host_ip = socket.gethostbyname(self._hostname)
            except OSError:
                self._host_ip = '127.0.0.1'
        return self._host_ip

    # -- volumes -----------------------------------------------------------

    def get_volume_connector(self, instance):
        """How the volume service can reach this host: ``ip``, ``host`` and,
        when the host has one, an iSCSI ``initiator``."""
        raise NotImplementedError()

    def attach_volume(self, context, connection_info, instance, mountpoint,
                      disk_bus=None, device_type=None, encryption=None):
        """Attach the volume at ``mountpoint`` (e.g. ``/dev/vdb``).

        When the hypervisor refuses, raise and leave the guest as it was:
        the caller then rolls the volume attachment back.
        """
        raise NotImplementedError()

    def detach_volume(self, context, connection_info, instance, mountpoint,
                      encryption=None):
        """Detach the volume at ``mountpoint``; a no-op if not attached."""
        raise NotImplementedError()

    def swap_volume(self, context, old_connection_info, new_connection_info,
                    instance, mountpoint, resize_to):
        """Copy the running guest's disk at ``mountpoint`` onto the new
        volume and make the disk point at it (live and persistent); grow
        it to ``resize_to`` GB when not 0. On failure the guest keeps the
        old volume and the new one is disconnected from this host."""
        raise NotImplementedError()
