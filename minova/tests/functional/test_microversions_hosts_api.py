"""Hypervisors and services microversion by microversion, over HTTP: each
test shows a version's change at that version and its absence below.
Every answer is also checked against Tempest's schema of its version
(APIClient)."""

from oslo_utils import uuidutils

from minova.tests.functional import test_servers_api

CEILING = '2.79'


class HostsTestBase(test_servers_api.ServersTestBase):
    ceiling = CEILING
    overrides = {'compute_hosts': ('node-a', 'node-b', 'node-c')}

    def at(self, version):
        return self.cloud.client(microversion=version)

    def get(self, version, path, status=200):
        resp = self.at(version).get(path)
        self.assertEqual(status, resp.status, resp)
        return resp.body


class TestHypervisorMicroversions(HostsTestBase):

    def _node(self, version, name='node-a', detail=True):
        path = '/os-hypervisors/detail' if detail else '/os-hypervisors'
        (node,) = [h for h in self.get(version, path)['hypervisors']
                   if h['hypervisor_hostname'] == name]
        return node

    def test_cpu_info_is_an_object_from_2_28(self):
        self.assertIsInstance(self._node('2.27')['cpu_info'], str)
        self.assertIsInstance(self._node('2.28')['cpu_info'], dict)
        node_id = self._node('2.28')['id']
        shown = self.get('2.28', '/os-hypervisors/%d' % node_id)
        self.assertIsInstance(shown['hypervisor']['cpu_info'], dict)

    def test_paging_from_2_33(self):
        # 2.32 ignores limit and marker, as Nova's 2.1 list.
        self.assertEqual(3, len(self.get(
            '2.32', '/os-hypervisors?limit=1')['hypervisors']))
        for path in ('/os-hypervisors', '/os-hypervisors/detail'):
            page = self.get('2.33', path + '?limit=2')
            self.assertEqual(['node-a', 'node-b'], [
                h['hypervisor_hostname'] for h in page['hypervisors']])
            (link,) = page['hypervisors_links']
            self.assertEqual('next', link['rel'])
            self.assertIn(path + '?', link['href'])
            self.assertIn('marker=%d' % page['hypervisors'][-1]['id'],
                          link['href'])
            rest = self.get('2.33', path + '?limit=2&marker=%d'
                            % page['hypervisors'][-1]['id'])
            self.assertEqual(['node-c'], [
                h['hypervisor_hostname'] for h in rest['hypervisors']])
            self.assertNotIn('hypervisors_links', rest)
        self.get('2.33', '/os-hypervisors?marker=9999', status=400)

    def test_uuids_and_query_parameters_from_2_53(self):
        old = self._node('2.52')
        self.assertIsInstance(old['id'], int)
        self.assertIsInstance(old['service']['id'], int)
        new = self._node('2.53')
        self.assertTrue(uuidutils.is_uuid_like(new['id']))
        self.assertTrue(uuidutils.is_uuid_like(new['service']['id']))
        services = {s['host']: s['id'] for s in self.get(
            '2.53', '/os-services?binary=minova-compute')['services']}
        self.assertEqual(services['node-a'], new['service']['id'])

        shown = self.get('2.53', '/os-hypervisors/%s' % new['id'])
        self.assertEqual(new, shown['hypervisor'])
        self.get('2.53', '/os-hypervisors/%d' % old['id'], status=400)
        self.get('2.53', '/os-hypervisors/%s' % uuidutils.generate_uuid(),
                 status=404)
        self.get('2.52', '/os-hypervisors/%s' % new['id'], status=404)
        uptime = self.get('2.53', '/os-hypervisors/%s/uptime' % new['id'])
        self.assertEqual(new['id'], uptime['hypervisor']['id'])

        # search and servers move into the lists' query parameters.
        self.get('2.52', '/os-hypervisors/node-a/search')
        self.get('2.52', '/os-hypervisors/node-a/servers')
        self.get('2.53', '/os-hypervisors/node-a/search', status=404)
        self.get('2.53', '/os-hypervisors/node-a/servers', status=404)
        found = self.get('2.53', '/os-hypervisors?'
                         'hypervisor_hostname_pattern=node-b')
        self.assertEqual(['node-b'], [h['hypervisor_hostname']
                                      for h in found['hypervisors']])
        self.get('2.53', '/os-hypervisors/detail?'
                 'hypervisor_hostname_pattern=nowhere', status=404)
        self.get('2.53', '/os-hypervisors?hypervisor_hostname_pattern=node'
                 '&limit=1', status=400)
        # Before 2.53 the pattern is no filter.
        self.assertEqual(3, len(self.get(
            '2.52', '/os-hypervisors?hypervisor_hostname_pattern=node-b')[
                'hypervisors']))
        page = self.get('2.53', '/os-hypervisors?limit=1&marker=%s'
                        % new['id'])
        self.assertEqual(['node-b'], [h['hypervisor_hostname']
                                      for h in page['hypervisors']])

    def test_with_servers_from_2_53_and_always_from_2_75(self):
        server = self.api.wait_for_server(self.boot().body['server']['id'])
        host = server['OS-EXT-SRV-ATTR:host']
        for path in ('/os-hypervisors?with_servers=true',
                     '/os-hypervisors/detail?with_servers=1'):
            nodes = {h['hypervisor_hostname']: h
                     for h in self.get('2.53', path)['hypervisors']}
            self.assertEqual([server['id']], [
                s['uuid'] for s in nodes[host]['servers']])
            empty = [h for name, h in nodes.items() if name != host]
            self.assertEqual(2, len(empty))
            for node in empty:
                self.assertNotIn('servers', node)
            nodes = self.get('2.75', path)['hypervisors']
            self.assertEqual(
                [1, 0, 0], sorted((len(h['servers']) for h in nodes),
                                  reverse=True))
        self.assertNotIn('servers', self.get(
            '2.53', '/os-hypervisors')['hypervisors'][0])
        self.assertNotIn('servers', self.get(
            '2.52', '/os-hypervisors?with_servers=true')['hypervisors'][0])
        self.get('2.53', '/os-hypervisors?with_servers=maybe', status=400)
        node = self._node('2.53', host)
        shown = self.get('2.53', '/os-hypervisors/%s?with_servers=true'
                         % node['id'])['hypervisor']
        self.assertEqual([server['id']],
                         [s['uuid'] for s in shown['servers']])


