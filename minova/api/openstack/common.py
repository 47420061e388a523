"""What the compute API's resources share: paging, links, ids from hrefs,
the status a user sees for a vm_state and task_state, and the admin check.

The names and behaviour are those of ``nova/api/openstack/common.py``, so
that a reader who knows Nova finds ``status_from_state``,
``get_limit_and_marker`` and ``get_id_from_href`` where they expect them.
"""

import collections
import re
import threading
from urllib import parse as urlparse

from oslo_log import log as logging
from oslo_utils import timeutils
import webob.exc

from minova.api import microversion
from minova.api.openstack import versions
from minova.compute import api as compute_api
from minova.compute import task_states
from minova.compute import vm_states
from minova import exception
from minova.image import api as image_api
from minova import policy
from minova import rpc
from minova.volume import api as volume_api

LOG = logging.getLogger(__name__)

# A rebuild (or an evacuation) shows REBUILD whatever the state it started
# from; a move between hosts in flight shows RESIZE.
_REBUILD = {state: 'REBUILD' for state in task_states.REBUILD_STATES}
_RESIZE = {state: 'RESIZE' for state in task_states.RESIZE_STATES}

# vm_state -> {task_state: status}: Nova's _STATE_MAP, for the states minova
# has. A task_state not listed shows the vm_state's 'default'.
_STATE_MAP = {
    vm_states.ACTIVE: {
        'default': 'ACTIVE',
        task_states.REBOOTING: 'REBOOT',
        task_states.REBOOTING_HARD: 'HARD_REBOOT',
        **_REBUILD,
        **_RESIZE,
    },
    vm_states.RESIZED: {
        'default': 'VERIFY_RESIZE',
        task_states.RESIZE_REVERTING: 'REVERT_RESIZE',
    },
    vm_states.BUILDING: {'default': 'BUILD'},
    vm_states.STOPPED: {'default': 'SHUTOFF', **_REBUILD, **_RESIZE},
    vm_states.PAUSED: {'default': 'PAUSED'},
    vm_states.SUSPENDED: {'default': 'SUSPENDED'},
    vm_states.ERROR: {'default': 'ERROR', **_REBUILD},
    vm_states.DELETED: {'default': 'DELETED'},
    vm_states.SHELVED: {'default': 'SHELVED'},
    vm_states.SHELVED_OFFLOADED: {'default': 'SHELVED_OFFLOADED'},
}


def status_from_state(vm_state, task_state='default'):
    """The ``status`` of a server: its vm_state as the API names it, or
    the operation in flight where Nova shows one (``REBOOT``...)."""
    task_map = _STATE_MAP.get(vm_state, {'default': 'UNKNOWN'})
    status = task_map.get(task_state, task_map['default'])
    if status == 'UNKNOWN':
        LOG.error('status is UNKNOWN from vm_state=%(vm_state)s '
                  'task_state=%(task_state)s. Bad upgrade or db corrupted?',
                  {'vm_state': vm_state, 'task_state': task_state})
    return status


def task_and_vm_state_from_status(statuses):
    """The (vm_states, task_states) whose servers show one of ``statuses``
    (the ``status`` filter of a server list); both sorted lists."""
    wanted = {status.strip().lower() for status in statuses}
    found_vm, found_task = set(), set()
    for vm_state, task_map in _STATE_MAP.items():
        for task_state, status in task_map.items():
            if status.lower() in wanted:
                found_vm.add(vm_state)
                found_task.add(task_state)
    return sorted(found_vm), sorted(found_task)


# -- ids -----------------------------------------------------------------------

# The largest value of an INTEGER id column (PostgreSQL's is 32 bits).
MAX_DB_ID = 2 ** 31 - 1


def db_id(value):
    """The integer id a URL names, or None when no row can have it (not an
    integer, or out of the column's range: the database would refuse to
    compare with it)."""
    try:
        number = int(value)
    except ValueError:
        return None
    return number if 0 <= number <= MAX_DB_ID else None


# -- paging ------------------------------------------------------------------

def _get_int_param(req, param):
    value = req.GET[param]
    try:
        number = int(value)
    except ValueError:
        raise webob.exc.HTTPBadRequest(
            explanation='%s param must be an integer' % param)
    if number < 0:
        raise webob.exc.HTTPBadRequest(
            explanation='%s param must be positive' % param)
    return number


