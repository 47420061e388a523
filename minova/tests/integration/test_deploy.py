"""tools/deploy.py as a user runs it: up with two computes, a server booted
through the API to ACTIVE, down, and nothing of it left running."""

import configparser
import json
import os
import subprocess
import sys

import fixtures
import testtools

from minova.deployment.bus_and_database import PostgreSQL
from minova.deployment.bus_and_database import RabbitMQ
from minova.deployment import processes
from minova.tests.integration import fixtures as cloud_fixtures

TOOL = os.path.join(os.path.dirname(os.path.dirname(os.path.dirname(
    os.path.dirname(os.path.abspath(__file__))))), 'tools', 'deploy.py')


class TestDeployTool(testtools.TestCase):
    def deploy(self, *args, timeout=300):
        proc = subprocess.run([sys.executable, TOOL] + list(args) +
                              ['--dir', self.dir], capture_output=True,
                              text=True, timeout=timeout,
                              stdin=subprocess.DEVNULL)
        self.assertEqual(0, proc.returncode, proc.stdout + proc.stderr)
        return proc.stdout

    def setUp(self):
        super().setUp()
        self.dir = self.useFixture(fixtures.TempDir()).path

    def test_up_boot_down(self):
        self.addCleanup(subprocess.run, [sys.executable, TOOL, 'down',
                                         '--purge', '--dir', self.dir],
                        capture_output=True)
        out = self.deploy('up', '--computes', '2', '--api-workers', '2')
        self.assertIn('minova is up', out)
        with open(os.path.join(self.dir, 'deployment.json')) as f:
            state = json.load(f)
        pids = [processes.read_pid(os.path.join(self.dir, 'run', name))
                for name in os.listdir(os.path.join(self.dir, 'run'))]
        self.assertEqual(5, len(pids))
        self.assertTrue(all(map(processes.is_minova_process, pids)))
        api_workers = processes.child_pids(processes.read_pid(
            os.path.join(self.dir, 'run', 'api.pid')))
        self.assertEqual(2, len(api_workers))
        # The compute's config has no database, and the bootstrap made
        # the flavors and the image minova-all would have.
        compute_conf = configparser.ConfigParser(interpolation=None)
        compute_conf.read(os.path.join(self.dir, 'etc',
                                       'minova-compute-compute2.conf'))
        self.assertEqual(['DEFAULT', 'libvirt'], list(compute_conf))

        port = state['api_port']
        flavors = cloud_fixtures.compute_request(port, 'GET', '/flavors')
        images = cloud_fixtures.compute_request(port, 'GET', '/images')
        server = cloud_fixtures.compute_request(port, 'POST', '/servers', {
            'server': {'name': 'vm', 'flavorRef': flavors['flavors'][0]['id'],
                       'imageRef': images['images'][0]['id']}})['server']

        def settled():
            found = cloud_fixtures.compute_request(
                port, 'GET', '/servers/%s' % server['id'])['server']
            return found if found['status'] != 'BUILD' else None
        found = processes.wait_until(settled, 60)
        self.assertEqual('ACTIVE', (found or {}).get('status'), found)
        self.assertIn(found['OS-EXT-SRV-ATTR:host'], ('compute1', 'compute2'))

        self.assertIn('running', self.deploy('status'))
        out = self.deploy('down', '--purge')
        self.assertIn('stopped 5 processes', out)
        self.assertFalse(any(map(processes.is_minova_process,
                                 pids + api_workers)))
        self.assertEqual([], os.listdir(os.path.join(self.dir, 'run')))
        self.assertNotIn(state['name'],
                         RabbitMQ.ctl('list_vhosts').stdout.split())
        PostgreSQL.ensure_running()
        self.assertEqual('', PostgreSQL.psql(
            "SELECT datname FROM pg_database WHERE datname = '%s'"
            % state['name']).stdout.strip())
