"""Images and image members as Glance's v2 API shows them: the image back
end's dicts (:mod:`minova.image.api`) in Glance's fields.

Glance shows every core attribute, null when unknown (a queued image has
no size nor checksum), the extra properties beside them, and links
relative to the API's root (``/v2/images/<id>``)."""

import urllib.parse

# Glance's default page and its ceiling (``limit_param_default``,
# ``api_limit_max``).
DEFAULT_LIMIT = 25
MAX_LIMIT = 1000


def isotime(value):
    """Glance's timestamps: ``2016-06-29T16:13:07Z``."""
    return value.strftime('%Y-%m-%dT%H:%M:%SZ') if value else None


def image(found):
    """One image of ``GET /v2/images/{id}``, a list, a create or a
    PATCH."""
    href = '/v2/images/%s' % found['id']
    view = dict(found['properties'])
    view.update({
        'id': found['id'], 'name': found['name'],
        'status': found['status'], 'visibility': found['visibility'],
        'protected': bool(found['protected']), 'os_hidden': False,
        'checksum': found['checksum'],
        'os_hash_algo': found.get('os_hash_algo'),
        'os_hash_value': found.get('os_hash_value'),
        'owner': found['owner'], 'size': found['size'],
        'virtual_size': None, 'min_ram': found['min_ram'] or 0,
        'min_disk': found['min_disk'] or 0,
        'disk_format': found['disk_format'],
        'container_format': found['container_format'],
        'created_at': isotime(found['created_at']),
        'updated_at': isotime(found['updated_at'] or found['created_at']),
        'tags': list(found.get('tags') or []),
        'self': href, 'file': href + '/file',
        'schema': '/v2/schemas/image',
    })
    return view


def images(req, found, limit):
    """``GET /v2/images``: the page, ``first`` and, when the page is full,
    ``next`` (the same query from the last image on)."""
    params = [(k, v) for k, v in req.GET.items() if k != 'marker']
    body = {'images': [image(i) for i in found],
            'first': '/v2/images', 'schema': '/v2/schemas/images'}
    if params:
        body['first'] += '?' + urllib.parse.urlencode(params)
    if found and len(found) == limit:
        params.append(('marker', found[-1]['id']))
        body['next'] = '/v2/images?' + urllib.parse.urlencode(params)
    return body


def member(found):
    """One member of ``/v2/images/{id}/members``."""
    return {'image_id': found['image_id'], 'member_id': found['member'],
            'status': found['status'],
            'created_at': isotime(found['created_at']),
            'updated_at': isotime(found['updated_at'] or
                                  found['created_at']),
            'schema': '/v2/schemas/member'}


def members(found):
    return {'members': [member(m) for m in found],
            'schema': '/v2/schemas/members'}
