"""One minova-compute process simulating many compute hosts
(``[compute] simulated_hosts``) over RabbitMQ and PostgreSQL: every host
registers, heartbeats, reports its node and takes boots like a compute of
its own."""

import time

import testtools

from minova.tests.integration import fixtures as cloud_fixtures

HOSTS = 50
NAMES = ['sim-%04d' % index for index in range(HOSTS)]
SERVERS = 12


class TestSimulatedHosts(testtools.TestCase):

    def setUp(self):
        super().setUp()
        self.cloud = self.useFixture(cloud_fixtures.DistributedCloud(
            compute_hosts=('sim',),
            config='[compute]\nsimulated_hosts = %d\n'
                   '[quota]\ninstances = -1\ncores = -1\nram = -1\n'
                   % HOSTS))
        self.all_up = {'compute:%s' % name: 'up' for name in NAMES}

    def request(self, method, path, body=None):
        return self.cloud.api_request('/v2.1' + path, method=method,
                                      body=body)

    def assertAllUp(self, timeout, since=None):
        states = self.cloud.wait_for_states(self.all_up, timeout, since=since)
        self.assertTrue(self.cloud.services['compute:sim'].alive)
        down = sorted(name for name in self.all_up
                      if states.get(name, (None,))[0] != 'up')
        self.assertEqual([], down, 'not up within %d s' % timeout)

    def test_every_host_is_a_compute(self):
        self.assertAllUp(timeout=60)
        # One process, one queue per host.
        queues = set(self.cloud.queues())
        self.assertEqual([], [name for name in NAMES
                              if 'compute.%s' % name not in queues])
        self.assertTrue(cloud_fixtures.wait_until(
            lambda: len(self.cloud.database.query(
                'SELECT host FROM compute_nodes WHERE deleted = 0')) == HOSTS,
            30), 'not every host reported its node')

        # Their RPC servers share one connection (and one thread polling
        # it), not one each: the process has it, one to wait for replies
        # and its pool to send (as many as calls were made side by side,
        # 16 hosts start at a time), whatever the hosts.
        compute = self.cloud.services['compute:sim']
        connections = [line for line in cloud_fixtures.RabbitMQ.ctl(
            'list_connections', '-p', self.cloud.vhost, '--no-table-headers',
            'client_properties').stdout.splitlines()
            if 'minova-compute:%d:' % compute.pid in line]
        self.assertLess(len(connections), HOSTS, connections)
        with open('/proc/%d/status' % compute.pid) as f:
            threads = int(next(line.split()[1] for line in f
                               if line.startswith('Threads:')))
        self.assertLess(threads, HOSTS, 'threads')

        # Boots land on several of them, go ACTIVE and are deleted.
        image_id = self.cloud.register_image()
        status, body = self.request('POST', '/flavors', {'flavor': {
            'name': 'sim', 'ram': 64, 'vcpus': 1, 'disk': 1}})
        self.assertEqual(200, status, body)
        flavor_id = body['flavor']['id']
        ids = []
        for number in range(SERVERS):
            status, body = self.request('POST', '/servers', {'server': {
                'name': 'sim%d' % number, 'imageRef': image_id,
                'flavorRef': flavor_id}})
            self.assertEqual(202, status, body)
            ids.append(body['server']['id'])
        hosts = set()
        for server_id in ids:
            server = {}

            def active():
                server.update(self.request(
                    'GET', '/servers/%s' % server_id)[1]['server'])
                return server['status'] in ('ACTIVE', 'ERROR')
            cloud_fixtures.wait_until(active, 60)
            self.assertEqual('ACTIVE', server['status'], server)
            hosts.add(server['OS-EXT-SRV-ATTR:host'])
        self.assertGreater(len(hosts), 3, hosts)
        self.assertEqual(set(), hosts - set(NAMES))
        for server_id in ids:
            self.assertEqual(204, self.request(
                'DELETE', '/servers/%s' % server_id)[0])
        self.assertTrue(cloud_fixtures.wait_until(
            lambda: not self.request('GET', '/servers')[1]['servers'], 60),
            'servers left after delete')

        # The shared heartbeat keeps them all up past service_down_time.
        since = cloud_fixtures.datetime.datetime.now(
            cloud_fixtures.datetime.timezone.utc).replace(tzinfo=None)
        time.sleep(cloud_fixtures.SERVICE_DOWN_TIME + 1)
        self.assertAllUp(timeout=10, since=since)
