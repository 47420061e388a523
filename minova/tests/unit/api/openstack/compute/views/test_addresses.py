"""The addresses view: network_info -> Nova's ``addresses``."""

import testtools

from minova.api.openstack.compute.views import addresses


NETWORK_INFO = [
    {'address': 'fa:16:3e:00:00:01', 'network': {'label': 'private',
     'subnets': [{'version': 4, 'ips': [
         {'address': '10.0.0.5', 'type': 'fixed', 'version': 4,
          'floating_ips': [{'address': '203.0.113.9'}]}]},
                 {'version': 6, 'ips': [
                     {'address': 'fd00::5', 'type': 'fixed', 'version': 6}]}]}},
    {'address': 'fa:16:3e:00:00:02', 'network': {'label': 'storage',
     'subnets': [{'version': 4, 'ips': [
         {'address': '192.168.0.5', 'type': 'fixed'}]}]}},
]


class TestAddresses(testtools.TestCase):

    def setUp(self):
        super().setUp()
        self.networks = addresses.get_networks(NETWORK_INFO)
        self.builder = addresses.ViewBuilder()

    def test_basic_keeps_the_vif_order(self):
        self.assertEqual({'addresses': {
            'private': [{'version': 4, 'addr': '10.0.0.5'},
                        {'version': 4, 'addr': '203.0.113.9'},
                        {'version': 6, 'addr': 'fd00::5'}],
            'storage': [{'version': 4, 'addr': '192.168.0.5'}]}},
            self.builder.index(self.networks))
        self.assertEqual(['private', 'storage'], list(
            self.builder.index(self.networks)['addresses']))

    def test_extended(self):
        private = self.builder.index(self.networks, extend_address=True)[
            'addresses']['private']
        self.assertEqual(
            [('fixed', 'fa:16:3e:00:00:01'), ('floating', 'fa:16:3e:00:00:01'),
             ('fixed', 'fa:16:3e:00:00:01')],
            [(a['OS-EXT-IPS:type'], a['OS-EXT-IPS-MAC:mac_addr'])
             for a in private])

    def test_no_network(self):
        self.assertEqual({'addresses': {}},
                         self.builder.index(addresses.get_networks([])))
