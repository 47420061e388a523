"""Server groups and scheduler hints over the real HTTP API, with three
computes: the policies hold for a multi-create, an impossible one ends in
ERROR with a NoValidHost fault naming the filter, and same_host /
different_host steer placement."""

from concurrent import futures

from oslo_utils import uuidutils

from minova.tests.functional import test_servers_api

HOSTS = ('host1', 'host2', 'host3')


class ServerGroupsTestBase(test_servers_api.ServersTestBase):
    # The soft policies are 2.15's.
    microversion = '2.15'
    overrides = {'compute_hosts': HOSTS}

    def create_group(self, policy):
        resp = self.api.post('/os-server-groups', {'server_group': {
            'name': policy, 'policies': [policy]}})
        self.assertEqual(200, resp.status, resp)
        return resp.body['server_group']['id']

    def boot_many(self, count, hints, name='grouped'):
        """Boot ``count`` servers in one request with these scheduler
        hints; returns them once they rest."""
        resp = self.api.post('/servers', {
            'server': {'name': name, 'imageRef': self.cloud.image_id,
                       'flavorRef': '1', 'min_count': count},
            'os:scheduler_hints': hints})
        self.assertEqual(202, resp.status, resp)
        servers = self.api.get('/servers?name=%s' % name).body['servers']
        self.assertEqual(count, len(servers))
        return [self.api.wait_for_server(s['id']) for s in servers]

    def host_of(self, server):
        self.assertEqual('ACTIVE', server['status'], server.get('fault'))
        return server['OS-EXT-SRV-ATTR:host']


class TestServerGroupPolicies(ServerGroupsTestBase):

    def test_anti_affinity_multi_create_lands_on_three_hosts(self):
        group_id = self.create_group('anti-affinity')
        servers = self.boot_many(3, {'group': group_id})
        self.assertEqual(set(HOSTS), {self.host_of(s) for s in servers})
        members = self.api.get('/os-server-groups/%s' % group_id).body[
            'server_group']['members']
        self.assertEqual(sorted(s['id'] for s in servers), sorted(members))

    def test_anti_affinity_holds_across_requests(self):
        group_id = self.create_group('anti-affinity')
        first = self.host_of(self.boot_many(1, {'group': group_id},
                                            'first')[0])
        later = self.boot_many(2, {'group': group_id}, 'later')
        self.assertEqual(set(HOSTS) - {first},
                         {self.host_of(s) for s in later})

    def test_affinity_multi_create_lands_on_one_host(self):
        # The RAMWeigher alone would spread them over the three hosts.
        group_id = self.create_group('affinity')
        servers = self.boot_many(3, {'group': group_id})
        self.assertEqual(1, len({self.host_of(s) for s in servers}))
        # A later member joins them.
        [later] = self.boot_many(1, {'group': group_id}, 'later')
        self.assertEqual(self.host_of(servers[0]), self.host_of(later))

    def test_anti_affinity_with_more_servers_than_hosts_is_error(self):
        group_id = self.create_group('anti-affinity')
        servers = self.boot_many(4, {'group': group_id})
        for server in servers:
            self.assertEqual('ERROR', server['status'])
            message = server['fault']['message']
            self.assertTrue(message.startswith('No valid host was found.'),
                            message)
            self.assertIn('ServerGroupAntiAffinityFilter', message)
            self.assertIn(group_id, message)
        # Nothing stays claimed.
        self.assertEqual(0, self.cloud.count_rows()['allocations'])

    def test_soft_anti_affinity_spreads_then_shares(self):
        group_id = self.create_group('soft-anti-affinity')
        hosts = [self.host_of(s) for s in self.boot_many(
            4, {'group': group_id})]
        self.assertEqual(set(HOSTS), set(hosts))

    def test_deleted_group_members_and_group(self):
        group_id = self.create_group('anti-affinity')
        [server] = self.boot_many(1, {'group': group_id})
        self.assertEqual(204, self.api.delete(
            '/servers/%s' % server['id']).status)
        self.api.wait_for_deleted(server['id'])
        self.assertEqual([], self.api.get('/os-server-groups/%s' % group_id)
                         .body['server_group']['members'])
        self.assertEqual(204, self.api.delete(
            '/os-server-groups/%s' % group_id).status)
        self.assertEqual(404, self.api.get(
            '/os-server-groups/%s' % group_id).status)


