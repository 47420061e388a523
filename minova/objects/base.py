"""The base of minova's versioned objects and their serializer."""

import datetime

from oslo_utils import timeutils
from oslo_versionedobjects import base as ovo_base
from oslo_versionedobjects import fields as ovo_fields

from minova.objects import fields


class MinovaObjectRegistry(ovo_base.VersionedObjectRegistry):
    def registration_hook(self, cls, index):
        # The library's field getter makes three calls per read (the
        # attribute's name, hasattr, getattr), and a listing of a hundred
        # servers reads four thousand fields: the same getter, as one
        # lookup in the object's dict.
        for name in cls.fields:
            made = cls.__dict__.get(name)
            if isinstance(made, property) and made.fget is not None:
                setattr(cls, name, property(_field_getter(name), made.fset))


def _field_getter(name):
    attribute = '_obj_' + name

    def getter(self):
        try:
            return self.__dict__[attribute]
        except KeyError:
            self.obj_load_attr(name)  # loads it, or raises as the library
            return getattr(self, attribute)
    return getter


class MinovaObject(ovo_base.VersionedObject,
                   ovo_base.VersionedObjectDictCompat,
                   ovo_base.ComparableVersionedObject):
    """A versioned object of minova. A field change needs a version bump:
    test_objects.py holds each object's fingerprint.

    Every message of a boot carries objects (an Instance with its Flavor,
    a RequestSpec, BlockDeviceMappings): the methods below are
    oslo.versionedobjects' own, with the same results, minus what made
    them costly (a fresh list of the field names for each field tested,
    each change list computed twice, every field searched for child
    objects, each primitive value coerced again).
    """

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

    def obj_attr_is_set(self, attrname):
        if attrname in self.fields:
            return '_obj_' + attrname in self.__dict__
        return super().obj_attr_is_set(attrname)  # extra fields; errors

    def obj_what_changed(self):
        fields = self.fields
        changes = {name for name in self._changed_fields if name in fields}
        values = self.__dict__
        for name, attr in _child_attrs(type(self)):
            value = values.get(attr)
            if isinstance(value, ovo_base.VersionedObject) and \
                    value.obj_what_changed():
                changes.add(name)
        return changes

    def obj_to_primitive(self, target_version=None, version_manifest=None):
        if version_manifest or target_version not in (None, self.VERSION):
            # A backport: the library's way, with obj_make_compatible.
            return super().obj_to_primitive(target_version, version_manifest)
        values = self.__dict__
        data = {}
        for name, attr, field, _ in _plan(type(self)):
            if attr in values:
                data[name] = field.to_primitive(self, name, values[attr])
        primitive = {_KEY_NAME: self.obj_name(),
                     _KEY_NAMESPACE: self.OBJ_PROJECT_NAMESPACE,
                     _KEY_VERSION: self.VERSION,
                     _KEY_DATA: data}
        changes = [name for name in self.obj_what_changed() if name in data]
        if changes:
            primitive[_KEY_CHANGES] = changes
        return primitive

    @classmethod
    def _obj_from_primitive(cls, context, objver, primitive):
        self = cls()
        self._context = context
        self.VERSION = objver
        data = primitive[_KEY_DATA]
        values = self.__dict__
        for name, attr, field, as_is in _plan(cls):
            if name not in data:
                continue
            value = data[name]
            if type(value) is as_is or value is None and field.nullable:
                # What the field's coercion would return unchanged.
                values[attr] = value
            else:
                setattr(self, name, field.from_primitive(self, name, value))
        self._changed_fields = {
            name for name in primitive.get(_KEY_CHANGES, ())
            if name in cls.fields}
        return self


_KEY_NAME, _KEY_NAMESPACE, _KEY_VERSION, _KEY_DATA, _KEY_CHANGES = (
    MinovaObject._obj_primitive_key(key)
    for key in ('name', 'namespace', 'version', 'data', 'changes'))

# The Python type a field of these types holds a primitive of as it is.
_PRIMITIVE_AS_IS = {ovo_fields.String: str, fields.UUID: str,
                    ovo_fields.Integer: int, ovo_fields.Float: float,
                    ovo_fields.Boolean: bool}
_PLANS = {}


def _plan(cls):
    """``(name, attribute, field, as_is)`` per field of ``cls``: ``as_is``
    is the type whose primitives the field takes unchanged (else None)."""
    plan = _PLANS.get(cls)
    if plan is None:
        plan = _PLANS[cls] = tuple(
            (name, '_obj_' + name, field,
             _PRIMITIVE_AS_IS.get(type(getattr(field, '_type', None))))
            for name, field in cls.fields.items())
    return plan


# Field types that never hold a versioned object.
_NO_CHILD = (ovo_fields.String, ovo_fields.UUID, ovo_fields.Integer,
             ovo_fields.Float, ovo_fields.Boolean, ovo_fields.DateTime,
             ovo_fields.IPAddress, ovo_fields.Dict, ovo_fields.List,
             ovo_fields.Set)
_CHILDREN = {}


def _child_attrs(cls):
    """``(name, attribute)`` of the fields of ``cls`` that may hold a
    versioned object (whose changes are changes of ``cls``)."""
    children = _CHILDREN.get(cls)
    if children is None:
        children = _CHILDREN[cls] = tuple(
            (name, '_obj_' + name) for name, field in cls.fields.items()
            if not isinstance(getattr(field, '_type', None), _NO_CHILD))
    return children


# Field types whose values, as the database (or JSON) returns them, are
# already what the field holds.
_STORED_AS_IS = (ovo_fields.String, fields.UUID, ovo_fields.Integer)


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
