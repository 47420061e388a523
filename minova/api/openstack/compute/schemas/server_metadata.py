"""Request bodies of ``/servers/{id}/metadata`` (Nova's
``schemas/server_metadata.py``)."""

from minova.api.openstack.compute.schemas import parameter_types

create = {
    'type': 'object',
    'properties': {'metadata': parameter_types.metadata},
    'required': ['metadata'],
    'additionalProperties': False,
}

update_all = create

update = {
    'type': 'object',
    'properties': {
        'meta': parameter_types.metadata_with_max_properties_1,
    },
    'required': ['meta'],
    'additionalProperties': False,
}
