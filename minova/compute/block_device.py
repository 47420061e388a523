"""Block device mappings of a create request (``block_device_mapping_v2``).

Nova's format: each entry says where a disk comes from (``source_type``:
image, volume, snapshot, blank) and where it goes (``destination_type``:
local, volume), with ``boot_index`` 0 for the disk the guest boots from.
The image-backed root disk is added when the request maps none.
"""

from minova import exception

SOURCES = ('image', 'volume', 'snapshot', 'blank')
DESTINATIONS = ('local', 'volume')

_NOT_BOOTABLE = (None, -1, '-1')


def root_bdm(image, bdms):
    """The image-backed root disk, unless ``bdms`` map one."""
    if any(bdm.get('boot_index') == 0 for bdm in bdms):
        return []
    return [{'source_type': 'image', 'destination_type': 'local',
             'boot_index': 0, 'image_id': image.id,
             'delete_on_termination': True, 'device_name': '/dev/vda'}]


def _check(index, bdm):
    """InvalidBDM (400) naming the entry and what is wrong with it."""
    where = 'entry %d: ' % index
    source = bdm.get('source_type')
    destination = bdm.get('destination_type') or 'local'
    if source not in SOURCES:
        raise exception.InvalidBDM(reason=where + (
            'source_type %r is not one of %s' % (source, ', '.join(SOURCES))))
    if destination not in DESTINATIONS:
        raise exception.InvalidBDM(reason=where + (
            'destination_type %r is not one of %s' % (
                destination, ', '.join(DESTINATIONS))))
    if destination == 'volume' or source in ('volume', 'snapshot'):
        raise exception.InvalidBDM(reason=where + (
            'volumes are not supported yet'))
    boot_index = bdm.get('boot_index')
    if source == 'image' and boot_index not in (0, '0'):
        raise exception.InvalidBDM(reason=where + (
            'an image-backed local disk must be the boot disk '
            '(boot_index 0)'))
    if source == 'blank' and boot_index not in _NOT_BOOTABLE:
        raise exception.InvalidBDM(reason=where + (
            'a blank disk cannot be booted from'))
    size = bdm.get('volume_size')
    if source == 'blank' and (not isinstance(size, int) or size < 1):
        raise exception.InvalidBDM(reason=where + (
            'a blank disk needs a volume_size >= 1'))
    return source, destination, boot_index, size


def from_api(block_device_mapping):
    """block_device_mapping_v2 dicts -> BlockDeviceMapping field values,
    or InvalidBDM."""
    result = []
    for index, bdm in enumerate(block_device_mapping):
        source, destination, boot_index, size = _check(index, bdm)
        result.append({
            'source_type': source, 'destination_type': destination,
            'boot_index': None if boot_index in _NOT_BOOTABLE
            else int(boot_index),
            'guest_format': bdm.get('guest_format'),
            'device_name': bdm.get('device_name'),
            'device_type': bdm.get('device_type'),
            'disk_bus': bdm.get('disk_bus'),
            'volume_size': size, 'image_id': bdm.get('uuid'),
            'delete_on_termination': bool(
                bdm.get('delete_on_termination', True)),
            'tag': bdm.get('tag')})
    if sum(1 for bdm in result if bdm['boot_index'] == 0) > 1:
        raise exception.InvalidBDM(reason='more than one entry has '
                                   'boot_index 0')
    return result