def get_pagination_params(req):
    """``limit`` and ``marker`` of the query string, those present."""
    params = {}
    if 'limit' in req.GET:
        params['limit'] = _get_int_param(req, 'limit')
    if 'marker' in req.GET:
        params['marker'] = req.GET['marker']
    return params


def get_limit_and_marker(req, zero_is_max=False):
    """(limit, marker) of a list request: the limit capped by
    ``[api] max_limit`` (and max_limit when none is asked; ``limit=0``
    asks for nothing, as in Nova, unless ``zero_is_max``), the marker (the
    id of the last item of the previous page) or None."""
    params = get_pagination_params(req)
    max_limit = req.conf.api.max_limit
    limit = params.get('limit', max_limit)
    if zero_is_max and not limit:
        limit = max_limit
    return min(max_limit, limit), params.get('marker')


def get_limit_and_offset(req):
    """(limit, offset) of a list paged by offset (Nova's ``limited``): the
    limit capped by ``[api] max_limit`` (max_limit when none or 0 is
    asked), the offset 0 unless asked."""
    max_limit = req.conf.api.max_limit
    limit = _get_int_param(req, 'limit') if 'limit' in req.GET else 0
    offset = _get_int_param(req, 'offset') if 'offset' in req.GET else 0
    return min(max_limit, limit or max_limit), offset


def marker_not_found(marker):
    return webob.exc.HTTPBadRequest(
        explanation='marker [%s] not found' % marker)


# The last microversion at which Nova serves its proxy APIs (/images,
# /os-volumes, /os-snapshots, /os-networks): 404 from 2.36.
MAX_PROXY_API_SUPPORT_VERSION = '2.35'
proxy_api = microversion.version_handler('2.1', MAX_PROXY_API_SUPPORT_VERSION)


# -- links ---------------------------------------------------------------------

def remove_trailing_version_from_href(href):
    """``http://h/v2.1`` -> ``http://h``: the base of bookmark links."""
    parsed = urlparse.urlsplit(href)
    parts = parsed.path.rsplit('/', 1)
    if not re.match(r'^v([0-9]+|[0-9]+\.[0-9]+)(/.*|$)', parts.pop()):
        raise ValueError('URL %s does not contain version' % href)
    parsed = list(parsed)
    parsed[2] = versions.url_join(*parts) if parts and parts[0] else ''
    return urlparse.urlunsplit(parsed)


def get_id_from_href(href):
    """The id at the end of ``href`` (a flavorRef may be a URL)."""
    return urlparse.urlsplit(str(href)).path.split('/')[-1]


def _link_bases(req):
    """``(self base, bookmark base, project id or "")`` of the request's
    links, worked out once per request (a listing makes four links per
    server)."""
    bases = req.environ.get('minova.link_bases')
    if bases is None:
        context = req.context
        project_id = context.project_id if context else None
        if not (project_id and project_id in req.url):
            project_id = ''
        application_url = req.application_url
        bases = (versions.url_join(application_url, project_id),
                 versions.url_join(
                     remove_trailing_version_from_href(application_url),
                     project_id),
                 project_id)
        req.environ['minova.link_bases'] = bases
    return bases


class ViewBuilder:
    """Links as Nova builds them: ``self`` under the versioned endpoint,
    ``bookmark`` without the version, ``next`` for paging. The project id
    appears in them when the request's URL carried it."""

    _collection_name = None

    @staticmethod
    def _project_id(req):
        return _link_bases(req)[2]

    def _href(self, req, identifier, collection=None):
        return versions.url_join(_link_bases(req)[0],
                                 collection or self._collection_name,
                                 str(identifier))

    def _bookmark(self, req, identifier, collection=None):
        return versions.url_join(_link_bases(req)[1],
                                 collection or self._collection_name,
                                 str(identifier))

    def _get_links(self, req, identifier, collection=None):
        return [{'rel': 'self',
                 'href': self._href(req, identifier, collection)},
                {'rel': 'bookmark',
                 'href': self._bookmark(req, identifier, collection)}]

    def _next_link(self, req, identifier, collection=None):
        params = collections.OrderedDict(sorted(req.params.items()))
        params['marker'] = identifier
        url = versions.url_join(req.application_url, self._project_id(req),
                                collection or self._collection_name)
        return '%s?%s' % (url, urlparse.urlencode(params))

    def _list_view(self, req, items, collection=None):
        """``{"<collection>": items}``, plus ``"<collection>_links"`` with
        the next page's link when the page is full: a link to
        ``collection`` (``servers/detail`` for the detailed list, so that a
        client following it stays on detailed pages)."""
        body = {self._collection_name: items}
        links = self._get_collection_links(req, items, collection=collection)
        if links:
            body[self._collection_name + '_links'] = links
        return body

    def _get_collection_links(self, req, items, id_key='id', collection=None):
        """``[{"rel": "next", ...}]`` when the page is full: the limit asked
        for (or ``[api] max_limit``) equals the number of items."""
        max_limit = req.conf.api.max_limit
        try:
            max_items = min(int(req.params.get('limit', max_limit)),
                            max_limit)
        except ValueError:
            max_items = max_limit
        if max_items and max_items == len(items):
            return [{'rel': 'next',
                     'href': self._next_link(req, items[-1][id_key],
                                             collection)}]
        return []


