"""The libvirt volume driver contract: how one kind of volume reaches this
host and becomes a guest ``<disk>``.

This module is the only code a volume driver author needs to read. A driver
is a subclass of :class:`LibvirtBaseVolumeDriver` declared as an entry point
in the ``minova.virt.libvirt.volume_drivers`` namespace under the
``driver_volume_type`` it serves (the volume service names it in each
attachment's ``connection_info``). The libvirt virt driver makes one driver
object per type and keeps it, so that state kept on ``self`` (mounts in use)
lives as long as the compute.

The libvirt driver calls, to attach: :meth:`connect_volume`, then
:meth:`get_config`, then plugs the disk into the guest (live and
persistent), and :meth:`disconnect_volume` again if plugging failed; to
detach: unplugs the disk, then :meth:`disconnect_volume`. At boot it
connects each volume of the server before defining the domain, and
disconnects them when the guest is destroyed.

``connection_info``
    ``{'driver_volume_type': ..., 'data': {...}, 'serial': <volume id>}``
    as the volume service answered. :meth:`connect_volume` may add what it
    found to ``data`` (``device_path``); the compute stores the mapping's
    connection_info after the attach, so a later detach sees it.
``disk_info``
    Where the guest sees the disk: ``{'dev': 'vdb', 'bus': 'virtio',
    'type': 'disk'}`` (``type`` is ``disk``, ``cdrom`` or ``lun``).
"""

from oslo_log import log as logging

from minova import exception
from minova.virt.libvirt import config as vconfig

LOG = logging.getLogger(__name__)


def volume_id(connection_info):
    """The volume's id: the attachment's ``serial``, else ``data``'s."""
    data = connection_info.get('data') or {}
    return connection_info.get('serial') or data.get('volume_id')


def require(connection_info, key):
    """``data[key]``, or a named error saying that the volume service did
    not answer it."""
    value = (connection_info.get('data') or {}).get(key)
    if not value:
        raise exception.InvalidConnectionInfo(
            volume_id=volume_id(connection_info),
            driver_type=connection_info.get('driver_volume_type'),
            reason='its data has no %r' % key)
    return value


class LibvirtBaseVolumeDriver:
    """Base class of libvirt volume drivers; a volume that needs nothing on
    the host (a network disk that qemu opens itself) only overrides
    :meth:`get_config`."""

    #: libvirt's ``<driver cache>`` for this kind of volume. ``'none'``
    #: (O_DIRECT: no host page cache) is Nova's choice for volumes: nothing
    #: is lost when the host dies, and shared storage stays coherent.
    cache_mode = 'none'

    def __init__(self, host, conf):
        """``host`` is the libvirt driver's
        :class:`~minova.virt.libvirt.host.Host` (the connection, the
        guests); ``conf`` the compute service's own config object."""
        self.host = host
        self.conf = conf

    def connect_volume(self, connection_info, instance):
        """Make the volume reachable from this host (log in to a target,
        mount an export). Connecting a connected volume is fine."""

    def disconnect_volume(self, connection_info, instance):
        """Undo :meth:`connect_volume` once no guest on this host uses it;
        disconnecting a volume that is not connected is fine."""

    def get_config(self, connection_info, disk_info):
        """The :class:`~minova.virt.libvirt.config.LibvirtConfigGuestDisk`
        for the volume; subclasses fill in the source. No side effects."""
        data = connection_info.get('data') or {}
        conf = vconfig.LibvirtConfigGuestDisk(
            target_dev=disk_info['dev'], target_bus=disk_info['bus'],
            source_device=disk_info.get('type') or 'disk',
            driver_format=data.get('format') or 'raw',
            serial=volume_id(connection_info))
        conf.driver_cache = self.cache_mode
        conf.readonly = self._is_readonly(connection_info)
        # One disk in several guests: libvirt must not lock it to one.
        conf.shareable = bool(connection_info.get('multiattach'))
        if data.get('discard'):
            conf.driver_discard = 'unmap'
        return conf

    @staticmethod
    def _is_readonly(connection_info):
        access_mode = (connection_info.get('data') or {}).get('access_mode')
        if access_mode in (None, '', 'rw'):
            return False
        if access_mode == 'ro':
            return True
        raise exception.InvalidVolumeAccessMode(
            access_mode=access_mode, volume_id=volume_id(connection_info))
