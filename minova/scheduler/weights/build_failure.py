"""BuildFailureWeigher: keep away from hosts where builds keep failing."""

from minova.scheduler import weights


class BuildFailureWeigher(weights.ColumnWeigher):
    """Weighs a host by the builds that failed in a row on it (its compute
    reports the count, and resets it on the first build that succeeds),
    times minus ``[filter_scheduler] build_failure_weight_multiplier``: the
    default, as in Nova, is large enough to outweigh every other weigher,
    so a host that fails every build stops attracting them; 0 ignores it.
    """

    attribute = 'failed_builds'
    multiplier_option = 'build_failure_weight_multiplier'

    def weight_multiplier(self, host_state):
        return -super().weight_multiplier(host_state)
