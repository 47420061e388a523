"""``[network]`` options: how instances get addresses."""

from oslo_config import cfg

from minova.conf import utils

network_group = cfg.OptGroup('network', title='Network back end options')

network_opts = [
    cfg.StrOpt(
        'backend', default='flat',
        help='The network back end: an entry point name in the '
             'minova.network.api namespace.'),
    cfg.StrOpt(
        'flat_network_name', default='private',
        help='Name of the flat network, shown as the key of a server\'s '
             'addresses.'),
    cfg.StrOpt(
        'flat_cidr', default='10.0.0.0/16',
        help='The pool the flat back end hands fixed IPs out of.'),
    cfg.StrOpt(
        'flat_mac_prefix', default='fa:16:3e',
        help='First three octets of the MAC addresses the flat back end '
             'generates.'),
]


def register_opts(conf):
    utils.register_group_opts(conf, network_group, network_opts)


def list_opts():
    return {network_group.name: network_opts}
