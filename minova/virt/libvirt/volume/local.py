"""``local`` volumes: a file on this host (or on a file system every
compute mounts at the same path), as minova's local volume back end makes
them: ``data`` = ``{'device_path', 'format', 'volume_id', 'access_mode'}``.

Nothing to connect: qemu opens the file. A block device path works too.
"""

import os
import stat

from minova.virt.libvirt.volume import volume


class LibvirtLocalVolumeDriver(volume.LibvirtBaseVolumeDriver):
    """A file (``<disk type='file'>``) or a local block device."""

    # libvirt's default, not O_DIRECT: the file may live on tmpfs or an
    # overlay file system, which refuse O_DIRECT, and the attach would fail.
    cache_mode = None

    def get_config(self, connection_info, disk_info):
        conf = super().get_config(connection_info, disk_info)
        path = volume.require(connection_info, 'device_path')
        conf.source_path = path
        conf.source_type = 'block' if _is_block_device(path) else 'file'
        return conf


def _is_block_device(path):
    try:
        return stat.S_ISBLK(os.stat(path).st_mode)
    except OSError:
        return False
