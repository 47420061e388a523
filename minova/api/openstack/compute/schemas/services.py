"""Request bodies of ``PUT /os-services/{action}`` (Nova's
``schemas/services.py`` at 2.1)."""

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

#: (schema, min version, max version) of PUT /os-services/{action}.
UPDATE = ((service_update, '2.1', '2.10'),
          (service_update_v211, '2.11', None))
