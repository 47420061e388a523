"""Request bodies of ``/os-volumes`` and ``/os-snapshots`` (Nova's
``schemas/volumes.py`` at 2.1). ``imageRef`` on a volume is minova's:
Nova's proxy has no way to make a bootable volume."""

from minova.api.openstack.compute.schemas import parameter_types

create = {
    'type': 'object',
    'properties': {'volume': {
        'type': 'object',
        'properties': {
            'volume_type': {'type': 'string'},
            'metadata': parameter_types.metadata,
            'snapshot_id': {'type': 'string'},
            'size': parameter_types.volume_size,
            'availability_zone': {'type': 'string'},
            'display_name': {'type': 'string'},
            'display_description': {'type': 'string'},
            'imageRef': parameter_types.image_id_or_empty_string,
        },
        'required': ['size'], 'additionalProperties': False}},
    'required': ['volume'], 'additionalProperties': False,
}

snapshot_create = {
    'type': 'object',
    'properties': {'snapshot': {
        'type': 'object',
        'properties': {
            'volume_id': {'type': 'string'},
            'force': parameter_types.boolean,
            'display_name': {'type': 'string'},
            'display_description': {'type': 'string'},
        },
        'required': ['volume_id'], 'additionalProperties': False}},
    'required': ['snapshot'], 'additionalProperties': False,
}
