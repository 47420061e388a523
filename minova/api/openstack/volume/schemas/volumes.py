"""Request bodies of ``/volumes`` (Cinder's v3 fields). Before 3.53 Cinder
ignores unknown fields of a volume; from 3.53 it refuses them."""

import copy

from minova.api.openstack.compute.schemas import parameter_types

# Each "or null" widens the type, so that an error names what is wrong
# (a oneOf would only say "not valid under any of the given schemas").
_nullable_string = {'type': ['string', 'null'], 'maxLength': 255}
_nullable_uuid = dict(parameter_types.uuid, type=['string', 'null'])
_metadata = dict(parameter_types.metadata, type=['object', 'null'])
_size = dict(parameter_types.volume_size,
             type=parameter_types.volume_size['type'] + ['null'])
_boolean = dict(parameter_types.boolean,
                type=parameter_types.boolean['type'] + ['null'],
                enum=parameter_types.boolean['enum'] + [None])

create = {
    'type': 'object',
    'properties': {
        'volume': {
            'type': 'object',
            'properties': {
                'size': _size,
                'name': _nullable_string,
                'display_name': _nullable_string,
                'description': _nullable_string,
                'display_description': _nullable_string,
                'volume_type': _nullable_string,
                'metadata': _metadata,
                'snapshot_id': _nullable_uuid,
                'source_volid': _nullable_uuid,
                'consistencygroup_id': _nullable_uuid,
                'group_id': _nullable_string,
                'backup_id': _nullable_uuid,
                'availability_zone': _nullable_string,
                'multiattach': _boolean,
                'imageRef': _nullable_string,
                'image_id': _nullable_string,
            },
            'additionalProperties': True,
        },
        'OS-SCH-HNT:scheduler_hints': {'type': ['object', 'null']},
    },
    'required': ['volume'],
    'additionalProperties': False,
}

create_v353 = copy.deepcopy(create)
create_v353['properties']['volume']['additionalProperties'] = False

update = {
    'type': 'object',
    'properties': {
        'volume': {
            'type': 'object',
            'properties': {
                'name': _nullable_string,
                'display_name': _nullable_string,
                'description': _nullable_string,
                'display_description': _nullable_string,
                'metadata': _metadata,
            },
            'additionalProperties': False,
        },
    },
    'required': ['volume'],
    'additionalProperties': False,
}

update_v353 = copy.deepcopy(update)
update_v353['properties']['volume']['anyOf'] = [
    {'required': [field]} for field in
    ('name', 'description', 'display_name', 'display_description',
     'metadata')]

# POST /volumes/{id}/action: the one action minova serves.
extend = {
    'type': 'object',
    'properties': {
        'os-extend': {
            'type': 'object',
            'properties': {'new_size': parameter_types.volume_size},
            'required': ['new_size'],
            'additionalProperties': False,
        },
    },
    'required': ['os-extend'],
    'additionalProperties': False,
}
