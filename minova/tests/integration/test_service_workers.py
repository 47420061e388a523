"""Services as several processes over RabbitMQ and PostgreSQL.

- minova-api with ``[DEFAULT] osapi_compute_workers = 3``: three children
  accept on the one port, requests in parallel are all answered by more
  than one of them, a child killed is replaced, SIGTERM stops them all; a
  port already taken stops the parent before any fork, with one line.
- minova-conductor and minova-scheduler with ``workers = 2`` each: both
  children consume their topic, share one service record, and 200
  concurrent boots onto room for 150 claim exactly 150.
"""

import collections
from concurrent import futures
import os
import re
import signal
import socket
import subprocess

import fixtures
import testtools

from minova.tests.integration import fixtures as cloud_fixtures
from minova.tests.integration import test_concurrent_claims

# oslo.log's default line: date time.msecs pid LEVEL logger ...
_PID = re.compile(r'^\S+ \S+ (\d+) ')


def pids_logging(lines):
    """``{pid: lines}`` of log ``lines``, by the pid each line names."""
    counts = collections.Counter()
    for line in lines:
        match = _PID.match(line)
        if match:
            counts[int(match.group(1))] += 1
    return counts


def alive(pid):
    try:
        with open('/proc/%d/stat' % pid) as f:
            return f.read().rpartition(')')[2].split()[0] != 'Z'
    except OSError:
        return False


class TestAPIWorkers(testtools.TestCase):

    def setUp(self):
        super().setUp()
        self.cloud = self.useFixture(cloud_fixtures.DistributedCloud(
            compute_hosts=('compute1',), api_workers=3))
        self.api = self.cloud.services['api']

    def wait_for_children(self, count, timeout=30):
        cloud_fixtures.wait_until(
            lambda: len(self.cloud.children('api')) == count, timeout)
        return self.cloud.children('api')

    def access_lines(self):
        return [line for line in self.api.log(lines=100000).splitlines()
                if '"GET /v2.1/flavors/detail' in line and
                'status: 200' in line]

    def test_three_processes_serve_respawn_and_stop(self):
        children = self.wait_for_children(3)
        self.assertEqual(3, len(children), children)
        self.assertNotIn(self.api.pid, children)

        # 90 requests from 15 threads, each on a connection of its own.
        with futures.ThreadPoolExecutor(15) as pool:
            answers = list(pool.map(
                lambda _: self.cloud.api_request('/v2.1/flavors/detail')[0],
                range(90)))
        self.assertEqual([200] * 90, answers)
        served = pids_logging(self.access_lines())
        self.assertEqual(90, sum(served.values()), served)
        self.assertTrue(set(served) <= set(children), (served, children))
        self.assertGreater(len(served), 1, served)

        # A child killed is replaced, and the API answers meanwhile.
        victim = children[0]
        os.kill(victim, signal.SIGKILL)
        replaced = cloud_fixtures.wait_until(
            lambda: victim not in self.cloud.children('api') and
            len(self.cloud.children('api')) == 3, 30)
        self.assertTrue(replaced, self.api.log(30))
        self.assertIn('(pid %d) was killed by signal 9: starting another'
                      % victim, self.api.log(100))
        self.assertEqual(200, self.cloud.api_request('/v2.1/flavors')[0])

        # SIGTERM to the parent stops every child, then the parent.
        children = self.cloud.children('api')
        self.api.send(signal.SIGTERM)
        self.assertEqual(0, self.api.wait(20), self.api.log(30))
        self.assertEqual([], [pid for pid in children if alive(pid)])


class TestAPIWorkersPortTaken(testtools.TestCase):

    def test_taken_port_fails_in_the_parent(self):
        taken = socket.create_server(('127.0.0.1', 0))
        self.addCleanup(taken.close)
        port = taken.getsockname()[1]
        conf = os.path.join(self.useFixture(fixtures.TempDir()).path,
                            'api.conf')
        with open(conf, 'w') as f:
            f.write('[DEFAULT]\nosapi_compute_workers = 3\n'
                    'osapi_compute_listen = 127.0.0.1\n'
                    'osapi_compute_listen_port = %d\n'
                    '[api]\nauth_strategy = noauth2\n' % port)
        result = subprocess.run(
            cloud_fixtures.command('minova-api') + ['--config-file', conf],
            capture_output=True, text=True, timeout=60)
        self.assertEqual(1, result.returncode, result.stderr)
        last = result.stderr.strip().splitlines()[-1]
        self.assertTrue(last.startswith('minova-api: error: '), last)
        self.assertIn('osapi_compute_listen_port', last)
        self.assertNotIn('worker', result.stderr)


class TestConductorAndSchedulerWorkers(
        test_concurrent_claims.DistributedBootsMixin, testtools.TestCase):

    def setUp(self):
        super().setUp()
        self.start_cloud(conductor_workers=2, scheduler_workers=2)

    def test_200_boots_onto_room_for_150(self):
        for name in ('conductor', 'scheduler'):
            self.assertEqual(2, len(self.cloud.children(name)), name)
        consumers = self.cloud.consumers()
        self.assertEqual(2, consumers.get('conductor'), consumers)
        self.assertEqual(2, consumers.get('scheduler'), consumers)

        self.boot_onto_room_for_150()

        # Both scheduler processes claimed: the race was between them.
        claimed = pids_logging(self.claim_lines('scheduler'))
        self.assertEqual(set(self.cloud.children('scheduler')), set(claimed))
        # The workers of a service share its one record, which stays up.
        rows = self.cloud.service_list()
        for binary in ('minova-conductor', 'minova-scheduler'):
            mine = [row for row in rows if row['Binary'] == binary]
            self.assertEqual(1, len(mine), rows)
            self.assertEqual('up', mine[0]['State'], rows)
