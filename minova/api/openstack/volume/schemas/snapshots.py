"""Request bodies of ``/snapshots`` (Cinder's v3 fields)."""

from minova.api.openstack.compute.schemas import parameter_types

_nullable_string = {'type': ['string', 'null'], 'maxLength': 255}

create = {
    'type': 'object',
    'properties': {
        'snapshot': {
            'type': 'object',
            'properties': {
                'volume_id': parameter_types.uuid,
                'name': _nullable_string,
                'display_name': _nullable_string,
                'description': _nullable_string,
                'display_description': _nullable_string,
                'force': parameter_types.boolean,
                'metadata': dict(parameter_types.metadata,
                                 type=['object', 'null']),
            },
            'required': ['volume_id'],
            'additionalProperties': False,
        },
    },
    'required': ['snapshot'],
    'additionalProperties': False,
}
