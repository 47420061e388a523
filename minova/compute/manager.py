"""The compute service's RPC endpoints: the hypervisor, through its driver.

A compute never opens a database connection: what it reads and writes goes
through the conductor (``self.conductor_api``).
"""

from oslo_log import log as logging
import oslo_messaging as messaging

from minova.compute import resource_tracker
from minova.conductor import api as conductor_api
from minova import manager
from minova import plugins

LOG = logging.getLogger(__name__)


class ComputeManager(manager.Manager):
    """Manages the instances of one host."""

    target = messaging.Target(version='1.0')

    def __init__(self, conf, transport, host=None):
        super().__init__(conf, host=host, service_name='compute')
        driver_cls = plugins.load_class('minova.virt.drivers',
                                        conf.compute_driver)
        self.driver = driver_cls(conf)
        self.conductor_api = conductor_api.API(conf, transport)
        self.rt = resource_tracker.ResourceTracker(
            conf, self.host, self.driver, self.conductor_api)
        self.service_ref = None

    def init_host(self):
        self.driver.init_host(host=self.host)

    def cleanup_host(self):
        self.driver.cleanup_host(host=self.host)

    def post_start_hook(self):
        """Report the node at once: a new host is schedulable right away."""
        from minova import context
        self.update_available_resource(context.get_admin_context())

    @manager.periodic_task()
    def update_available_resource(self, context):
        self.rt.update_available_resource(
            context, service_id=self.service_ref.id if self.service_ref
            else None)
