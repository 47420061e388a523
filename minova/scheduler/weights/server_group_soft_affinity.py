"""ServerGroupSoftAffinityWeigher: prefer the hosts that run the group."""

import collections

import numpy as np

from minova.objects import instance_group
from minova.scheduler import utils
from minova.scheduler import weights


class ServerGroupSoftAffinityWeigher(weights.BaseHostWeigher):
    """For a request in a server group of policy ``soft-affinity``, weighs
    a host by how many members of the group it runs (more is better), times
    ``[filter_scheduler] soft_affinity_weight_multiplier``; 0 for every
    host otherwise. It never refuses a host.

    Reads ``spec_obj.instance_group`` (``policy``, ``hosts``: one entry per
    member placed, grown as each instance of a multi-create is placed) and
    the host's ``host``.
    """

    policy_name = instance_group.SOFT_AFFINITY
    #: +1 counts members as a gain, -1 as a cost.
    sign = 1

    def _multiplier(self):
        return self.conf.filter_scheduler.soft_affinity_weight_multiplier

    def weight_multiplier(self, host_state):
        return self._multiplier()

    def multipliers(self, hosts):
        return self._multiplier()

    def _weigh_object(self, host_state, request_spec):
        group = utils.group_with_policy(request_spec, self.policy_name)
        if group is None:
            return 0
        return self.sign * utils.group_hosts(group).count(host_state.host)

    def weigh_all(self, hosts, weight_properties):
        weights = np.zeros(len(hosts))
        group = utils.group_with_policy(weight_properties, self.policy_name)
        counts = collections.Counter(
            utils.group_hosts(group) if group is not None else ())
        if counts:
            # A Python loop over the hosts that run members only.
            names = hosts.column('host')
            on = np.isin(names, sorted(counts))
            weights[on] = [self.sign * counts[name] for name in names[on]]
        return weights
