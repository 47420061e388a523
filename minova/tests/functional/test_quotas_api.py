"""Quotas over the real HTTP API: ``/os-quota-sets`` (show, detail,
defaults, admin update and delete, per user), ``/limits``, their
microversions, and enforcement at boot and group create -- exactly the
limit admitted, also when 50 boots race for a quota of 10."""

from concurrent import futures

from minova.tests import fixtures as minova_fixtures
from minova.tests.functional import fixtures as func_fixtures
from minova.tests.functional import test_servers_api

ADMIN = 'admin'
DEMO = 'demo'

# Nova's defaults for every resource it shows at 2.1.
DEFAULTS = {
    'instances': 10, 'cores': 20, 'ram': 51200, 'metadata_items': 128,
    'injected_files': 5, 'injected_file_content_bytes': 10240,
    'injected_file_path_bytes': 255, 'key_pairs': 100,
    'server_groups': 10, 'server_group_members': 10,
    'fixed_ips': -1, 'floating_ips': -1, 'security_groups': -1,
    'security_group_rules': -1,
}
NETWORK = {'fixed_ips', 'floating_ips', 'security_groups',
           'security_group_rules'}
PERSONALITY = {'injected_files', 'injected_file_content_bytes',
               'injected_file_path_bytes'}


class QuotasTestBase(test_servers_api.ServersTestBase):

    def setUp(self):
        # Versioned behaviour up to 2.79, whatever minova claims today.
        self.useFixture(minova_fixtures.MicroversionCeiling('2.79'))
        super().setUp()
        self.demo = self.cloud.client(token=func_fixtures.DEMO_TOKEN)

    def quota_set(self, project=DEMO, path='', api=None, status=200):
        resp = (api or self.api).get('/os-quota-sets/%s%s' % (project, path))
        self.assertEqual(status, resp.status, resp)
        return resp.body.get('quota_set', resp.body)

    def set_quota(self, project=DEMO, status=200, query='', **limits):
        resp = self.api.put('/os-quota-sets/%s%s' % (project, query),
                            {'quota_set': limits})
        self.assertEqual(status, resp.status, resp)
        return resp.body

    def fault(self, resp, status):
        self.assertEqual(status, resp.status, resp)
        (fault,) = resp.body.values()
        self.assertEqual(status, fault['code'])
        return fault['message']


