"""ComputeFilter: only hosts whose compute service is enabled and up."""

import numpy as np
from oslo_utils import timeutils

from minova.scheduler import filters
from minova import servicegroup


class ComputeFilter(filters.BaseHostFilter):
    """Passes a host whose compute service exists, is not disabled, is not
    forced down, and heartbeated within ``[DEFAULT] service_down_time``
    seconds."""

    run_on_each_instance = False

    def host_passes(self, host_state, spec_obj):
        service = host_state.service
        return (service is not None and not service.disabled
                and servicegroup.is_up(service, self.conf.service_down_time))

    def filter_mask(self, hosts, spec_obj):
        now = servicegroup.seconds(timeutils.utcnow())
        # NaN (no heartbeat) compares False.
        elapsed = np.abs(now - hosts.column('service_heartbeat'))
        return (hosts.column('service_enabled')
                & (elapsed <= self.conf.service_down_time))

    def rejection_reason(self, hosts, spec_obj):
        services = [state.service for state in hosts.states()]
        missing = sum(1 for s in services if s is None)
        disabled = sum(1 for s in services if s is not None and s.disabled)
        down = len(services) - missing - disabled
        counts = []
        if disabled:
            counts.append('%d disabled' % disabled)
        if down:
            counts.append('%d down (no heartbeat for %d s, or forced down)'
                          % (down, self.conf.service_down_time))
        if missing:
            counts.append('%d without a compute service' % missing)
        return 'no compute service is enabled and up: %s' % ', '.join(counts)
