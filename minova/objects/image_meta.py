"""The ImageMeta object: what the scheduler and a virt driver know of an
image."""

from minova.objects import base
from minova.objects import fields


@base.MinovaObjectRegistry.register
class ImageMeta(base.MinovaObject):
    # Version 1.0: initial version
    VERSION = '1.0'

    fields = {
        'id': fields.UUIDField(nullable=True),
        'name': fields.StringField(nullable=True),
        'status': fields.StringField(nullable=True),
        'disk_format': fields.StringField(nullable=True),
        'container_format': fields.StringField(nullable=True),
        'size': fields.IntegerField(nullable=True),
        'min_disk': fields.IntegerField(default=0),
        'min_ram': fields.IntegerField(default=0),
        'properties': fields.DictOfNullableStringsField(default={}),
        'file': fields.StringField(nullable=True),
    }
