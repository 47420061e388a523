"""SameHostFilter: next to the servers the request names."""

import numpy as np

from minova.scheduler import filters
from minova.scheduler import utils

HINT = 'same_host'


class SameHostFilter(filters.BaseHostFilter):
    """With the scheduler hint ``same_host`` (server uuids), passes only
    the hosts that run one of those servers (as Nova: any one of them);
    every host without the hint.

    Reads ``spec_obj.scheduler_hints['same_host']`` (the servers' hosts are
    read once per request, :func:`minova.scheduler.utils.hint_hosts`) and
    the host's ``host``.
    """

    # The servers do not move while one request is placed.
    run_on_each_instance = False

    def host_passes(self, host_state, spec_obj):
        if not spec_obj.get_scheduler_hint(HINT):
            return True
        return host_state.host in utils.hint_hosts(spec_obj, HINT)

    def filter_mask(self, hosts, spec_obj):
        if not spec_obj.get_scheduler_hint(HINT):
            return np.ones(len(hosts), dtype=bool)
        return np.isin(hosts.column('host'),
                       sorted(utils.hint_hosts(spec_obj, HINT)))

    def rejection_reason(self, host_states, spec_obj):
        if not utils.hint_hosts(spec_obj, HINT):
            return 'the servers of the same_host hint are on no host yet'
        return ('the hosts of the servers of the same_host hint are not '
                'among the %d hosts left' % len(host_states))
