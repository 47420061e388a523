"""The ``openstack`` CLI as a user runs it against the all-in-one, with the
noauth2 recipe of doc/source/api.rst: the ``admin_token`` plugin, and an
identity endpoint and version so that commands which build an identity
client (``server list``, ``flavor create``, ...) run without a Keystone."""

import json
import os
import subprocess
import sys

import testtools

OPENSTACK = os.path.join(os.path.dirname(sys.executable), 'openstack')

skip_unless_cli = testtools.skipUnless(os.path.exists(OPENSTACK),
                                       'no openstack CLI')


class OpenStackCLIMixin:
    """For a TestCase with ``self.api`` (an APIClient); ``cli_env`` adds
    environment variables (the block storage endpoint, say)."""

    cli_token = 'admin:admin'

    def cli_env(self):
        return {}

    def run_cli(self, *args):
        env = dict(os.environ,
                   OS_IDENTITY_ENDPOINT_OVERRIDE=self.api.endpoint,
                   OS_IDENTITY_API_VERSION='3', **self.cli_env())
        return subprocess.run(
            [OPENSTACK, '--os-auth-type', 'admin_token', '--os-endpoint',
             self.api.endpoint, '--os-token', self.cli_token] + list(args),
            capture_output=True, text=True, timeout=60, env=env)

    def cli(self, *args):
        result = self.run_cli(*args)
        self.assertEqual(0, result.returncode, result.stderr)
        return result.stdout

    def cli_json(self, *args):
        return json.loads(self.cli(*args + ('-f', 'json')))

    def cli_fails(self, *args):
        result = self.run_cli(*args)
        self.assertNotEqual(0, result.returncode, result.stdout)
        return result.stderr
