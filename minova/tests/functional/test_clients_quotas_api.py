"""The real ``openstack`` CLI shows and sets quotas and shows limits on the
all-in-one over HTTP (the noauth2 recipe of doc/source/quotas.rst).

``quota show`` and ``quota set`` look their project up in the identity
service first; under noauth2 there is none, so a stub answers that one
lookup (keystone is a process these tests cannot run). Everything else is
minova's."""

import http.server
import json
import os
import subprocess
import sys
import threading

import testtools

from minova.tests.functional import fixtures as func_fixtures

OPENSTACK = os.path.join(os.path.dirname(sys.executable), 'openstack')


class _IdentityStub(http.server.BaseHTTPRequestHandler):
    """Keystone v3's version document and ``GET /v3/projects/{id}``:
    every project exists, named as its id."""

    def do_GET(self):
        tail = self.path.rstrip('/').split('/')[-1]
        if tail == 'v3':
            body = {'version': {'id': 'v3.14', 'status': 'stable', 'links': [
                {'rel': 'self', 'href': 'http://127.0.0.1:%d/v3/' %
                 self.server.server_port}]}}
        else:
            body = {'project': {'id': tail, 'name': tail,
                                'domain_id': 'default', 'enabled': True}}
        data = json.dumps(body).encode()
        self.send_response(200)
        self.send_header('Content-Type', 'application/json')
        self.send_header('Content-Length', str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, *args):
        pass


@testtools.skipUnless(os.path.exists(OPENSTACK), 'no openstack CLI')
class TestQuotaCLI(testtools.TestCase):

    def setUp(self):
        super().setUp()
        self.cloud = self.useFixture(func_fixtures.AllInOneFixture(
            compute_hosts=('host1',)))
        identity = http.server.ThreadingHTTPServer(('127.0.0.1', 0),
                                                   _IdentityStub)
        threading.Thread(target=identity.serve_forever, daemon=True).start()
        self.addCleanup(identity.server_close)
        self.addCleanup(identity.shutdown)
        self.env = dict(
            os.environ, OS_IDENTITY_API_VERSION='3',
            OS_IDENTITY_ENDPOINT_OVERRIDE='http://127.0.0.1:%d/v3' %
            identity.server_port)

    def cli(self, *args, token='admin:admin'):
        result = subprocess.run(
            [OPENSTACK, '--os-auth-type', 'admin_token', '--os-endpoint',
             self.cloud.api.endpoint, '--os-token', token] + list(args),
            capture_output=True, text=True, timeout=60, env=self.env)
        self.assertEqual(0, result.returncode, result.stderr)
        return result.stdout

    def quota_show(self, *args):
        """``quota show --compute``: ``{resource: [columns...]}``."""
        out = self.cli('quota', 'show', '--compute', '-f', 'value', *args)
        return {line.split()[0]: line.split()[1:]
                for line in out.splitlines() if line.strip()}

    def test_quota_set_then_show(self):
        self.assertEqual(['10'], self.quota_show('demo')['instances'])
        self.assertEqual('', self.cli('quota', 'set', '--instances', '3',
                                      '--cores', '5', 'demo'))
        shown = self.quota_show('demo')
        self.assertEqual((['3'], ['5'], ['100']), (
            shown['instances'], shown['cores'], shown['key-pairs']))
        # The default stays; another project keeps it.
        self.assertEqual(['10'], self.quota_show('--default',
                                                 'demo')['instances'])
        self.assertEqual(['10'], self.quota_show('admin')['instances'])

    def test_quota_show_usage(self):
        demo = self.cloud.client(token=func_fixtures.DEMO_TOKEN)
        server_id = demo.create_server(self.cloud.image_id).body[
            'server']['id']
        self.cloud.api.wait_for_server(server_id)
        # Limit, in use, reserved.
        shown = self.quota_show('--usage', 'demo')
        self.assertEqual(['10', '1', '0'], shown['instances'])
        self.assertEqual(['51200', '512', '0'], shown['ram'])

    def test_limits_show_absolute(self):
        self.cli('quota', 'set', '--instances', '4', 'demo')
        out = self.cli('limits', 'show', '--absolute', '-f', 'value',
                       token=func_fixtures.DEMO_TOKEN)
        limits = dict(line.split(None, 1) for line in out.splitlines()
                      if line.strip())
        # openstacksdk's names for maxTotalInstances...
        self.assertEqual('4', limits['max_total_instances'])
        self.assertEqual('0', limits['total_instances_used'])
        self.assertEqual('100', limits['max_total_keypairs'])
        self.assertEqual('10', limits['max_server_groups'])
