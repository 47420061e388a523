"""The field types of minova's objects: oslo.versionedobjects' own, except
that dicts and lists do not point back at their object, and that a UUID is
checked without swapping the process's warning filters.

The library's containers keep a reference to the object they belong to, to
coerce the items added to them later. So every object with such a field
(an Instance's metadata, a Flavor's extra specs, an image's properties, a
request spec's hints) was a reference cycle, which only the garbage
collector frees, in pauses with the interpreter lock held: a boot left
about 190 objects behind for it. The containers here coerce without the
object (none of the item types minova uses reads it), so an object goes
as soon as its last reference does.
"""

import uuid

from oslo_versionedobjects import fields as ovo_fields

# The scalar fields, as the library has them.
AutoTypedField = ovo_fields.AutoTypedField
BooleanField = ovo_fields.BooleanField
DateTimeField = ovo_fields.DateTimeField
FieldType = ovo_fields.FieldType
FloatField = ovo_fields.FloatField
IntegerField = ovo_fields.IntegerField
IPV4AddressField = ovo_fields.IPV4AddressField
IPV6AddressField = ovo_fields.IPV6AddressField
ObjectField = ovo_fields.ObjectField
StringField = ovo_fields.StringField


class UUID(ovo_fields.UUID):
    """The library's UUID type, with the check done first without its
    ``warnings.catch_warnings()``: that swaps the process's warning filters
    at every coercion, which is not safe with threads (and cost more than
    the check). A value that is no UUID still goes the library's way."""

    def coerce(self, obj, attr, value):
        try:
            uuid.UUID(value)
        except (TypeError, ValueError, AttributeError):
            return super().coerce(obj, attr, value)
        return str(value)


class UUIDField(AutoTypedField):
    AUTO_TYPE = UUID()


class Dict(ovo_fields.Dict):
    """The library's Dict, whose dict coerces without the object."""

    def coerce(self, obj, attr, value):
        return super().coerce(None, attr, value)


class List(ovo_fields.List):
    """The library's List, whose list coerces without the object."""

    def coerce(self, obj, attr, value):
        return super().coerce(None, attr, value)


class DictOfStringsField(AutoTypedField):
    AUTO_TYPE = Dict(ovo_fields.String())


class DictOfNullableStringsField(AutoTypedField):
    AUTO_TYPE = Dict(ovo_fields.String(), nullable=True)


class DictOfIntegersField(AutoTypedField):
    AUTO_TYPE = Dict(ovo_fields.Integer())


class DictOfListOfStringsField(AutoTypedField):
    AUTO_TYPE = Dict(List(ovo_fields.String()))


class ListOfStringsField(AutoTypedField):
    AUTO_TYPE = List(ovo_fields.String())


class ListOfObjectsField(AutoTypedField):
    def __init__(self, objtype, subclasses=False, **kwargs):
        self.AUTO_TYPE = List(ovo_fields.Object(objtype, subclasses))
        self.objname = objtype
        super().__init__(**kwargs)
