"""``/servers/{id}/os-server-password``: the password a guest posted
(encrypted with the server's key) to Nova's metadata service. minova has
no metadata service, so no guest posts one: GET answers Nova's empty
password, DELETE (which clears it) has nothing to clear."""

from minova.api.openstack import common
from minova.api import wsgi


class ServerPasswordController(common.Controller):

    def index(self, req, server_id):
        self._get_instance(req.context, server_id, expected_attrs=())
        return {'password': ''}

    @wsgi.response(204)
    def clear(self, req, server_id):
        self._get_instance(req.context, server_id, expected_attrs=())
