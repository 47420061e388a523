"""Request bodies of ``/servers/{server_id}/os-volume_attachments``
(Nova's ``schemas/volumes.py`` create_volume_attachment and
update_volume_attachment): a device ``tag`` on attach from 2.49,
``delete_on_termination`` from 2.79."""

import copy

from minova.api.openstack.compute.schemas import parameter_types

# Nova's device names: /dev/ and letters (or none).
_DEVICE = {'type': ['string', 'null'],
           'pattern': '(^/dev/x{0,1}[a-z]{0,1}d{0,1})([a-z]+)[0-9]*$'}

create = {
    'type': 'object',
    'properties': {'volumeAttachment': {
        'type': 'object',
        'properties': {'volumeId': parameter_types.uuid, 'device': _DEVICE},
        'required': ['volumeId'], 'additionalProperties': False}},
    'required': ['volumeAttachment'], 'additionalProperties': False,
}

create_v249 = copy.deepcopy(create)
create_v249['properties']['volumeAttachment']['properties'][
    'tag'] = parameter_types.tag

create_v279 = copy.deepcopy(create_v249)
create_v279['properties']['volumeAttachment']['properties'][
    'delete_on_termination'] = parameter_types.boolean

# The PUT (swap): the volume to take the attached one's place.
update = {
    'type': 'object',
    'properties': {'volumeAttachment': {
        'type': 'object',
        'properties': {'volumeId': parameter_types.uuid},
        'required': ['volumeId'], 'additionalProperties': False}},
    'required': ['volumeAttachment'], 'additionalProperties': False,
}
