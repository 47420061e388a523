"""GET /servers/{id}/os-instance-actions at the microversions that changed
it, over HTTP on the all-in-one: 2.58 (``updated_at``, paging by request
id, ``changes-since``), 2.62 (events' ``host`` and ``hostId``) and 2.66
(``changes-before``), each against the version before."""

from urllib import parse as urlparse

from minova.tests.functional import fixtures as func_fixtures
from minova.tests.functional import test_servers_api


class TestInstanceActionsVersions(test_servers_api.ServersTestBase):
    ceiling = '2.66'

    def setUp(self):
        super().setUp()
        self.server_id = self.boot_and_wait()['id']
        self.request_ids = {}
        for name, status in (('os-stop', 'SHUTOFF'), ('os-start', 'ACTIVE')):
            resp = self.api.action(self.server_id, name)
            self.assertEqual(202, resp.status, resp)
            self.request_ids[name] = resp.headers['x-openstack-request-id']
            self.api.wait_for_task(self.server_id, status)

    def list(self, version, query='', expect=200):
        client = self.cloud.client(microversion=version)
        resp = client.get('/servers/%s/os-instance-actions%s'
                          % (self.server_id, query))
        self.assertEqual(expect, resp.status, resp)
        return resp.body

    def names(self, version, query=''):
        return [a['action'] for a in
                self.list(version, query)['instanceActions']]

    def test_updated_at_and_paging_from_2_58(self):
        old = self.list('2.57', '?limit=1')
        self.assertEqual(['start', 'stop', 'create'],
                         [a['action'] for a in old['instanceActions']])
        self.assertNotIn('updated_at', old['instanceActions'][0])
        self.assertNotIn('links', old)

        body = self.list('2.58', '?limit=2')
        self.assertEqual(['start', 'stop'],
                         [a['action'] for a in body['instanceActions']])
        for action in body['instanceActions']:
            self.assertGreaterEqual(action['updated_at'],
                                    action['start_time'])
        (link,) = body['links']
        self.assertEqual('next', link['rel'])
        query = urlparse.parse_qs(urlparse.urlsplit(link['href']).query)
        self.assertEqual({'limit': ['2'],
                          'marker': [self.request_ids['os-stop']]}, query)
        page = self.list('2.58', '?limit=2&marker=%s'
                         % self.request_ids['os-stop'])
        self.assertEqual(['create'], [a['action']
                                      for a in page['instanceActions']])
        self.assertNotIn('links', page)
        self.assertEqual([], self.list('2.58', '?limit=0')['instanceActions'])
        self.list('2.58', '?marker=no-such-request', expect=400)
        self.list('2.58', '?limit=-1', expect=400)
        # The marker is ignored before 2.58, as unknown parameters are.
        self.assertEqual(3, len(self.names('2.57', '?marker=nope')))

    def test_changes_since_from_2_58_and_before_from_2_66(self):
        actions = self.list('2.58')['instanceActions']
        start, create = actions[0], actions[-1]
        self.assertEqual(['start'], self.names(
            '2.58', '?changes-since=%s' % start['updated_at']))
        self.assertEqual([], self.names(
            '2.58', '?changes-since=2999-01-01T00:00:00Z'))
        self.list('2.58', '?changes-since=yesterday', expect=400)
        self.assertEqual(3, len(self.names(
            '2.57', '?changes-since=2999-01-01T00:00:00Z')))

        before = '?changes-before=%s' % create['updated_at']
        self.assertEqual(['create'], self.names('2.66', before))
        # Ignored before 2.66.
        self.assertEqual(3, len(self.names('2.65', before)))
        self.list('2.66', '?changes-since=%s&changes-before=%s' % (
            start['updated_at'], create['updated_at']), expect=400)
        self.assertEqual(['stop', 'create'], self.names(
            '2.66', '?changes-before=%s&limit=2&marker=%s' % (
                start['updated_at'], self.request_ids['os-start'])))

    def show(self, version):
        client = self.cloud.client(microversion=version)
        resp = client.get('/servers/%s/os-instance-actions/%s' % (
            self.server_id, self.request_ids['os-stop']))
        self.assertEqual(200, resp.status, resp)
        return resp.body['instanceAction']

    def test_show_updated_at_from_2_58(self):
        self.assertNotIn('updated_at', self.show('2.57'))
        action = self.show('2.58')
        self.assertGreaterEqual(action['updated_at'], action['start_time'])

    def test_event_host_and_host_id_from_2_62(self):
        host = self.api.get('/servers/%s' % self.server_id).body[
            'server']['OS-EXT-SRV-ATTR:host']
        server = self.api.get('/servers/%s' % self.server_id).body['server']
        (event,) = self.show('2.61')['events']
        self.assertNotIn('host', event)
        self.assertNotIn('hostId', event)
        (event,) = self.show('2.62')['events']
        self.assertEqual(host, event['host'])
        # The same hash as the server's hostId (same project and host).
        self.assertEqual(server['hostId'], event['hostId'])


class TestInstanceActionsNonAdmin(test_servers_api.ServersTestBase):
    ceiling = '2.62'

    def test_host_id_without_host_for_non_admins(self):
        demo = self.cloud.client(token=func_fixtures.DEMO_TOKEN,
                                 microversion='2.62')
        server_id = self.boot(api=demo).body['server']['id']
        server = demo.wait_for_server(server_id)
        self.assertEqual('ACTIVE', server['status'])
        (action,) = demo.get('/servers/%s/os-instance-actions'
                             % server_id).body['instanceActions']
        shown = demo.get('/servers/%s/os-instance-actions/%s' % (
            server_id, action['request_id'])).body['instanceAction']
        self.assertTrue(shown['events'])
        for event in shown['events']:
            self.assertNotIn('host', event)
            self.assertNotIn('traceback', event)
            self.assertIn('hostId', event)
        self.assertIn(server['hostId'],
                      [event['hostId'] for event in shown['events']])
