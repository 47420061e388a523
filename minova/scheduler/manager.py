"""The scheduler service's RPC endpoints."""

from oslo_log import log as logging
import oslo_messaging as messaging

from minova import exception
from minova import manager
from minova import plugins

LOG = logging.getLogger(__name__)


class SchedulerManager(manager.Manager):
    """Loads ``[scheduler] driver`` and answers select_destinations."""

    target = messaging.Target(version='1.0')

    def __init__(self, conf, host=None):
        super().__init__(conf, host=host, service_name='scheduler')
        driver_cls = plugins.load_class('minova.scheduler.driver',
                                        conf.scheduler.driver)
        self.driver = driver_cls(conf)

    def init_host(self):
        # The driver's background work (the filter scheduler's full read
        # of the hosts) starts with the service.
        self.driver.start()

    def cleanup_host(self):
        self.driver.stop()

    @messaging.expected_exceptions(exception.NoValidHost)
    def select_destinations(self, context, spec_obj, instance_uuids,
                            return_alternates=True):
        return self.driver.select_destinations(
            context, spec_obj, instance_uuids,
            return_alternates=return_alternates)
