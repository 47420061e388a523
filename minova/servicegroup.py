"""Service liveness: a service is up while its heartbeat is recent.

The heartbeat is the ``last_seen_up`` of its service record. Services with
a database write it directly; a compute asks the conductor to.
"""

import datetime
import time

from oslo_log import log as logging
import oslo_messaging as messaging
from oslo_utils import timeutils

LOG = logging.getLogger(__name__)


_EPOCH = datetime.datetime(1970, 1, 1)


def seconds(when):
    """A datetime as seconds since the epoch (naive times are UTC)."""
    return (timeutils.normalize_time(when) - _EPOCH).total_seconds()


def last_heartbeat(service):
    """When ``service`` last heartbeated, in seconds since the epoch, or
    None when it never did."""
    last = service.last_seen_up or service.updated_at or service.created_at
    return None if last is None else seconds(last)


def is_up(service, service_down_time, now=None):
    """True when ``service`` heartbeated within ``service_down_time`` s."""
    if service.forced_down:
        return False
    last = last_heartbeat(service)
    if last is None:
        return False
    now = seconds(now or timeutils.utcnow())
    return abs(now - last) <= service_down_time


def compute_is_up(conf, context, host):
    """Whether the compute service of ``host`` heartbeats (False for a
    host without one)."""
    from minova import exception
    from minova.objects import service as service_obj
    try:
        service = service_obj.Service.get_by_host_and_binary(
            context, host, 'minova-compute')
    except exception.HostBinaryNotFound:
        return False
    return is_up(service, conf.service_down_time)


class DatabaseServiceRecords:
    """Registers and heartbeats a service straight in the database."""

    def get_or_create(self, context, host, binary, topic, version):
        from minova.objects import service as service_obj
        return service_obj.Service.get_or_create(context, host, binary, topic,
                                                 version)

    def heartbeat(self, context, service):
        service.heartbeat()
        return service


class ConductorServiceRecords:
    """Registers and heartbeats a service through the conductor (compute)."""

    RETRY_SECONDS = 10

    def __init__(self, conductor_api):
        self.conductor_api = conductor_api

    def get_or_create(self, context, host, binary, topic, version):
        """Register through the conductor, waiting for it to be there: a
        compute may start before the conductor (as Nova's waits)."""
        while True:
            try:
                return self.conductor_api.service_get_or_create(
                    context, host, binary, topic, version,
                    timeout=self.RETRY_SECONDS)
            except (messaging.MessagingTimeout,
                    messaging.MessageUndeliverable):
                # Timeout: the message was lost; undeliverable: RabbitMQ has
                # no conductor queue yet. Either way, ask again.
                LOG.warning('%s on %s is waiting for the conductor to '
                            'answer on the bus', binary, host)
                time.sleep(1)

    def heartbeat(self, context, service):
        return self.conductor_api.service_heartbeat(context, service.id)
