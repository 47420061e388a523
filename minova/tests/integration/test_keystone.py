"""minova-all with ``[api] auth_strategy = keystone`` behind a real Keystone
(tools/keystone.py: SQLite, fernet tokens, gunicorn on loopback), driven
with the ``openstack`` CLI as a user types it: password, project, domains.

Keystone's accounts: ``admin`` (admin of project admin), ``demo`` and
``alt_demo`` (members of projects of the same names), ``demo_reader`` (a
reader of ``demo``). The expectations are Nova's and Cinder's default
policies: a member is refused the admin APIs (403) and does not see another
project's servers (404); a reader reads its project's and writes nothing.
"""

import datetime
import json
import os
import subprocess
import sys
import time
import urllib.error
import urllib.request

import fixtures
from testtools import content
import testtools

from minova.tests.integration import fixtures as cloud_fixtures
from minova.tests.integration import keystone_fixtures

OPENSTACK = os.path.join(os.path.dirname(sys.executable), 'openstack')
# How long the short-lived token lives: time enough for a loaded machine to
# issue it and use it once before it expires.
SHORT_LIFE = 20


class TestKeystone(testtools.TestCase):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        venv = keystone_fixtures.install_keystone()
        cls.tmp = fixtures.TempDir()
        cls.tmp.setUp()
        cls.addClassCleanup(cls.tmp.cleanUp)
        cls.port = cloud_fixtures.free_port()
        cls.keystone = keystone_fixtures.KeystoneServer(
            venv, 'http://127.0.0.1:%d' % cls.port)
        cls.keystone.setUp()
        cls.addClassCleanup(cls.keystone.cleanUp)
        config = os.path.join(cls.tmp.path, 'minova.conf')
        with open(config, 'w') as f:
            f.write('[DEFAULT]\nstate_path = %s\n'
                    'osapi_compute_listen = 127.0.0.1\n'
                    'osapi_compute_listen_port = %d\n'
                    'compute_driver = fake.FakeDriver\n'
                    '[all_in_one]\ncompute_hosts = host1\n%s'
                    % (cls.tmp.path, cls.port, cls.keystone.minova_conf))
        cls.minova = cloud_fixtures.ServiceProcess(
            'minova-all', config, os.path.join(cls.tmp.path, 'minova.log'))
        cls.minova.start()
        cls.addClassCleanup(cls.minova.stop)
        if not cloud_fixtures.wait_until(
                lambda: cloud_fixtures._listening(cls.port), 60):
            raise cloud_fixtures.SetupError(
                'minova-all does not serve: %s' % cls.minova.log(30))

    def setUp(self):
        super().setUp()
        # Read when the test ends, while both still have their files.
        self.addDetail('keystone.log', content.Content(
            content.UTF8_TEXT, lambda: [self.keystone.log().encode()]))
        self.addDetail('minova-all.log', content.Content(
            content.UTF8_TEXT, lambda: [self.minova.log(100).encode()]))

    # -- helpers ------------------------------------------------------------

    def run_cli(self, user, *args, auth=None):
        """``openstack <args>`` as ``user`` (password, project and domains
        on the command line), or with ``auth`` options instead."""
        if auth is None:
            account = self.keystone.clouds[user]['auth']
            # "=": a password may start with "-" (token_urlsafe).
            auth = ['--os-username', user,
                    '--os-password=' + account['password'],
                    '--os-project-name', account['project_name'],
                    '--os-user-domain-name', 'Default',
                    '--os-project-domain-name', 'Default']
        env = {k: v for k, v in os.environ.items()
               if not k.startswith('OS_')}
        return subprocess.run(
            [OPENSTACK, '--os-auth-url', self.keystone.auth_url,
             '--os-identity-api-version', '3'] + auth + list(args),
            capture_output=True, text=True, timeout=120, env=env,
            stdin=subprocess.DEVNULL)

    def cli(self, user, *args, **kwargs):
        """The decoded ``-f json`` output of a command that must succeed."""
        result = self.run_cli(user, *args, '-f', 'json', **kwargs)
        self.assertEqual(0, result.returncode, result.stderr)
        return json.loads(result.stdout)

    def get(self, path, token):
        """``(status, headers, body)`` of a GET on the compute API with
        ``X-Auth-Token: token``, by plain HTTP."""
        request = urllib.request.Request(
            'http://127.0.0.1:%d/v2.1%s' % (self.port, path),
            headers={'X-Auth-Token': token})
        try:
            with urllib.request.urlopen(request, timeout=30) as response:
                return response.status, response.headers, response.read()
        except urllib.error.HTTPError as e:
            return e.code, e.headers, e.read()

    def assertRefusedToken(self, token):
        status, headers, body = self.get('/servers', token)
        self.assertEqual(401, status, body)
        # The client is told where to authenticate.
        self.assertEqual('Keystone uri="%s"' % self.keystone.auth_url,
                         headers['WWW-Authenticate'])

    def boot(self, user):
        """A server booted by ``user`` from a new blank volume; deleted at
        the end of the test."""
        volume = self.cli(user, 'volume', 'create', '--size', '1',
                          'root-' + user)
        server = self.cli(user, 'server', 'create', '--flavor', 'm1.tiny',
                          '--volume', volume['id'], '--wait', 'vm-' + user)
        self.addCleanup(self.run_cli, 'admin', 'server', 'delete', '--wait',
                        server['id'])
        return server

    # -- tests --------------------------------------------------------------

    def test_admin_apis_are_the_admins(self):
        hypervisors = self.cli('admin', 'hypervisor', 'list')
        self.assertEqual(['host1'], [h['Hypervisor Hostname']
                                     for h in hypervisors])
        services = self.cli('admin', 'compute', 'service', 'list')
        self.assertEqual(
            ['minova-compute', 'minova-conductor', 'minova-scheduler'],
            sorted(s['Binary'] for s in services))
        for command in (['hypervisor', 'list'],
                        ['compute', 'service', 'list']):
            result = self.run_cli('demo', *command)
            self.assertNotEqual(0, result.returncode, command)
            self.assertIn('403', result.stderr)
            self.assertIn("Policy doesn't allow", result.stderr)

    def test_images_and_volumes_through_the_catalog(self):
        # The CLI finds the image and block storage services in the
        # catalog tools/keystone.py registers: no endpoint given.
        disk = os.path.join(self.tmp.path, 'disk.img')
        with open(disk, 'wb') as f:
            f.write(b'\0' * 65536)
        image = self.cli('demo', 'image', 'create', '--file', disk,
                         '--disk-format', 'raw', '--private', 'demo-disk')
        self.assertEqual(('active', 65536), (image['status'], image['size']))
        self.addCleanup(self.run_cli, 'demo', 'image', 'delete', image['id'])
        self.assertIn('demo-disk', [i['Name'] for i in self.cli(
            'demo', 'image', 'list')])
        self.assertNotIn('demo-disk', [i['Name'] for i in self.cli(
            'alt_demo', 'image', 'list')])
        server = self.cli('demo', 'server', 'create', '--flavor', 'm1.tiny',
                          '--image', 'demo-disk', '--wait', 'vm-image')
        self.addCleanup(self.run_cli, 'admin', 'server', 'delete', '--wait',
                        server['id'])
        self.assertEqual('ACTIVE', server['status'])
        self.assertEqual(image['id'], self.cli(
            'demo', 'server', 'show', 'vm-image')['image'].split(
                '(')[-1].rstrip(')'))
        volume = self.cli('demo', 'volume', 'create', '--size', '1', 'data')
        self.addCleanup(self.run_cli, 'demo', 'volume', 'delete', 'data')
        self.assertEqual('', self.run_cli('demo', 'volume', 'set', '--size',
                                          '2', 'data').stderr)
        result = self.run_cli('demo', 'server', 'add', 'volume', 'vm-image',
                              'data')
        self.assertEqual(0, result.returncode, result.stderr)
        self.assertTrue(cloud_fixtures.wait_until(lambda: self.cli(
            'demo', 'volume', 'show', 'data')['status'] == 'in-use', 30))
        self.assertEqual((volume['id'], 2), (
            self.cli('demo', 'volume', 'show', 'data')['id'],
            self.cli('demo', 'volume', 'show', 'data')['size']))
        result = self.run_cli('demo', 'server', 'remove', 'volume',
                              'vm-image', 'data')
        self.assertEqual(0, result.returncode, result.stderr)
        self.assertTrue(cloud_fixtures.wait_until(lambda: self.cli(
            'demo', 'volume', 'show', 'data')['status'] == 'available', 30))

    def test_a_server_is_seen_by_its_project_only(self):
        server = self.boot('demo')
        self.assertEqual('ACTIVE', server['status'])
        demo_project = self.cli('demo', 'token', 'issue')['project_id']
        self.assertEqual(demo_project, server['project_id'])
        self.assertEqual([server['id']], [
            s['ID'] for s in self.cli('demo', 'server', 'list')])

        self.assertEqual([], self.cli('alt_demo', 'server', 'list'))
        result = self.run_cli('alt_demo', 'server', 'show', server['id'])
        self.assertNotEqual(0, result.returncode)
        self.assertRegex(result.stderr, "No [Ss]erver (found for |with a "
                         "name or ID of '?)%s" % server['id'])
        token = self.cli('alt_demo', 'token', 'issue')['id']
        status, _headers, body = self.get('/servers/' + server['id'], token)
        self.assertEqual(404, status, body)
        self.assertEqual('Instance %s could not be found.' % server['id'],
                         json.loads(body)['itemNotFound']['message'])

        self.assertEqual([], self.cli('admin', 'server', 'list'))
        everyone = self.cli('admin', 'server', 'list', '--all-projects',
                            '--long')
        self.assertEqual([(server['id'], demo_project)],
                         [(s['ID'], s['Project ID']) for s in everyone])

    def test_a_reader_reads_and_does_not_write(self):
        server = self.boot('demo')
        volume_id = [v['ID'] for v in self.cli('demo', 'volume', 'list')
                     if v['Name'] == 'root-demo'][0]
        self.assertEqual([server['id']], [
            s['ID'] for s in self.cli('demo_reader', 'server', 'list')])
        self.assertEqual(server['id'], self.cli(
            'demo_reader', 'server', 'show', server['id'])['id'])
        self.assertIn(volume_id, [
            v['ID'] for v in self.cli('demo_reader', 'volume', 'list')])
        for command, rule in (
                (['server', 'delete', server['id']],
                 'os_compute_api:servers:delete'),
                (['server', 'create', '--flavor', 'm1.tiny', '--volume',
                  volume_id, 'vm-reader'], 'os_compute_api:servers:create'),
                (['volume', 'create', '--size', '1', 'reader'],
                 'volume:create')):
            result = self.run_cli('demo_reader', *command)
            self.assertNotEqual(0, result.returncode, command)
            self.assertIn("Policy doesn't allow %s to be performed." % rule,
                          result.stderr)
        # Nothing was written.
        self.assertEqual([server['id']], [
            s['ID'] for s in self.cli('demo', 'server', 'list')])
        self.assertNotIn('reader', [
            v['Name'] for v in self.cli('demo', 'volume', 'list')])

    def test_an_expired_token_is_refused(self):
        # The token of an application credential expires with it.
        expires = (datetime.datetime.now(datetime.timezone.utc) +
                   datetime.timedelta(seconds=SHORT_LIFE)).replace(
                       microsecond=0, tzinfo=None)
        credential = self.cli('demo', 'application', 'credential', 'create',
                              '--expiration', expires.isoformat(), 'short')
        issued = self.cli(None, 'token', 'issue', auth=[
            '--os-auth-type', 'v3applicationcredential',
            '--os-application-credential-id', credential['ID'],
            '--os-application-credential-secret', credential['Secret']])
        self.assertTrue(issued['expires'].startswith(expires.isoformat()),
                        issued)
        status, _headers, body = self.get('/servers', issued['id'])
        self.assertEqual(200, status, body)
        remaining = (expires - datetime.datetime.now(datetime.timezone.utc)
                     .replace(tzinfo=None)).total_seconds()
        time.sleep(max(0, remaining) + 1)
        self.assertRefusedToken(issued['id'])

    def test_a_revoked_token_is_refused(self):
        token = self.cli('demo', 'token', 'issue')['id']
        status, _headers, body = self.get('/servers', token)
        self.assertEqual(200, status, body)
        result = self.run_cli('demo', 'token', 'revoke', token)
        self.assertEqual(0, result.returncode, result.stderr)
        # At once: minova's [keystone_authtoken] caches no token.
        self.assertRefusedToken(token)
        self.assertRefusedToken('not-a-token')
