"""``/os-availability-zone``: the zones a user may boot in, and for admins
(``/detail``) the hosts and services of every zone (Nova's
``availability_zone.py`` at 2.1)."""

from minova.api.openstack import common
from minova import availability_zones
from minova.objects import service as service_obj
from minova import servicegroup

# API services are not shown in the detail, as in Nova.
_API_BINARIES = ('minova-api', 'minova-osapi_compute', 'minova-metadata')


def _zone(name, available, hosts=None):
    return {'zoneName': name, 'zoneState': {'available': available},
            'hosts': hosts}


class AvailabilityZoneController:

    def __init__(self, conf):
        self.conf = conf

    def index(self, req):
        """Every zone but the internal one; ``hosts`` is null."""
        available, not_available = availability_zones.get_availability_zones(
            self.conf, req.context)
        return {'availabilityZoneInfo': [
            _zone(name, is_available)
            for names, is_available in ((available, True),
                                        (not_available, False))
            for name in names
            if name != availability_zones.INTERNAL_ZONE]}

    def detail(self, req):
        """Each available zone with its hosts and their enabled services
        (``available`` is whether the service is up, ``active`` whether it
        is enabled); zones with no enabled service have ``hosts`` null."""
        services = service_obj.Service.get_all(req.context)
        available, not_available = availability_zones.get_availability_zones(
            self.conf, req.context, services)
        hosts = {zone: {} for zone in available}
        for service, zone in availability_zones.set_availability_zones(
                self.conf, services):
            if service.disabled or service.binary in _API_BINARIES:
                continue
            hosts[zone].setdefault(service.host, {})[service.binary] = {
                'available': servicegroup.is_up(
                    service, self.conf.service_down_time),
                'active': not service.disabled,
                'updated_at': common.primitive_time(
                    service.last_seen_up or service.updated_at)}
        return {'availabilityZoneInfo': (
            [_zone(zone, True, hosts[zone]) for zone in available] +
            [_zone(zone, False) for zone in not_available])}
