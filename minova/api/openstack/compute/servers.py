"""``/servers``: boot, list, show, rename and delete servers.

``ServersController.create`` is the first step of the boot path
(doc/source/boot_path.rst): it validates the body, calls
``compute.api.API.create`` -- which writes the instances and casts
``schedule_and_build_instances`` to the conductor -- and answers 202 with
the server id, its links and the admin password at once.
"""

import base64
import binascii
import secrets

from oslo_utils import uuidutils
import webob.exc

from minova.api.openstack import common
from minova.api.openstack.compute import name_filter
from minova.api.openstack.compute.schemas import servers as schema
from minova.api.openstack.compute.views import servers as views_servers
from minova.api import validation
from minova.api import wsgi
from minova import availability_zones
from minova.db import block_device_mappings as db_bdms
from minova.db import session as db_session
from minova import exception

# Nova's admin passwords: 12 characters, without the look-alikes (0/O, 1/l).
PASSWORD_LENGTH = 12
_PASSWORD_SYMBOLS = ('23456789ABCDEFGHJKLMNPQRSTUVWXYZ'
                     'abcdefghijkmnopqrstuvwxyz')

# Query parameters of a server list anyone may use; an admin may use
# ADMIN_FILTERS too. Others are ignored, as Nova ignores them.
USER_FILTERS = ('reservation_id', 'name', 'status', 'image', 'flavor',
                'changes-since', 'all_tenants')
ADMIN_FILTERS = ('host', 'node', 'deleted', 'tenant_id', 'project_id',
                 'uuid', 'availability_zone')
_REGEX_CHARS = set('.^$*+?{}[]\\|()')


# Random bytes at or over this would favour the first symbols; dropped.
_PASSWORD_BYTE_LIMIT = 256 - 256 % len(_PASSWORD_SYMBOLS)


def generate_password(length=PASSWORD_LENGTH):
    """A random password of ``_PASSWORD_SYMBOLS``, each equally likely.

    One read of the system's random source for the whole password (where
    ``secrets.choice`` makes one or more per character, a system call
    each): bytes map onto the symbols by remainder, and the few that would
    bias it are dropped.
    """
    password = []
    while len(password) < length:
        password.extend(_PASSWORD_SYMBOLS[byte % len(_PASSWORD_SYMBOLS)]
                        for byte in secrets.token_bytes(2 * length)
                        if byte < _PASSWORD_BYTE_LIMIT)
    return ''.join(password[:length])


def _bool(value):
    return str(value).strip().lower() in ('1', 't', 'true', 'on', 'y', 'yes')


