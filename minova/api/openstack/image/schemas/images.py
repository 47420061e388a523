"""JSON schemas of the Image API's request bodies, after Glance's image
schema (``GET /v2/schemas/image`` of Glance): its core attributes, and
extra properties that are strings."""

import copy

DISK_FORMATS = [None, 'ami', 'ari', 'aki', 'vhd', 'vhdx', 'vmdk', 'raw',
                'qcow2', 'vdi', 'iso', 'ploop']
CONTAINER_FORMATS = [None, 'ami', 'ari', 'aki', 'bare', 'ovf', 'ova',
                     'docker', 'compressed']
VISIBILITIES = ['public', 'private', 'shared', 'community']
MEMBER_STATUSES = ['pending', 'accepted', 'rejected']

_size = {'type': 'integer', 'minimum': 0, 'maximum': 2 ** 31 - 1}
_tag = {'type': 'string', 'maxLength': 255}

# The attributes a caller may set, and what each may be.
ATTRIBUTES = {
    'id': {'type': 'string', 'format': 'uuid'},
    'name': {'type': ['null', 'string'], 'maxLength': 255},
    'visibility': {'type': 'string', 'enum': VISIBILITIES},
    'protected': {'type': 'boolean'},
    'os_hidden': {'type': 'boolean'},
    'min_ram': _size,
    'min_disk': _size,
    'disk_format': {'type': ['null', 'string'], 'enum': DISK_FORMATS},
    'container_format': {'type': ['null', 'string'],
                         'enum': CONTAINER_FORMATS},
    'tags': {'type': 'array', 'items': _tag, 'maxItems': 128},
    'owner': {'type': ['null', 'string'], 'maxLength': 255},
}
# Glance's: shown, never set (403).
READ_ONLY = ('status', 'checksum', 'os_hash_algo', 'os_hash_value', 'size',
             'virtual_size', 'created_at', 'updated_at', 'self', 'file',
             'schema', 'direct_url', 'locations')
RESERVED = ('location', 'deleted', 'deleted_at')

create = {
    'type': 'object',
    'properties': copy.deepcopy(ATTRIBUTES),
    'additionalProperties': {'type': 'string', 'maxLength': 65535},
}
# One attribute of a PATCH, checked as if it were alone in a create.
patched = {
    'type': 'object',
    'properties': copy.deepcopy(ATTRIBUTES),
    'additionalProperties': {'type': 'string', 'maxLength': 65535},
}

PATCH_MEDIA_TYPES = ('application/openstack-images-v2.1-json-patch',
                     'application/openstack-images-v2.0-json-patch')
patch = {
    'type': 'array',
    'items': {
        'type': 'object',
        'properties': {
            'op': {'type': 'string',
                   'enum': ['add', 'replace', 'remove']},
            'path': {'type': 'string', 'pattern': '^/.+'},
            'value': {},
        },
        'required': ['op', 'path'],
    },
}

add_member = {
    'type': 'object',
    'properties': {'member': {'type': 'string', 'minLength': 1,
                              'maxLength': 255}},
    'required': ['member'],
    'additionalProperties': False,
}
update_member = {
    'type': 'object',
    'properties': {'status': {'type': 'string', 'enum': MEMBER_STATUSES}},
    'required': ['status'],
    'additionalProperties': False,
}
