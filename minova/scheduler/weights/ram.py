"""RAMWeigher: prefer hosts with more free RAM (spread), or less (stack)."""

from minova.scheduler import weights


class RAMWeigher(weights.BaseHostWeigher):
    """Weighs a host by its free RAM in MB (physical, without the
    allocation ratio, as in Nova), times ``[filter_scheduler]
    ram_weight_multiplier``: positive spreads instances over the hosts,
    negative stacks them on the fullest."""

    def weight_multiplier(self, host_state):
        return self.conf.filter_scheduler.ram_weight_multiplier

    def multipliers(self, hosts):
        return self.conf.filter_scheduler.ram_weight_multiplier

    def _weigh_object(self, host_state, weight_properties):
        return host_state.free_ram_mb

    def weigh_all(self, hosts, weight_properties):
        return hosts.column('free_ram_mb')
