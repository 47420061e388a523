"""CPUWeigher: prefer hosts with more free vCPUs (spread), or less (stack)."""

from minova.scheduler import weights


class CPUWeigher(weights.ColumnWeigher):
    """Weighs a host by its free vCPUs (``vcpus * cpu_allocation_ratio -
    vcpus_used``, as in Nova), times ``[filter_scheduler]
    cpu_weight_multiplier``: positive spreads instances over the hosts,
    negative stacks them on the fullest."""

    attribute = 'usable_vcpus'
    multiplier_option = 'cpu_weight_multiplier'
