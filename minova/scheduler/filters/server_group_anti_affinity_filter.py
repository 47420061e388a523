"""ServerGroupAntiAffinityFilter: the servers of an anti-affinity group
keep apart."""

import collections

import numpy as np

from minova.objects import instance_group
from minova.scheduler import filters
from minova.scheduler import utils


def max_server_per_host(group):
    """The group's ``max_server_per_host`` rule (Nova's), 1 by default."""
    return (group.get('rules', None) or {}).get('max_server_per_host', 1)


class ServerGroupAntiAffinityFilter(filters.BaseHostFilter):
    """For a request in a server group of policy ``anti-affinity``, passes
    only the hosts that run fewer than ``max_server_per_host`` (a rule of
    the group, 1 by default) of its members; passes every host otherwise.

    Reads ``spec_obj.instance_group`` (``policy``, ``rules``, ``hosts``:
    one entry per member placed, grown by the scheduler as it places each
    instance of a multi-create) and the host's ``host``.
    """

    policy_name = instance_group.ANTI_AFFINITY

    def host_passes(self, host_state, spec_obj):
        group = utils.group_with_policy(spec_obj, self.policy_name)
        if group is None:
            return True
        on_host = utils.group_hosts(group).count(host_state.host)
        return on_host < max_server_per_host(group)

    def filter_mask(self, hosts, spec_obj):
        group = utils.group_with_policy(spec_obj, self.policy_name)
        full = []
        if group is not None:
            limit = max_server_per_host(group)
            full = sorted(host for host, count in collections.Counter(
                utils.group_hosts(group)).items() if count >= limit)
        if not full:
            return np.ones(len(hosts), dtype=bool)
        return ~np.isin(hosts.column('host'), full)

    def rejection_reason(self, host_states, spec_obj):
        group = utils.group_with_policy(spec_obj, self.policy_name)
        return ('server group %s has the anti-affinity policy, and each of '
                'the %d hosts left already runs %d of its members (its '
                'max_server_per_host)' % (group.uuid, len(host_states),
                                          max_server_per_host(group)))
