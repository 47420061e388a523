"""DifferentHostFilter: away from the servers the request names."""

import numpy as np

from minova.scheduler import filters
from minova.scheduler import utils

HINT = 'different_host'


class DifferentHostFilter(filters.BaseHostFilter):
    """With the scheduler hint ``different_host`` (server uuids), passes
    only the hosts that run none of those servers; every host without the
    hint.

    Reads ``spec_obj.scheduler_hints['different_host']`` (the servers'
    hosts are read once per request, :func:`minova.scheduler.utils.
    hint_hosts`) and the host's ``host``.
    """

    # The servers do not move while one request is placed.
    run_on_each_instance = False

    def host_passes(self, host_state, spec_obj):
        if not spec_obj.get_scheduler_hint(HINT):
            return True
        return host_state.host not in utils.hint_hosts(spec_obj, HINT)

    def filter_mask(self, hosts, spec_obj):
        if not spec_obj.get_scheduler_hint(HINT):
            return np.ones(len(hosts), dtype=bool)
        return ~np.isin(hosts.column('host'),
                        sorted(utils.hint_hosts(spec_obj, HINT)))

    def rejection_reason(self, host_states, spec_obj):
        return ('each of the %d hosts left runs a server of the '
                'different_host hint' % len(host_states))
