"""os-services and os-hypervisors over HTTP, on live services: what they
show, and that a disabled compute gets no new servers."""

import testtools

from minova.tests.functional import fixtures as func_fixtures


class TestServicesAndHypervisors(testtools.TestCase):
    def setUp(self):
        super().setUp()
        self.cloud = self.useFixture(func_fixtures.AllInOneFixture())
        self.api = self.cloud.api

    def test_services_list_and_filters(self):
        services = self.api.get('/os-services').body['services']
        self.assertEqual(
            [('minova-conductor', 'internal'), ('minova-scheduler', 'internal'),
             ('minova-compute', 'nova'), ('minova-compute', 'nova')],
            [(s['binary'], s['zone']) for s in services])
        for service in services:
            self.assertEqual(('up', 'enabled'),
                             (service['state'], service['status']))
            self.assertEqual({'id', 'binary', 'host', 'zone', 'status',
                              'state', 'updated_at', 'disabled_reason'},
                             set(service))
        computes = self.api.get('/os-services?binary=minova-compute&host=host2')
        self.assertEqual(['host2'], [s['host'] for s in
                                     computes.body['services']])

    def test_disabled_compute_gets_no_new_servers(self):
        resp = self.api.put('/os-services/disable-log-reason', {
            'host': 'host1', 'binary': 'minova-compute',
            'disabled_reason': 'maintenance'})
        self.assertEqual(200, resp.status, resp)
        self.assertEqual({'service': {
            'host': 'host1', 'binary': 'minova-compute',
            'status': 'disabled', 'disabled_reason': 'maintenance'}},
            resp.body)
        hypervisors = self.api.get('/os-hypervisors').body['hypervisors']
        self.assertEqual({'host1': 'disabled', 'host2': 'enabled'},
                         {h['hypervisor_hostname']: h['status']
                          for h in hypervisors})
        for _ in range(3):
            resp = self.api.create_server(self.cloud.image_id)
            server = self.api.wait_for_server(resp.body['server']['id'])
            self.assertEqual('host2', server['OS-EXT-SRV-ATTR:host'])

        resp = self.api.put('/os-services/enable', {
            'host': 'host1', 'binary': 'minova-compute'})
        self.assertEqual({'service': {'host': 'host1',
                                      'binary': 'minova-compute',
                                      'status': 'enabled'}}, resp.body)
        (host1,) = [s for s in self.api.get('/os-services').body['services']
                    if s['host'] == 'host1']
        self.assertEqual(('enabled', None),
                         (host1['status'], host1['disabled_reason']))

    def test_only_computes_can_be_updated(self):
        resp = self.api.put('/os-services/disable', {
            'host': 'testhost', 'binary': 'minova-scheduler'})
        self.assertEqual(400, resp.status)
        resp = self.api.put('/os-services/disable', {
            'host': 'nohost', 'binary': 'minova-compute'})
        self.assertEqual(404, resp.status)
        self.assertIn('nohost', resp.body['itemNotFound']['message'])
        resp = self.api.put('/os-services/reboot', {
            'host': 'host1', 'binary': 'minova-compute'})
        self.assertEqual(404, resp.status)

    def test_hypervisor_detail_and_show(self):
        server = self.api.wait_for_server(self.api.create_server(
            self.cloud.image_id).body['server']['id'])
        host = server['OS-EXT-SRV-ATTR:host']
        hypervisors = self.api.get('/os-hypervisors/detail').body[
            'hypervisors']
        (used,) = [h for h in hypervisors if h['hypervisor_hostname'] == host]
        shown = self.api.get('/os-hypervisors/%d' % used['id']).body[
            'hypervisor']
        self.assertEqual(used, shown)
        self.assertEqual(512, shown['memory_mb_used'])
        self.assertEqual(shown['memory_mb'] - 512, shown['free_ram_mb'])
        self.assertEqual(1, shown['vcpus_used'])
        self.assertEqual(('up', 'enabled', 'fake'),
                         (shown['state'], shown['status'],
                          shown['hypervisor_type']))
        self.assertEqual(host, shown['service']['host'])
        self.assertEqual(0, shown['current_workload'])
        for bad in ('999', 'abc'):
            resp = self.api.get('/os-hypervisors/%s' % bad)
            self.assertEqual(404, resp.status)
            self.assertIn(bad, resp.body['itemNotFound']['message'])
