"""``/os-hypervisors``: the compute nodes, what they offer and use, and
whether their compute service is up and enabled (admin only; Nova's
``hypervisors.py`` at 2.1)."""

import webob.exc

from minova.api.openstack import common
from minova import exception
from minova.objects import compute_node as compute_node_obj
from minova.objects import service as service_obj
from minova import servicegroup

COMPUTE_BINARY = 'minova-compute'
_POLICY = 'os_compute_api:os-hypervisors:%s'


class HypervisorsController:

    def __init__(self, conf):
        self.conf = conf

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
        common.require_admin(req, _POLICY % ('detail' if detail else 'list'))
        services = self._services(req.context)
        return {'hypervisors': [
            self._view(node, services.get(node.host), detail)
            for node in compute_node_obj.ComputeNode.get_all(req.context)]}

    def index(self, req):
        return self._list(req, detail=False)

    def detail(self, req):
        return self._list(req, detail=True)

    def show(self, req, hypervisor_id):
        common.require_admin(req, _POLICY % 'show')
        try:
            node_id = common.db_id(hypervisor_id)
            if node_id is None:
                raise exception.ComputeHostNotFound(host=hypervisor_id)
            node = compute_node_obj.ComputeNode.get_by_id(
                req.context, node_id)
        except (ValueError, exception.ComputeHostNotFound):
            raise webob.exc.HTTPNotFound(
                explanation="Hypervisor with ID '%s' could not be found."
                % hypervisor_id)
        service = self._services(req.context).get(node.host)
        return {'hypervisor': self._view(node, service, detail=True)}
