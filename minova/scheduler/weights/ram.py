"""RAMWeigher: prefer hosts with more free RAM (spread), or less (stack)."""

from minova.scheduler import weights


class RAMWeigher(weights.ColumnWeigher):
    """Weighs a host by its free RAM in MB (physical, without the
    allocation ratio, as in Nova), times ``[filter_scheduler]
    ram_weight_multiplier``: positive spreads instances over the hosts,
    negative stacks them on the fullest."""

    attribute = 'free_ram_mb'
    multiplier_option = 'ram_weight_multiplier'
