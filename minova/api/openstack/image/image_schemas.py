"""``/v2/schemas/...``: the JSON schemas Glance publishes of its
resources, which glanceclient and Tempest read (openstacksdk and the
``openstack`` CLI do not). minova's are built from the schemas it
validates requests with (:mod:`.schemas.images`), plus the attributes it
only shows."""

import copy

from minova.api.openstack.image.schemas import images as schema

_READ_ONLY = {
    'status': {'type': 'string', 'readOnly': True,
               'enum': ['queued', 'saving', 'active', 'killed', 'deleted',
                        'uploading', 'importing', 'pending_delete',
                        'deactivated']},
    'checksum': {'type': ['null', 'string'], 'readOnly': True,
                 'maxLength': 32},
    'os_hash_algo': {'type': ['null', 'string'], 'readOnly': True,
                     'maxLength': 64},
    'os_hash_value': {'type': ['null', 'string'], 'readOnly': True,
                      'maxLength': 128},
    'size': {'type': ['null', 'integer'], 'readOnly': True},
    'virtual_size': {'type': ['null', 'integer'], 'readOnly': True},
    'created_at': {'type': 'string', 'readOnly': True},
    'updated_at': {'type': 'string', 'readOnly': True},
    'self': {'type': 'string', 'readOnly': True},
    'file': {'type': 'string', 'readOnly': True},
    'schema': {'type': 'string', 'readOnly': True},
}
_LINKS = [{'rel': 'self', 'href': '{self}'},
          {'rel': 'enclosure', 'href': '{file}'},
          {'rel': 'describedby', 'href': '{schema}'}]


def image():
    properties = copy.deepcopy(schema.ATTRIBUTES)
    properties.update(copy.deepcopy(_READ_ONLY))
    return {'name': 'image', 'properties': properties,
            'additionalProperties': {'type': 'string'}, 'links': _LINKS}


def member():
    return {'name': 'member', 'properties': {
        'image_id': {'type': 'string'}, 'member_id': {'type': 'string'},
        'status': {'type': 'string', 'enum': schema.MEMBER_STATUSES},
        'created_at': {'type': 'string'}, 'updated_at': {'type': 'string'},
        'schema': {'type': 'string', 'readOnly': True}}}


def _collection(name, item):
    return {'name': name,
            'properties': {name: {'type': 'array', 'items': item},
                           'schema': {'type': 'string'},
                           'first': {'type': 'string'},
                           'next': {'type': 'string'}},
            'links': [{'rel': 'first', 'href': '{first}'},
                      {'rel': 'next', 'href': '{next}'},
                      {'rel': 'describedby', 'href': '{schema}'}]}


class SchemasController:

    def __init__(self, conf):
        self.conf = conf

    def image(self, req):
        return image()

    def images(self, req):
        return _collection('images', image())

    def member(self, req):
        return member()

    def members(self, req):
        return _collection('members', member())
