"""The boot path over a real HTTP port: POST /servers through the conductor,
the scheduler and the computes of an in-process all-in-one, watched through
GET /servers like any client would."""

from concurrent import futures
from urllib import parse as urlparse

import testtools

from minova.api import microversion
from minova.tests import fixtures as minova_fixtures
from minova.tests.functional import fixtures as func_fixtures


class ServersTestBase(testtools.TestCase):
    overrides = {}
    #: The microversion ``self.api`` asks for (None: the default, 2.1).
    microversion = None
    #: The highest microversion served (None: VERSIONS' maximum).
    ceiling = None

    def setUp(self):
        super().setUp()
        if self.ceiling or self.microversion:
            # Served even before VERSIONS claims it.
            self.useFixture(minova_fixtures.MicroversionCeiling(
                self.ceiling or self.microversion))
        self.cloud = self.useFixture(
            func_fixtures.AllInOneFixture(**self.overrides))
        self.api = self.cloud.client(microversion=self.microversion)

    def boot(self, api=None, **kwargs):
        api = api or self.api
        if api.microversion and microversion.APIVersionRequest(
                api.microversion) >= '2.37':
            kwargs.setdefault('networks', 'auto')  # required from 2.37
        resp = api.create_server(self.cloud.image_id, **kwargs)
        self.assertEqual(202, resp.status, resp)
        return resp

    def boot_and_wait(self, status='ACTIVE', **kwargs):
        server_id = self.boot(**kwargs).body['server']['id']
        server = self.api.wait_for_server(server_id)
        self.assertEqual(status, server['status'], server.get('fault'))
        return server


