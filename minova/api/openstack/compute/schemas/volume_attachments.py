"""Request bodies of ``/servers/{server_id}/os-volume_attachments``
(Nova's ``schemas/volumes.py`` create_volume_attachment and
update_volume_attachment at 2.1)."""

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

# The PUT (swap): the volume to take the attached one's place.
update = {
    'type': 'object',
    'properties': {'volumeAttachment': {
        'type': 'object',
        'properties': {'volumeId': parameter_types.uuid},
        'required': ['volumeId'], 'additionalProperties': False}},
    'required': ['volumeAttachment'], 'additionalProperties': False,
}
