"""Servers as Nova shows them (``nova/api/openstack/compute/views/servers.py``),
microversion by microversion.

``basic`` is a list entry (id, name, links); ``show`` the full server, with
the ``OS-EXT-STS:*``, ``OS-EXT-AZ:*`` and ``OS-SRV-USG:*`` attributes every
caller sees, the ``OS-EXT-SRV-ATTR:*`` ones only admins see, and a
``fault`` for a server in ERROR (its ``details`` only for admins, or when
the fault is not a 500). ``update`` is the answer to PUT /servers/{id}:
before 2.75 a smaller server than ``show``'s, from 2.75 the same;
``rebuild`` the rebuild action's: ``update``'s with ``key_name`` from 2.54
and ``user_data`` from 2.57 (in place of ``OS-EXT-SRV-ATTR:user_data``).

What each microversion adds: 2.3 more ``OS-EXT-SRV-ATTR:*`` (admins) and
``delete_on_termination`` in the attached volumes; 2.9 ``locked``; 2.16
``host_status`` (admins); 2.19 ``description``; 2.26 ``tags``; 2.47 the
flavor itself instead of its link; 2.63 ``trusted_image_certificates``
(always null: minova has no certificate validation); 2.71
``server_groups`` (show and update); 2.73 ``locked_reason``.
"""

import hashlib

from minova.api import microversion
from minova.api.openstack import common
from minova.api.openstack.compute.views import addresses as views_addresses
from minova.api.openstack.compute.views import server_extras
from minova.compute import vm_states

# Statuses that show a progress, and those that show the fault.
_PROGRESS_STATUSES = ('ACTIVE', 'BUILD', 'REBUILD', 'RESIZE',
                      'VERIFY_RESIZE', 'MIGRATING')
_FAULT_STATUSES = ('ERROR', 'DELETED')
#: The vm_states of the servers whose status shows the fault.
FAULT_VM_STATES = (vm_states.ERROR, vm_states.DELETED)

# Built once: compared on every server of every listing.
_V = microversion.APIVersionRequest
V2_3, V2_9, V2_16, V2_19, V2_26, V2_47, V2_63, V2_73, V2_75 = (
    _V('2.3'), _V('2.9'), _V('2.16'), _V('2.19'), _V('2.26'), _V('2.47'),
    _V('2.63'), _V('2.73'), _V('2.75'))
V2_54, V2_57 = _V('2.54'), _V('2.57')


def generate_host_id(host, project_id):
    """``hostId``: the same for two servers of a project on one host, and
    meaningless across projects (Nova's sha224 of project + host)."""
    if not host:
        return ''
    return hashlib.sha224((str(project_id) + host).encode('utf-8')).hexdigest()