class TestBoot(ServersTestBase):

    def test_single_boot_becomes_active_with_an_address(self):
        resp = self.boot(name='web-1', metadata={'role': 'web'})
        created = resp.body['server']
        self.assertEqual(resp.headers['Location'],
                         created['links'][0]['href'])
        self.assertEqual('MANUAL', created['OS-DCF:diskConfig'])
        self.assertEqual([{'name': 'default'}], created['security_groups'])
        self.assertEqual(12, len(created['adminPass']))

        server = self.api.wait_for_server(created['id'])
        self.assertEqual('ACTIVE', server['status'])
        self.assertEqual('web-1', server['name'])
        self.assertEqual({'role': 'web'}, server['metadata'])
        self.assertEqual('active', server['OS-EXT-STS:vm_state'])
        self.assertIsNone(server['OS-EXT-STS:task_state'])
        self.assertEqual(1, server['OS-EXT-STS:power_state'])
        self.assertIn(server['OS-EXT-SRV-ATTR:host'], ('host1', 'host2'))
        self.assertEqual('nova', server['OS-EXT-AZ:availability_zone'])
        self.assertIsNotNone(server['OS-SRV-USG:launched_at'])
        self.assertTrue(server['hostId'])
        (address,) = server['addresses']['private']
        self.assertEqual(4, address['version'])
        self.assertTrue(address['addr'].startswith('10.0.'))
        self.assertEqual('fixed', address['OS-EXT-IPS:type'])
        self.assertEqual(
            {'addresses': {'private': [{'version': 4,
                                        'addr': address['addr']}]}},
            self.api.get('/servers/%s/ips' % created['id']).body)

    def test_boot_records_the_create_action_with_the_request_id(self):
        resp = self.boot()
        server_id = resp.body['server']['id']
        self.api.wait_for_server(server_id)
        actions = self.api.get('/servers/%s/os-instance-actions'
                               % server_id).body['instanceActions']
        self.assertEqual(['create'], [a['action'] for a in actions])
        self.assertEqual(resp.headers['x-openstack-request-id'],
                         actions[0]['request_id'])

    def test_multi_create_min_count_3(self):
        resp = self.boot(name='multi', min_count=3)
        self.assertEqual(3, self.cloud.count_instances())
        servers = self.api.get('/servers/detail?name=multi').body['servers']
        self.assertEqual(3, len(servers))
        for server in servers:
            self.assertEqual('ACTIVE',
                             self.api.wait_for_server(server['id'])['status'])
        self.assertIn(resp.body['server']['id'],
                      [server['id'] for server in servers])
        # Nova's multi_instance_display_name_template.
        self.assertEqual(['multi-1', 'multi-2', 'multi-3'],
                         sorted(server['name'] for server in servers))

    def test_return_reservation_id(self):
        resp = self.boot(min_count=2, return_reservation_id=True)
        reservation_id = resp.body['reservation_id']
        self.assertTrue(reservation_id.startswith('r-'))
        self.assertNotIn('server', resp.body)
        servers = self.api.get('/servers?reservation_id=%s'
                               % reservation_id).body['servers']
        self.assertEqual(2, len(servers))

    def test_no_valid_host_is_error_with_a_fault(self):
        flavor = self.cloud.create_flavor('too-big', 512, disk=100000)
        server = self.boot_and_wait('ERROR', flavor_ref=flavor.flavorid)
        self.assertTrue(server['fault']['message'].startswith(
            'No valid host was found'), server['fault'])
        self.assertIn('DiskFilter 2\u21920: flavor needs 100000 GB disk',
                      server['fault']['message'])
        self.assertEqual(500, server['fault']['code'])
        # Admins are told which hosts turned it away; nobody else is.
        self.assertIn('it turned away host1, host2',
                      server['fault']['details'])
        self.assertNotIn('host1', server['fault']['message'])
        # The owner sees the fault, without the admin-only details.
        # demo:admin is a non-admin user of the server's project.
        own = self.cloud.client('demo:admin').get(
            '/servers/%s' % server['id']).body['server']
        self.assertEqual(server['fault']['message'], own['fault']['message'])
        self.assertNotIn('details', own['fault'])
        self.assertNotIn('OS-EXT-SRV-ATTR:host', own)

    def test_delete_then_404(self):
        server = self.boot_and_wait()
        resp = self.api.delete('/servers/%s' % server['id'])
        self.assertEqual(204, resp.status)
        self.api.wait_for_deleted(server['id'])
        self.assertEqual(0, self.cloud.count_instances())
        resp = self.api.get('/servers/%s' % server['id'])
        self.assertEqual(404, resp.status)
        self.assertIn(server['id'], resp.body['itemNotFound']['message'])
        # The address went back to the pool, the claim to the host.
        rows = self.cloud.count_rows()
        self.assertEqual((0, 0), (rows['fixed_ips'], rows['allocations']))
        actions = self.api.get('/servers/%s/os-instance-actions'
                               % server['id'])
        self.assertEqual(404, actions.status)

    def test_delete_while_building(self):
        server_id = self.boot().body['server']['id']
        self.assertEqual(204, self.api.delete('/servers/%s'
                                              % server_id).status)
        self.api.wait_for_deleted(server_id)
        self.assertEqual(0, self.cloud.count_instances())

    def test_rename(self):
        server = self.boot_and_wait()
        resp = self.api.put('/servers/%s' % server['id'],
                            {'server': {'name': 'renamed'}})
        self.assertEqual(200, resp.status)
        self.assertEqual('renamed', resp.body['server']['name'])
        self.assertEqual('renamed', self.api.get(
            '/servers/%s' % server['id']).body['server']['name'])

    def test_metadata_of_a_running_server(self):
        server = self.boot_and_wait(metadata={'a': '1'})
        path = '/servers/%s/metadata' % server['id']
        self.assertEqual({'metadata': {'a': '1', 'b': '2'}},
                         self.api.post(path, {'metadata': {'b': '2'}}).body)
        self.assertEqual({'meta': {'c': '3'}},
                         self.api.put(path + '/c', {'meta': {'c': '3'}}).body)
        self.assertEqual(204, self.api.delete(path + '/a').status)
        self.assertEqual({'metadata': {'b': '2', 'c': '3'}},
                         self.api.get(path).body)
        self.assertEqual({'metadata': {'z': '26'}},
                         self.api.put(path, {'metadata': {'z': '26'}}).body)
        self.assertEqual({'z': '26'}, self.api.get(
            '/servers/%s' % server['id']).body['server']['metadata'])


class TestOneExecutorThread(ServersTestBase):
    """No service of minova-all waits on one that waits on it: with one
    executor thread per RPC server (minova-all runs 16), concurrent boots
    and deletes still all finish."""

    overrides = {'executor_thread_pool_size': 1}

    def test_concurrent_boots_and_deletes_finish(self):
        with futures.ThreadPoolExecutor(6) as pool:
            ids = list(pool.map(
                lambda index: self.boot(name='one-%d' % index).body[
                    'server']['id'], range(6)))
        self.assertEqual(['ACTIVE'] * 6, [
            self.api.wait_for_server(server_id)['status']
            for server_id in ids])
        for server_id in ids:
            self.assertEqual(204, self.api.delete(
                '/servers/%s' % server_id).status)
        for server_id in ids:
            self.api.wait_for_deleted(server_id)


