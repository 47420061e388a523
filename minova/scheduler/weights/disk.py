"""DiskWeigher: prefer hosts with more free disk (spread), or less (stack)."""

from minova.scheduler import weights


class DiskWeigher(weights.BaseHostWeigher):
    """Weighs a host by its free disk in MB (physical, without the
    allocation ratio, as in Nova), times ``[filter_scheduler]
    disk_weight_multiplier``: positive spreads instances over the hosts,
    negative stacks them on the fullest."""

    def weight_multiplier(self, host_state):
        return self.conf.filter_scheduler.disk_weight_multiplier

    def multipliers(self, hosts):
        return self.conf.filter_scheduler.disk_weight_multiplier

    def _weigh_object(self, host_state, weight_properties):
        return host_state.free_disk_mb

    def weigh_all(self, hosts, weight_properties):
        return hosts.column('free_disk_mb')
