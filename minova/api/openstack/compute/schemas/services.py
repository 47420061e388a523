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
