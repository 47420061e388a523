"""The conductor: builds' orchestration, and the database for computes."""

from oslo_log import log as logging
import oslo_messaging as messaging

from minova import manager
from minova.objects import compute_node as compute_node_obj
from minova.objects import service as service_obj

LOG = logging.getLogger(__name__)


class ConductorManager(manager.Manager):
    """The database proxy: what a compute may read and write, explicitly."""

    target = messaging.Target(version='1.0')

    def __init__(self, conf, host=None):
        super().__init__(conf, host=host, service_name='conductor')
        self.compute_task_mgr = ComputeTaskManager(conf, host=self.host)
        self.additional_endpoints = [self.compute_task_mgr]

    def service_get_or_create(self, context, host, binary, topic, version):
        return service_obj.Service.get_or_create(context, host, binary, topic,
                                                 version)

    def service_heartbeat(self, context, service_id):
        service = service_obj.Service.get_by_id(context, service_id)
        service.heartbeat()
        return service

    def compute_node_update(self, context, host, nodename, resources):
        return compute_node_obj.ComputeNode.create_or_update(
            context, host, nodename, resources)


class ComputeTaskManager(manager.Manager):
    """Build orchestration: scheduling, then a cast to the chosen compute."""

    target = messaging.Target(namespace='compute_task', version='1.0')

    def __init__(self, conf, host=None):
        super().__init__(conf, host=host, service_name='conductor')
