"""``/os-hypervisors``: the compute nodes, what they offer and use, and
whether their compute service is up and enabled (admin only; Nova's
``hypervisors.py``): list, detail, show, the node's ``uptime`` (asked
of its compute), ``search`` and ``servers`` by hostname, and the totals of
``statistics``.

By microversion, as Nova: ``cpu_info`` is an object from 2.28 (a JSON
string before); the lists page with ``limit`` and ``marker`` from 2.33;
from 2.53 ids are the node's and its service's uuids, the lists take
``hypervisor_hostname_pattern`` and ``with_servers`` (and show
``with_servers``) while ``search`` and ``servers`` answer 404; from 2.75
a node asked ``with_servers`` always has a ``servers`` key."""

import json

from oslo_utils import uuidutils
import webob.exc

from minova.api import microversion
from minova.api.openstack import common
from minova import exception
from minova.objects import compute_node as compute_node_obj
from minova.objects import instance as instance_obj
from minova.objects import service as service_obj
from minova import servicegroup

COMPUTE_BINARY = 'minova-compute'
CPU_INFO_OBJECT_VERSION = '2.28'
PAGING_VERSION = '2.33'
UUID_FOR_ID_VERSION = '2.53'
SERVERS_ALWAYS_VERSION = '2.75'


def _cpu_info(req, node):
    if req.api_version < CPU_INFO_OBJECT_VERSION:
        return node.cpu_info
    return json.loads(node.cpu_info) if node.cpu_info else {}


class _Links(common.ViewBuilder):
    _collection_name = 'os-hypervisors'

    def links(self, req, items, detail):
        return self._get_collection_links(
            req, items, collection='os-hypervisors/detail' if detail
            else None)


