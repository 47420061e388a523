"""AvailabilityZoneFilter: only hosts in the requested availability zone."""

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

    def filter_all(self, host_states, spec_obj):
        zone = spec_obj.get('availability_zone', None)
        if not zone:
            return list(host_states)
        return [h for h in host_states if h.availability_zone == zone]

    def rejection_reason(self, host_states, spec_obj):
        zones = sorted({str(h.availability_zone) for h in host_states})
        return 'request asks for availability zone %r, hosts are in %s' % (
            spec_obj.availability_zone, ', '.join(zones))