class ViewBuilder(common.ViewBuilder):

    _collection_name = 'servers'

    def __init__(self):
        self._address_builder = views_addresses.ViewBuilder()

    # -- the shapes ------------------------------------------------------------

    def create(self, req, instance, security_groups=None):
        """The body of a 202 to POST /servers (the caller adds adminPass)."""
        return {'server': {
            'id': instance.uuid,
            'links': self._get_links(req, instance.uuid),
            'OS-DCF:diskConfig': 'MANUAL',
            'security_groups': [{'name': name}
                                for name in security_groups or ['default']],
        }}

    def basic(self, req, instance):
        return {'server': {
            'id': instance.uuid,
            'name': instance.display_name,
            'links': self._get_links(req, instance.uuid),
        }}

    def show(self, req, instance, extras=server_extras.NONE):
        """The whole server; ``extras`` what its row does not hold
        (:mod:`server_extras`)."""
        version = req.api_version
        server = self._common(req, instance, extras, version)
        server.update({
            'addresses': self._address_builder.index(
                views_addresses.get_networks(instance.network_info),
                extend_address=True)['addresses'],
            'key_name': instance.key_name,
            'config_drive': instance.config_drive or '',
            'OS-EXT-AZ:availability_zone': self._availability_zone(
                req, instance, extras.host_zones),
            'OS-EXT-STS:vm_state': instance.vm_state,
            'OS-EXT-STS:task_state': instance.task_state,
            'OS-EXT-STS:power_state': instance.power_state,
            'OS-SRV-USG:launched_at': common.primitive_time(
                instance.launched_at),
            'OS-SRV-USG:terminated_at': common.primitive_time(
                instance.terminated_at),
            'security_groups': [{'name': 'default'}],
            'os-extended-volumes:volumes_attached': self._volumes(
                instance, extras, version),
        })
        if common.allowed(req, 'os_compute_api:os-extended-server-attributes'):
            self._extended_attributes(req, server, instance, extras, version)
        if extras.host_statuses is not None:
            server['host_status'] = extras.host_statuses.get(
                instance.host, '')
        return {'server': server}

    def update(self, req, instance, extras=server_extras.NONE):
        """The answer to PUT /servers/{id}: ``show``'s from 2.75, before
        that Nova's smaller server (no zone, states, volumes, usage or
        admin attributes, and plain addresses)."""
        version = req.api_version
        if version >= V2_75:
            return self.show(req, instance, extras)
        server = self._common(req, instance, extras, version)
        server['addresses'] = self._address_builder.index(
            views_addresses.get_networks(instance.network_info))['addresses']
        return {'server': server}

    def rebuild(self, req, instance, extras=server_extras.NONE):
        """The answer to the rebuild action."""
        view = self.update(req, instance, extras)
        server = view['server']
        server.pop('OS-EXT-SRV-ATTR:user_data', None)
        if req.api_version >= V2_54:
            server['key_name'] = instance.key_name
        if req.api_version >= V2_57:
            server['user_data'] = instance.user_data
        return view

    def index(self, req, instances):
        return self._list_view(
            req, [self.basic(req, instance)['server']
                  for instance in instances])

    def detail(self, req, instances, extras=server_extras.NONE):
        return self._list_view(
            req, [self.show(req, instance, extras)['server']
                  for instance in instances], collection='servers/detail')

    # -- parts ----------------------------------------------------------------------

    def _common(self, req, instance, extras, version):
        """What show and update share, with the later versions' fields."""
        status = common.status_from_state(instance.vm_state,
                                          instance.task_state)
        server = {
            'id': instance.uuid,
            'name': instance.display_name,
            'status': status,
            'tenant_id': instance.project_id,
            'user_id': instance.user_id,
            'metadata': dict(instance.metadata),
            'hostId': generate_host_id(instance.host, instance.project_id),
            'image': self._image(req, instance),
            'flavor': (self._flavor_dict(instance) if version >= V2_47
                       else self._flavor(req, instance)),
            'created': common.isotime(instance.created_at),
            # Nova never shows a null "updated": a server not changed
            # since it was created was updated when it was created.
            'updated': common.isotime(instance.updated_at or
                                      instance.created_at),
            'accessIPv4': str(instance.access_ip_v4 or ''),
            'accessIPv6': str(instance.access_ip_v6 or ''),
            'links': self._get_links(req, instance.uuid),
            'OS-DCF:diskConfig': 'MANUAL',
        }
        if status in _PROGRESS_STATUSES:
            # minova's drivers report no progress; Nova's show 0 too.
            server['progress'] = 0
        if status in _FAULT_STATUSES:
            fault = self._fault(req, instance)
            if fault:
                server['fault'] = fault
        if version >= V2_9:
            server['locked'] = bool(instance.locked)
            if version >= V2_73:
                server['locked_reason'] = (
                    instance.system_metadata or {}).get('locked_reason')
            if version >= V2_19:
                server['description'] = instance.display_description
            if version >= V2_26:
                server['tags'] = (extras.tags or {}).get(instance.uuid, [])
            if version >= V2_63:
                server['trusted_image_certificates'] = None
            if extras.groups is not None:
                server['server_groups'] = extras.groups.get(instance.uuid,
                                                            [])
        return server

    @staticmethod
    def _volumes(instance, extras, version):
        attached = extras.volumes.get(instance.uuid, ())
        if version >= V2_3:
            return [{'id': volume_id, 'delete_on_termination': delete}
                    for volume_id, delete in attached]
        return [{'id': volume_id} for volume_id, _delete in attached]

    @staticmethod
    def _extended_attributes(req, server, instance, extras, version):
        """The admins' ``OS-EXT-SRV-ATTR:*``; more of them from 2.3."""
        server['OS-EXT-SRV-ATTR:host'] = instance.host
        server['OS-EXT-SRV-ATTR:hypervisor_hostname'] = instance.node
        server['OS-EXT-SRV-ATTR:instance_name'] = (
            req.conf.instance_name_template % instance.id)
        if version >= V2_3:
            server.update({
                'OS-EXT-SRV-ATTR:reservation_id': instance.reservation_id,
                'OS-EXT-SRV-ATTR:launch_index': instance.launch_index,
                'OS-EXT-SRV-ATTR:hostname': instance.hostname or '',
                # minova boots no separate kernel or ramdisk.
                'OS-EXT-SRV-ATTR:kernel_id': '',
                'OS-EXT-SRV-ATTR:ramdisk_id': '',
                'OS-EXT-SRV-ATTR:root_device_name':
                    extras.root_devices.get(instance.uuid),
                'OS-EXT-SRV-ATTR:user_data': instance.user_data,
            })

    def _image(self, req, instance):
        """``""`` for a server booted from a volume, as in Nova."""
        if not instance.image_ref:
            return ''
        return {'id': instance.image_ref,
                'links': [{'rel': 'bookmark', 'href': self._bookmark(
                    req, instance.image_ref, 'images')}]}

    def _flavor(self, req, instance):
        flavor_id = instance.flavor.flavorid
        return {'id': flavor_id,
                'links': [{'rel': 'bookmark', 'href': self._bookmark(
                    req, flavor_id, 'flavors')}]}

    @staticmethod
    def _flavor_dict(instance):
        """The flavor the server was given (2.47), with its extra specs
        (Nova's default policy shows them to the server's project)."""
        flavor = instance.flavor
        return {'vcpus': flavor.vcpus, 'ram': flavor.memory_mb,
                'disk': flavor.root_gb, 'ephemeral': flavor.ephemeral_gb,
                'swap': flavor.swap, 'original_name': flavor.name,
                'extra_specs': dict(flavor.extra_specs
                                    if flavor.obj_attr_is_set('extra_specs')
                                    else {})}

    @staticmethod
    def _availability_zone(req, instance, host_zones):
        # Nova shows the zone of the host once the server has one (an
        # aggregate may have moved the host since the boot); before that,
        # the zone asked for (or "").
        if instance.host:
            return ((host_zones or {}).get(instance.host) or
                    instance.availability_zone or
                    req.conf.compute.default_availability_zone)
        return instance.availability_zone or ''

    @staticmethod
    def _fault(req, instance):
        fault = instance.fault if instance.obj_attr_is_set('fault') else None
        if not fault:
            return None
        body = {'code': fault.code, 'message': fault.message,
                'created': common.isotime(fault.created_at)}
        if fault.details and (req.context.is_admin or fault.code != 500):
            body['details'] = fault.details
        return body
