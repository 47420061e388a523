"""The volume types the Block Storage API shows: Cinder's default type,
``__DEFAULT__`` (a volume created without a type: the back end's own
default), and those the volume back end offers
(:meth:`~minova.volume.api.VolumeAPI.get_volume_types`: the local back end's
``raw``, ``qcow2`` and ``multiattach``).

minova keeps no table of types: each type's id is derived from its name
(a UUID 5), so it is the same in every process and after a restart, and a
request may name a type by either.
"""

import uuid

from minova import exception

DEFAULT_TYPE = '__DEFAULT__'
_NAMESPACE = uuid.UUID('4b6d1f0e-3c63-4f2e-9a2e-6b1f5c0a7d10')


def type_id(name):
    """The id of volume type ``name``."""
    return str(uuid.uuid5(_NAMESPACE, name))


def _type(name, multiattach=False, description=None):
    extra_specs = {'multiattach': '<is> True'} if multiattach else {}
    return {'id': type_id(name), 'name': name, 'is_public': True,
            'description': description, 'extra_specs': extra_specs}


def get_all(volume_api, context):
    """Every volume type, the default first."""
    return [_type(DEFAULT_TYPE, description='Default Volume Type')] + [
        _type(t['name'], t.get('multiattach', False))
        for t in volume_api.get_volume_types(context)]


def get(volume_api, context, name_or_id):
    """The volume type named or identified by ``name_or_id``;
    VolumeTypeNotFound (404)."""
    for volume_type in get_all(volume_api, context):
        if name_or_id in (volume_type['id'], volume_type['name']):
            return volume_type
    raise exception.VolumeTypeNotFound(volume_type_id=name_or_id)


def backend_name(volume_api, context, name_or_id):
    """What the back end calls the type a request names: None for the
    default (or none named), else the type's name. A type it does not
    know: InvalidVolumeType (400), naming the types there are."""
    if name_or_id in (None, ''):
        return None
    try:
        volume_type = get(volume_api, context, name_or_id)
    except exception.VolumeTypeNotFound:
        raise exception.InvalidVolumeType(reason=(
            'there is no volume type %r (there are: %s)' % (
                name_or_id, ', '.join(t['name'] for t in get_all(
                    volume_api, context)))))
    if volume_type['name'] == DEFAULT_TYPE:
        return None
    return volume_type['name']


def shown_name(volume):
    """The type name a volume dict shows: its own, or the default."""
    return volume['volume_type'] or DEFAULT_TYPE
