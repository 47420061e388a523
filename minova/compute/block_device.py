"""Block device mappings of a create request (``block_device_mapping_v2``).

Nova's format: each entry says where a disk comes from (``source_type``:
image, volume, snapshot, blank) and where it goes (``destination_type``:
local, volume), with ``boot_index`` 0 for the disk the guest boots from.
A ``volume`` destination is a volume of the volume back end: an existing
one (source volume), or one the compute creates at the build from an
image, a snapshot or nothing (blank). ``local`` is a disk of the host: the
image-backed root disk (added when the request maps no boot disk), or a
blank ephemeral or swap disk.
"""

from oslo_utils import uuidutils

from minova import exception

SOURCES = ('image', 'volume', 'snapshot', 'blank')
DESTINATIONS = ('local', 'volume')

_NOT_BOOTABLE = (None, -1, '-1')
# The legacy key a source's uuid may come under instead of ``uuid``.
_ID_KEYS = {'image': 'image_id', 'volume': 'volume_id',
            'snapshot': 'snapshot_id'}


def root_bdm(image, bdms):
    """The image-backed root disk, unless ``bdms`` map one."""
    if get_root(bdms) is not None:
        return []
    return [{'source_type': 'image', 'destination_type': 'local',
             'boot_index': 0, 'image_id': image.id,
             'delete_on_termination': True, 'device_name': '/dev/vda'}]


def get_root(bdms):
    """The mapping (values or object) the guest boots from, or None."""
    return next((bdm for bdm in bdms if bdm.get('boot_index') == 0), None)


def is_volume_backed(bdms):
    """True when the guest boots from a volume (``bdms``: from_api's)."""
    root = get_root(bdms)
    return root is not None and root['destination_type'] == 'volume'


def _source_id(where, source, bdm):
    """The uuid of the image, volume or snapshot an entry names."""
    if source == 'blank':
        return None
    source_id = bdm.get('uuid') or bdm.get(_ID_KEYS[source])
    if not source_id or not uuidutils.is_uuid_like(source_id):
        raise exception.InvalidBDM(reason=where + (
            'source_type %s needs the uuid of the %s' % (source, source)))
    return source_id


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
    if source in ('volume', 'snapshot') and destination != 'volume':
        raise exception.InvalidBDM(reason=where + (
            'source_type %s needs destination_type volume' % source))
    boot_index = bdm.get('boot_index')
    size = bdm.get('volume_size')
    if destination == 'local':
        if source == 'image' and boot_index not in (0, '0'):
            raise exception.InvalidBDM(reason=where + (
                'an image-backed local disk must be the boot disk '
                '(boot_index 0)'))
        if source == 'blank' and boot_index not in _NOT_BOOTABLE:
            raise exception.InvalidBDM(reason=where + (
                'a blank disk cannot be booted from'))
    needs_size = source == 'blank' or (source == 'image' and
                                       destination == 'volume')
    if size is not None and (not isinstance(size, int) or size < 1) or \
            needs_size and size is None:
        raise exception.InvalidBDM(reason=where + (
            'source_type %s with destination_type %s needs a volume_size '
            '>= 1 (GB)' % (source, destination) if needs_size else
            'volume_size %r is not an integer >= 1 (GB)' % (size,)))
    return source, destination, boot_index, size, _source_id(where, source,
                                                             bdm)


def from_api(block_device_mapping):
    """block_device_mapping_v2 dicts -> BlockDeviceMapping field values,
    or InvalidBDM."""
    result = []
    for index, bdm in enumerate(block_device_mapping):
        source, destination, boot_index, size, source_id = _check(index, bdm)
        result.append({
            'source_type': source, 'destination_type': destination,
            'boot_index': None if boot_index in _NOT_BOOTABLE
            else int(boot_index),
            'guest_format': bdm.get('guest_format'),
            'device_name': bdm.get('device_name'),
            'device_type': bdm.get('device_type'),
            'disk_bus': bdm.get('disk_bus'),
            'volume_size': size,
            'image_id': source_id if source == 'image' else None,
            'volume_id': source_id if source == 'volume' else None,
            'snapshot_id': source_id if source == 'snapshot' else None,
            # Nova's default: a volume outlives its server unless asked
            # otherwise (a local disk goes with it in any case).
            'delete_on_termination': bool(bdm.get(
                'delete_on_termination', destination == 'local')),
            'tag': bdm.get('tag')})
    if sum(1 for bdm in result if bdm['boot_index'] == 0) > 1:
        raise exception.InvalidBDM(reason='more than one entry has '
                                   'boot_index 0')
    return result
