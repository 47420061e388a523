"""``GET /servers`` and ``/servers/detail``: which servers a query string
asks for (Nova's ``ServersController._get_servers``), part of
:class:`~minova.api.openstack.compute.servers.ServersController`.

Filters by microversion: 2.26 the tag filters, 2.38 an unknown ``status``
is 400 (before: no servers), 2.66 ``changes-before``, 2.73 ``locked`` (and
``locked`` as a sort key), 2.75 an unknown query parameter or sort key is
400 (before: ignored).
"""

from oslo_utils import strutils
import webob.exc

from minova.api import microversion
from minova.api.openstack import common
from minova.api.openstack.compute import name_filter
from minova.db import instances as db_instances
from minova import exception

_V = microversion.APIVersionRequest
V2_26, V2_38, V2_66, V2_73, V2_75 = (_V('2.26'), _V('2.38'), _V('2.66'),
                                     _V('2.73'), _V('2.75'))

# Query parameters of a server list anyone may use; an admin may use
# ADMIN_FILTERS too. Others are ignored, as Nova ignores them.
USER_FILTERS = ('reservation_id', 'name', 'status', 'image', 'flavor',
                'changes-since', 'all_tenants')
ADMIN_FILTERS = ('host', 'node', 'deleted', 'tenant_id', 'project_id',
                 'uuid', 'availability_zone')
TAG_FILTERS = ('tags', 'tags-any', 'not-tags', 'not-tags-any')
# What else Nova's query schema knows (filters minova does not apply, the
# paging and sorting parameters): from 2.75 anything else is 400.
_KNOWN = ('user_id', 'launch_index', 'image_ref', 'kernel_id', 'ramdisk_id',
          'hostname', 'key_name', 'power_state', 'vm_state', 'task_state',
          'launched_at', 'terminated_at', 'display_name', 'description',
          'display_description', 'locked_by', 'root_device_name',
          'config_drive', 'auto_disk_config', 'progress', 'sort_key',
          'sort_dir', 'soft_deleted', 'ip', 'ip6', 'created_at', 'limit',
          'marker', 'changes-before', 'locked') + TAG_FILTERS
KNOWN_PARAMETERS = frozenset(USER_FILTERS + ADMIN_FILTERS + _KNOWN)
# Nova's sort keys that sort nothing (ignored before 2.75, 400 after).
IGNORED_SORT_KEYS = ('architecture', 'cell_name', 'cleaned',
                     'default_ephemeral_device', 'default_swap_device',
                     'deleted', 'deleted_at', 'disable_terminate',
                     'ephemeral_gb', 'ephemeral_key_uuid', 'id', 'key_data',
                     'launched_on', 'locked', 'memory_mb', 'os_type',
                     'reservation_id', 'root_gb', 'shutdown_terminate',
                     'user_data', 'vcpus', 'vm_mode')
_REGEX_CHARS = set('.^$*+?{}[]\\|()')


def _version_filters(version):
    """The user filters a version adds to :data:`USER_FILTERS`."""
    extra = ()
    if version >= V2_26:
        extra += TAG_FILTERS
        if version >= V2_66:
            extra += ('changes-before',)
        if version >= V2_73:
            extra += ('locked',)
    return extra


