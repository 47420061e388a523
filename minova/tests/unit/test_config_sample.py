"""etc/minova/minova.conf.sample is what the generator makes today."""

import difflib
import os
import subprocess
import sys

import fixtures
import testtools

import minova

REPO = os.path.dirname(os.path.dirname(os.path.abspath(minova.__file__)))
GENERATOR_CONF = os.path.join('etc', 'minova', 'minova-config-generator.conf')
SAMPLE = os.path.join('etc', 'minova', 'minova.conf.sample')
FIX = 'tox -e genconfig'
# What `tox -e genconfig` runs: minova first, so that oslo.service gets the
# threading backend before oslo.messaging's options pull it in.
GENERATE = ('import sys, minova; from oslo_config import generator; '
            'sys.exit(generator.main())')


class TestConfigSample(testtools.TestCase):

    def setUp(self):
        super().setUp()
        if not os.path.exists(os.path.join(REPO, GENERATOR_CONF)):
            self.skipTest('%s not found beside the minova package: minova is '
                          'installed without its source tree' % GENERATOR_CONF)

    def _generate(self):
        """The sample as `tox -e genconfig` makes it. In a process of its
        own: option defaults are module-level state, which other tests in
        this process may have changed."""
        output = os.path.join(self.useFixture(fixtures.TempDir()).path,
                              'minova.conf.sample')
        proc = subprocess.run([sys.executable, '-c', GENERATE,
                               '--config-file', GENERATOR_CONF,
                               '--output-file', output],
                              cwd=REPO, stdin=subprocess.DEVNULL,
                              capture_output=True, text=True, timeout=120)
        if proc.returncode:
            self.fail('the generator failed (exit %d):\n%s' % (
                proc.returncode, proc.stderr[-3000:]))
        with open(output) as f:
            return f.read()

    def test_sample_is_up_to_date(self):
        with open(os.path.join(REPO, SAMPLE)) as f:
            committed = f.read()
        generated = self._generate()
        if committed != generated:
            diff = ''.join(list(difflib.unified_diff(
                committed.splitlines(True), generated.splitlines(True),
                SAMPLE + ' (committed)', SAMPLE + ' (generated)'))[:60])
            self.fail('%s is stale: regenerate it with `%s` and commit it.\n'
                      'First differences:\n%s' % (SAMPLE, FIX, diff))

    def test_sample_lists_minova_groups(self):
        generated = self._generate()
        for group in ('[DEFAULT]', '[database]', '[filter_scheduler]',
                      '[scheduler]', '[libvirt]', '[upgrade_levels]',
                      '[oslo_messaging_rabbit]'):
            self.assertIn('\n%s\n' % group, '\n' + generated)
        self.assertIn('#transport_url = ', generated)
        self.assertIn('#compute_driver = fake.FakeDriver', generated)
