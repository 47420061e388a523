"""The base of minova's versioned objects and their serializer."""

import datetime

from oslo_utils import timeutils
from oslo_versionedobjects import base as ovo_base


class MinovaObjectRegistry(ovo_base.VersionedObjectRegistry):
    pass


class MinovaObject(ovo_base.VersionedObject,
                   ovo_base.VersionedObjectDictCompat,
                   ovo_base.ComparableVersionedObject):
    """A versioned object of minova. A field change needs a version bump:
    test_objects.py holds each object's fingerprint."""

    OBJ_PROJECT_NAMESPACE = 'minova'
    OBJ_SERIAL_NAMESPACE = 'minova_object'

    @classmethod
    def _from_db_object(cls, context, obj, db_obj):
        """Fill ``obj`` from an ORM row, field by field."""
        for name in obj.fields:
            if hasattr(db_obj, name):
                setattr(obj, name, getattr(db_obj, name))
        obj._context = context
        obj.obj_reset_changes()
        return obj


def db_values(updates):
    """``updates`` made fit for the database: datetimes as naive UTC, the
    way every DateTime column stores them."""
    return {key: timeutils.normalize_time(value)
            if isinstance(value, datetime.datetime) else value
            for key, value in updates.items()}


class MinovaPersistentObject:
    """Timestamps and soft-delete fields, mixed into stored objects."""

    from oslo_versionedobjects import fields as _f
    fields = {
        'created_at': _f.DateTimeField(nullable=True),
        'updated_at': _f.DateTimeField(nullable=True),
        'deleted_at': _f.DateTimeField(nullable=True),
        'deleted': _f.BooleanField(default=False),
    }
    del _f


class ObjectSerializer(ovo_base.VersionedObjectSerializer):
    OBJ_BASE_CLASS = MinovaObject
