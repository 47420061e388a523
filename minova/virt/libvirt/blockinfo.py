"""Where a volume sits in the guest, from a mountpoint or from the
``block_device_info`` that spawn and destroy get (Nova's
``nova/virt/libvirt/blockinfo.py``, reduced to what minova needs).

``block_device_info['block_device_mapping']`` lists the server's volumes,
each a mapping with ``connection_info``, ``mount_device`` (``/dev/vda``),
``boot_index`` (0 for the volume the guest boots from, None for a data
volume), ``disk_bus`` and ``device_type`` (both optional).
"""

from oslo_serialization import jsonutils

# The bus a device name implies when the mapping names none: vdX, sdX, hdX.
BUS_BY_PREFIX = {'vd': 'virtio', 'sd': 'scsi', 'hd': 'ide'}


def device_name(mountpoint):
    """``/dev/vdb`` -> ``vdb``."""
    return mountpoint.rsplit('/', 1)[-1]


def get_disk_info(mountpoint, disk_bus=None, device_type=None):
    """The ``disk_info`` a volume driver's ``get_config`` takes."""
    dev = device_name(mountpoint)
    return {'dev': dev,
            'bus': disk_bus or BUS_BY_PREFIX.get(dev[:2], 'virtio'),
            'type': device_type or 'disk'}


def get_volumes(block_device_info):
    """The volume mappings, the boot volume first, then by boot_index and
    device: the first disk of the domain is the one the guest boots from.
    A ``connection_info`` given as JSON is decoded in place."""
    mappings = list((block_device_info or {}).get('block_device_mapping')
                    or [])
    for bdm in mappings:
        if isinstance(bdm.get('connection_info'), str):
            bdm['connection_info'] = jsonutils.loads(bdm['connection_info'])
    return sorted(mappings, key=_boot_order)


def get_root_volume(block_device_info):
    """The mapping of the volume the guest boots from (boot_index 0), or
    None for a server that boots from its image."""
    for bdm in get_volumes(block_device_info):
        if _boot_index(bdm) == 0:
            return bdm
    return None


def get_volume_disk_info(bdm):
    """``disk_info`` of one mapping of ``block_device_info``."""
    return get_disk_info(bdm['mount_device'], bdm.get('disk_bus'),
                         bdm.get('device_type'))


def _boot_index(bdm):
    index = bdm.get('boot_index')
    return None if index is None or int(index) < 0 else int(index)


def _boot_order(bdm):
    index = _boot_index(bdm)
    return (index is None, index or 0, bdm.get('mount_device') or '')
