"""Request bodies of ``/os-volumes`` (Nova's ``schemas/volumes.py`` at
2.1)."""

from minova.api.openstack.compute.schemas import parameter_types

create = {
    'type': 'object',
    'properties': {'volume': {
        'type': 'object',
        'properties': {
            'volume_type': {'type': 'string'},
            'metadata': {'type': 'object'},
            'snapshot_id': {'type': 'null'},
            'size': parameter_types.positive_integer,
            'availability_zone': {'type': 'string'},
            'display_name': {'type': 'string'},
            'display_description': {'type': 'string'},
            'imageRef': parameter_types.image_id_or_empty_string,
        },
        'required': ['size'], 'additionalProperties': False}},
    'required': ['volume'], 'additionalProperties': False,
}
