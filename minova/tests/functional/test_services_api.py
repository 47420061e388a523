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


class TestHypervisorHostRoutes(testtools.TestCase):
    """uptime, search, servers and statistics: Nova's 2.1 routes that
    ``openstack hypervisor show`` and Tempest call."""

    def setUp(self):
        super().setUp()
        self.cloud = self.useFixture(func_fixtures.AllInOneFixture(
            compute_hosts=('node-a', 'node-b')))
        self.api = self.cloud.api
        self.ids = {h['hypervisor_hostname']: h['id'] for h in
                    self.api.get('/os-hypervisors').body['hypervisors']}

    def test_uptime_asks_the_compute(self):
        resp = self.api.get('/os-hypervisors/%d/uptime' % self.ids['node-a'])
        self.assertEqual(200, resp.status, resp)
        hypervisor = resp.body['hypervisor']
        self.assertEqual({'id', 'hypervisor_hostname', 'state', 'status',
                          'uptime'}, set(hypervisor))
        self.assertEqual(('node-a', 'up', 'enabled'),
                         (hypervisor['hypervisor_hostname'],
                          hypervisor['state'], hypervisor['status']))
        # The fake driver's line, so it came from the compute's driver.
        self.assertIn('load average', hypervisor['uptime'])
        self.assertEqual(404, self.api.get(
            '/os-hypervisors/999/uptime').status)
        self.assertEqual(403, self.cloud.client('demo:demo').get(
            '/os-hypervisors/%d/uptime' % self.ids['node-a']).status)

    def test_search_and_servers_by_hostname(self):
        found = self.api.get('/os-hypervisors/node/search').body
        self.assertEqual(['node-a', 'node-b'], sorted(
            h['hypervisor_hostname'] for h in found['hypervisors']))
        resp = self.api.get('/os-hypervisors/nowhere/search')
        self.assertEqual(404, resp.status)
        self.assertIn("No hypervisor matching 'nowhere'",
                      resp.body['itemNotFound']['message'])

        server_id = self.api.create_server(
            self.cloud.image_id).body['server']['id']
        host = self.api.wait_for_server(server_id)['OS-EXT-SRV-ATTR:host']
        listed = {h['hypervisor_hostname']: h for h in self.api.get(
            '/os-hypervisors/node-/servers').body['hypervisors']}
        self.assertEqual([server_id],
                         [s['uuid'] for s in listed[host]['servers']])
        self.assertTrue(listed[host]['servers'][0]['name'].startswith(
            'instance-'))
        other = ({'node-a', 'node-b'} - {host}).pop()
        self.assertNotIn('servers', listed[other])

    def test_statistics_sum_the_enabled_nodes(self):
        detail = self.api.get('/os-hypervisors/detail').body['hypervisors']
        stats = self.api.get('/os-hypervisors/statistics').body[
            'hypervisor_statistics']
        self.assertEqual(2, stats['count'])
        self.assertEqual(sum(h['vcpus'] for h in detail), stats['vcpus'])
        self.assertEqual(sum(h['memory_mb'] for h in detail),
                         stats['memory_mb'])
        self.api.put('/os-services/disable', {'host': 'node-b',
                                              'binary': 'minova-compute'})
        stats = self.api.get('/os-hypervisors/statistics').body[
            'hypervisor_statistics']
        self.assertEqual(1, stats['count'])
        (node_a,) = [h for h in detail if h['hypervisor_hostname'] == 'node-a']
        self.assertEqual(node_a['vcpus'], stats['vcpus'])
