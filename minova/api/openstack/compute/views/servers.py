"""Servers as Nova shows them (``nova/api/openstack/compute/views/servers.py``
at microversion 2.1).

``basic`` is a list entry (id, name, links); ``show`` the full server, with
the ``OS-EXT-STS:*``, ``OS-EXT-AZ:*`` and ``OS-SRV-USG:*`` attributes every
caller sees, the ``OS-EXT-SRV-ATTR:*`` ones only admins see, and a
``fault`` for a server in ERROR (its ``details`` only for admins, or when
the fault is not a 500).
"""

import hashlib

from minova.api.openstack import common
from minova.api.openstack.compute.views import addresses as views_addresses
from minova.compute import vm_states

# Statuses that show a progress, and those that show the fault.
_PROGRESS_STATUSES = ('ACTIVE', 'BUILD', 'REBUILD', 'RESIZE',
                      'VERIFY_RESIZE', 'MIGRATING')
_FAULT_STATUSES = ('ERROR', 'DELETED')
#: The vm_states of the servers whose status shows the fault.
FAULT_VM_STATES = (vm_states.ERROR, vm_states.DELETED)


def generate_host_id(host, project_id):
    """``hostId``: the same for two servers of a project on one host, and
    meaningless across projects (Nova's sha224 of project + host)."""
    if not host:
        return ''
    return hashlib.sha224((str(project_id) + host).encode('utf-8')).hexdigest()


# What Nova's update view leaves out (show_extended_attr=False and the
# like): these prefixes, and these keys.
_EXTENSION_PREFIXES = ('OS-EXT-AZ:', 'OS-EXT-SRV-ATTR:', 'OS-EXT-STS:',
                       'OS-SRV-USG:', 'os-extended-volumes:')
_EXTENSIONS = ('config_drive', 'key_name', 'security_groups')


class ViewBuilder(common.ViewBuilder):

    _collection_name = 'servers'

    def __init__(self):
        self._address_builder = views_addresses.ViewBuilder()

    # -- the three shapes -------------------------------------------------------

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

    def show(self, req, instance, volumes=None, host_zones=None):
        """The whole server; ``volumes`` are the ids of its attached
        volumes, ``host_zones`` maps its host to the host's availability
        zone."""
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
            'flavor': self._flavor(req, instance),
            'created': common.isotime(instance.created_at),
            # Nova never shows a null "updated": a server not changed
            # since it was created was updated when it was created.
            'updated': common.isotime(instance.updated_at or
                                      instance.created_at),
            'addresses': self._address_builder.index(
                views_addresses.get_networks(instance.network_info),
                extend_address=True)['addresses'],
            'accessIPv4': str(instance.access_ip_v4 or ''),
            'accessIPv6': str(instance.access_ip_v6 or ''),
            'links': self._get_links(req, instance.uuid),
            'OS-DCF:diskConfig': 'MANUAL',
            'key_name': instance.key_name,
            'config_drive': instance.config_drive or '',
            'OS-EXT-AZ:availability_zone': self._availability_zone(
                req, instance, host_zones),
            'OS-EXT-STS:vm_state': instance.vm_state,
            'OS-EXT-STS:task_state': instance.task_state,
            'OS-EXT-STS:power_state': instance.power_state,
            'OS-SRV-USG:launched_at': common.primitive_time(
                instance.launched_at),
            'OS-SRV-USG:terminated_at': common.primitive_time(
                instance.terminated_at),
            'security_groups': [{'name': 'default'}],
            'os-extended-volumes:volumes_attached': [
                {'id': volume_id} for volume_id in volumes or []],
        }
        if status in _PROGRESS_STATUSES:
            # minova's drivers report no progress; Nova's show 0 too.
            server['progress'] = 0
        if req.context.is_admin:
            server['OS-EXT-SRV-ATTR:host'] = instance.host
            server['OS-EXT-SRV-ATTR:hypervisor_hostname'] = instance.node
            server['OS-EXT-SRV-ATTR:instance_name'] = (
                req.conf.instance_name_template % instance.id)
        if status in _FAULT_STATUSES:
            fault = self._fault(req, instance)
            if fault:
                server['fault'] = fault
        return {'server': server}

    def update(self, req, instance):
        """The answer to PUT /servers/{id}: Nova's show without the
        extensions' fields (availability zone, extended attributes and
        status, usage, config drive, key name, security groups, volumes)
        and with plain addresses, as Nova answers it before 2.75."""
        server = self.show(req, instance)['server']
        for key in list(server):
            if key.startswith(_EXTENSION_PREFIXES) or key in _EXTENSIONS:
                del server[key]
        server['addresses'] = self._address_builder.index(
            views_addresses.get_networks(instance.network_info))['addresses']
        return {'server': server}

    def index(self, req, instances):
        return self._list_view(
            req, [self.basic(req, instance)['server']
                  for instance in instances])

    def detail(self, req, instances, volumes=None, host_zones=None):
        volumes = volumes or {}
        return self._list_view(
            req, [self.show(req, instance, volumes.get(instance.uuid),
                            host_zones)['server']
                  for instance in instances], collection='servers/detail')

    # -- parts ----------------------------------------------------------------------

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