class TestReschedule(ServersTestBase):
    # host1 has the lower compute node id: of two equal hosts it is tried
    # first, and fails.
    overrides = {'fake_driver.fail_spawn_on_hosts': ['host1'],
                 'filter_scheduler.host_subset_size': 1}

    def test_failure_on_the_first_host_is_rescheduled_to_another(self):
        server = self.boot_and_wait()
        self.assertEqual('host2', server['OS-EXT-SRV-ATTR:host'])
        self.assertNotIn('fault', server)
        (action,) = self.api.get('/servers/%s/os-instance-actions'
                                 % server['id']).body['instanceActions']
        events = self.api.get('/servers/%s/os-instance-actions/%s' % (
            server['id'], action['request_id'])).body['instanceAction'][
            'events']
        builds = [event for event in events
                  if event['event'] == 'compute__do_build_and_run_instance']
        self.assertEqual(['Error', 'Success'],
                         [event['result'] for event in builds])
        self.assertIn('fail_spawn_on_hosts lists host host1',
                      builds[0]['traceback'])
        self.assertIsNone(builds[1]['traceback'])
        # Nothing is left behind on host1.
        hypervisors = {h['hypervisor_hostname']: h for h in self.api.get(
            '/os-hypervisors/detail').body['hypervisors']}
        self.assertEqual(0, hypervisors['host1']['memory_mb_used'])
        self.assertEqual(512, hypervisors['host2']['memory_mb_used'])

    def test_a_host_that_failed_a_build_is_avoided_next_time(self):
        self.assertEqual('host2', self.boot_and_wait()[
            'OS-EXT-SRV-ATTR:host'])
        # host1 has more free RAM now, but a build just failed there
        # (BuildFailureWeigher): the next build goes straight to host2.
        server = self.boot_and_wait()
        self.assertEqual('host2', server['OS-EXT-SRV-ATTR:host'])
        (action,) = self.api.get('/servers/%s/os-instance-actions'
                                 % server['id']).body['instanceActions']
        events = self.api.get('/servers/%s/os-instance-actions/%s' % (
            server['id'], action['request_id'])).body['instanceAction'][
            'events']
        self.assertEqual(['Success'], [
            event['result'] for event in events
            if event['event'] == 'compute__do_build_and_run_instance'])

    def test_events_are_for_admins_at_2_1(self):
        server = self.boot_and_wait()
        demo = self.cloud.client('demo:admin')
        (action,) = demo.get('/servers/%s/os-instance-actions'
                             % server['id']).body['instanceActions']
        shown = demo.get('/servers/%s/os-instance-actions/%s' % (
            server['id'], action['request_id'])).body['instanceAction']
        self.assertNotIn('events', shown)
        self.assertEqual('create', shown['action'])


