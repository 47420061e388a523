"""NumInstancesWeigher: prefer hosts with more instances (pack), or fewer
(spread)."""

from minova.scheduler import weights


class NumInstancesWeigher(weights.ColumnWeigher):
    """Weighs a host by the instances on it, times ``[filter_scheduler]
    num_instances_weight_multiplier``: positive packs instances onto the
    busiest hosts, negative spreads them over the idlest; 0 (the default,
    as in Nova) ignores it."""

    attribute = 'num_instances'
    multiplier_option = 'num_instances_weight_multiplier'
