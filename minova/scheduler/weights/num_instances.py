"""NumInstancesWeigher: prefer hosts with more instances (pack), or fewer
(spread)."""

from minova.scheduler import weights


class NumInstancesWeigher(weights.BaseHostWeigher):
    """Weighs a host by the instances on it, times ``[filter_scheduler]
    num_instances_weight_multiplier``: positive packs instances onto the
    busiest hosts, negative spreads them over the idlest; 0 (the default,
    as in Nova) ignores it."""

    def weight_multiplier(self, host_state):
        return self.conf.filter_scheduler.num_instances_weight_multiplier

    def multipliers(self, hosts):
        return self.conf.filter_scheduler.num_instances_weight_multiplier

    def _weigh_object(self, host_state, weight_properties):
        return host_state.num_instances

    def weigh_all(self, hosts, weight_properties):
        return hosts.column('num_instances')
