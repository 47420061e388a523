"""Glance's JSON patch of an image (``PATCH /v2/images/{id}`` with
``application/openstack-images-v2.1-json-patch``): ``add``, ``replace``
and ``remove`` of core attributes, tags and extra properties, turned into
the fields the back end changes.

As Glance: a read-only attribute (``status``, ``size``...) is 403, a
reserved one too; removing a core attribute is 403; replacing or removing
an extra property the image does not have is 409; a value of the wrong
type is 400."""

from minova.api.openstack.image.schemas import images as schema
from minova.api import validation
from minova import exception

_PATCHED = validation.validator(schema.patched)
# Core attributes: set by replace or add, never removed.
CORE = tuple(schema.ATTRIBUTES)


def refuse_fixed(name):
    """403 for an attribute nobody sets (Glance's words)."""
    if name in schema.READ_ONLY:
        raise exception.Forbidden("Attribute '%s' is read-only." % name)
    if name in schema.RESERVED:
        raise exception.Forbidden("Attribute '%s' is reserved." % name)


def _attribute(path):
    """``/name`` -> ``name``; JSON pointer escapes undone; a deeper path
    (``/tags/0``) is refused as Glance refuses it."""
    parts = path[1:].split('/')
    if len(parts) != 1:
        raise exception.ValidationError(
            message='Invalid JSON pointer for this resource: %s' % path)
    return parts[0].replace('~1', '/').replace('~0', '~')


def changes(image, operations, is_admin=False):
    """The back end's ``values`` for ``operations`` applied to ``image``
    (the back end's dict): core fields, ``properties`` (the whole new
    dict) and ``tags`` (the whole new list)."""
    values = {}
    properties = dict(image['properties'])
    for operation in operations:
        op, name = operation['op'], _attribute(operation['path'])
        refuse_fixed(name)
        if name == 'id':
            raise exception.Forbidden("Attribute 'id' is read-only.")
        if op == 'remove':
            if name in CORE:
                raise exception.Forbidden(
                    "Properties %s cannot be removed: they are core "
                    "attributes of an image." % name)
            if name not in properties:
                raise exception.Conflict(
                    reason='property %s does not exist' % name)
            del properties[name]
            continue
        if 'value' not in operation:
            raise exception.ValidationError(
                message="The '%s' operation on %s needs a value."
                        % (op, operation['path']))
        value = operation['value']
        validation.validate(_PATCHED, {name: value})
        if name == 'os_hidden':
            _refuse_hidden(value)
        elif name in CORE:
            _check_core(image, name, is_admin)
            values[name] = unique(value) if name == 'tags' else value
        else:
            if op == 'replace' and name not in properties:
                raise exception.Conflict(
                    reason='property %s does not exist: add it' % name)
            properties[name] = value
    if properties != image['properties']:
        values['properties'] = properties
    return values


def _check_core(image, name, is_admin):
    if name in ('disk_format', 'container_format') and \
            image['status'] != 'queued':
        raise exception.Forbidden(
            'Attribute %s can be only replaced for a queued image.' % name)
    if name == 'owner' and not is_admin:
        raise exception.Forbidden(
            'Only an admin may change the owner of an image.')


def _refuse_hidden(value):
    if value:
        raise exception.Forbidden('Hiding images (os_hidden) is not '
                                  'supported by minova.')


def unique(tags):
    """The tags once each, in their first order (Glance keeps a set)."""
    return list(dict.fromkeys(tags))
