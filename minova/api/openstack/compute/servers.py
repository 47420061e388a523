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

from minova.api import microversion
from minova.api.openstack import common
from minova.api.openstack.compute.schemas import servers as schema
from minova.api.openstack.compute import server_lists
from minova.api.openstack.compute.views import server_extras
from minova.api.openstack.compute.views import servers as views_servers
from minova.api import validation
from minova.api import wsgi
from minova import availability_zones
from minova.db import compute_nodes as db_compute_nodes
from minova import exception

_V = microversion.APIVersionRequest
V2_19, V2_37, V2_52, V2_60, V2_63, V2_67, V2_74 = (
    _V('2.19'), _V('2.37'), _V('2.52'), _V('2.60'), _V('2.63'), _V('2.67'),
    _V('2.74'))

# Nova's admin passwords: 12 characters, without the look-alikes (0/O, 1/l).
PASSWORD_LENGTH = 12
_PASSWORD_SYMBOLS = ('23456789ABCDEFGHJKLMNPQRSTUVWXYZ'
                     'abcdefghijkmnopqrstuvwxyz')


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


class ServersController(server_lists.ServerListMixin, common.Controller):
    """Boot (2.19 description, 2.37 networks required, 2.32/2.42 device
    tags, 2.52 tags, 2.74 host and node), list, show, update and delete
    servers; :mod:`server_lists` has the list queries."""

    def __init__(self, conf):
        super().__init__(conf)
        self._view_builder = views_servers.ViewBuilder()
        self._host_zones = availability_zones.HostZones()

    # -- create ------------------------------------------------------------

    @wsgi.response(202)
    @validation.versioned_schema(schema.CREATE)
    def create(self, req, body):
        server = body['server']
        self._check_versioned_create(req, server)
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

    def _check_versioned_create(self, req, server):
        """What a later version's body may ask that minova refuses."""
        version = req.api_version
        if version < V2_63:
            return
        if server.get('trusted_image_certificates'):
            raise webob.exc.HTTPBadRequest(explanation=(
                'Image certificate validation is not enabled.'))
        if version >= V2_67 and any(
                bdm.get('volume_type') for bdm in
                server.get('block_device_mapping_v2') or ()):
            raise webob.exc.HTTPBadRequest(explanation=(
                'minova cannot choose the volume type of a volume it creates '
                'at boot: create the volume first and boot from it'))

    def _destination(self, req, server):
        """The hosts a 2.74 ``host``/``hypervisor_hostname`` rules out
        (the scheduler's filters still judge the one asked for); an
        admin's request only."""
        host = server.get('host')
        node = server.get('hypervisor_hostname')
        if req.api_version < V2_74 or not (host or node):
            return []
        common.authorize(
            req, 'compute:servers:create:requested_destination')
        nodes = db_compute_nodes.get_all()
        if host and host not in {n.host for n in nodes}:
            raise webob.exc.HTTPBadRequest(
                explanation='Compute host %s could not be found.' % host)
        if node:
            hosts = {n.host for n in nodes if n.hypervisor_hostname == node
                     and (not host or n.host == host)}
            if not hosts:
                raise webob.exc.HTTPBadRequest(explanation=(
                    'Compute host %s could not be found.' % node))
            host = hosts.pop()
        return sorted({n.host for n in nodes} - {host})

    def _create(self, req, server, body, min_count, max_count, password):
        hints = dict(body.get('os:scheduler_hints') or
                     body.get('OS-SCH-HNT:scheduler_hints') or {})
        version = req.api_version
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
                                                   False)),
            description=(server.get('description')
                         if version >= V2_19 else None),
            tags=server.get('tags') if version >= V2_52 else None,
            ignore_hosts=self._destination(req, server),
            supports_multiattach=version >= V2_60)

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
        """'none' (no network, 2.37), None (the default network: none
        asked, or 2.37's 'auto'), or the list of ``{"uuid", "fixed_ip",
        "port", "tag"}`` asked for: each names a port or a network by
        uuid (Nova's words for what does not); the network back end checks
        that they exist."""
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
        return self._view_builder.show(req, instance,
                                       self._extras(req, [instance], True))

    def index(self, req):
        instances = self._get_servers(req, expected_attrs=())
        return self._view_builder.index(req, instances)

    def detail(self, req):
        instances = self._get_servers(req)
        return self._view_builder.detail(req, instances,
                                         self._extras(req, instances))

    def _extras(self, req, instances, one=False):
        """What the servers' views need beyond their rows; ``one``: a
        single server's (show, update), which shows its groups at 2.71."""
        return server_extras.load(req, instances, self._host_zones,
                                  show_groups=one)

    # -- update and delete ---------------------------------------------------

    @validation.versioned_schema(schema.UPDATE)
    def update(self, req, server_id, body):
        """Rename, re-address or (2.19) re-describe a server; the answer
        is the server as :meth:`ViewBuilder.update` shows it."""
        instance = self._get_instance(req.context, server_id)
        server = body['server']
        description = {}
        if 'description' in server and req.api_version >= V2_19:
            # null removes the description.
            description = {'display_description': server['description']}
        instance = self.compute_api.update(
            req.context, instance, display_name=server.get('name'),
            access_ip_v4=server.get('accessIPv4'),
            access_ip_v6=server.get('accessIPv6'), **description)
        if not instance.obj_attr_is_set('fault'):
            instance.fault = None
        return self._view_builder.update(req, instance,
                                         self._extras(req, [instance], True))

    @wsgi.response(204)
    def delete(self, req, server_id):
        # With its metadata: the compute that terminates it cannot load it.
        instance = self._get_instance(req.context, server_id,
                                      expected_attrs=('metadata',))
        self.compute_api.delete(req.context, instance)
