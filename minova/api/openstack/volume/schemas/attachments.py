"""Request bodies of ``/attachments`` (Cinder's v3 attachments, 3.27+):
what minova's compute sends through python-cinderclient."""

from minova.api.openstack.compute.schemas import parameter_types

# os-brick's connector: a host's description, free-form.
_connector = {'type': ['object', 'null']}

create = {
    'type': 'object',
    'properties': {
        'attachment': {
            'type': 'object',
            'properties': {
                'volume_uuid': parameter_types.uuid,
                'instance_uuid': parameter_types.uuid,
                'connector': _connector,
                'mode': {'type': 'string', 'enum': ['rw']},
            },
            'required': ['volume_uuid', 'instance_uuid'],
            'additionalProperties': False,
        },
    },
    'required': ['attachment'],
    'additionalProperties': False,
}

update = {
    'type': 'object',
    'properties': {
        'attachment': {
            'type': 'object',
            'properties': {'connector': {'type': 'object'}},
            'required': ['connector'],
            'additionalProperties': False,
        },
    },
    'required': ['attachment'],
    'additionalProperties': False,
}

complete = {
    'type': 'object',
    'properties': {'os-complete': {'type': ['null', 'object']}},
    'required': ['os-complete'],
    'additionalProperties': False,
}