class TestQuotaSets(QuotasTestBase):

    def test_defaults_show_and_detail_at_2_1(self):
        self.assertEqual(dict(DEFAULTS, id=DEMO),
                         self.quota_set(path='/defaults'))
        self.assertEqual(dict(DEFAULTS, id=DEMO), self.quota_set())
        self.boot_and_wait(api=self.demo)
        detail = self.quota_set(path='/detail')
        self.assertEqual(DEMO, detail.pop('id'))
        self.assertEqual(set(DEFAULTS), set(detail))
        self.assertEqual({'in_use': 1, 'limit': 10, 'reserved': 0},
                         detail['instances'])
        self.assertEqual({'in_use': 512, 'limit': 51200, 'reserved': 0},
                         detail['ram'])
        self.assertEqual(1, detail['cores']['in_use'])
        self.assertEqual(0, detail['key_pairs']['in_use'])

    def test_update_then_delete_back_to_defaults(self):
        body = self.set_quota(instances=5, cores='7', ram=-1, force=False)
        # No id in the answer of an update, as in Nova.
        self.assertEqual(dict(DEFAULTS, instances=5, cores=7, ram=-1),
                         body['quota_set'])
        self.assertEqual(5, self.quota_set()['instances'])
        self.assertEqual(10, self.quota_set(ADMIN)['instances'])
        resp = self.api.delete('/os-quota-sets/%s' % DEMO)
        self.assertEqual(202, resp.status, resp)
        self.assertEqual(dict(DEFAULTS, id=DEMO), self.quota_set())

    def test_only_admins_change_quotas_and_see_other_projects(self):
        # A member sees its own project's quotas only.
        self.assertEqual(10, self.quota_set(api=self.demo)['instances'])
        for path in ('', '/detail'):
            self.assertIn('os_compute_api:os-quota-sets:', self.fault(
                self.demo.get('/os-quota-sets/%s%s' % (ADMIN, path)), 403))
        self.assertEqual(10, self.quota_set(ADMIN, '/defaults',
                                            api=self.demo)['instances'])
        message = self.fault(self.demo.put(
            '/os-quota-sets/%s' % DEMO, {'quota_set': {'instances': 99}}),
            403)
        self.assertIn('os_compute_api:os-quota-sets:update', message)
        self.assertIn('os_compute_api:os-quota-sets:delete', self.fault(
            self.demo.delete('/os-quota-sets/%s' % DEMO), 403))
        self.assertEqual(10, self.quota_set()['instances'])

    def test_bad_bodies_are_400_and_change_nothing(self):
        for limits, words in (
                ({'instances': -2}, 'instances'),
                ({'instances': 'ten'}, 'instances'),
                ({'cores': 2 ** 31}, 'cores'),
                ({'bogus': 1}, 'bogus'),
                ({'force': 'maybe'}, 'force'),
                ({'networks': 1}, 'The networks quota has been removed')):
            resp = self.api.put('/os-quota-sets/%s' % DEMO,
                                {'quota_set': dict(limits, ram=1)})
            self.assertIn(words, self.fault(resp, 400), limits)
        self.assertIn('quota_set', self.fault(
            self.api.put('/os-quota-sets/%s' % DEMO, {'instances': 1}), 400))
        self.assertEqual(dict(DEFAULTS, id=DEMO), self.quota_set())

    def test_a_limit_below_usage_needs_force(self):
        self.boot_and_wait(api=self.demo)
        self.boot_and_wait(api=self.demo)
        message = self.fault(self.api.put('/os-quota-sets/%s' % DEMO, {
            'quota_set': {'ram': 2048, 'instances': 1}}), 400)
        self.assertEqual('Quota limit 1 for instances must be greater than '
                         'or equal to already used and reserved 2.', message)
        # Nothing was written, not even the valid ram.
        self.assertEqual(51200, self.quota_set()['ram'])
        body = self.set_quota(instances=1, force='True')
        self.assertEqual(1, body['quota_set']['instances'])

    def test_user_quotas_within_the_project(self):
        self.set_quota(instances=6)
        user = '?user_id=alice'
        body = self.set_quota(query=user, instances=4, cores=3)
        self.assertEqual(dict(DEFAULTS, instances=4, cores=3),
                         body['quota_set'])
        self.assertEqual(dict(DEFAULTS, id=DEMO, instances=4, cores=3),
                         self.quota_set(path=user))
        # The project keeps its own; bob may have what alice left.
        self.assertEqual(6, self.quota_set()['instances'])
        self.assertEqual(
            'Quota limit 3 for instances must be less than or equal to 2.',
            self.fault(self.api.put('/os-quota-sets/%s?user_id=bob' % DEMO,
                                    {'quota_set': {'instances': 3}}), 400))
        self.set_quota(query='?user_id=bob', instances=2)
        # The project may not go below what its users were given.
        self.assertIn('greater than or equal to already used and reserved '
                      '6', self.fault(self.api.put(
                          '/os-quota-sets/%s' % DEMO,
                          {'quota_set': {'instances': 5}}), 400))
        resp = self.api.delete('/os-quota-sets/%s%s' % (DEMO, user))
        self.assertEqual(202, resp.status, resp)
        self.assertEqual(6, self.quota_set(path=user)['instances'])
        self.assertEqual(2, self.quota_set(path='?user_id=bob')['instances'])


class TestQuotaMicroversions(QuotasTestBase):

    def test_network_quotas_leave_at_2_36_personality_at_2_57(self):
        for version, hidden in (('2.35', set()), ('2.36', NETWORK),
                                ('2.56', NETWORK),
                                ('2.57', NETWORK | PERSONALITY)):
            api = self.cloud.client(microversion=version)
            for path in ('', '/defaults', '/detail'):
                shown = set(self.quota_set(path=path, api=api)) - {'id'}
                self.assertEqual(set(DEFAULTS) - hidden, shown,
                                 (version, path))
            for name in sorted(hidden):
                resp = api.put('/os-quota-sets/%s' % DEMO,
                               {'quota_set': {name: 1}})
                self.assertIn(name, self.fault(resp, 400), version)
            resp = api.put('/os-quota-sets/%s' % DEMO,
                           {'quota_set': {'instances': 9}})
            self.assertEqual(set(DEFAULTS) - hidden,
                             set(resp.body['quota_set']), version)

    def test_unknown_query_parameters_refused_from_2_75(self):
        old = self.cloud.client(microversion='2.74')
        self.quota_set(path='?foo=1', api=old)
        new = self.cloud.client(microversion='2.75')
        self.assertIn('foo', self.fault(
            new.get('/os-quota-sets/%s?foo=1' % DEMO), 400))
        self.assertIn('foo', self.fault(new.get('/limits?foo=1'), 400))
        self.assertEqual(200, old.get('/limits?foo=1').status)