class ServerListMixin:
    """The server list queries of :class:`ServersController`."""

    def _get_servers(self, req, expected_attrs=('metadata', 'fault')):
        """One page of the servers the query asks for (Nova's
        ``_get_servers``)."""
        context = req.context
        params = req.GET
        version = req.api_version
        if version >= V2_75:
            unknown = sorted(set(params) - KNOWN_PARAMETERS)
            if unknown:
                raise exception.ValidationError(message=(
                    'Invalid input for query parameters %s. Additional '
                    'properties are not allowed (%s was unexpected)' % (
                        unknown[0], ', '.join(repr(u) for u in unknown))))
        allowed = USER_FILTERS + (
            ADMIN_FILTERS if common.allowed(
                req, 'os_compute_api:servers:allow_all_filters') else ())
        if version >= V2_26:
            allowed += _version_filters(version)
        opts = {key: params.get(key) for key in allowed if key in params}
        limit, marker = common.get_limit_and_marker(req)
        sort_keys, sort_dirs = self._sort_params(params, version)

        if 'all_tenants' in opts:
            if opts.pop('all_tenants').strip().lower() not in (
                    '0', 'false', 'f', 'off', 'n', 'no'):
                common.authorize(
                    req, 'os_compute_api:servers:index:get_all_tenants')
                opts['all_tenants'] = True
        if 'tenant_id' in opts:
            tenant_id = opts.pop('tenant_id')
            if opts.get('all_tenants'):
                opts.setdefault('project_id', tenant_id)
        if 'status' in opts:
            vm_state, task_state = common.task_and_vm_state_from_status(
                params.getall('status'))
            del opts['status']
            if not vm_state:
                if version >= V2_38:
                    raise webob.exc.HTTPBadRequest(
                        explanation='Invalid status value')
                return []
            opts['vm_state'] = vm_state
            if 'default' not in task_state:
                opts['task_state'] = task_state
            if vm_state == ['deleted']:
                if not context.is_admin:
                    raise exception.Forbidden(
                        'Only administrators may list deleted instances')
                opts['deleted'] = True
        self._time_filters(opts)
        if 'deleted' in opts and not isinstance(opts['deleted'], bool):
            opts['deleted'] = strutils.bool_from_string(opts['deleted'])
        for name in TAG_FILTERS:
            if name in opts:
                opts[name] = [tag for tag in opts[name].split(',') if tag]
        if 'locked' in opts:
            opts['locked'] = self._locked(opts['locked'])

        name = opts.get('name')
        try:
            if name and _REGEX_CHARS.intersection(name):
                del opts['name']
                return self._search_by_regex(context, opts, name, limit,
                                             marker, sort_keys, sort_dirs,
                                             expected_attrs)
            return list(self.compute_api.get_all(
                context, opts, limit=limit, marker=marker,
                sort_keys=sort_keys, sort_dirs=sort_dirs,
                expected_attrs=expected_attrs))
        except exception.MarkerNotFound:
            raise common.marker_not_found(marker)

    @staticmethod
    def _time_filters(opts):
        for name in ('changes-since', 'changes-before'):
            if name in opts:
                opts[name] = common.parse_time_filter(opts[name], name)
        if opts.get('changes-before') and opts.get('changes-since') and \
                opts['changes-before'] < opts['changes-since']:
            raise webob.exc.HTTPBadRequest(explanation=(
                'The value of changes-since must be less than or equal to '
                'changes-before.'))

    @staticmethod
    def _locked(value):
        try:
            return strutils.bool_from_string(value, strict=True)
        except ValueError as e:
            raise webob.exc.HTTPBadRequest(explanation=str(e))

    def _search_by_regex(self, context, opts, name, limit, marker,
                         sort_keys, sort_dirs, expected_attrs):
        """The ``name`` filter is a regular expression in Nova: walk the
        pages of the other filters' result and keep the matches, until a
        page is full (at a bounded cost: :mod:`name_filter`)."""
        pattern = name_filter.NameFilter(name)
        found = []
        while len(found) < limit:
            batch = list(self.compute_api.get_all(
                context, opts, limit=limit, marker=marker,
                sort_keys=sort_keys, sort_dirs=sort_dirs,
                expected_attrs=expected_attrs))
            for instance in batch:
                if pattern.matches(instance.display_name):
                    found.append(instance)
                    if len(found) == limit:
                        break
            if len(batch) < limit:
                break
            marker = batch[-1].uuid
        return found

    @staticmethod
    def _sort_params(params, version):
        """Nova's sort keys: from 2.73 ``locked`` sorts; an ignored key is
        dropped before 2.75 and 400 from it."""
        sort_keys = params.getall('sort_key')
        sort_dirs = params.getall('sort_dir')
        for direction in sort_dirs:
            if direction not in ('asc', 'desc'):
                raise exception.ValidationError(message=(
                    "Invalid input for query parameters sort_dir. Value: %s."
                    " It must be 'asc' or 'desc'" % direction))
        if not sort_keys:
            return None, sort_dirs or None
        ignored = set(IGNORED_SORT_KEYS)
        if version >= V2_73:
            ignored.discard('locked')
        kept_keys, kept_dirs = [], []
        for index, key in enumerate(sort_keys):
            if key in ignored or key not in db_instances.SORT_KEYS:
                if version >= V2_75:
                    raise exception.ValidationError(message=(
                        'Invalid input for query parameters sort_key. '
                        'Value: %s. It is not a valid sort key' % key))
                if key in ignored:
                    continue
            kept_keys.append(key)
            if index < len(sort_dirs):
                kept_dirs.append(sort_dirs[index])
        return kept_keys or None, kept_dirs or None
