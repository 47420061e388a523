"""The ``openstack`` CLI manages keypairs and boots with one on the
all-in-one over HTTP, unchanged, with the noauth2 recipe of
doc/source/api.rst: ``keypair create`` makes an ssh-ed25519 key on the
client and imports it, the type shows at 2.2, the list pages at 2.35,
and ``server create --key-name`` shows the key on the server."""

import json
import os
import subprocess
import sys

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ed25519
import fixtures
import testtools

from minova.api.openstack import versions
from minova.tests import fixtures as minova_fixtures
from minova.tests.functional import fixtures as func_fixtures
from minova.tests.functional import test_keypairs_api

OPENSTACK = os.path.join(os.path.dirname(sys.executable), 'openstack')


@testtools.skipUnless(os.path.exists(OPENSTACK), 'no openstack CLI')
class TestKeypairCLI(testtools.TestCase):

    def setUp(self):
        super().setUp()
        self.useFixture(minova_fixtures.MicroversionCeiling('2.92'))
        # The version document a client negotiates with is built at import,
        # from the maximum minova claims: advertise the ceiling too.
        self.useFixture(fixtures.MockPatchObject(
            versions, 'VERSIONS', {'v2.1': dict(versions.VERSIONS['v2.1'],
                                                version='2.92')}))
        self.cloud = self.useFixture(func_fixtures.AllInOneFixture(
            compute_hosts=('host1',)))
        self.tmp = self.useFixture(fixtures.TempDir()).path

    def cli(self, *args, version='2.1', expect=0):
        """``openstack --os-compute-api-version <version> <args>``."""
        # keypair create makes an identity v3 client (for --user), which
        # the endpoint override keeps from looking for a catalog.
        env = dict(os.environ,
                   OS_IDENTITY_ENDPOINT_OVERRIDE=self.cloud.api.endpoint,
                   OS_IDENTITY_API_VERSION='3')
        result = subprocess.run(
            [OPENSTACK, '--os-auth-type', 'admin_token', '--os-endpoint',
             self.cloud.api.endpoint, '--os-token', 'admin:admin',
             '--os-compute-api-version', version] + list(args),
            capture_output=True, text=True, timeout=60, env=env)
        self.assertEqual(expect, result.returncode,
                         result.stdout + result.stderr)
        return result.stdout + (result.stderr if expect else '')

    def write(self, name, text):
        path = os.path.join(self.tmp, name)
        with open(path, 'w') as f:
            f.write(text)
        return path

    def test_keypair_life_cycle_and_boot(self):
        private_path = os.path.join(self.tmp, 'k1')
        self.cli('keypair', 'create', '--private-key', private_path, 'k1')
        with open(private_path, 'rb') as f:
            private = serialization.load_ssh_private_key(f.read(), None)
        self.assertIsInstance(private, ed25519.Ed25519PrivateKey)
        public_key = test_keypairs_api.ssh_public_key(private)

        self.assertEqual(public_key, self.cli(
            'keypair', 'show', '--public-key', 'k1').strip())
        listed = json.loads(self.cli('keypair', 'list', '-f', 'json'))
        self.assertEqual(
            [('k1', test_keypairs_api.md5_fingerprint(public_key))],
            [(k['Name'], k['Fingerprint']) for k in listed])

        self.cli('server', 'create', '--flavor', '1', '--image',
                 self.cloud.image_id, '--key-name', 'k1', '--wait', 'web')
        self.assertEqual('k1', self.cli('server', 'show', 'web', '-c',
                                        'key_name', '-f', 'value').strip())
        out = self.cli('server', 'create', '--flavor', '1', '--image',
                       self.cloud.image_id, '--key-name', 'nope', 'bad',
                       expect=1)
        self.assertIn('Invalid key_name provided', out)

        self.cli('keypair', 'delete', 'k1')
        self.assertIn('k1', self.cli('keypair', 'show', 'k1', expect=1))

    def test_import_and_paging(self):
        # (This openstackclient passes --type as key_type, which its SDK
        # ignores: x509 imports are tested over HTTP in test_keypairs_api.)
        for name in ('b', 'a'):
            self.cli('keypair', 'create', '--public-key', self.write(
                'ed.pub', test_keypairs_api.ED25519_KEY), name,
                version='2.2')
        shown = json.loads(self.cli('keypair', 'show', 'a', '-f', 'json',
                                    version='2.2'))
        self.assertEqual(('ssh', test_keypairs_api.md5_fingerprint(
            test_keypairs_api.ED25519_KEY)),
            (shown['type'], shown['fingerprint']))
        out = self.cli('keypair', 'create', '--public-key',
                       self.write('bad.pub', 'ssh-rsa nope'), 'bad', expect=1)
        self.assertIn('Keypair data is invalid', out)

        # The SDK follows the pages to the end, one keypair a request.
        listed = json.loads(self.cli('keypair', 'list', '--limit', '1', '-f',
                                     'json', version='2.35'))
        self.assertEqual([('a', 'ssh'), ('b', 'ssh')],
                         [(k['Name'], k['Type']) for k in listed])
        for query in ('limit=1', 'limit=1&marker=a', 'limit=1&marker=b'):
            self.assertIn('"GET /v2.1/os-keypairs?%s HTTP' % query,
                          self.cloud.logger.output)
