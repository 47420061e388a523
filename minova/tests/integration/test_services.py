"""The services as separate processes over RabbitMQ and PostgreSQL.

Each test gets its own vhost, its own database and its own processes: an
API, a conductor, a scheduler and two computes (``compute1``, ``compute2``)
whose ``[database] connection`` cannot work, so everything they store goes
through the conductor over the bus.
"""

import datetime
import signal
import time

import testtools

from minova.tests.integration import fixtures as cloud_fixtures

DOWN_TIME = cloud_fixtures.SERVICE_DOWN_TIME
ALL = ('conductor', 'scheduler', 'compute:compute1', 'compute:compute2')
ALL_UP = {name: 'up' for name in ALL}


def _utcnow():
    return datetime.datetime.now(datetime.timezone.utc).replace(tzinfo=None)


class ServicesTestCase(testtools.TestCase):

    def setUp(self):
        super().setUp()
        self.cloud = self.useFixture(cloud_fixtures.DistributedCloud())
        self.assertAllUp(timeout=15)

    def assertAllUp(self, timeout, since=None):
        states = self.cloud.wait_for_states(ALL_UP, timeout, since=since)
        dead = ['%s (exit %s)' % (name, svc.popen.returncode)
                for name, svc in self.cloud.services.items() if not svc.alive]
        self.assertEqual([], dead, 'services that exited')
        self.assertEqual(ALL_UP, {name: states.get(name, (None,))[0]
                                  for name in ALL},
                         'not all up within %d s%s: %r' % (
                             timeout, ' after %s' % since if since else '',
                             states))
        return states


class TestServices(ServicesTestCase):

    def test_all_services_report_up(self):
        rows = self.cloud.service_list()
        self.assertEqual(
            sorted([('minova-compute', 'compute1'),
                    ('minova-compute', 'compute2'),
                    ('minova-conductor', 'controller'),
                    ('minova-scheduler', 'controller')]),
            sorted((row['Binary'], row['Host']) for row in rows))
        for row in rows:
            self.assertEqual('enabled', row['Status'], row)

    def test_computes_store_through_the_conductor(self):
        # Each compute reports its resources (a periodic task); the conductor
        # writes them. The computes' own [database] connection points at a
        # closed port: had they used it, they would have failed and said so.
        def hosts():
            return sorted(row[0] for row in self.cloud.database.query(
                'SELECT host FROM compute_nodes'))
        self.assertEqual(['compute1', 'compute2'], cloud_fixtures.wait_until(
            hosts, cloud_fixtures.PERIODIC_INTERVAL * 3 + 5))
        for host in ('compute1', 'compute2'):
            log = self.cloud.services['compute:%s' % host].log(lines=100000)
            self.assertNotIn('Traceback', log)
            self.assertNotIn('127.0.0.1:1', log)
            self.assertNotIn('DatabaseNotConfigured', log)

    def test_api_lists_the_services(self):
        status, body = self.cloud.api_request('/v2.1/os-services')
        self.assertEqual(200, status, body)
        states = {(s['binary'], s['host']): s['state']
                  for s in body['services']}
        self.assertEqual('up', states[('minova-compute', 'compute1')])
        self.assertEqual('up', states[('minova-compute', 'compute2')])

    def test_killed_compute_shows_down_while_the_other_stays_up(self):
        self.cloud.services['compute:compute1'].send(signal.SIGKILL)
        killed = time.monotonic()
        budget = DOWN_TIME + 2 * cloud_fixtures.REPORT_INTERVAL + 3
        seen = []

        def compute1_down():
            states = self.cloud.states()
            seen.append(states)
            self.assertEqual('up', states['compute:compute2'][0],
                             'compute2 went down with compute1: %r' % states)
            return states['compute:compute1'][0] == 'down'

        self.assertTrue(cloud_fixtures.wait_until(compute1_down, budget),
                        'compute1 still up %d s after SIGKILL: %r' % (
                            budget, seen[-1:]))
        elapsed = time.monotonic() - killed
        # Not before service_down_time either: that would be a false alarm
        # on a live compute.
        self.assertGreater(elapsed, DOWN_TIME - 2)
        states = self.cloud.wait_for_states(
            {'compute:compute2': 'up', 'conductor': 'up', 'scheduler': 'up'},
            5)
        self.assertEqual('up', states['compute:compute2'][0])

    def test_sigterm_stops_every_service_promptly(self):
        # In the order an operator drains a cloud; each must exit 0.
        for name in ('api', 'compute:compute2', 'compute:compute1',
                     'scheduler', 'conductor'):
            service = self.cloud.services[name]
            started = time.monotonic()
            service.send(signal.SIGTERM)
            status = service.wait(15)
            self.assertEqual(0, status, '%s: exit status %s after SIGTERM '
                             '(None: still running after 15 s)\n%s' % (
                                 name, status, service.log(40)))
            self.assertLess(time.monotonic() - started, 10, name)


class TestBusRestart(ServicesTestCase):

    def test_services_come_back_after_rabbitmq_restarts(self):
        cloud_fixtures.RabbitMQ.restart_app()
        # Heartbeats from after the restart: a compute's goes through the
        # conductor over the bus, so it proves both reconnected.
        back = _utcnow().replace(microsecond=0)
        self.assertAllUp(timeout=30, since=back)
        # And they keep beating.
        time.sleep(DOWN_TIME + 1)
        self.assertAllUp(timeout=5, since=back + datetime.timedelta(
            seconds=DOWN_TIME))


class TestStartOrder(testtools.TestCase):

    def test_computes_started_before_the_conductor_register(self):
        # As after a power cut: the computes boot faster than the controller.
        # Their first call to the conductor is lost; they must keep trying
        # rather than give up, as Nova's compute waits for its conductor.
        cloud = self.useFixture(cloud_fixtures.DistributedCloud(
            computes_first=True))
        states = cloud.wait_for_states(ALL_UP, 30)
        self.assertEqual(ALL_UP, {name: states.get(name, (None,))[0]
                                  for name in ALL}, states)
