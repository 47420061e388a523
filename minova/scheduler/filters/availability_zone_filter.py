"""AvailabilityZoneFilter: only hosts in the requested availability zone."""

import numpy as np

from minova.scheduler import filters


class AvailabilityZoneFilter(filters.BaseHostFilter):
    """Passes a host whose ``availability_zone`` is the one the request
    asks for; every host when the request names none.

    A host's zone is that of its aggregate with an ``availability_zone``,
    else ``[compute] default_availability_zone`` (the HostManager sets
    it).
    """

    run_on_each_instance = False

    def host_passes(self, host_state, spec_obj):
        zone = spec_obj.get('availability_zone', None)
        return not zone or host_state.availability_zone == zone

    def filter_mask(self, hosts, spec_obj):
        zone = spec_obj.get('availability_zone', None)
        if not zone:
            return np.ones(len(hosts), dtype=bool)
        return hosts.column('availability_zone') == zone

    def rejection_reason(self, hosts, spec_obj):
        zones = sorted({str(z) for z in hosts.column('availability_zone')})
        return 'request asks for availability zone %r, hosts are in %s' % (
            spec_obj.availability_zone, ', '.join(zones))
