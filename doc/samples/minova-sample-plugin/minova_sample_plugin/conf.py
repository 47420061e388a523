"""The ``[minova_sample_plugin]`` options.

The plugin registers them on the config object minova hands it (each
minova service has its own), when the scheduler builds the plugin; the
values come from the service's config file like minova's own.
"""

from oslo_config import cfg
from oslo_config import types

GROUP = 'minova_sample_plugin'

opts = [
    cfg.StrOpt(
        'host_pattern',
        help='A regular expression; HostNamePatternFilter passes only the '
             'hosts whose whole name matches it. Unset: every name matches.'),
    cfg.ListOpt(
        'excluded_hosts', default=[],
        help='Hosts HostNamePatternFilter never passes, say hosts in '
             'maintenance, whatever their name.'),
    cfg.Opt(
        'host_preferences', type=types.Dict(value_type=types.Float()),
        default={},
        help='How much PreferredHostWeigher likes each host, as host:weight '
             'pairs (e.g. "rack1-a:10,rack1-b:5"); higher is preferred.'),
    cfg.FloatOpt(
        'default_preference', default=0.0,
        help='The weight of a host that host_preferences does not list.'),
    cfg.FloatOpt(
        'preferred_host_weight_multiplier', default=1.0,
        help='How much PreferredHostWeigher counts against the other '
             'weighers (whose weights, like its own, are normalised to '
             '0..1); 0 switches it off.'),
]


def register_opts(conf):
    """Register the options on ``conf`` (again is harmless)."""
    conf.register_opts(opts, group=GROUP)


def list_opts():
    """For oslo-config-generator: ``[(group, opts)]``."""
    return [(GROUP, opts)]