class TestHostHints(ServerGroupsTestBase):
    overrides = dict(ServerGroupsTestBase.overrides, **{
        'filter_scheduler.enabled_filters': [
            'ComputeFilter', 'RamFilter', 'SameHostFilter',
            'DifferentHostFilter']})

    def test_same_host_and_different_host_steer_placement(self):
        [anchor] = self.boot_many(1, {}, 'anchor')
        anchor_host = self.host_of(anchor)
        # Spreading by RAM would leave the anchor's host.
        near = self.boot_many(2, {'same_host': anchor['id']}, 'near')
        self.assertEqual({anchor_host}, {self.host_of(s) for s in near})
        far = self.boot_many(2, {'different_host': [anchor['id']]}, 'far')
        self.assertNotIn(anchor_host, {self.host_of(s) for s in far})
        # Away from two hosts leaves the third.
        [other] = self.boot_many(
            1, {'different_host': [anchor['id'], far[0]['id']]}, 'other')
        self.assertEqual(
            set(HOSTS) - {anchor_host, self.host_of(far[0])},
            {self.host_of(other)})

    def test_bad_hints_are_400_and_boot_nothing(self):
        [anchor] = self.boot_many(1, {}, 'anchor')
        rows = self.cloud.count_rows()
        unknown = uuidutils.generate_uuid()
        for hints, words in (
                ({'group': unknown}, ('group', unknown)),
                ({'group': 'nope'}, ('group', 'nope')),
                ({'same_host': [anchor['id'], unknown]},
                 ('same_host', unknown)),
                ({'different_host': 'x'}, ('different_host',))):
            resp = self.api.post('/servers', {
                'server': {'name': 'bad', 'imageRef': self.cloud.image_id,
                           'flavorRef': '1'},
                'os:scheduler_hints': hints})
            self.assertEqual(400, resp.status, resp)
            for word in words:
                self.assertIn(word, resp.body['badRequest']['message'])
        self.assertEqual(rows, self.cloud.count_rows())


class TestConcurrentGroupBoots(ServerGroupsTestBase):
    """Separate requests at once: each is scheduled before the others are
    placed, so only the compute's late check (then a reschedule) keeps the
    policy, as in Nova."""
    overrides = dict(ServerGroupsTestBase.overrides,
                     **{'quota.instances': -1, 'quota.cores': -1,
                        'quota.ram': -1})

    def boot_at_once(self, group_id, count):
        def boot(index):
            resp = self.api.post('/servers', {
                'server': {'name': 'race-%d' % index,
                           'imageRef': self.cloud.image_id,
                           'flavorRef': '1'},
                'os:scheduler_hints': {'group': group_id}})
            self.assertEqual(202, resp.status, resp)
            return self.api.wait_for_server(resp.body['server']['id'])
        with futures.ThreadPoolExecutor(count) as pool:
            return list(pool.map(boot, range(count)))

    def test_anti_affinity_members_never_share_a_host(self):
        for _ in range(5):
            group_id = self.create_group('anti-affinity')
            servers = self.boot_at_once(group_id, len(HOSTS))
            hosts = [s['OS-EXT-SRV-ATTR:host'] for s in servers
                     if s['status'] == 'ACTIVE']
            self.assertEqual(len(hosts), len(set(hosts)), servers)
            for server in servers:
                if server['status'] == 'ERROR':
                    self.assertTrue(server['fault']['message'])
