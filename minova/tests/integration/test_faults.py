"""Fault injection over RabbitMQ and PostgreSQL, separate processes: a
process killed in the middle of builds loses no instance.

Each test boots servers concurrently, kills a service with SIGKILL while
they build, then asserts that within a stated time every server is ACTIVE,
or ERROR with a fault, and that the claims add up: a live instance on a
host holds that host's claim, and nothing else holds one. The time each
took is in the test's details (``resolved_in``).
"""

import concurrent.futures
import signal
import time

import sqlalchemy as sa
import testtools
from testtools import content

from minova.tests.integration import fixtures as cloud_fixtures

BUILDS = 50
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
