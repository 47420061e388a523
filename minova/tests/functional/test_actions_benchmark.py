"""bench/actions.py and bench/volumes.py against a real all-in-one over
HTTP: they cycle each server through stop/start (and shelve/unshelve) or
a volume through attach/detach, clean up, and end with the lines their
issues name."""

import os
import re
import subprocess
import sys

import testtools

from minova.tests.functional import fixtures

BENCH = os.path.join(os.path.dirname(__file__), '..', '..', '..', 'bench',
                     'actions.py')
LAST_LINE = re.compile(r'^actions_per_s=(\d+\.\d) p50_s=(\d+\.\d{3}) '
                       r'p95_s=(\d+\.\d{3}) errors=(\d+)$')
VOLUMES = os.path.join(os.path.dirname(BENCH), 'volumes.py')
VOLUMES_LINE = re.compile(r'^attach_detach_per_s=(\d+\.\d) '
                          r'p50_s=(\d+\.\d{3}) errors=(\d+)$')
SHELVE_LINE = re.compile(r'^shelve_cycles_per_s=(\d+\.\d\d) '
                         r'p50_s=(\d+\.\d{3}) errors=(\d+)$')


class ActionsBenchmarkTestCase(testtools.TestCase):

    def test_cycles_every_server_and_deletes_them(self):
        cloud = self.useFixture(fixtures.AllInOneFixture())
        result = subprocess.run(
            [sys.executable, BENCH, '--url', cloud.api.endpoint,
             '--token', 'admin:admin', '-c', '3', '--seconds', '1.5',
             '--shelve', '--timeout', '30'],
            capture_output=True, text=True, timeout=120)
        self.assertEqual(0, result.returncode, result.stderr)
        lines = result.stdout.strip().splitlines()
        match = LAST_LINE.match(lines[-1])
        self.assertIsNotNone(match, result.stdout)
        self.assertEqual('0', match.group(4), result.stdout + result.stderr)
        self.assertGreater(float(match.group(1)), 0)
        self.assertLessEqual(float(match.group(2)), float(match.group(3)))
        shelve = SHELVE_LINE.match(lines[-2])
        self.assertIsNotNone(shelve, result.stdout)
        self.assertEqual('0', shelve.group(3), result.stdout + result.stderr)
        self.assertGreater(float(shelve.group(1)), 0)
        self.assertEqual(0, cloud.count_instances())
        self.assertEqual(3, cloud.count_instances(deleted=True))


class VolumesBenchmarkTestCase(testtools.TestCase):

    def test_attaches_and_detaches_then_cleans_up(self):
        cloud = self.useFixture(fixtures.AllInOneFixture())
        result = subprocess.run(
            [sys.executable, VOLUMES, '--url', cloud.api.endpoint,
             '--token', 'admin:admin', '-c', '2', '--seconds', '1',
             '--timeout', '30'],
            capture_output=True, text=True, timeout=120)
        self.assertEqual(0, result.returncode, result.stderr)
        match = VOLUMES_LINE.match(result.stdout.strip().splitlines()[-1])
        self.assertIsNotNone(match, result.stdout)
        self.assertEqual('0', match.group(3), result.stdout + result.stderr)
        self.assertGreater(float(match.group(1)), 0)
        self.assertEqual(0, cloud.count_instances())
        self.assertEqual([], cloud.api.get('/os-volumes').body['volumes'])
