"""``[upgrade_levels]``: RPC version caps for rolling upgrades."""

from oslo_config import cfg

from minova.conf import utils

upgrade_group = cfg.OptGroup(
    'upgrade_levels', title='RPC version caps',
    help='Cap the RPC version a service sends to each other service, so a '
         'newer service can run beside an older one during an upgrade.')

upgrade_opts = [
    cfg.StrOpt('compute', help='Highest RPC version sent to computes, '
                               'e.g. "1.0". Unset: the newest.'),
    cfg.StrOpt('conductor', help='Highest RPC version sent to the '
                                 'conductor. Unset: the newest.'),
    cfg.StrOpt('scheduler', help='Highest RPC version sent to the '
                                 'scheduler. Unset: the newest.'),
]


def register_opts(conf):
    utils.register_group_opts(conf, upgrade_group, upgrade_opts)


def list_opts():
    return {upgrade_group.name: upgrade_opts}
