"""The ``addresses`` of a server, from its network_info (Nova's
``views/addresses.py``): ``{label: [{"version": 4, "addr": "10.0.0.3"}]}``.

Inside a server's detail each address also carries ``OS-EXT-IPS:type``
(``fixed``, ``floating``) and ``OS-EXT-IPS-MAC:mac_addr``; ``/ips`` shows
the two basic keys only.
"""

import collections


def get_networks(network_info):
    """``{label: [ip dicts with the VIF's MAC]}``, in VIF order."""
    networks = collections.OrderedDict()
    for vif in network_info or []:
        network = vif.get('network') or {}
        ips = networks.setdefault(network.get('label'), [])
        for subnet in network.get('subnets') or []:
            for ip in subnet.get('ips') or []:
                ips.append(dict(ip, version=ip.get('version',
                                                   subnet.get('version', 4)),
                                mac_address=vif.get('address')))
                for floating in ip.get('floating_ips') or []:
                    ips.append(dict(floating, type='floating',
                                    version=floating.get('version', 4),
                                    mac_address=vif.get('address')))
    return networks


class ViewBuilder:

    @staticmethod
    def basic(ip, extend_address=False):
        address = {'version': ip['version'], 'addr': ip['address']}
        if extend_address:
            address['OS-EXT-IPS:type'] = ip.get('type', 'fixed')
            address['OS-EXT-IPS-MAC:mac_addr'] = ip.get('mac_address')
        return address

    def show(self, networks, label, extend_address=False):
        return {label: [self.basic(ip, extend_address)
                        for ip in networks[label]]}

    def index(self, networks, extend_address=False):
        return {'addresses': collections.OrderedDict(
            (label, [self.basic(ip, extend_address) for ip in ips])
            for label, ips in networks.items())}
