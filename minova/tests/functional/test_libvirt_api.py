"""The boot path on the libvirt driver, against libvirt's in-process test
hypervisor (``test:///default``): real libvirt, no daemon, no qemu."""

import testtools

from minova.tests.functional import fixtures as func_fixtures

try:
    import libvirt
except ImportError:  # pragma: no cover - libvirt-python is optional
    libvirt = None


@testtools.skipIf(libvirt is None, 'libvirt-python is not installed')
class TestLibvirtBoot(testtools.TestCase):
    def setUp(self):
        super().setUp()
        self.cloud = self.useFixture(func_fixtures.AllInOneFixture(
            compute_hosts=['host1'],
            compute_driver='libvirt.LibvirtDriver',
            **{'libvirt.connection_uri': 'test:///default'}))
        self.api = self.cloud.api

    def test_boot_and_delete(self):
        resp = self.api.create_server(self.cloud.image_id, name='lv')
        self.assertEqual(202, resp.status, resp)
        server = self.api.wait_for_server(resp.body['server']['id'])
        self.assertEqual('ACTIVE', server['status'], server.get('fault'))
        self.assertEqual(1, server['OS-EXT-STS:power_state'])
        self.assertEqual('host1', server['OS-EXT-SRV-ATTR:host'])
        self.assertTrue(server['addresses']['private'])
        name = server['OS-EXT-SRV-ATTR:instance_name']
        conn = libvirt.open('test:///default')
        self.addCleanup(conn.close)
        self.assertIn(name, [d.name() for d in conn.listAllDomains()])
        hypervisor = self.api.get('/os-hypervisors/detail').body[
            'hypervisors'][0]
        self.assertEqual('TEST', hypervisor['hypervisor_type'])

        self.assertEqual(204, self.api.delete('/servers/%s'
                                              % server['id']).status)
        self.api.wait_for_deleted(server['id'])
        self.assertNotIn(name, [d.name() for d in conn.listAllDomains()])
        self.assertEqual(0, self.cloud.count_instances())
