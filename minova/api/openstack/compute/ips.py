"""``/servers/{server_id}/ips``: a server's addresses by network (Nova's
``ips.py``), from the network_info the network back end gave it."""

import webob.exc

from minova.api.openstack import common
from minova.api.openstack.compute.views import addresses as views_addresses


class IPsController(common.Controller):

    def __init__(self, conf):
        super().__init__(conf)
        self._view_builder = views_addresses.ViewBuilder()

    def _networks(self, req, server_id):
        instance = self._get_instance(req.context, server_id,
                                      expected_attrs=())
        return views_addresses.get_networks(instance.network_info)

    def index(self, req, server_id):
        return self._view_builder.index(self._networks(req, server_id))

    def show(self, req, server_id, network_label):
        networks = self._networks(req, server_id)
        if network_label not in networks:
            raise webob.exc.HTTPNotFound(
                explanation='Instance is not a member of specified network')
        return self._view_builder.show(networks, network_label)
