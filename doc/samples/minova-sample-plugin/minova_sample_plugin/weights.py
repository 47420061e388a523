"""PreferredHostWeigher: the hosts an operator prefers come first."""

from minova.scheduler import weights

from minova_sample_plugin import conf as plugin_conf


class PreferredHostWeigher(weights.BaseHostWeigher):
    """Weighs a host by ``[minova_sample_plugin] host_preferences`` (a host
    not listed weighs ``default_preference``), times
    ``preferred_host_weight_multiplier``.

    minova normalises the weights of each weigher to 0..1 over the hosts
    being weighed, so only the order of the preferences and their ratios
    matter, not their unit.
    """

    def __init__(self, conf):
        super().__init__(conf)
        plugin_conf.register_opts(conf)
        options = conf.minova_sample_plugin
        self.preferences = dict(options.host_preferences)
        self.default = options.default_preference
        self.multiplier = options.preferred_host_weight_multiplier

    def weight_multiplier(self, host_state):
        return self.multiplier

    def _weigh_object(self, host_state, weight_properties):
        return self.preferences.get(host_state.host, self.default)
