"""bench/boot.py against a real all-in-one over HTTP: the benchmark boots,
settles and deletes every server, and ends with the line its issue names."""

import os
import re
import subprocess
import sys

import testtools

from minova.tests.functional import fixtures

BENCH = os.path.join(os.path.dirname(__file__), '..', '..', '..', 'bench',
                     'boot.py')
LAST_LINE = re.compile(r'^servers_per_s=(\d+\.\d) p50_s=(\d+\.\d{3}) '
                       r'p95_s=(\d+\.\d{3}) errors=(\d+)$')


class BootBenchmarkTestCase(testtools.TestCase):

    def setUp(self):
        super().setUp()
        # As bench/minova-all-bench.conf: no quota on the servers booted.
        self.cloud = self.useFixture(fixtures.AllInOneFixture(
            compute_hosts=('host1', 'host2', 'host3'),
            **{'quota.instances': -1, 'quota.cores': -1, 'quota.ram': -1}))

    def _run(self, *args):
        result = subprocess.run(
            [sys.executable, BENCH, '--url', self.cloud.api.endpoint,
             '--token', 'admin:admin', '-n', '12', '-c', '3',
             '--timeout', '30'] + list(args),
            capture_output=True, text=True, timeout=120)
        self.assertEqual(0, result.returncode, result.stderr)
        lines = result.stdout.strip().splitlines()
        match = LAST_LINE.match(lines[-1])
        self.assertIsNotNone(match, result.stdout)
        self.assertEqual('0', match.group(4), result.stdout + result.stderr)
        return lines, match

    def test_boots_and_deletes_every_server(self):
        lines, match = self._run()
        self.assertGreater(float(match.group(1)), 0)
        self.assertLessEqual(float(match.group(2)), float(match.group(3)))
        self.assertIn('booted 12 of 12', lines[-2])
        self.assertEqual(0, self.cloud.count_instances())
        self.assertEqual(12, self.cloud.count_instances(deleted=True))

    def test_a_change_the_window_misses_is_still_seen(self):
        # A negative margin puts every poll's window in the future, so the
        # listing never shows a server: only the single GETs settle them.
        lines, match = self._run('--poll-margin', '-60',
                                 '--straggler-after', '0.2')
        self.assertIn('booted 12 of 12', lines[-2])
        single_gets = int(re.search(r'\((\d+) single GETs', lines[-2])
                          .group(1))
        self.assertGreaterEqual(single_gets, 12)
