"""The routing table serves every URL of the API reference, and nothing
else: a wrong method is a 405 naming the allowed ones."""

import testtools

from minova.api.openstack import compute
from minova.tests.unit.api.openstack.compute import base

DOCUMENTED = {
    '/servers': {'GET', 'POST'},
    '/servers/detail': {'GET'},
    '/servers/{server_id}': {'GET', 'PUT', 'DELETE'},
    '/servers/{server_id}/action': {'POST'},
    '/servers/{server_id}/os-volume_attachments': {'GET', 'POST'},
    '/servers/{server_id}/os-volume_attachments/{volume_id}': {
        'GET', 'PUT', 'DELETE'},
    '/os-volumes': {'GET', 'POST'},
    '/os-volumes/detail': {'GET'},
    '/os-volumes/{volume_id}': {'GET', 'DELETE'},
    '/os-snapshots': {'GET', 'POST'},
    '/os-snapshots/detail': {'GET'},
    '/os-snapshots/{snapshot_id}': {'GET', 'DELETE'},
    '/servers/{server_id}/metadata': {'GET', 'POST', 'PUT'},
    '/servers/{server_id}/metadata/{key}': {'GET', 'PUT', 'DELETE'},
    '/servers/{server_id}/tags': {'GET', 'PUT', 'DELETE'},
    '/servers/{server_id}/tags/{tag}': {'GET', 'PUT', 'DELETE'},
    '/servers/{server_id}/ips': {'GET'},
    '/servers/{server_id}/ips/{network_label}': {'GET'},
    '/servers/{server_id}/os-instance-actions': {'GET'},
    '/servers/{server_id}/os-instance-actions/{request_id}': {'GET'},
    '/servers/{server_id}/migrations': {'GET'},
    '/os-migrations': {'GET'},
    '/flavors': {'GET', 'POST'},
    '/flavors/detail': {'GET'},
    '/flavors/{flavor_id}': {'GET', 'PUT', 'DELETE'},
    '/flavors/{flavor_id}/os-extra_specs': {'GET', 'POST'},
    '/flavors/{flavor_id}/os-extra_specs/{key}': {'GET', 'PUT', 'DELETE'},
    '/images': {'GET'},
    '/images/detail': {'GET'},
    '/images/{image_id}': {'GET'},
    '/os-hypervisors': {'GET'},
    '/os-hypervisors/detail': {'GET'},
    '/os-hypervisors/{hypervisor_id}': {'GET'},
    '/os-hypervisors/{hypervisor_id}/uptime': {'GET'},
    '/os-hypervisors/{hypervisor_hostname_pattern}/search': {'GET'},
    '/os-hypervisors/{hypervisor_hostname_pattern}/servers': {'GET'},
    '/os-hypervisors/statistics': {'GET'},
    '/os-server-groups': {'GET', 'POST'},
    '/os-server-groups/{group_id}': {'GET', 'DELETE'},
    '/os-services': {'GET'},
    '/os-services/{service_id}': {'PUT', 'DELETE'},
    '/os-aggregates': {'GET', 'POST'},
    '/os-aggregates/{aggregate_id}': {'GET', 'PUT', 'DELETE'},
    '/os-aggregates/{aggregate_id}/action': {'POST'},
    '/os-availability-zone': {'GET'},
    '/os-availability-zone/detail': {'GET'},
    '/os-networks': {'GET'},
    '/extensions': {'GET'},
    '/extensions/{alias}': {'GET'},
    '/servers/{server_id}/os-server-password': {'GET', 'DELETE'},
    '/os-networks/{network_id}': {'GET'},
    '/os-keypairs': {'GET', 'POST'},
    '/os-keypairs/{keypair_name}': {'GET', 'DELETE'},
    '/os-quota-sets/{tenant_id}': {'GET', 'PUT', 'DELETE'},
    '/os-quota-sets/{tenant_id}/detail': {'GET'},
    '/os-quota-sets/{tenant_id}/defaults': {'GET'},
    '/limits': {'GET'},
}


class TestRoutes(testtools.TestCase):

    def test_table_is_the_documented_api(self):
        served = {template: set(methods)
                  for template, methods in compute.ROUTES.items()
                  if template not in ('', '/', '/versions/{version_id}')}
        self.assertEqual(DOCUMENTED, served)


class TestRouting(base.APITestCase):

    def test_detail_is_not_a_server_id(self):
        self.assertEqual(200, self.request('/servers/detail').status_int)
        self.assertEqual(200, self.request('/flavors/detail').status_int)

    def test_wrong_method_is_405(self):
        resp = self.request('/servers/detail', 'POST', {})
        self.assertEqual(405, resp.status_int)
        self.assertEqual('GET', resp.headers['Allow'])
        self.assertEqual('badMethod', list(resp.json)[0])

    def test_every_answer_has_the_version_headers(self):
        for path in ('/servers', '/flavors/nope', '/os-services'):
            resp = self.request(path)
            self.assertEqual('compute 2.1',
                             resp.headers['OpenStack-API-Version'], path)
            self.assertEqual('2.1',
                             resp.headers['X-OpenStack-Nova-API-Version'])