class ServersController(common.Controller):

    def __init__(self, conf):
        super().__init__(conf)
        self._view_builder = views_servers.ViewBuilder()
        self._host_zones = availability_zones.HostZones()

    # -- create ------------------------------------------------------------

    @wsgi.response(202)
    @validation.schema(schema.create)
    def create(self, req, body):
        server = body['server']
        min_count = int(server.get('min_count', 1))
        max_count = int(server.get('max_count', min_count))
        if min_count > max_count:
            raise webob.exc.HTTPBadRequest(
                explanation='min_count must be <= max_count')
        password = server.get('adminPass') or generate_password()
        security_groups = [group['name'] for group in
                           server.get('security_groups') or []
                           if group.get('name')] or ['default']
        try:
            instances, reservation_id = self._create(req, server, body,
                                                     min_count, max_count,
                                                     password)
        except exception.MetadataLimitExceeded as e:
            raise common.metadata_limit_error(e)
        if _bool(server.get('return_reservation_id', False)):
            return {'reservation_id': reservation_id}
        result = self._view_builder.create(req, instances[0],
                                           security_groups)
        result['server']['adminPass'] = password
        req.response.headers['Location'] = result['server']['links'][0][
            'href']
        return result

    def _create(self, req, server, body, min_count, max_count, password):
        hints = dict(body.get('os:scheduler_hints') or
                     body.get('OS-SCH-HNT:scheduler_hints') or {})
        return self.compute_api.create(
            req.context,
            flavor_id=common.get_id_from_href(server['flavorRef']),
            image_href=server.get('imageRef'),
            name=server['name'],
            min_count=min_count, max_count=max_count,
            metadata=server.get('metadata', {}),
            key_name=server.get('key_name'),
            user_data=self._user_data(server.get('user_data')),
            availability_zone=server.get('availability_zone'),
            block_device_mapping=self._block_device_mapping(server),
            scheduler_hints=hints,
            admin_password=password,
            access_ip_v4=server.get('accessIPv4'),
            access_ip_v6=server.get('accessIPv6'),
            config_drive=_bool(server.get('config_drive', False)),
            requested_networks=self._requested_networks(server),
            return_reservation_id=_bool(server.get('return_reservation_id',
                                                   False)))

    @staticmethod
    def _user_data(user_data):
        """Nova takes user_data base64-encoded, and refuses anything else."""
        if user_data is None:
            return None
        try:
            base64.decodebytes(user_data.encode('utf-8'))
        except (binascii.Error, ValueError):
            raise exception.ValidationError(message=(
                "Invalid input for field/attribute user_data. Value: %s. "
                "%r is not a 'base64'" % (user_data, user_data)))
        return user_data

    @staticmethod
    def _block_device_mapping(server):
        mappings = []
        for entry in server.get('block_device_mapping_v2') or []:
            entry = dict(entry)
            for key in ('boot_index', 'volume_size'):
                if entry.get(key) is not None:
                    entry[key] = int(entry[key])
            if 'delete_on_termination' in entry:
                entry['delete_on_termination'] = _bool(
                    entry['delete_on_termination'])
            mappings.append(entry)
        return mappings

    @staticmethod
    def _requested_networks(server):
        """'none' (no network), None (the default network), or the list of
        ``{"uuid", "fixed_ip", "port"}`` asked for: each names a port or
        a network by uuid (Nova's words for what does not); the network
        back end checks that they exist."""
        networks = server.get('networks')
        if networks == 'auto' or networks is None:
            return None
        for network in networks if isinstance(networks, list) else ():
            if network.get('port'):
                continue
            if 'uuid' not in network:
                raise webob.exc.HTTPBadRequest(
                    explanation="Bad network format: missing 'uuid'")
            if not uuidutils.is_uuid_like(network['uuid']):
                raise webob.exc.HTTPBadRequest(
                    explanation='Bad networks format: network uuid is not '
                                'in proper format (%s)' % network['uuid'])
        return networks

    # -- read ----------------------------------------------------------------

    def show(self, req, server_id):
        instance = self._get_instance(req.context, server_id,
                                      expected_attrs=('metadata',))
        if instance.vm_state in views_servers.FAULT_VM_STATES:
            # The one query for the fault, only for a server that shows it.
            instance.obj_load_attr('fault')
        volumes, host_zones = self._volumes_and_zones([instance])
        return self._view_builder.show(req, instance,
                                       volumes.get(instance.uuid), host_zones)

    def index(self, req):
        instances = self._get_servers(req, expected_attrs=())
        return self._view_builder.index(req, instances)

    def detail(self, req):
        instances = self._get_servers(req)
        volumes, host_zones = self._volumes_and_zones(instances)
        return self._view_builder.detail(req, instances, volumes, host_zones)

    def _volumes_and_zones(self, instances):
        """``({instance uuid: [attached volume ids]}, {host: availability
        zone})`` of the servers, in one transaction."""
        if not instances:
            return {}, {}
        with db_session.reader_connection() as s:
            rows = db_bdms.get_by_instance_uuids(
                s, [instance.uuid for instance in instances])
            host_zones = self._host_zones.get(
                self.conf, {instance.host for instance in instances
                            if instance.host}, s)
        volumes = {}
        for row in rows:
            if row.destination_type == 'volume' and row.volume_id:
                volumes.setdefault(row.instance_uuid, []).append(
                    row.volume_id)
        return volumes, host_zones

    def _get_servers(self, req, expected_attrs=('metadata', 'fault')):
        """One page of the servers the query asks for (Nova's
        ``_get_servers``)."""
        context = req.context
        params = req.GET
        allowed = USER_FILTERS + (
            ADMIN_FILTERS if common.allowed(
                req, 'os_compute_api:servers:allow_all_filters') else ())
        opts = {key: params.get(key) for key in allowed if key in params}
        limit, marker = common.get_limit_and_marker(req)
        sort_keys, sort_dirs = self._sort_params(params)

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
                return []
            opts['vm_state'] = vm_state
            if 'default' not in task_state:
                opts['task_state'] = task_state
            if vm_state == ['deleted']:
                if not context.is_admin:
                    raise exception.Forbidden(
                        'Only administrators may list deleted instances')
                opts['deleted'] = True
        if 'changes-since' in opts:
            opts['changes-since'] = common.parse_time_filter(
                opts['changes-since'], 'changes-since')
        if 'deleted' in opts and not isinstance(opts['deleted'], bool):
            opts['deleted'] = _bool(opts['deleted'])

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
    def _sort_params(params):
        sort_keys = params.getall('sort_key') or None
        sort_dirs = params.getall('sort_dir') or None
        for direction in sort_dirs or ():
            if direction not in ('asc', 'desc'):
                raise exception.ValidationError(message=(
                    "Invalid input for query parameters sort_dir. Value: %s."
                    " It must be 'asc' or 'desc'" % direction))
        return sort_keys, sort_dirs

    # -- update and delete ---------------------------------------------------

    @validation.schema(schema.update)
    def update(self, req, server_id, body):
        instance = self._get_instance(req.context, server_id)
        server = body['server']
        instance = self.compute_api.update(
            req.context, instance, display_name=server.get('name'),
            access_ip_v4=server.get('accessIPv4'),
            access_ip_v6=server.get('accessIPv6'))
        if not instance.obj_attr_is_set('fault'):
            instance.fault = None
        return self._view_builder.update(req, instance)

    @wsgi.response(204)
    def delete(self, req, server_id):
        # With its metadata: the compute that terminates it cannot load it.
        instance = self._get_instance(req.context, server_id,
                                      expected_attrs=('metadata',))
        self.compute_api.delete(req.context, instance)
