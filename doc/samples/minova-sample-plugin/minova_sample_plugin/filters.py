"""HostNamePatternFilter: only hosts with the right name, none in
maintenance."""

import re

from minova.scheduler import filters

from minova_sample_plugin import conf as plugin_conf


class HostNamePatternFilter(filters.BaseHostFilter):
    """Passes a host whose name matches ``[minova_sample_plugin]
    host_pattern`` and is not in ``excluded_hosts``.

    Reads nothing from the request: the operator's rule holds for all.
    """

    def __init__(self, conf):
        super().__init__(conf)
        plugin_conf.register_opts(conf)
        options = conf.minova_sample_plugin
        self.excluded = frozenset(options.excluded_hosts)
        self.pattern = None
        if options.host_pattern:
            try:
                self.pattern = re.compile(options.host_pattern)
            except re.error as e:
                # Raised while the scheduler starts: it stops, saying this.
                raise ValueError('[minova_sample_plugin] host_pattern %r is '
                                 'not a regular expression: %s' % (
                                     options.host_pattern, e))

    def host_passes(self, host_state, spec_obj):
        if host_state.host in self.excluded:
            return False
        return (self.pattern is None or
                self.pattern.fullmatch(host_state.host) is not None)

    def rejection_reason(self, host_states, spec_obj):
        """Why no host passed, for the NoValidHost message."""
        rules = []
        if self.pattern is not None:
            rules.append('match %r' % self.pattern.pattern)
        if self.excluded:
            rules.append('not be one of %s' % ', '.join(sorted(self.excluded)))
        if not rules:
            return None
        return 'host names must %s' % ' and '.join(rules)
