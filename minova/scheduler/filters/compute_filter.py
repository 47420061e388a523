"""ComputeFilter: only hosts whose compute service is enabled and up."""

from oslo_utils import timeutils

from minova.scheduler import filters
from minova import servicegroup


class ComputeFilter(filters.BaseHostFilter):
    """Passes a host whose compute service exists, is not disabled, is not
    forced down, and heartbeated within ``[DEFAULT] service_down_time``
    seconds."""

    run_on_each_instance = False

    @staticmethod
    def _passes(service, down_time, now):
        return (service is not None and not service.disabled
                and servicegroup.is_up(service, down_time, now=now))

    def host_passes(self, host_state, spec_obj):
        return self._passes(host_state.service, self.conf.service_down_time,
                            timeutils.utcnow())

    def filter_all(self, host_states, spec_obj):
        down_time = self.conf.service_down_time
        now = timeutils.utcnow()
        return [h for h in host_states
                if self._passes(h.service, down_time, now)]

    def rejection_reason(self, host_states, spec_obj):
        missing = sum(1 for h in host_states if h.service is None)
        disabled = sum(1 for h in host_states
                       if h.service is not None and h.service.disabled)
        down = len(host_states) - missing - disabled
        counts = []
        if disabled:
            counts.append('%d disabled' % disabled)
        if down:
            counts.append('%d down (no heartbeat for %d s, or forced down)'
                          % (down, self.conf.service_down_time))
        if missing:
            counts.append('%d without a compute service' % missing)
        return 'no compute service is enabled and up: %s' % ', '.join(counts)
