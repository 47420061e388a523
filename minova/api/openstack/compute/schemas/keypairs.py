"""Request bodies and query strings of ``/os-keypairs``, per microversion
(Nova's ``schemas/keypairs.py``):

* 2.1: ``name`` and an optional ``public_key`` (none: generate one);
* 2.2: ``type``, ``ssh`` or ``x509``;
* 2.10: ``user_id`` (an admin's, for another user), and ``?user_id=``;
* 2.35: ``?limit=`` and ``?marker=`` on the list;
* 2.92: ``public_key`` required (no more generation), and names may hold
  ``@`` and ``.``.
"""

import copy

from minova.api.openstack.compute.schemas import parameter_types
from minova.objects import keypair as keypair_obj


def _name(name_format):
    """Printable without leading or trailing space, then only the safe
    characters: each rule fails with its own message."""
    return {'allOf': [parameter_types.name,
                      {'type': 'string', 'format': name_format}]}


create = {
    'type': 'object',
    'properties': {
        'keypair': {
            'type': 'object',
            'properties': {
                'name': _name('keypair_name_20'),
                'public_key': {'type': 'string'},
            },
            'required': ['name'],
            'additionalProperties': False,
        },
    },
    'required': ['keypair'],
    'additionalProperties': False,
}

create_v22 = copy.deepcopy(create)
create_v22['properties']['keypair']['properties']['type'] = {
    'type': 'string', 'enum': list(keypair_obj.KEYPAIR_TYPES)}

create_v210 = copy.deepcopy(create_v22)
create_v210['properties']['keypair']['properties']['user_id'] = {
    'type': 'string'}

create_v292 = copy.deepcopy(create_v210)
create_v292['properties']['keypair']['properties']['name'] = _name(
    'keypair_name_292')
create_v292['properties']['keypair']['required'] = ['name', 'public_key']


def _multi(schema):
    """A query parameter: the list of its values, each matching schema."""
    return {'type': 'array', 'items': schema}


# Nova ignores unknown query parameters (before 2.75, which minova does not
# serve).
query_v210 = {
    'type': 'object',
    'properties': {'user_id': _multi({'type': 'string'})},
    'additionalProperties': True,
}

index_query_v235 = copy.deepcopy(query_v210)
index_query_v235['properties'].update({
    'limit': _multi(parameter_types.non_negative_integer),
    'marker': _multi({'type': 'string'}),
})
