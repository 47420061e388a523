"""Request bodies and query strings of ``/os-server-groups`` (Nova's
``schemas/server_groups.py``): 2.15 adds the soft policies, 2.64 takes
one ``policy`` and its ``rules`` instead of a list of ``policies``, 2.75
refuses unknown query parameters."""

import copy

from minova.api.openstack.compute.schemas import parameter_types
from minova.objects import instance_group

_STRICT = [instance_group.AFFINITY, instance_group.ANTI_AFFINITY]

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
                    'items': [{'type': 'string', 'enum': _STRICT}],
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

create_v215 = copy.deepcopy(create)
create_v215['properties']['server_group']['properties']['policies'][
    'items'][0]['enum'] = list(instance_group.POLICIES)

create_v264 = copy.deepcopy(create_v215)
_group = create_v264['properties']['server_group']
del _group['properties']['policies']
_group['properties']['policy'] = {'type': 'string',
                                  'enum': list(instance_group.POLICIES)}
_group['properties']['rules'] = {
    'type': 'object',
    'properties': {'max_server_per_host': parameter_types.positive_integer},
    'additionalProperties': False,
}
_group['required'] = ['name', 'policy']

#: (schema, min version, max version) of POST /os-server-groups.
CREATE = ((create, '2.1', '2.14'), (create_v215, '2.15', '2.63'),
          (create_v264, '2.64', None))


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

index_query_v275 = dict(index_query, additionalProperties=False)