# -- times ---------------------------------------------------------------------

def isotime(value):
    """Nova's ``created``/``updated`` format: ``2012-08-20T21:11:09Z``."""
    if value is None:
        return None
    return timeutils.normalize_time(value).strftime('%Y-%m-%dT%H:%M:%SZ')


def primitive_time(value):
    """What Nova's JSON serializer makes of a naive datetime:
    ``2012-08-20T21:11:09.000000`` (instance actions, usage stamps)."""
    if value is None:
        return None
    return timeutils.normalize_time(value).strftime('%Y-%m-%dT%H:%M:%S.%f')


def parse_time_filter(value, name):
    """A ``changes-since``-style filter as a naive UTC datetime; 400 if it
    is not ISO 8601."""
    try:
        return timeutils.normalize_time(timeutils.parse_isotime(value))
    except ValueError:
        raise webob.exc.HTTPBadRequest(
            explanation='Invalid filter field: %s.' % name)


# -- who may --------------------------------------------------------------------

def authorize(req, action, target=None):
    """403 ``forbidden`` unless policy lets the caller do ``action`` on
    ``target`` (the caller's own project and user by default)."""
    policy.authorize(req.conf, req.context, action, target)


def allowed(req, action):
    """Whether policy lets the caller do ``action`` (no 403: for what a
    request may ask beyond the route, such as an admin-only filter)."""
    return policy.authorize(req.conf, req.context, action, fatal=False)


def metadata_limit_error(error):
    """Nova's words (403) for a MetadataLimitExceeded of the compute API."""
    return exception.Forbidden(
        'Maximum number of metadata items exceeds %d'
        % error.kwargs['allowed'])


def parse_bool(value, name):
    """A boolean query parameter (``true``/``1``/``yes``...); 400 if it is
    not one."""
    lowered = str(value).strip().lower()
    if lowered in ('1', 't', 'true', 'on', 'y', 'yes'):
        return True
    if lowered in ('0', 'f', 'false', 'off', 'n', 'no'):
        return False
    raise webob.exc.HTTPBadRequest(
        explanation='Invalid %s filter [%s]' % (name, value))


# -- controllers -------------------------------------------------------------------

class Controller:
    """Base of the controllers that call the compute API.

    The router builds one controller per application with the config; the
    compute API (its RPC clients, image and network back ends) is made on
    first use, so that building the application opens nothing.
    """

    def __init__(self, conf):
        self.conf = conf
        self._compute_api = None
        self._compute_api_lock = threading.Lock()

    @property
    def compute_api(self):
        if self._compute_api is None:
            with self._compute_api_lock:
                if self._compute_api is None:
                    self._compute_api = compute_api.API(
                        self.conf, rpc.get_transport(self.conf))
        return self._compute_api

    def _get_instance(self, context, server_id,
                      expected_attrs=('metadata', 'fault')):
        """The server ``server_id`` of the caller (any, for an admin);
        404 ``itemNotFound`` naming the id otherwise."""
        return self.compute_api.get(context, server_id,
                                    expected_attrs=expected_attrs)


class VolumeBackendController:
    """Base of the controllers that call the volume back end (``/os-volumes``
    of the compute API, the Block Storage API): the back end is made on
    first use."""

    def __init__(self, conf):
        self.conf = conf
        self._volume_api = None

    @property
    def volume_api(self):
        if self._volume_api is None:
            self._volume_api = volume_api.load(self.conf)
        return self._volume_api


class ImageBackendController:
    """Base of the controllers that call the image back end (``/images``
    of the compute API, the Image API): the back end is made on first
    use."""

    def __init__(self, conf):
        self.conf = conf
        self._image_api = None

    @property
    def image_api(self):
        if self._image_api is None:
            self._image_api = image_api.load(self.conf)
        return self._image_api