class TestListing(ServersTestBase):

    def _follow(self, path, key='servers'):
        """Every page of a list, following the next links; each page has
        the fields of the first (a detailed list's links stay detailed)."""
        seen, pages, fields = [], 0, None
        while path:
            body = self.api.get(path).body
            page_fields = {frozenset(item) for item in body[key]}
            fields = fields or page_fields
            self.assertEqual(fields, page_fields, path)
            seen += body[key]
            pages += 1
            links = body.get(key + '_links')
            if links:
                url = urlparse.urlsplit(links[0]['href'])
                path = url.path[len('/v2.1'):] + '?' + url.query
            else:
                path = None
        return seen, pages

    def test_list_and_detail_paging_with_limit_and_marker(self):
        self.boot(name='page', min_count=5)
        for path in ('/servers?limit=2', '/servers/detail?limit=2'):
            servers, pages = self._follow(path)
            self.assertEqual(5, len(servers), path)
            self.assertEqual(5, len({s['id'] for s in servers}), path)
            self.assertEqual(3, pages, path)
        body = self.api.get('/servers/detail?limit=2').body
        self.assertIn('/v2.1/servers/detail?limit=2&marker=',
                      body['servers_links'][0]['href'])
        body = self.api.get('/servers?limit=2').body
        self.assertEqual({'id', 'name', 'links'}, set(body['servers'][0]))
        second = self.api.get('/servers?limit=2&marker=%s'
                              % body['servers'][1]['id']).body['servers']
        self.assertEqual(2, len(second))
        self.assertNotIn(body['servers'][1]['id'], [s['id'] for s in second])

    def test_limit_0_is_an_empty_page(self):
        self.boot(min_count=2)
        for path, key in (('/servers?limit=0', 'servers'),
                          ('/servers/detail?limit=0', 'servers'),
                          ('/flavors?limit=0', 'flavors'),
                          ('/flavors/detail?limit=0', 'flavors'),
                          ('/images?limit=0', 'images'),
                          ('/images/detail?limit=0', 'images')):
            body = self.api.get(path).body
            self.assertEqual([], body[key], path)
            self.assertNotIn(key + '_links', body, path)

    def test_detailed_flavor_and_image_pages_link_to_detailed_pages(self):
        for path, key in (('/flavors/detail?limit=1', 'flavors'),
                          ('/images/detail?limit=1', 'images')):
            body = self.api.get(path).body
            self.assertIn('/v2.1/%s/detail?limit=1&marker=' % key,
                          body[key + '_links'][0]['href'])
        items, pages = self._follow('/flavors/detail?limit=3', 'flavors')
        self.assertEqual((4, 2), (len(items), pages))

    def test_unknown_marker_is_400(self):
        resp = self.api.get('/servers?marker=nope')
        self.assertEqual(400, resp.status)
        self.assertEqual('marker [nope] not found',
                         resp.body['badRequest']['message'])

    def test_max_limit_caps_a_page(self):
        self.cloud.conf.set_override('max_limit', 2, group='api')
        self.boot(min_count=3)
        body = self.api.get('/servers').body
        self.assertEqual(2, len(body['servers']))
        self.assertIn('servers_links', body)

    def test_filters(self):
        self.boot(name='alpha-1')
        self.boot(name='alpha-2')
        beta = self.boot(name='beta').body['server']['id']
        error = self.boot(name='big', flavor_ref=self.cloud.create_flavor(
            'big', 512, disk=100000).flavorid).body['server']['id']
        self.api.wait_for_server(error)
        self.api.wait_for_server(beta)

        def names(query):
            resp = self.api.get('/servers/detail?' + query)
            self.assertEqual(200, resp.status, resp)
            return sorted(s['name'] for s in resp.body['servers'])

        self.assertEqual(['alpha-1', 'alpha-2'], names('name=alpha'))
        self.assertEqual(['alpha-2', 'beta'], names('name=^(beta|.*-2)$'))
        self.assertEqual(['big'], names('status=ERROR'))
        self.assertEqual(['big'], names('status=error'))
        self.assertEqual([], names('flavor=nope'))
        self.assertEqual(['alpha-1', 'alpha-2', 'beta'], names('flavor=1'))
        self.assertEqual(4, len(names('image=%s' % self.cloud.image_id)))
        host = self.api.get('/servers/%s' % beta).body['server'][
            'OS-EXT-SRV-ATTR:host']
        on_host = names('host=%s' % host)
        self.assertIn('beta', on_host)
        self.assertNotIn('big', on_host)
        self.assertEqual(4, len(names('changes-since=2000-01-01T00:00:00Z')))
        self.assertEqual([], names('changes-since=2999-01-01T00:00:00Z'))
        self.assertEqual(400, self.api.get(
            '/servers?changes-since=yesterday').status)

    def test_projects_see_their_own_servers(self):
        alice = self.cloud.client('alice:pa')
        bob = self.cloud.client('bob:pb')
        server_id = self.boot(api=alice).body['server']['id']
        self.assertEqual([server_id], [s['id'] for s in alice.get(
            '/servers').body['servers']])
        self.assertEqual([], bob.get('/servers').body['servers'])
        self.assertEqual(404, bob.get('/servers/%s' % server_id).status)
        self.assertEqual(404, bob.delete('/servers/%s' % server_id).status)
        # An admin sees them with all_tenants; without, only their own.
        self.assertEqual([], self.api.get('/servers').body['servers'])
        self.assertEqual([server_id], [s['id'] for s in self.api.get(
            '/servers?all_tenants=1').body['servers']])
        resp = bob.get('/servers?all_tenants=1')
        self.assertEqual(403, resp.status)
        self.assertIn('get_all_tenants', resp.body['forbidden']['message'])
        # host is an admin filter: ignored for others, as in Nova.
        self.assertEqual(1, len(alice.get('/servers?host=nowhere').body[
            'servers']))