class TestLimits(QuotasTestBase):

    def absolute(self, api, query=''):
        resp = api.get('/limits' + query)
        self.assertEqual(200, resp.status, resp)
        self.assertEqual([], resp.body['limits']['rate'])
        return resp.body['limits']['absolute']

    def test_absolute_limits_and_usage_at_2_1(self):
        self.set_quota(instances=4)
        self.boot_and_wait(api=self.demo, flavor_ref='2')  # 2048 MB, 1 vCPU
        self.assertEqual({
            'maxTotalInstances': 4, 'maxTotalCores': 20,
            'maxTotalRAMSize': 51200, 'maxServerMeta': 128,
            'maxImageMeta': 128, 'maxPersonality': 5,
            'maxPersonalitySize': 10240, 'maxTotalKeypairs': 100,
            'maxTotalFloatingIps': -1, 'maxSecurityGroups': -1,
            'maxSecurityGroupRules': -1, 'maxServerGroups': 10,
            'maxServerGroupMembers': 10, 'totalInstancesUsed': 1,
            'totalCoresUsed': 1, 'totalRAMUsed': 2048,
            'totalFloatingIpsUsed': 0, 'totalSecurityGroupsUsed': 0,
            'totalServerGroupsUsed': 0}, self.absolute(self.demo))
        # The admin's own project is empty; ?tenant_id= shows demo's.
        self.assertEqual(0, self.absolute(self.api)['totalInstancesUsed'])
        other = self.absolute(self.api, '?tenant_id=%s' % DEMO)
        self.assertEqual((4, 1), (other['maxTotalInstances'],
                                  other['totalInstancesUsed']))
        self.assertIn('os_compute_api:limits:other_project', self.fault(
            self.demo.get('/limits?tenant_id=%s' % ADMIN), 403))

    def test_limits_by_microversion(self):
        base = set(self.absolute(self.cloud.client(microversion='2.1')))
        network = {'maxTotalFloatingIps', 'maxSecurityGroups',
                   'maxSecurityGroupRules', 'totalFloatingIpsUsed',
                   'totalSecurityGroupsUsed'}
        for version, gone in (
                ('2.35', set()), ('2.36', network),
                ('2.39', network | {'maxImageMeta'}),
                ('2.57', network | {'maxImageMeta', 'maxPersonality',
                                    'maxPersonalitySize'})):
            api = self.cloud.client(microversion=version)
            self.assertEqual(base - gone, set(self.absolute(api)), version)