class TestServiceMicroversions(HostsTestBase):

    def _computes(self, version):
        return {s['host']: s for s in self.get(
            version, '/os-services?binary=minova-compute')['services']}

    def test_update_by_uuid_from_2_53(self):
        self.assertIsInstance(self._computes('2.52')['node-a']['id'], int)
        node_a = self._computes('2.53')['node-a']['id']
        self.assertTrue(uuidutils.is_uuid_like(node_a))
        api = self.at('2.53')
        resp = api.put('/os-services/%s' % node_a, {
            'status': 'disabled', 'disabled_reason': 'maintenance'})
        self.assertEqual(200, resp.status, resp)
        service = resp.body['service']
        self.assertEqual((node_a, 'disabled', 'maintenance', False, 'nova'),
                         (service['id'], service['status'],
                          service['disabled_reason'],
                          service['forced_down'], service['zone']))
        resp = api.put('/os-services/%s' % node_a, {'forced_down': True})
        self.assertEqual(('disabled', True, 'down'), (
            resp.body['service']['status'],
            resp.body['service']['forced_down'],
            resp.body['service']['state']))
        resp = api.put('/os-services/%s' % node_a, {
            'status': 'enabled', 'forced_down': False})
        self.assertEqual(('enabled', None, False), (
            resp.body['service']['status'],
            resp.body['service']['disabled_reason'],
            resp.body['service']['forced_down']))
        for body in ({}, {'status': 'enabled', 'disabled_reason': 'x'},
                     {'status': 'off'}, {'host': 'node-a'}):
            self.assertEqual(400, api.put('/os-services/%s' % node_a,
                                          body).status, body)
        self.assertEqual(404, api.put('/os-services/%s'
                                      % uuidutils.generate_uuid(),
                                      {'status': 'enabled'}).status)
        scheduler = [s for s in self.get('2.53', '/os-services')['services']
                     if s['binary'] == 'minova-scheduler'][0]
        self.assertEqual(400, api.put('/os-services/%s' % scheduler['id'],
                                      {'status': 'disabled'}).status)
        # The 2.1 actions are ids that are no uuid from 2.53 ...
        self.assertEqual(400, api.put('/os-services/disable', {
            'host': 'node-a', 'binary': 'minova-compute'}).status)
        # ... and a uuid is no action before.
        self.assertEqual(404, self.at('2.52').put(
            '/os-services/%s' % node_a, {
                'host': 'node-a', 'binary': 'minova-compute'}).status)

    def test_delete(self):
        server = self.api.wait_for_server(self.boot().body['server']['id'])
        busy = server['OS-EXT-SRV-ATTR:host']
        idle = sorted({'node-a', 'node-b', 'node-c'} - {busy})
        aggregate = self.api.post('/os-aggregates', {'aggregate': {
            'name': 'agg'}}).body['aggregate']
        self.api.post('/os-aggregates/%d/action' % aggregate['id'],
                      {'add_host': {'host': idle[0]}})

        old = self.at('2.52')
        self.assertEqual(409, old.delete('/os-services/%d' % self._computes(
            '2.52')[busy]['id']).status)
        self.assertEqual(400, old.delete('/os-services/abc').status)
        self.assertEqual(404, old.delete('/os-services/99999').status)
        resp = old.delete('/os-services/%d'
                          % self._computes('2.52')[idle[0]]['id'])
        self.assertEqual(204, resp.status, resp)
        self.assertNotIn(idle[0], self._computes('2.52'))
        self.assertEqual([], self.api.get('/os-aggregates/%d' % aggregate[
            'id']).body['aggregate']['hosts'])

        new = self.at('2.53')
        self.assertEqual(400, new.delete('/os-services/%d' % self._computes(
            '2.52')[idle[1]]['id']).status)
        self.assertEqual(404, new.delete(
            '/os-services/%s' % uuidutils.generate_uuid()).status)
        resp = new.delete('/os-services/%s'
                          % self._computes('2.53')[idle[1]]['id'])
        self.assertEqual(204, resp.status, resp)
        self.assertEqual([busy], list(self._computes('2.53')))
        self.assertNotIn(idle[1], [
            h['hypervisor_hostname'] for h in self.get(
                '2.53', '/os-hypervisors')['hypervisors']])
