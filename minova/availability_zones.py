"""Which availability zone each host and service is in (Nova's
``availability_zones.py``); the api service asks it.

A compute host is in the zone of its aggregate with an
``availability_zone`` (see :mod:`minova.aggregates`), else in
``[compute] default_availability_zone``. Every other service (conductor,
scheduler, ...) is in the internal zone, which the zone list hides.
"""

from minova.db import aggregates as db_aggregates
from minova.db import session
from minova.objects import service as service_obj

INTERNAL_ZONE = 'internal'
COMPUTE_BINARY = 'minova-compute'


def get_host_zones(conf, hosts):
    """``{host: zone}`` for each of ``hosts``: one query however many."""
    hosts = set(hosts)
    if not hosts:
        return {}
    with session.reader() as s:
        zones = db_aggregates.get_host_zones(s, hosts)
    default = conf.compute.default_availability_zone
    return {host: zones.get(host, default) for host in hosts}


class HostZones:
    """``{host: zone}`` lookups that re-read the zone aggregates only when
    they changed.

    Each lookup asks the aggregates' version (one small prebuilt query,
    :func:`minova.db.aggregates.get_version`) instead of joining three
    tables; the hosts' zones are read again only when the version moved,
    so an aggregate changed by another API process is seen at once. One
    per API application (a controller keeps it).
    """

    def __init__(self):
        # (version, {host: zone}), replaced whole: a lookup never sees a
        # zone map with another version's key.
        self._cached = (None, {})

    def get(self, conf, hosts, s):
        """``{host: zone}`` for each of ``hosts``, read in session ``s``."""
        if not hosts:
            return {}
        version = db_aggregates.get_version(s)
        cached_version, zones = self._cached
        if version != cached_version:
            # Read after the version: at least as new as the key it is
            # kept under.
            zones = db_aggregates.get_host_zones(s)
            self._cached = (version, zones)
        default = conf.compute.default_availability_zone
        return {host: zones.get(host, default) for host in hosts}


def get_host_availability_zone(conf, host):
    return get_host_zones(conf, [host])[host]


def get_instance_availability_zone(conf, instance):
    """The zone ``instance`` is in: its host's, or, before it has one, the
    zone it was asked for (None when none was)."""
    host = instance.host if 'host' in instance else None
    if not host:
        return instance.availability_zone if 'availability_zone' in \
            instance else None
    return get_host_availability_zone(conf, host)


def set_availability_zones(conf, services):
    """``[(service, zone)]`` for ``services``, in their order."""
    zones = get_host_zones(conf, [s.host for s in services
                                  if s.binary == COMPUTE_BINARY])
    return [(service, zones[service.host]
             if service.binary == COMPUTE_BINARY else INTERNAL_ZONE)
            for service in services]


def get_availability_zones(conf, context, services=None):
    """(available, not_available) zone names, in service order.

    A zone is available while one enabled service is in it; a zone whose
    services are all disabled is not. (Whether a service is up does not
    count, as in Nova.)
    """
    if services is None:
        services = service_obj.Service.get_all(context)
    available, not_available = [], []
    pairs = set_availability_zones(conf, services)
    for service, zone in pairs:
        if not service.disabled and zone not in available:
            available.append(zone)
    for service, zone in pairs:
        if zone not in available and zone not in not_available:
            not_available.append(zone)
    return available, not_available


def get_compute_zones(conf, context):
    """The zones a server may be booted in: those of enabled computes."""
    services = service_obj.Service.get_all(context, binary=COMPUTE_BINARY)
    available, _ = get_availability_zones(
        conf, context, [s for s in services if not s.disabled])
    return available
