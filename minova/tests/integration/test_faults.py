"""Fault injection over RabbitMQ and PostgreSQL, separate processes: a
process killed in the middle of builds loses no instance.

Each test boots servers concurrently, kills a service with SIGKILL while
they build, then asserts that within a stated time every server is ACTIVE,
or ERROR with a fault, and that the claims add up: a live instance on a
host holds that host's claim, and nothing else holds one. The time each
took is in the test's details (``resolved_in``).
"""

import concurrent.futures
import os
import signal
import time

import fixtures
import sqlalchemy as sa
import testtools
from testtools import content

from minova.tests.integration import fixtures as cloud_fixtures

BUILDS = 50
# The figure for a broker or database restart.
RESTART_BUILDS = 100
# What the conductor's stuck-task end is given in these clouds.
STUCK = ('[conductor]\nstuck_task_timeout = 5\n'
         'stuck_instance_check_interval = 2\n')
# A compute's call to a conductor that died with it unanswered fails after
# this, and the build with it.
RPC_TIMEOUT = 15
# How long after the kill every instance must be resolved: the dead
# compute shows down (service_down_time), then a stuck task is ended after
# stuck_task_timeout plus a check interval; or a call to the dead
# conductor times out. With room for a slow machine.
RESOLVED_WITHIN = max(cloud_fixtures.SERVICE_DOWN_TIME + 5 + 2,
                      RPC_TIMEOUT) + 45


class FaultTestBase(testtools.TestCase):
    # Builds that take a while, so that the kill finds some in flight.
    extra_config = (STUCK + '[DEFAULT]\nrpc_response_timeout = %d\n'
                    % RPC_TIMEOUT + '[fake_driver]\nspawn_delay = 2\n'
                    '[quota]\ninstances = -1\ncores = -1\nram = -1\n')

    def setUp(self):
        super().setUp()
        self.cloud = self.useFixture(cloud_fixtures.DistributedCloud(
            config=self.extra_config))
        self.cloud.wait_for_states({'compute:compute1': 'up',
                                    'compute:compute2': 'up'}, 30)
        self.image_id = self.cloud.register_image()
        status, body = self.cloud.api_request('/v2.1/flavors', 'POST', {
            'flavor': {'name': 'small', 'ram': 64, 'vcpus': 1, 'disk': 1}})
        self.assertEqual(200, status, body)
        self.flavor_id = body['flavor']['id']

    def boot_many(self, count=BUILDS):
        """``count`` servers, created by as many concurrent requests."""
        def boot(index):
            status, body = self.cloud.api_request(
                '/v2.1/servers', 'POST', {'server': {
                    'name': 'fault-%d' % index, 'imageRef': self.image_id,
                    'flavorRef': self.flavor_id}})
            self.assertEqual(202, status, body)
            return body['server']['id']
        with concurrent.futures.ThreadPoolExecutor(10) as pool:
            return list(pool.map(boot, range(count)))

    def servers(self):
        status, body = self.cloud.api_request('/v2.1/servers/detail')
        self.assertEqual(200, status, body)
        return body['servers']

    def wait_resolved(self, since):
        """Every server ACTIVE or ERROR, with no task; the seconds since
        ``since`` it took."""
        last = []

        def resolved():
            last[:] = self.servers()
            return all(s['status'] in ('ACTIVE', 'ERROR') and
                       s['OS-EXT-STS:task_state'] is None for s in last)
        ok = cloud_fixtures.wait_until(resolved, RESOLVED_WITHIN,
                                       interval=1)
        took = time.monotonic() - since
        self.addDetail('resolved_in', content.text_content('%.1f s' % took))
        self.assertTrue(ok, 'not resolved %d s after the fault: %r' % (
            RESOLVED_WITHIN, sorted(
                (s['status'], s['OS-EXT-STS:task_state'],
                 s['OS-EXT-SRV-ATTR:host']) for s in last
                if s['status'] not in ('ACTIVE', 'ERROR') or
                s['OS-EXT-STS:task_state'])))
        for server in last:
            if server['status'] == 'ERROR':
                self.assertTrue(server.get('fault', {}).get('message'),
                                server)
        return last, took

    def assertClaimsAddUp(self, servers):
        """The claims are exactly those of the live instances on a host,
        each on its instance's node."""
        engine = sa.create_engine(self.cloud.database_url)
        self.addCleanup(engine.dispose)
        with engine.connect() as conn:
            claims = {(row.consumer_id, row.hypervisor_hostname)
                      for row in conn.execute(sa.text(
                          'SELECT DISTINCT a.consumer_id, '
                          'n.hypervisor_hostname FROM allocations a JOIN '
                          'compute_nodes n ON n.id = a.compute_node_id'))}
        expected = {(s['id'], s['OS-EXT-SRV-ATTR:hypervisor_hostname'])
                    for s in servers if s['OS-EXT-SRV-ATTR:host']}
        self.assertEqual(expected, claims)


class TestKilledCompute(FaultTestBase):

    def test_kill_a_compute_in_the_middle_of_builds(self):
        self.boot_many()
        # Some on compute1 are spawning (2 s each) when it dies.
        time.sleep(1)
        self.cloud.services['compute:compute1'].send(signal.SIGKILL)
        killed = time.monotonic()
        servers, _ = self.wait_resolved(killed)
        self.assertEqual(BUILDS, len(servers))
        self.assertIn('ACTIVE', [s['status'] for s in servers])
        self.assertClaimsAddUp(servers)


