"""CPUWeigher: prefer hosts with more free vCPUs (spread), or less (stack)."""

from minova.scheduler import weights


class CPUWeigher(weights.BaseHostWeigher):
    """Weighs a host by its free vCPUs (``vcpus * cpu_allocation_ratio -
    vcpus_used``, as in Nova), times ``[filter_scheduler]
    cpu_weight_multiplier``: positive spreads instances over the hosts,
    negative stacks them on the fullest."""

    def weight_multiplier(self, host_state):
        return self.conf.filter_scheduler.cpu_weight_multiplier

    def multipliers(self, hosts):
        return self.conf.filter_scheduler.cpu_weight_multiplier

    def _weigh_object(self, host_state, weight_properties):
        return host_state.usable_vcpus

    def weigh_all(self, hosts, weight_properties):
        return hosts.column('usable_vcpus')
