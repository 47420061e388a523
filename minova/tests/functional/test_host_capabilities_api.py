"""What a host is decides where a server goes, over a real HTTP port: the
image's properties (ImagePropertiesFilter) and the flavor's capabilities
extra specs (ComputeCapabilitiesFilter), both in the default filters. The
fake driver's hosts run x86_64/fake/hvm guests."""

from minova import context as minova_context
from minova.image import local as local_image
from minova.tests.functional import test_servers_api


class TestHostCapabilities(test_servers_api.ServersTestBase):

    def image(self, **properties):
        return local_image.LocalImageAPI(self.cloud.conf).create(
            minova_context.get_admin_context(), 'img', b'',
            properties=properties)['id']

    def boot_image(self, status, image_id, **kwargs):
        resp = self.api.create_server(image_id, **kwargs)
        self.assertEqual(202, resp.status, resp)
        server = self.api.wait_for_server(resp.body['server']['id'])
        self.assertEqual(status, server['status'], server.get('fault'))
        return server

    def test_an_image_for_the_hosts_architecture_boots(self):
        self.boot_image('ACTIVE', self.image(hw_architecture='x86_64',
                                             hw_vm_mode='hvm'))

    def test_an_image_for_another_architecture_finds_no_host(self):
        server = self.boot_image('ERROR', self.image(
            hw_architecture='aarch64'))
        self.assertIn('ImagePropertiesFilter 2\u21920: image asks for '
                      'hw_architecture=aarch64; hosts run x86_64/fake/hvm',
                      server['fault']['message'])

    def test_flavor_capabilities(self):
        flavor = self.cloud.create_flavor('fake-only', 512)
        resp = self.api.post('/flavors/%s/os-extra_specs' % flavor.flavorid,
                             {'extra_specs': {
                                 'capabilities:hypervisor_type': 's== fake',
                                 'capabilities:cpu_info:arch': 'x86_64'}})
        self.assertEqual(200, resp.status, resp)
        self.boot_and_wait(flavor_ref=flavor.flavorid)

        other = self.cloud.create_flavor('qemu-only', 512)
        self.api.post('/flavors/%s/os-extra_specs' % other.flavorid,
                      {'extra_specs': {
                          'capabilities:hypervisor_type': 's== qemu'}})
        server = self.boot_and_wait('ERROR', flavor_ref=other.flavorid)
        self.assertIn("ComputeCapabilitiesFilter 2\u21920: no host's "
                      "capabilities meet the flavor's extra specs "
                      "capabilities:hypervisor_type='s== qemu'",
                      server['fault']['message'])