class HypervisorsController(common.Controller):

    _links = _Links()

    def _services(self, context):
        return {service.host: service for service in
                service_obj.Service.get_all(context, binary=COMPUTE_BINARY)}

    def _view(self, req, node, service, detail, servers=None):
        """One node; ``servers`` (a list, or None when not asked for) adds
        its instances: only if it has some before 2.75, always from."""
        up = service is not None and servicegroup.is_up(
            service, self.conf.service_down_time)
        uuids = req.api_version >= UUID_FOR_ID_VERSION
        body = {
            'id': node.uuid if uuids else node.id,
            'hypervisor_hostname': node.hypervisor_hostname,
            'state': 'up' if up else 'down',
            'status': ('disabled' if service is None or service.disabled
                       else 'enabled'),
        }
        if detail:
            free_disk_gb = node.local_gb - node.local_gb_used
            body.update({
                'vcpus': node.vcpus,
                'memory_mb': node.memory_mb,
                'local_gb': node.local_gb,
                'vcpus_used': node.vcpus_used,
                'memory_mb_used': node.memory_mb_used,
                'local_gb_used': node.local_gb_used,
                'hypervisor_type': node.hypervisor_type,
                'hypervisor_version': node.hypervisor_version,
                'free_ram_mb': node.memory_mb - node.memory_mb_used,
                'free_disk_gb': free_disk_gb,
                'current_workload': 0,
                'running_vms': node.running_vms,
                'cpu_info': _cpu_info(req, node),
                'disk_available_least': free_disk_gb,
                'host_ip': node.host_ip,
                'service': {
                    'host': node.host,
                    'id': (None if service is None else
                           service.uuid if uuids else service.id),
                    'disabled_reason': (service.disabled_reason
                                        if service is not None else None),
                },
            })
        if servers or (servers is not None and
                       req.api_version >= SERVERS_ALWAYS_VERSION):
            body['servers'] = servers
        return body

    def _servers_of(self, req, node):
        instances = instance_obj.InstanceList.get_by_filters(
            req.context, {'host': node.host, 'node':
                          node.hypervisor_hostname}, expected_attrs=())
        return [{'uuid': i.uuid,
                 'name': self.conf.instance_name_template % i.id}
                for i in instances]

    @staticmethod
    def _with_servers(req):
        if req.api_version < UUID_FOR_ID_VERSION:
            return False
        return common.parse_bool(req.GET.get('with_servers', False),
                                 'with_servers')

    def _page(self, req, nodes):
        """The page of ``nodes`` (ordered by id) ``limit`` and ``marker``
        (an id, a uuid from 2.53) ask for."""
        limit, marker = common.get_limit_and_marker(req)
        start = 0
        if marker is not None:
            key = ('uuid' if req.api_version >= UUID_FOR_ID_VERSION
                   else 'id')
            for index, node in enumerate(nodes):
                if str(getattr(node, key)) == marker:
                    start = index + 1
                    break
            else:
                raise common.marker_not_found(marker)
        return nodes[start:start + limit]

    def _list(self, req, detail):
        nodes = compute_node_obj.ComputeNode.get_all(req.context)
        pattern = None
        if req.api_version >= UUID_FOR_ID_VERSION:
            pattern = req.GET.get('hypervisor_hostname_pattern')
        paged = req.api_version >= PAGING_VERSION and pattern is None
        if pattern is not None:
            if 'limit' in req.GET or 'marker' in req.GET:
                raise webob.exc.HTTPBadRequest(
                    explanation='Paging over hypervisors with the '
                                'hypervisor_hostname_pattern query '
                                'parameter is not supported.')
            nodes = self._search(nodes, pattern)
        elif paged:
            nodes = self._page(req, nodes)
        with_servers = self._with_servers(req)
        services = self._services(req.context)
        items = [self._view(
            req, node, services.get(node.host), detail,
            self._servers_of(req, node) if with_servers else None)
            for node in nodes]
        body = {'hypervisors': items}
        if paged:
            links = self._links.links(req, items, detail)
            if links:
                body['hypervisors_links'] = links
        return body

    def index(self, req):
        return self._list(req, detail=False)

    def detail(self, req):
        return self._list(req, detail=True)

    def _node(self, req, hypervisor_id):
        def not_found():
            return webob.exc.HTTPNotFound(
                explanation="Hypervisor with ID '%s' could not be found."
                % hypervisor_id)
        nodes = compute_node_obj.ComputeNode
        try:
            if req.api_version >= UUID_FOR_ID_VERSION:
                if not uuidutils.is_uuid_like(hypervisor_id):
                    raise webob.exc.HTTPBadRequest(
                        explanation='Invalid uuid %s' % hypervisor_id)
                return nodes.get_by_uuid(req.context, hypervisor_id)
            node_id = common.db_id(hypervisor_id)
            if node_id is None:
                raise not_found()
            return nodes.get_by_id(req.context, node_id)
        except exception.ComputeHostNotFound:
            raise not_found()

    def show(self, req, hypervisor_id):
        node = self._node(req, hypervisor_id)
        service = self._services(req.context).get(node.host)
        servers = (self._servers_of(req, node) if self._with_servers(req)
                   else None)
        return {'hypervisor': self._view(req, node, service, True, servers)}

    def uptime(self, req, hypervisor_id):
        """What the node's hypervisor says of its uptime (the ``uptime``
        command's line on libvirt): a call to its compute, which must be
        up; 501 for a driver that cannot tell."""
        node = self._node(req, hypervisor_id)
        service = self._services(req.context).get(node.host)
        body = self._view(req, node, service, detail=False)
        if body['state'] != 'up':
            raise webob.exc.HTTPBadRequest(
                explanation='Compute service of %s is unavailable at this '
                            'time.' % node.host)
        try:
            body['uptime'] = self.compute_api.get_host_uptime(
                req.context, node.host)
        except NotImplementedError:
            raise webob.exc.HTTPNotImplemented(
                explanation='Virt driver does not implement uptime '
                            'function.')
        return {'hypervisor': body}

    @staticmethod
    def _search(nodes, pattern):
        """The nodes whose hostname holds ``pattern``; 404 if none does."""
        found = [node for node in nodes
                 if pattern in node.hypervisor_hostname]
        if not found:
            raise webob.exc.HTTPNotFound(
                explanation="No hypervisor matching '%s' could be found."
                % pattern)
        return found

    @microversion.version_handler('2.1', '2.52')
    def search(self, req, hypervisor_hostname_pattern):
        services = self._services(req.context)
        return {'hypervisors': [
            self._view(req, node, services.get(node.host), False)
            for node in self._search(
                compute_node_obj.ComputeNode.get_all(req.context),
                hypervisor_hostname_pattern)]}

    @microversion.version_handler('2.1', '2.52')
    def servers(self, req, hypervisor_hostname_pattern):
        """The matching nodes, each with its live instances (a node that
        has none shows no ``servers`` key, as in Nova)."""
        services = self._services(req.context)
        return {'hypervisors': [
            self._view(req, node, services.get(node.host), False,
                       self._servers_of(req, node))
            for node in self._search(
                compute_node_obj.ComputeNode.get_all(req.context),
                hypervisor_hostname_pattern)]}

    def statistics(self, req):
        """The sums over the nodes whose compute service is enabled (as
        Nova counts them)."""
        services = self._services(req.context)
        totals = dict.fromkeys((
            'count', 'vcpus', 'memory_mb', 'local_gb', 'vcpus_used',
            'memory_mb_used', 'local_gb_used', 'free_ram_mb', 'free_disk_gb',
            'current_workload', 'running_vms', 'disk_available_least'), 0)
        for node in compute_node_obj.ComputeNode.get_all(req.context):
            service = services.get(node.host)
            if service is None or service.disabled:
                continue
            view = self._view(req, node, service, detail=True)
            totals['count'] += 1
            for key in totals:
                if key != 'count':
                    totals[key] += view[key]
        return {'hypervisor_statistics': totals}