class TestKilledConductor(FaultTestBase):

    def test_kill_the_conductor_in_the_middle_of_builds(self):
        # A second conductor takes over what the first has not taken.
        self.cloud.start_service(
            'conductor2', 'minova-conductor', self.cloud.write_config(
                'conductor2', 'controller2', self.cloud.database_url))
        self.cloud.wait_for_states({'conductor2': 'up'}, 30)
        ids = self.boot_many()
        self.cloud.services['conductor'].send(signal.SIGKILL)
        killed = time.monotonic()
        servers, _ = self.wait_resolved(killed)
        self.assertEqual(sorted(ids), sorted(s['id'] for s in servers))
        self.assertIn('ACTIVE', [s['status'] for s in servers])
        self.assertClaimsAddUp(servers)


class TestRestarts(FaultTestBase):

    def _restart_during_builds(self, restart):
        ids = self.boot_many(RESTART_BUILDS)
        # Some are ACTIVE and others in flight when it goes.
        cloud_fixtures.wait_until(lambda: any(
            s['status'] == 'ACTIVE' for s in self.servers()), 30)
        restart()
        servers, _ = self.wait_resolved(time.monotonic())
        self.assertEqual(sorted(ids), sorted(s['id'] for s in servers))
        self.assertClaimsAddUp(servers)

    def test_rabbitmq_restarts_during_builds(self):
        self._restart_during_builds(cloud_fixtures.RabbitMQ.restart_app)

    def test_postgresql_restarts_during_builds(self):
        self._restart_during_builds(cloud_fixtures.PostgreSQL.restart)


class TestKilledAllInOne(testtools.TestCase):
    """minova-all (SQLite, inproc://) killed with SIGKILL in the middle of
    100 builds, then started again on the same state directory."""

    def setUp(self):
        super().setUp()
        self.tmp = self.useFixture(fixtures.TempDir()).path
        self.port = cloud_fixtures.free_port()
        self.config = os.path.join(self.tmp, 'minova.conf')
        with open(self.config, 'w') as f:
            f.write('[DEFAULT]\nstate_path = %s\n'
                    'osapi_compute_listen = 127.0.0.1\n'
                    'osapi_compute_listen_port = %d\n'
                    '[api]\nauth_strategy = noauth2\n'
                    '[all_in_one]\ncompute_hosts = host1,host2\n'
                    '%s' % (self.tmp, self.port,
                            FaultTestBase.extra_config))
        self.log = os.path.join(self.tmp, 'minova-all.log')
        kept = []
        # Read before the temporary directory goes (cleanups run last first).
        self.addCleanup(lambda: kept.append(
            cloud_fixtures.ServiceProcess('', '', self.log).log(400)))
        self.addDetail('minova-all.log', content.Content(
            content.UTF8_TEXT, lambda: [''.join(kept).encode()]))
        self.service = self._start()

    def _start(self):
        service = cloud_fixtures.ServiceProcess('minova-all', self.config,
                                                self.log).start()
        self.addCleanup(service.stop)
        if not cloud_fixtures.wait_until(
                lambda: cloud_fixtures._listening(self.port), 60):
            self.fail('minova-all did not serve on %d' % self.port)
        return service

    def _request(self, method, path, body=None):
        return cloud_fixtures.compute_request(self.port, method, path, body)

    def test_killed_and_started_again(self):
        image = self._request('GET', '/images')['images'][0]['id']

        def boot(index):
            try:
                return self._request('POST', '/servers', {'server': {
                    'name': 'aio-%d' % index, 'imageRef': image,
                    'flavorRef': '1'}})['server']['id']
            except OSError:
                return None  # cut off by the kill
        with concurrent.futures.ThreadPoolExecutor(10) as pool:
            booted = pool.map(boot, range(100))
            # Killed once some are ACTIVE, with others in flight.
            cloud_fixtures.wait_until(lambda: self._request(
                'GET', '/servers?status=ACTIVE')['servers'], 30)
            self.service.send(signal.SIGKILL)
            self.service.wait(30)
            booted = [server_id for server_id in booted if server_id]
        self.assertTrue(booted)
        engine = sa.create_engine('sqlite:///%s/minova.sqlite' % self.tmp)
        self.addCleanup(engine.dispose)
        with engine.connect() as conn:
            self.assertEqual('ok', conn.execute(sa.text(
                'PRAGMA integrity_check')).scalar())
        self._start()
        since = time.monotonic()
        last = []

        def resolved():
            last[:] = self._request('GET', '/servers/detail')['servers']
            return all(s['status'] in ('ACTIVE', 'ERROR') and
                       s['OS-EXT-STS:task_state'] is None for s in last)
        ok = cloud_fixtures.wait_until(resolved, RESOLVED_WITHIN, interval=1)
        self.addDetail('resolved_in', content.text_content(
            '%.1f s' % (time.monotonic() - since)))
        self.assertTrue(ok, sorted((s['status'], s['OS-EXT-STS:task_state'])
                                   for s in last))
        self.assertLessEqual(set(booted), {s['id'] for s in last})
        self.assertIn('ACTIVE', [s['status'] for s in last])
        for server in last:
            if server['status'] == 'ERROR':
                self.assertTrue(server['fault']['message'], server)
        with engine.connect() as conn:
            claims = {row.consumer_id for row in conn.execute(sa.text(
                'SELECT DISTINCT consumer_id FROM allocations'))}
        self.assertEqual({s['id'] for s in last
                          if s['OS-EXT-SRV-ATTR:host']}, claims)