class TestEnforcement(QuotasTestBase):

    def test_instances_over_the_project_quota_are_403(self):
        self.set_quota(instances=1)
        self.boot_and_wait(api=self.demo)
        resp = self.demo.create_server(self.cloud.image_id)
        self.assertEqual('Quota exceeded for instances: Requested 1, but '
                         'already used 1 of 1 instances',
                         self.fault(resp, 403))
        resp = self.demo.create_server(self.cloud.image_id, min_count=2,
                                       max_count=3)
        self.assertEqual('Quota exceeded for instances: Requested 2-3, but '
                         'already used 1 of 1 instances',
                         self.fault(resp, 403))
        self.assertEqual(1, self.cloud.count_instances())

    def test_an_admins_resize_counts_against_the_servers_project(self):
        # The admin's own project has room; the server's has not (Nova
        # checks the instance's project: Tempest's
        # test_resize_server_using_overlimit_ram).
        self.set_quota(ram=1024)
        server_id = self.boot_and_wait(api=self.demo)['id']
        self.cloud.create_flavor('big', 2048, flavorid='big')
        resp = self.api.action(server_id, 'resize', {'flavorRef': 'big'})
        self.assertEqual('Quota exceeded for ram: Requested 1536, but '
                         'already used 512 of 1024 ram',
                         self.fault(resp, 403))
        self.assertEqual('ACTIVE', self.demo.get(
            '/servers/%s' % server_id).body['server']['status'])

    def test_key_pairs_over_the_quota_are_403(self):
        self.set_quota(query='?user_id=demo', key_pairs=1)
        self.assertEqual(200, self.demo.post('/os-keypairs', {
            'keypair': {'name': 'one'}}).status)
        resp = self.demo.post('/os-keypairs', {'keypair': {'name': 'two'}})
        self.assertEqual('Quota exceeded, too many key pairs.',
                         self.fault(resp, 403))
        self.assertEqual(['one'], [k['keypair']['name'] for k in
                                   self.demo.get('/os-keypairs').body[
                                       'keypairs']])
        self.assertEqual(1, self.quota_set(path='/detail?user_id=demo')[
            'key_pairs']['in_use'])

    def test_a_user_quota_binds_only_that_user(self):
        self.set_quota(query='?user_id=demo', instances=1)
        # A user may not be given more than the project has.
        self.assertEqual(
            'Quota limit -1 for cores must be less than or equal to 20.',
            self.fault(self.api.put('/os-quota-sets/demo?user_id=demo', {
                'quota_set': {'cores': -1}}), 400))
        self.boot_and_wait(api=self.demo)
        self.assertIn('Quota exceeded for instances', self.fault(
            self.demo.create_server(self.cloud.image_id), 403))
        other = self.cloud.client(token='other:demo')
        self.boot_and_wait(api=other)
        self.assertEqual(2, self.quota_set(path='/detail')['instances'][
            'in_use'])

    def test_server_groups_and_members(self):
        self.set_quota(server_groups=1, server_group_members=1)
        resp = self.demo.post('/os-server-groups', {'server_group': {
            'name': 'g', 'policies': ['anti-affinity']}})
        self.assertEqual(200, resp.status, resp)
        group_id = resp.body['server_group']['id']
        self.assertEqual('Quota exceeded, too many server groups.',
                         self.fault(self.demo.post(
                             '/os-server-groups', {'server_group': {
                                 'name': 'h', 'policies': ['affinity']}}),
                             403))
        hints = {'os:scheduler_hints': {'group': group_id}}
        resp = self.demo.post('/servers', dict(hints, server={
            'name': 'm', 'imageRef': self.cloud.image_id, 'flavorRef': '1'}))
        self.assertEqual(202, resp.status, resp)
        resp = self.demo.post('/servers', dict(hints, server={
            'name': 'n', 'imageRef': self.cloud.image_id, 'flavorRef': '1'}))
        self.assertEqual('Quota exceeded, too many servers in group',
                         self.fault(resp, 403))
        self.assertEqual(1, self.quota_set(path='/detail')['server_groups'][
            'in_use'])

    def test_metadata_items_override(self):
        self.set_quota(metadata_items=1)
        resp = self.demo.create_server(self.cloud.image_id,
                                       metadata={'a': '1', 'b': '2'})
        self.assertIn('1', self.fault(resp, 403))
        self.assertEqual(0, self.cloud.count_instances())

    def test_50_concurrent_boots_against_a_quota_of_10(self):
        self.set_quota(instances=10)

        def boot(index):
            resp = self.demo.create_server(self.cloud.image_id,
                                           name='race-%02d' % index)
            return resp.status, resp.body

        with futures.ThreadPoolExecutor(25) as pool:
            results = list(pool.map(boot, range(50)))
        statuses = sorted(status for status, _ in results)
        self.assertEqual([202] * 10 + [403] * 40, statuses)
        for status, body in results:
            if status == 403:
                self.assertIn('Quota exceeded for instances: Requested 1, '
                              'but already used 10 of 10 instances',
                              body['forbidden']['message'])
        self.assertEqual(10, self.cloud.count_instances())
        self.assertEqual(10, self.quota_set(path='/detail')['instances'][
            'in_use'])
