"""A boot's ``networks`` over HTTP: ``/os-networks`` lists what may be
asked; each requested network becomes a VIF, with the ``fixed_ip`` asked
for; what the back end cannot give is a 400 naming it, with nothing
written (issue 14: they were silently ignored)."""

import testtools

from minova.tests import fixtures as minova_fixtures
from minova.tests.functional import fixtures as func_fixtures

UNKNOWN = '6b1f0b52-7a0f-4b59-9d4c-000000000000'


class NetworksTestBase:

    def network_id(self):
        (network,) = self.cloud.api.get('/os-networks').body['networks']
        return network['id']

    def boot(self, networks, **kwargs):
        return self.cloud.api.create_server(self.cloud.image_id,
                                            networks=networks, **kwargs)


class TestRequestedNetworks(NetworksTestBase, testtools.TestCase):

    def setUp(self):
        super().setUp()
        # 2.37's networks "none", above the claimed maximum.
        self.useFixture(minova_fixtures.MicroversionCeiling('2.37'))
        self.cloud = self.useFixture(func_fixtures.AllInOneFixture(
            compute_hosts=('host1',)))

    def addresses(self, server_id):
        server = self.cloud.api.wait_for_server(server_id)
        self.assertEqual('ACTIVE', server['status'], server)
        return [a['addr'] for a in server['addresses']['private']]

    def test_os_networks_lists_the_flat_network(self):
        body = self.cloud.api.get('/os-networks').body
        (network,) = body['networks']
        self.assertEqual(('private', '10.0.0.0/16', '10.0.0.1'),
                         (network['label'], network['cidr'],
                          network['gateway']))
        self.assertIn('vlan', network)  # an admin sees every field
        member = self.cloud.client('demo:demo').get(
            '/os-networks/%s' % network['id']).body['network']
        self.assertEqual(network['id'], member['id'])
        self.assertNotIn('vlan', member)
        resp = self.cloud.api.get('/os-networks/%s' % UNKNOWN)
        self.assertEqual(404, resp.status)
        self.assertEqual('Network not found',
                         resp.body['itemNotFound']['message'])

    def test_each_requested_network_is_a_vif_with_its_fixed_ip(self):
        network_id = self.network_id()
        one = self.boot([{'uuid': network_id}]).body['server']['id']
        self.assertEqual(1, len(self.addresses(one)))
        two = self.boot([{'uuid': network_id, 'fixed_ip': '10.0.0.200'},
                         {'uuid': network_id}]).body['server']['id']
        addresses = self.addresses(two)
        self.assertEqual(2, len(addresses))
        self.assertEqual('10.0.0.200', addresses[0])
        # No network at all: 2.37's "none".
        none = self.cloud.client(microversion='2.37').create_server(
            self.cloud.image_id, networks='none').body['server']['id']
        self.assertEqual({}, self.cloud.api.wait_for_server(none)[
            'addresses'])
        # The address is the server's until it is deleted.
        resp = self.boot([{'uuid': network_id, 'fixed_ip': '10.0.0.200'}])
        self.assertEqual(400, resp.status)
        self.assertEqual('Fixed IP address 10.0.0.200 is already in use on '
                         'instance %s.' % two,
                         resp.body['badRequest']['message'])
        self.cloud.api.delete('/servers/%s' % two)
        self.cloud.api.wait_for_deleted(two)
        again = self.boot([{'uuid': network_id, 'fixed_ip': '10.0.0.200'}])
        self.assertEqual(['10.0.0.200'],
                         self.addresses(again.body['server']['id']))


class TestRefusedNetworks(NetworksTestBase, func_fixtures.RefusalTestCase):

    def assertRefused(self, networks, message, **kwargs):
        resp = self.boot(networks, **kwargs)
        self.assertEqual(400, resp.status, resp)
        self.assertEqual(message, resp.body['badRequest']['message'])

    def test_unknown_network_port_and_bad_formats(self):
        self.assertRefused([{'uuid': UNKNOWN}],
                           'Network %s could not be found.' % UNKNOWN)
        self.assertRefused([{'uuid': 'private'}],
                           'Bad networks format: network uuid is not in '
                           'proper format (private)')
        self.assertRefused([{'fixed_ip': '10.0.0.9'}],
                           "Bad network format: missing 'uuid'")
        self.assertRefused([{'port': UNKNOWN}],
                           'Port id %s could not be found.' % UNKNOWN)

    def test_fixed_ips_the_network_cannot_give(self):
        network_id = self.network_id()
        outside = ('not a host address of private (10.0.0.0/16), its '
                   'gateway excluded')
        for address, reason in (('10.1.0.5', outside),
                                ('10.0.0.1', outside),
                                ('10.0.255.255', outside),
                                ('fe80::1', outside)):
            self.assertRefused([{'uuid': network_id, 'fixed_ip': address}],
                               'Fixed IP address %s is invalid: %s'
                               % (address, reason))
        self.assertRefused([{'uuid': network_id, 'fixed_ip': '10.0.0.9'},
                            {'uuid': network_id, 'fixed_ip': '10.0.0.9'}],
                           'Fixed IP address 10.0.0.9 is invalid: asked for '
                           'twice')
        self.assertRefused([{'uuid': network_id, 'fixed_ip': '10.0.0.9'}],
                           'Invalid fixed IP Address 10.0.0.9: max_count '
                           'cannot be greater than 1 if a fixed_ip is '
                           'specified.', max_count=2)


class TestExtensionsAndServerPassword(testtools.TestCase):
    """Nova 2.1's /extensions (what minova serves) and os-server-password
    (always empty: no metadata service to post one)."""

    def setUp(self):
        super().setUp()
        self.cloud = self.useFixture(func_fixtures.AllInOneFixture(
            compute_hosts=('host1',)))
        self.api = self.cloud.api

    def test_extensions(self):
        aliases = [e['alias'] for e in
                   self.api.get('/extensions').body['extensions']]
        self.assertIn('os-server-groups', aliases)
        self.assertNotIn('os-cloudpipe', aliases)
        shown = self.api.get('/extensions/os-shelve').body['extension']
        self.assertEqual(('Shelve', 'Instance shelve mode.'),
                         (shown['name'], shown['description']))
        self.assertEqual(404, self.api.get('/extensions/os-cells').status)

    def test_server_password_is_empty_and_clears(self):
        server_id = self.api.create_server(
            self.cloud.image_id).body['server']['id']
        path = '/servers/%s/os-server-password' % server_id
        self.assertEqual({'password': ''}, self.api.get(path).body)
        self.assertEqual(204, self.api.delete(path).status)
        other = self.cloud.client('demo:demo')
        self.assertEqual(404, other.get(path).status)
        self.assertEqual(404, self.api.get(
            '/servers/%s/os-server-password' % UNKNOWN).status)
