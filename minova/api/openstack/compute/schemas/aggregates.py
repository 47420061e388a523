"""Request bodies of ``/os-aggregates`` (Nova's ``schemas/aggregates.py``
at 2.1)."""

import copy

from minova.api.openstack.compute.schemas import parameter_types

# A zone name: printable, no colon (``zone:host`` is Nova's way to force a
# host on boot), no leading or trailing whitespace.
az_name = {
    'type': 'string', 'minLength': 1, 'maxLength': 255, 'format': 'az_name',
}

availability_zone = {'oneOf': [az_name, {'type': 'null'}]}


def _body(key, properties, required=(), **extra):
    inner = {'type': 'object', 'properties': properties,
             'additionalProperties': False}
    if required:
        inner['required'] = list(required)
    inner.update(extra)
    return {'type': 'object', 'properties': {key: inner},
            'required': [key], 'additionalProperties': False}


create = _body('aggregate', {'name': parameter_types.name,
                             'availability_zone': availability_zone},
               required=['name'])

update = _body('aggregate', {'name': parameter_types.name,
                             'availability_zone': availability_zone},
               anyOf=[{'required': ['name']},
                      {'required': ['availability_zone']}])

add_host = _body('add_host', {'host': parameter_types.hostname},
                 required=['host'])

remove_host = _body('remove_host', {'host': parameter_types.hostname},
                    required=['host'])

# set_metadata: a null value deletes its key.
metadata_with_null = copy.deepcopy(parameter_types.metadata)
metadata_with_null['patternProperties'][
    parameter_types.METADATA_KEY_PATTERN]['type'] = ['string', 'null']

set_metadata = _body('set_metadata', {'metadata': metadata_with_null},
                     required=['metadata'])
