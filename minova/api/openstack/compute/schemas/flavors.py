"""Request bodies of ``/flavors`` (Nova's ``schemas/flavor_manage.py``)."""

from minova.api.openstack.compute.schemas import parameter_types

create = {
    'type': 'object',
    'properties': {
        'flavor': {
            'type': 'object',
            'properties': {
                'name': parameter_types.name,
                # No leading or trailing whitespace; null: a new uuid.
                'id': {
                    'type': ['string', 'number', 'null'],
                    'minLength': 1, 'maxLength': 255,
                    'pattern': '^(?! )[a-zA-Z0-9. _-]+(?<! )$',
                },
                'ram': parameter_types.flavor_param_positive,
                'vcpus': parameter_types.flavor_param_positive,
                'disk': parameter_types.flavor_param_non_negative,
                'OS-FLV-EXT-DATA:ephemeral':
                    parameter_types.flavor_param_non_negative,
                'swap': parameter_types.flavor_param_non_negative,
                'rxtx_factor': {
                    'type': ['number', 'string'],
                    'pattern': r'^[0-9]+(\.[0-9]+)?$',
                    'minimum': 0, 'exclusiveMinimum': True,
                    'maximum': 3.40282e+38,
                },
                'os-flavor-access:is_public': parameter_types.boolean,
            },
            'required': ['name', 'ram', 'vcpus', 'disk'],
            'additionalProperties': False,
        },
    },
    'required': ['flavor'],
    'additionalProperties': False,
}

# 2.55: a description, on create and with PUT /flavors/{id} (Nova's
# flavor description: up to 65535 printable characters, or null).
description = dict(parameter_types.description, maxLength=65535)

create_v255 = {
    'type': 'object',
    'properties': {'flavor': dict(
        create['properties']['flavor'],
        properties=dict(create['properties']['flavor']['properties'],
                        description=description))},
    'required': ['flavor'],
    'additionalProperties': False,
}

#: (schema, min version, max version) of POST /flavors.
CREATE = ((create, '2.1', '2.54'), (create_v255, '2.55', None))

update = {
    'type': 'object',
    'properties': {
        'flavor': {
            'type': 'object',
            'properties': {'description': description},
            'required': ['description'],
            'additionalProperties': False,
        },
    },
    'required': ['flavor'],
    'additionalProperties': False,
}


def _known_only(*names):
    """A query schema refusing any parameter but ``names`` (Nova's 2.75
    cleanup); the handlers check the values."""
    return {'type': 'object',
            'properties': {name: {'type': 'array'} for name in names},
            'additionalProperties': False}


# 2.75: GET /flavors and /flavors/detail refuse unknown parameters.
index_query_v275 = _known_only('limit', 'marker', 'is_public', 'minRam',
                               'minDisk', 'sort_key', 'sort_dir')
