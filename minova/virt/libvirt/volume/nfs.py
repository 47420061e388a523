"""``nfs`` volumes: a file on an NFS export, mounted on this host under
``[libvirt] nfs_mount_point_base`` (one directory per export, named by the
export's hash as Nova and Cinder name it) and given to the guest as
``<disk type='file'>``.

``data`` as Cinder's NFS driver answers it: ``export``
(``server:/path``), ``name`` (the file), ``format`` (raw or qcow2) and
``options`` (extra mount arguments). The host needs the NFS client
(``mount.nfs``, the kernel's nfs module). os-brick's RemoteFsClient mounts
(trying NFS 4.2, 4.1, then the server's choice); the export is unmounted
when its last volume is disconnected and no guest on this host still has
a disk on it.
"""

import collections
import os
import threading
import xml.etree.ElementTree as ET

from os_brick.privileged import rootwrap as priv_rootwrap
from os_brick.remotefs import remotefs
from oslo_concurrency import processutils
from oslo_log import log as logging

from minova.virt.libvirt.volume import brick
from minova.virt.libvirt.volume import volume

LOG = logging.getLogger(__name__)


class LibvirtNFSVolumeDriver(volume.LibvirtBaseVolumeDriver):
    """A file on a mounted NFS export."""

    def __init__(self, host, conf, execute=None):
        """``execute`` runs the host's commands (mkdir, mount, umount): by
        default os-brick's, which runs them as root through privsep."""
        super().__init__(host, conf)
        brick.setup(conf)
        self._execute = execute or priv_rootwrap.execute
        self._client = remotefs.RemoteFsClient(
            'nfs', brick.ROOT_HELPER, execute=self._execute,
            nfs_mount_point_base=conf.libvirt.nfs_mount_point_base,
            nfs_mount_options=conf.libvirt.nfs_mount_options)
        # Orders mounts and unmounts, and guards _users.
        self._lock = threading.Lock()
        # mount path -> files of the volumes this driver connected there
        # and has not disconnected (a volume being attached is not yet in
        # any domain, so the domains alone cannot tell that it is in use).
        self._users = collections.defaultdict(set)

    def connect_volume(self, connection_info, instance):
        """Mount the export (unless it is) and point ``device_path`` at the
        volume's file."""
        data = connection_info['data']
        mount_path, path = self._paths(connection_info)
        flags = (data.get('options') or '').split() or None
        with self._lock:
            self._client.mount(data['export'], flags)
            self._users[mount_path].add(path)
        data['device_path'] = path
        LOG.info('Connected NFS volume %s at %s',
                 volume.volume_id(connection_info), data['device_path'],
                 instance=instance)

    def disconnect_volume(self, connection_info, instance):
        """Forget the volume; unmount the export once nothing uses it."""
        mount_path, path = self._paths(connection_info)
        with self._lock:
            users = self._users[mount_path]
            users.discard(path)
            if users:
                return
            del self._users[mount_path]
            # After a compute restart _users is empty: the domains say
            # which volumes of this export guests still have.
            if self._used_by_a_guest(mount_path):
                return
            self._umount(mount_path)

    def get_config(self, connection_info, disk_info):
        conf = super().get_config(connection_info, disk_info)
        conf.source_type = 'file'
        conf.source_path = (connection_info['data'].get('device_path') or
                            self._paths(connection_info)[1])
        return conf

    def _paths(self, connection_info):
        """The export's mount path (under the mount base, named by the
        export's hash) and the volume's file in it."""
        mount_path = self._client.get_mount_point(
            volume.require(connection_info, 'export'))
        return mount_path, os.path.join(
            mount_path, volume.require(connection_info, 'name'))

    def _used_by_a_guest(self, mount_path):
        prefix = mount_path.rstrip(os.sep) + os.sep
        for guest in self.host.list_guests():
            domain = ET.fromstring(guest.get_xml_desc())
            for source in domain.findall('./devices/disk/source'):
                if (source.get('file') or '').startswith(prefix):
                    return True
        return False

    def _umount(self, mount_path):
        """Unmount and remove the directory; a failure is logged, not
        raised: the guest has let the volume go, and a mount left behind
        harms nothing but the next umount's log."""
        try:
            self._execute('umount', mount_path, run_as_root=True,
                          root_helper=brick.ROOT_HELPER)
        except processutils.ProcessExecutionError as e:
            if 'not mounted' not in (e.stderr or ''):
                LOG.warning('Could not unmount %s: %s', mount_path,
                            (e.stderr or e.description or '').strip())
                return
        LOG.info('Unmounted %s', mount_path)
        try:
            os.rmdir(mount_path)
        except OSError:
            pass
