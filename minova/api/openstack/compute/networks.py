"""``/os-networks``: the networks a server may ask for in its boot's
``networks`` (Nova's ``networks.py`` at 2.1, a proxy of the network
service, which 2.36 removes: 404 from 2.36, as Nova). Read only: what the
network back end lists.
"""

import webob.exc

from minova.api.openstack import common
from minova.network import api as network_api

_FIELDS = ('id', 'cidr', 'netmask', 'gateway', 'broadcast', 'dns1', 'dns2',
           'cidr_v6', 'gateway_v6', 'label', 'netmask_v6')
# nova-network's, shown to admins; none of them holds anything now (null).
_ADMIN_FIELDS = ('created_at', 'updated_at', 'deleted_at', 'deleted',
                 'injected', 'bridge', 'vlan', 'vpn_public_address',
                 'vpn_public_port', 'vpn_private_address', 'dhcp_start',
                 'project_id', 'host', 'bridge_interface', 'multi_host',
                 'priority', 'rxtx_base', 'mtu', 'dhcp_server',
                 'enable_dhcp', 'share_address')


def _view(context, network):
    """Nova's fields: what the back end tells (``id``, ``label`` and for
    the flat network its addresses), the rest null."""
    fields = _FIELDS + (_ADMIN_FIELDS if context.is_admin else ())
    return {field: network.get(field) for field in fields}


class NetworkController:

    def __init__(self, conf):
        self.conf = conf
        self._network_api = None

    @property
    def network_api(self):
        # Loaded on first use: building the application opens nothing.
        if self._network_api is None:
            self._network_api = network_api.load(self.conf)
        return self._network_api

    @common.proxy_api
    def index(self, req):
        return {'networks': [_view(req.context, network) for network in
                             self.network_api.get_all(req.context)]}

    @common.proxy_api
    def show(self, req, network_id):
        for network in self.network_api.get_all(req.context):
            if network['id'] == network_id:
                return {'network': _view(req.context, network)}
        raise webob.exc.HTTPNotFound(explanation='Network not found')
