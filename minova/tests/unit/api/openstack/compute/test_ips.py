"""/servers/{id}/ips."""

from minova.tests.unit.api.openstack.compute import base
from minova.tests.unit.api.openstack.compute import test_servers


class TestIPs(base.APITestCase):

    def test_index_and_show(self):
        server_id = self.create_server()
        path = '/servers/%s/ips' % server_id
        self.assertEqual({'addresses': {}}, self.request(path).json)
        self.make_active(server_id,
                         network_info=test_servers.NETWORK_INFO)
        self.assertEqual({'addresses': {'private': [
            {'version': 4, 'addr': '10.0.0.5'}]}}, self.request(path).json)
        self.assertEqual({'private': [{'version': 4, 'addr': '10.0.0.5'}]},
                         self.request(path + '/private').json)
        self.assertFault(self.request(path + '/public'), 404,
                         'not a member of specified network')
        self.assertFault(self.request('/servers/nope/ips'), 404, 'nope')
