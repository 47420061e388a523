"""``/os-hypervisors``: the compute nodes, what they offer and use, and
whether their compute service is up and enabled (admin only; Nova's
``hypervisors.py`` at 2.1): list, detail, show, the node's ``uptime`` (asked
of its compute), ``search`` and ``servers`` by hostname, and the totals of
``statistics``."""

import webob.exc

from minova.api.openstack import common
from minova import exception
from minova.objects import compute_node as compute_node_obj
from minova.objects import instance as instance_obj
from minova.objects import service as service_obj
from minova import servicegroup

COMPUTE_BINARY = 'minova-compute'


class HypervisorsController(common.Controller):

    def _services(self, context):
        return {service.host: service for service in
                service_obj.Service.get_all(context, binary=COMPUTE_BINARY)}

    def _view(self, node, service, detail):
        up = service is not None and servicegroup.is_up(
            service, self.conf.service_down_time)
        body = {
            'id': node.id,
            'hypervisor_hostname': node.hypervisor_hostname,
            'state': 'up' if up else 'down',
            'status': ('disabled' if service is None or service.disabled
                       else 'enabled'),
        }
        if not detail:
            return body
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
            # A string at 2.1 (a dict from 2.28).
            'cpu_info': node.cpu_info,
            'disk_available_least': free_disk_gb,
            'host_ip': node.host_ip,
            'service': {
                'host': node.host,
                'id': service.id if service is not None else None,
                'disabled_reason': (service.disabled_reason
                                    if service is not None else None),
            },
        })
        return body

    def _list(self, req, detail):
        services = self._services(req.context)
        return {'hypervisors': [
            self._view(node, services.get(node.host), detail)
            for node in compute_node_obj.ComputeNode.get_all(req.context)]}

    def index(self, req):
        return self._list(req, detail=False)

    def detail(self, req):
        return self._list(req, detail=True)

    def _node(self, req, hypervisor_id):
        try:
            node_id = common.db_id(hypervisor_id)
            if node_id is None:
                raise exception.ComputeHostNotFound(host=hypervisor_id)
            return compute_node_obj.ComputeNode.get_by_id(req.context,
                                                          node_id)
        except exception.ComputeHostNotFound:
            raise webob.exc.HTTPNotFound(
                explanation="Hypervisor with ID '%s' could not be found."
                % hypervisor_id)

    def show(self, req, hypervisor_id):
        node = self._node(req, hypervisor_id)
        service = self._services(req.context).get(node.host)
        return {'hypervisor': self._view(node, service, detail=True)}

    def uptime(self, req, hypervisor_id):
        """What the node's hypervisor says of its uptime (the ``uptime``
        command's line on libvirt): a call to its compute, which must be
        up; 501 for a driver that cannot tell."""
        node = self._node(req, hypervisor_id)
        service = self._services(req.context).get(node.host)
        body = self._view(node, service, detail=False)
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

    def _matching(self, req, pattern):
        """The nodes whose hostname holds ``pattern``; 404 if none does."""
        services = self._services(req.context)
        nodes = [node for node in
                 compute_node_obj.ComputeNode.get_all(req.context)
                 if pattern in node.hypervisor_hostname]
        if not nodes:
            raise webob.exc.HTTPNotFound(
                explanation="No hypervisor matching '%s' could be found."
                % pattern)
        return [(node, self._view(node, services.get(node.host), False))
                for node in nodes]

    def search(self, req, hypervisor_hostname_pattern):
        return {'hypervisors': [body for _node, body in self._matching(
            req, hypervisor_hostname_pattern)]}

    def servers(self, req, hypervisor_hostname_pattern):
        """The matching nodes, each with its live instances (a node that
        has none shows no ``servers`` key, as in Nova)."""
        found = []
        for node, body in self._matching(req, hypervisor_hostname_pattern):
            instances = instance_obj.InstanceList.get_by_filters(
                req.context, {'host': node.host, 'node':
                              node.hypervisor_hostname},
                expected_attrs=())
            if instances:
                body['servers'] = [{'uuid': i.uuid, 'name': (
                    self.conf.instance_name_template % i.id)}
                                   for i in instances]
            found.append(body)
        return {'hypervisors': found}

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
            view = self._view(node, service, detail=True)
            totals['count'] += 1
            for key in totals:
                if key != 'count':
                    totals[key] += view[key]
        return {'hypervisor_statistics': totals}
