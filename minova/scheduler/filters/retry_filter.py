"""RetryFilter: not the hosts a build already failed on."""

import numpy as np

from minova.scheduler import filters


def _tried_hosts(spec_obj):
    retry = spec_obj.get('retry', None)
    if retry is None:
        return frozenset()
    return frozenset(retry.get('hosts', None) or ())


class RetryFilter(filters.BaseHostFilter):
    """Passes a host that is not in ``spec_obj.retry.hosts``: a
    rescheduled build does not go back to a host it failed on."""

    run_on_each_instance = False

    def host_passes(self, host_state, spec_obj):
        return host_state.host not in _tried_hosts(spec_obj)

    def filter_mask(self, hosts, spec_obj):
        tried = _tried_hosts(spec_obj)
        if not tried:
            return np.ones(len(hosts), dtype=bool)
        return ~np.isin(hosts.column('host'), sorted(tried))

    def rejection_reason(self, hosts, spec_obj):
        return 'the build already failed on every host left (%d tried)' % (
            len(_tried_hosts(spec_obj)))
