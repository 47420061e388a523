"""ServerGroupAffinityFilter: the servers of an affinity group share a
host."""

import numpy as np

from minova.objects import instance_group
from minova.scheduler import filters
from minova.scheduler import utils


class ServerGroupAffinityFilter(filters.BaseHostFilter):
    """For a request in a server group of policy ``affinity``, passes only
    the hosts that already run a member of the group (any host for its
    first member); passes every host otherwise.

    Reads ``spec_obj.instance_group`` (``policy``, ``hosts``: filled by the
    conductor, and grown by the scheduler as it places each instance of a
    multi-create) and the host's ``host``.
    """

    policy_name = instance_group.AFFINITY

    def host_passes(self, host_state, spec_obj):
        group = utils.group_with_policy(spec_obj, self.policy_name)
        hosts = utils.group_hosts(group) if group is not None else None
        return not hosts or host_state.host in hosts

    def filter_mask(self, hosts, spec_obj):
        group = utils.group_with_policy(spec_obj, self.policy_name)
        group_hosts = utils.group_hosts(group) if group is not None else None
        if not group_hosts:
            return np.ones(len(hosts), dtype=bool)
        return np.isin(hosts.column('host'), sorted(set(group_hosts)))

    def rejection_reason(self, host_states, spec_obj):
        group = utils.group_with_policy(spec_obj, self.policy_name)
        return ('server group %s has the affinity policy, and the host its '
                'members run on is not among the %d hosts left' % (
                    group.uuid, len(host_states)))
