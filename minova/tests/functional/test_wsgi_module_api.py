"""minova.wsgi.api mounted in a WSGI server of the operator's (gunicorn,
a real process on a real port), as a deployment without minova-api's
embedded server runs the API."""

import http.client
import json
import os
import re
import subprocess
import sys
import time

import fixtures
import testtools

from minova import exception
from minova.wsgi import api as wsgi_api

GUNICORN = os.path.join(os.path.dirname(sys.executable), 'gunicorn')
MINOVA_MANAGE = os.path.join(os.path.dirname(sys.executable),
                             'minova-manage')


class TestWSGIModule(testtools.TestCase):

    def setUp(self):
        super().setUp()
        self.tmp = self.useFixture(fixtures.TempDir()).path
        self.conf_file = os.path.join(self.tmp, 'minova.conf')

    def write_conf(self, allow_noauth2=True):
        with open(self.conf_file, 'w') as f:
            f.write('[DEFAULT]\nstate_path = %s\ntransport_url = fake://\n'
                    '[database]\nconnection = sqlite:///%s/minova.sqlite\n'
                    '[api]\nauth_strategy = noauth2\n'
                    'allow_noauth2_on_public_address = %s\n'
                    % (self.tmp, self.tmp, allow_noauth2))
        subprocess.run([MINOVA_MANAGE, '--config-file', self.conf_file,
                        'db', 'sync'], check=True, capture_output=True)

    @testtools.skipUnless(os.path.exists(GUNICORN), 'gunicorn is missing')
    def test_gunicorn_serves_the_api(self):
        self.write_conf()
        proc = subprocess.Popen(
            [GUNICORN, '--bind', '127.0.0.1:0', '--threads', '4',
             'minova.wsgi.api:application'],
            env=dict(os.environ, MINOVA_CONFIG_FILES=self.conf_file),
            stderr=subprocess.PIPE, text=True)
        self.addCleanup(proc.wait, 10)
        self.addCleanup(proc.terminate)
        port = self._listening_port(proc)
        conn = http.client.HTTPConnection('127.0.0.1', port, timeout=10)
        self.addCleanup(conn.close)
        conn.request('GET', '/')
        versions = json.loads(conn.getresponse().read())['versions']
        self.assertEqual(['v2.0', 'v2.1'], [v['id'] for v in versions])
        conn.request('GET', '/v2.1/servers',
                     headers={'X-Auth-Token': 'admin:admin'})
        resp = conn.getresponse()
        self.assertEqual((200, {'servers': []}),
                         (resp.status, json.loads(resp.read())))
        conn.request('GET', '/v2.1/servers')
        self.assertEqual(401, conn.getresponse().status)

    @staticmethod
    def _listening_port(proc):
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            line = proc.stderr.readline()
            found = re.search(r'Listening at: http://127\.0\.0\.1:(\d+)',
                              line)
            if found:
                return int(found.group(1))
        raise AssertionError('gunicorn did not start')

    def test_noauth2_is_refused_where_it_cannot_be_checked(self):
        self.write_conf(allow_noauth2=False)
        exc = self.assertRaises(exception.ConfigError,
                                wsgi_api.init_application,
                                [self.conf_file])
        self.assertIn('allow_noauth2_on_public_address', str(exc))
