"""The real clients boot and delete servers on the all-in-one over HTTP,
unchanged, with the noauth2 recipe of doc/source/api.rst."""

import testtools

from minova.tests.functional import fixtures as func_fixtures

try:
    import openstack
except ImportError:  # pragma: no cover - test-requirements has it
    openstack = None
try:
    from keystoneauth1 import token_endpoint
    from novaclient import client as nova_client
except ImportError:  # pragma: no cover
    nova_client = None


class ClientsTestBase(testtools.TestCase):
    def setUp(self):
        super().setUp()
        self.cloud = self.useFixture(func_fixtures.AllInOneFixture())
        self.endpoint = self.cloud.api.endpoint


@testtools.skipIf(openstack is None, 'openstacksdk is not installed')
class TestOpenStackSDK(ClientsTestBase):
    def setUp(self):
        super().setUp()
        self.conn = openstack.connection.Connection(
            auth_type='admin_token',
            auth={'endpoint': self.endpoint, 'token': 'admin:admin'})
        self.addCleanup(self.conn.close)

    def test_create_wait_delete(self):
        compute = self.conn.compute
        server = compute.create_server(
            name='sdk', image_id=self.cloud.image_id, flavor_id='1',
            metadata={'via': 'sdk'}, networks='auto')
        self.assertTrue(server.admin_password)
        server = compute.wait_for_server(server, status='ACTIVE', wait=30,
                                         interval=0.1)
        self.assertEqual('ACTIVE', server.status)
        self.assertEqual({'via': 'sdk'}, server.metadata)
        # The SDK speaks minova's newest microversion: the flavor is
        # embedded (2.47), by name.
        self.assertEqual('m1.tiny', server.flavor['original_name'])
        self.assertEqual(self.cloud.image_id, server.image['id'])
        self.assertIn(server.compute_host, ('host1', 'host2'))
        self.assertEqual(1, len(server.addresses['private']))
        self.assertEqual(['sdk'], [s.name for s in compute.servers()])
        compute.delete_server(server)
        compute.wait_for_delete(server, wait=30, interval=0.1)
        self.assertIsNone(compute.find_server(server.id))

    def test_resources(self):
        compute = self.conn.compute
        self.assertEqual(['m1.tiny', 'm1.small', 'm1.medium', 'm1.large'],
                         [f.name for f in compute.flavors()])
        self.assertEqual(512, compute.get_flavor('1').ram)
        (image,) = compute.images()
        self.assertEqual(self.cloud.image_id, image.id)
        self.assertEqual(['host1', 'host2'], sorted(
            h.name for h in compute.hypervisors(details=True)))
        binaries = sorted(s.binary for s in compute.services())
        self.assertEqual(['minova-compute', 'minova-compute',
                          'minova-conductor', 'minova-scheduler'], binaries)

    def test_errors_are_typed(self):
        from openstack import exceptions
        self.assertRaises(exceptions.NotFoundException,
                          self.conn.compute.get_server, 'nope')
        exc = self.assertRaises(
            exceptions.BadRequestException, self.conn.compute.create_server,
            name='x', image_id=self.cloud.image_id, flavor_id='99',
            networks='auto')
        self.assertIn('flavor 99 could not be found', str(exc))


@testtools.skipIf(nova_client is None, 'python-novaclient is not installed')
class TestNovaClient(ClientsTestBase):
    def test_boot_list_delete(self):
        nova = nova_client.Client('2.1', auth=token_endpoint.Token(
            self.endpoint, 'admin:admin'))
        server = nova.servers.create('nc', self.cloud.image_id, '1',
                                     min_count=2)
        self.cloud.api.wait_for_server(server.id)
        servers = nova.servers.list(search_opts={'name': 'nc'})
        self.assertEqual(2, len(servers))
        for one in servers:
            self.cloud.api.wait_for_server(one.id)
            self.assertEqual('ACTIVE', nova.servers.get(one.id).status)
            one.delete()
        for one in servers:
            self.cloud.api.wait_for_deleted(one.id)
        self.assertEqual([], nova.servers.list())
        self.assertEqual('m1.tiny', nova.flavors.get('1').name)
