"""The query of ``GET /v2/images``, parsed as Glance parses it: the page
(``limit``, ``marker``), the order (``sort=key:dir,...`` or repeated
``sort_key``/``sort_dir``, not both) and the filters (core attributes,
``tag``, ``size_min``/``size_max``, ``member_status`` and any other name
as an extra property)."""

from minova.api.openstack import common
from minova.api.openstack.image.views import images as views
from minova.db import images as db
from minova import exception

# Filters the back end applies (columns, plus visibility and
# member_status, which it reads as Glance's list does).
BACKEND_FILTERS = ('name', 'status', 'owner', 'container_format',
                   'disk_format', 'visibility', 'member_status')
_VISIBILITIES = ('public', 'private', 'shared', 'community', 'all')
_MEMBER_STATUSES = ('pending', 'accepted', 'rejected', 'all')
_PAGING = ('limit', 'marker', 'sort', 'sort_key', 'sort_dir')
_SORT_DIRS = ('asc', 'desc')


def _invalid(message):
    return exception.ValidationError(message=message)


def _int(req, name, default=None):
    value = req.GET.get(name)
    if value is None:
        return default
    try:
        number = int(value)
    except ValueError:
        raise _invalid('%s param must be an integer' % name)
    if number < 0:
        raise _invalid('%s param must be positive' % name)
    return number


def _sort_key(key):
    if key not in db.SORT_KEYS:
        raise _invalid('Invalid sort key: %s. It must be one of the '
                       'following: %s.' % (key, ', '.join(db.SORT_KEYS)))
    return key


def _sort_dir(direction):
    if direction not in _SORT_DIRS:
        raise _invalid('Invalid sort direction: %s' % direction)
    return direction


def _sorting(req):
    """(keys, dirs), Glance's default newest first."""
    keys = req.GET.getall('sort_key')
    dirs = req.GET.getall('sort_dir')
    if 'sort' in req.GET:
        if keys or dirs:
            raise _invalid('The sort and sort_key/sort_dir parameters '
                           'cannot be used together.')
        keys, dirs = [], []
        for item in req.GET['sort'].split(','):
            key, _sep, direction = item.strip().partition(':')
            keys.append(_sort_key(key))
            dirs.append(_sort_dir(direction or 'desc'))
        return keys, dirs
    keys = [_sort_key(k) for k in keys] or ['created_at']
    dirs = [_sort_dir(d) for d in dirs]
    if len(dirs) > 1 and len(dirs) != len(keys):
        raise _invalid('Number of sort dirs does not match the number of '
                       'sort keys')
    return keys, (dirs * len(keys) if len(dirs) == 1 else
                  dirs or ['desc'] * len(keys))


class Query:
    """What a list asks for; :meth:`matches` applies the filters the back
    end does not."""

    def __init__(self, req):
        self.limit = min(_int(req, 'limit', views.DEFAULT_LIMIT),
                         views.MAX_LIMIT)
        self.marker = req.GET.get('marker')
        self.sort_keys, self.sort_dirs = _sorting(req)
        self.filters = {k: req.GET[k] for k in BACKEND_FILTERS
                        if k in req.GET}
        if self.filters.get('visibility', 'all') not in _VISIBILITIES:
            raise _invalid('Invalid visibility value: %s'
                           % self.filters['visibility'])
        if self.filters.get('member_status', 'all') not in _MEMBER_STATUSES:
            raise _invalid('Invalid status value: %s'
                           % self.filters['member_status'])
        if 'protected' in req.GET:
            self.filters['protected'] = common.parse_bool(
                req.GET['protected'], 'protected')
        self.tags = req.GET.getall('tag')
        self.size_min = _int(req, 'size_min')
        self.size_max = _int(req, 'size_max')
        self.hidden = common.parse_bool(req.GET.get('os_hidden', 'false'),
                                        'os_hidden')
        known = set(BACKEND_FILTERS + _PAGING) | {
            'protected', 'tag', 'size_min', 'size_max', 'os_hidden'}
        self.properties = {k: v for k, v in req.GET.items()
                           if k not in known}

    def matches(self, image):
        size = image['size']
        return (not self.hidden and
                all(t in image['tags'] for t in self.tags) and
                (self.size_min is None or
                 (size is not None and size >= self.size_min)) and
                (self.size_max is None or
                 (size is not None and size <= self.size_max)) and
                all(image['properties'].get(k) == v
                    for k, v in self.properties.items()))


def parse(req):
    return Query(req)
