"""The base of minova's versioned objects and their serializer."""

import datetime

from oslo_utils import timeutils
from oslo_versionedobjects import base as ovo_base
from oslo_versionedobjects import fields as ovo_fields


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


# Field types whose values, as the database (or JSON) returns them, are
# already what the field holds.
_STORED_AS_IS = (ovo_fields.String, ovo_fields.UUID, ovo_fields.Integer)


def stored_loaders(cls, names):
    """``(name, attribute, coerce)`` for each field of ``names``, for
    :func:`load_stored`: ``coerce`` is None where the stored value can be
    taken as it is."""
    loaders = []
    for name in names:
        field = cls.fields[name]
        as_is = type(getattr(field, '_type', None)) in _STORED_AS_IS
        loaders.append((name, '_obj_' + name, None if as_is else
                        field.coerce))
    return tuple(loaders)


def load_stored(obj, loaders, values):
    """Set fields of ``obj`` from stored ``values`` (a name -> value
    getter), as unchanged.

    A listing turns hundreds of rows into objects: the fields' setters
    (coercion and change tracking per field) cost most of it, and stored
    strings and integers need neither. The other types (datetimes, which
    the fields make timezone-aware, booleans, addresses, dicts) are
    coerced as the setter would.
    """
    for name, attr, coerce in loaders:
        value = values(name)
        if coerce is not None and value is not None:
            value = coerce(obj, name, value)
        setattr(obj, attr, value)


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
