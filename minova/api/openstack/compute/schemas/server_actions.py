"""Request bodies of ``POST /servers/{id}/action`` (Nova's schemas of each
action at 2.1): one key, the action's name, with its argument."""

from minova.api.openstack.compute.schemas import aggregates
from minova.api.openstack.compute.schemas import parameter_types


def _null_body(action):
    """An action without arguments: ``{"<action>": null}`` (Nova also
    takes an empty object, which some clients send)."""
    return {'type': 'object',
            'properties': {action: {'oneOf': [
                {'type': 'null'},
                {'type': 'object', 'additionalProperties': False}]}},
            'required': [action], 'additionalProperties': False}


NULL_BODY_ACTIONS = ('os-stop', 'os-start', 'pause', 'unpause', 'suspend',
                     'resume', 'unlock', 'shelve', 'shelveOffload',
                     'confirmResize', 'revertResize')
null_bodies = {action: _null_body(action) for action in NULL_BODY_ACTIONS}

reboot = {
    'type': 'object',
    'properties': {'reboot': {
        'type': 'object',
        'properties': {'type': {'type': 'string', 'enum': [
            'HARD', 'Hard', 'hard', 'SOFT', 'Soft', 'soft']}},
        'required': ['type'], 'additionalProperties': False}},
    'required': ['reboot'], 'additionalProperties': False,
}

# At 2.1 Nova ignores what a lock body carries; minova keeps a reason
# (the 2.73 field) when one is given.
lock = {
    'type': 'object',
    'properties': {'lock': {'oneOf': [
        {'type': 'null'},
        {'type': 'object',
         'properties': {'locked_reason': {
             'type': 'string', 'minLength': 1, 'maxLength': 255}},
         'additionalProperties': False}]}},
    'required': ['lock'], 'additionalProperties': False,
}

create_image = {
    'type': 'object',
    'properties': {'createImage': {
        'type': 'object',
        'properties': {'name': parameter_types.name,
                       'metadata': parameter_types.metadata},
        'required': ['name'], 'additionalProperties': False}},
    'required': ['createImage'], 'additionalProperties': False,
}

unshelve = {
    'type': 'object',
    'properties': {'unshelve': {'oneOf': [
        {'type': 'null'},
        {'type': 'object',
         'properties': {'availability_zone': aggregates.az_name},
         'additionalProperties': False}]}},
    'required': ['unshelve'], 'additionalProperties': False,
}

# Nova's rebuild body (personality is refused: no file injection); the
# description from 2.19, key_name from 2.54, user_data from 2.57 (each
# ignored before).
rebuild = {
    'type': 'object',
    'properties': {'rebuild': {
        'type': 'object',
        'properties': {
            'name': parameter_types.name,
            'imageRef': {'type': 'string', 'minLength': 1},
            'adminPass': parameter_types.admin_password,
            'metadata': parameter_types.metadata,
            'preserve_ephemeral': parameter_types.boolean,
            'OS-DCF:diskConfig': {'type': 'string',
                                  'enum': ['AUTO', 'MANUAL']},
            'accessIPv4': parameter_types.access_ipv4,
            'accessIPv6': parameter_types.access_ipv6,
            'description': parameter_types.description,
            'key_name': dict(parameter_types.name, type=['string', 'null']),
            'user_data': {'type': ['string', 'null'], 'maxLength': 65535},
        },
        'required': ['imageRef'], 'additionalProperties': False}},
    'required': ['rebuild'], 'additionalProperties': False,
}

# Nova's evacuate body (onSharedStorage required before 2.14 and refused
# from 2.14: the handler checks which).
evacuate = {
    'type': 'object',
    'properties': {'evacuate': {
        'type': 'object',
        'properties': {
            'host': parameter_types.hostname,
            'onSharedStorage': parameter_types.boolean,
            'adminPass': parameter_types.admin_password,
        },
        'additionalProperties': False}},
    'required': ['evacuate'], 'additionalProperties': False,
}

resize = {
    'type': 'object',
    'properties': {'resize': {
        'type': 'object',
        'properties': {
            'flavorRef': parameter_types.flavor_ref,
            'OS-DCF:diskConfig': {'type': 'string',
                                  'enum': ['AUTO', 'MANUAL']}},
        'required': ['flavorRef'], 'additionalProperties': False}},
    'required': ['resize'], 'additionalProperties': False,
}

# ``host`` is Nova's 2.56 field; the handler refuses it before.
migrate = {
    'type': 'object',
    'properties': {'migrate': {'oneOf': [
        {'type': 'null'},
        {'type': 'object',
         'properties': {'host': {'oneOf': [{'type': 'null'},
                                           parameter_types.hostname]}},
         'additionalProperties': False}]}},
    'required': ['migrate'], 'additionalProperties': False,
}
