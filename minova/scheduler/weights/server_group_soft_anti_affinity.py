"""ServerGroupSoftAntiAffinityWeigher: prefer the hosts that run the
fewest of the group."""

from minova.objects import instance_group
from minova.scheduler.weights import server_group_soft_affinity


class ServerGroupSoftAntiAffinityWeigher(
        server_group_soft_affinity.ServerGroupSoftAffinityWeigher):
    """For a request in a server group of policy ``soft-anti-affinity``,
    weighs a host by minus how many members of the group it runs (fewer is
    better), times ``[filter_scheduler]
    soft_anti_affinity_weight_multiplier``; 0 for every host otherwise.
    It never refuses a host.

    Reads ``spec_obj.instance_group`` (``policy``, ``hosts``) and the
    host's ``host``.
    """

    policy_name = instance_group.SOFT_ANTI_AFFINITY
    sign = -1

    def _multiplier(self):
        return self.conf.filter_scheduler.soft_anti_affinity_weight_multiplier
