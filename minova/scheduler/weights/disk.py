"""DiskWeigher: prefer hosts with more free disk (spread), or less (stack)."""

from minova.scheduler import weights


class DiskWeigher(weights.ColumnWeigher):
    """Weighs a host by its free disk in MB (physical, without the
    allocation ratio, as in Nova), times ``[filter_scheduler]
    disk_weight_multiplier``: positive spreads instances over the hosts,
    negative stacks them on the fullest."""

    attribute = 'free_disk_mb'
    multiplier_option = 'disk_weight_multiplier'
