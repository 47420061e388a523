"""Request bodies and query strings of ``/os-server-groups`` (Nova's
``schemas/server_groups.py`` at 2.1, with the soft policies Nova adds at
2.15 accepted too: minova serves only 2.1 and has their weighers)."""

from minova.api.openstack.compute.schemas import parameter_types
from minova.objects import instance_group

create = {
    'type': 'object',
    'properties': {
        'server_group': {
            'type': 'object',
            'properties': {
                'name': parameter_types.name,
                # Exactly one policy, in a list (Nova before 2.64).
                'policies': {
                    'type': 'array',
                    'items': [{'type': 'string',
                               'enum': list(instance_group.POLICIES)}],
                    'uniqueItems': True,
                    'minItems': 1,
                    'maxItems': 1,
                    'additionalItems': False,
                },
            },
            'required': ['name', 'policies'],
            'additionalProperties': False,
        },
    },
    'required': ['server_group'],
    'additionalProperties': False,
}


def _multi(schema):
    """A query parameter: the list of its values, each matching schema."""
    return {'type': 'array', 'items': schema}


index_query = {
    'type': 'object',
    'properties': {
        'all_projects': _multi({'type': 'string'}),
        'limit': _multi(parameter_types.non_negative_integer),
        'offset': _multi(parameter_types.non_negative_integer),
    },
    # Nova ignores other parameters before 2.75.
    'additionalProperties': True,
}
