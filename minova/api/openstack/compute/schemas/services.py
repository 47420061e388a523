"""Request bodies of ``PUT /os-services/{service_id}`` (Nova's
``schemas/services.py``)."""

from minova.api.openstack.compute.schemas import parameter_types

service_update = {
    'type': 'object',
    'properties': {
        'host': parameter_types.hostname,
        'binary': {'type': 'string', 'minLength': 1, 'maxLength': 255},
        'disabled_reason': {'type': 'string', 'minLength': 1,
                            'maxLength': 255},
    },
    'required': ['host', 'binary'],
    'additionalProperties': False,
}

# 2.11: PUT /os-services/force-down takes ``forced_down``.
service_update_v211 = dict(service_update, properties=dict(
    service_update['properties'], forced_down=parameter_types.boolean))

#: (schema, min version, max version) of PUT /os-services/{action} to 2.52.
UPDATE = ((service_update, '2.1', '2.10'),
          (service_update_v211, '2.11', None))

# 2.53: PUT /os-services/{uuid}; nothing required (the handler wants
# status or forced_down).
service_update_v253 = {
    'type': 'object',
    'properties': {
        'status': {'type': 'string', 'enum': ['enabled', 'disabled']},
        'disabled_reason': {'type': 'string', 'minLength': 1,
                            'maxLength': 255},
        'forced_down': parameter_types.boolean,
    },
    'additionalProperties': False,
}

# 2.75: GET /os-services refuses unknown query parameters.
index_query_v275 = {
    'type': 'object',
    'properties': {'host': {'type': 'array'}, 'binary': {'type': 'array'}},
    'additionalProperties': False,
}
