"""A third-party scheduler plugin, for real: the sample package under
doc/samples/minova-sample-plugin is pip-installed into the environment the
tests run in, enabled in the config file, and decides where servers land.

The sample declares ``HostNamePatternFilter`` and ``PreferredHostWeigher``
by its own entry points and registers its own ``[minova_sample_plugin]``
options; doc/source/plugin_guide.rst walks through it.
"""

import fcntl
import hashlib
import importlib
import importlib.metadata
import os
import shutil
import subprocess
import sys
import tempfile

import fixtures
import testtools

import minova
from minova.tests.functional import fixtures as func_fixtures
from minova.tests.functional import test_cmd_errors
from minova.tests.integration.fixtures import command
from minova.tests.integration.fixtures import parse_table

SAMPLE_DIR = os.path.join(os.path.dirname(os.path.dirname(
    os.path.abspath(minova.__file__))), 'doc', 'samples',
    'minova-sample-plugin')
DISTRIBUTION = 'minova-sample-plugin'
# Where the digest of the installed sample's source is kept: in the
# environment itself, so that a new venv installs it afresh.
STAMP = os.path.join(sys.prefix, 'minova-sample-plugin.installed')

HOSTS = ('host1', 'host2', 'host3', 'spare1')
DEFAULT_FILTERS = ('ComputeFilter,AvailabilityZoneFilter,RamFilter,'
                   'CoreFilter,DiskFilter,RetryFilter')
DEFAULT_WEIGHERS = 'RAMWeigher,CPUWeigher'

_INSTALLED = []


def _source_digest():
    digest = hashlib.sha256()
    for root, dirs, files in os.walk(SAMPLE_DIR):
        dirs[:] = sorted(d for d in dirs if d != '__pycache__'
                         and not d.endswith('.egg-info') and d != 'build')
        for name in sorted(files):
            path = os.path.join(root, name)
            digest.update(os.path.relpath(path, SAMPLE_DIR).encode())
            with open(path, 'rb') as f:
                digest.update(f.read())
    return digest.hexdigest()


def _installed_digest():
    try:
        importlib.metadata.distribution(DISTRIBUTION)
        with open(STAMP) as f:
            return f.read().strip()
    except (importlib.metadata.PackageNotFoundError, OSError):
        return None


def install_sample():
    """``pip install`` the sample into this interpreter's environment, once
    per run: not again while the installed copy is of the same source, and
    one test process at a time (stestr runs several)."""
    if _INSTALLED:
        return
    digest = _source_digest()
    with open(STAMP + '.lock', 'w') as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if _installed_digest() != digest:
            with tempfile.TemporaryDirectory() as tmp:
                # A copy: building it writes build/ and *.egg-info beside
                # the source, which must stay clean.
                source = os.path.join(tmp, 'minova-sample-plugin')
                shutil.copytree(SAMPLE_DIR, source, ignore=(
                    shutil.ignore_patterns('__pycache__', 'build',
                                           '*.egg-info')))
                proc = subprocess.run(
                    [sys.executable, '-m', 'pip', 'install', '--no-deps',
                     '--no-index', '--no-build-isolation',
                     '--force-reinstall', source],
                    stdin=subprocess.DEVNULL, capture_output=True, text=True,
                    timeout=300)
            if proc.returncode:
                raise AssertionError('pip could not install %s:\n%s%s' % (
                    SAMPLE_DIR, proc.stdout[-2000:], proc.stderr[-2000:]))
            with open(STAMP, 'w') as f:
                f.write(digest)
    importlib.invalidate_caches()
    _INSTALLED.append(True)


class SamplePluginFixture(fixtures.Fixture):
    """The sample installed, and this process's stevedore made to see it.

    stevedore keeps what it has read of the installed entry points for the
    life of the process, twice: per namespace in ``ExtensionManager``, and
    per ``sys.path`` in its cache object (on disk it is keyed on the mtimes
    of the path entries, so a new process sees a new distribution). Both
    start empty here, so a scheduler built after the install finds it even
    when an earlier test of this process had read the namespace.
    """

    def _setUp(self):
        install_sample()
        self.useFixture(fixtures.MonkeyPatch(
            'stevedore.extension.ExtensionManager.ENTRY_POINT_CACHE', {}))
        self.useFixture(fixtures.MonkeyPatch(
            'stevedore._cache._c._internal', {}))


def _config(filters=DEFAULT_FILTERS, weighers=DEFAULT_WEIGHERS, **options):
    """A config file's text: the filters and weighers enabled, and
    ``options`` in ``[minova_sample_plugin]``."""
    text = ('[filter_scheduler]\nenabled_filters = %s\nweight_classes = %s\n'
            '[minova_sample_plugin]\n' % (filters, weighers))
    return text + ''.join('%s = %s\n' % item for item in options.items())


class TestPlacement(testtools.TestCase):
    """Where servers land with the sample's filter and weigher enabled in
    the config file, against where they land without them."""

    def setUp(self):
        super().setUp()
        self.useFixture(SamplePluginFixture())

    def _boot(self, config, count=4):
        """Boot ``count`` servers one after the other on a cloud of
        :data:`HOSTS` reading ``config``; their hosts, in boot order."""
        cloud = self.useFixture(func_fixtures.AllInOneFixture(
            compute_hosts=HOSTS, config=config))
        hosts = []
        for index in range(count):
            resp = cloud.api.create_server(cloud.image_id,
                                           name='s%d' % index)
            self.assertEqual(202, resp.status, resp)
            server = cloud.api.wait_for_server(resp.body['server']['id'])
            self.assertEqual('ACTIVE', server['status'], server.get('fault'))
            hosts.append(server['OS-EXT-SRV-ATTR:host'])
        return hosts

    def test_installed_but_not_enabled_changes_nothing(self):
        # The in-tree RAMWeigher spreads: each server on the emptiest host.
        self.assertEqual(sorted(HOSTS), sorted(self._boot(_config())))

    def test_filter_and_weigher_decide_where_servers_land(self):
        # The weigher alone would stack everything on spare1, its favourite;
        # the filter leaves it out by name and host3 by exclusion, so all
        # go to host2, the favourite of those left (which also outweighs
        # the RAMWeigher's spreading).
        hosts = self._boot(_config(
            filters=DEFAULT_FILTERS + ',HostNamePatternFilter',
            weighers=DEFAULT_WEIGHERS + ',PreferredHostWeigher',
            host_pattern=r'host\d+', excluded_hosts='host3',
            host_preferences='spare1:30,host3:20,host2:10',
            preferred_host_weight_multiplier=10))
        self.assertEqual(['host2'] * 4, hosts)

    def test_weigher_alone_stacks_on_the_preferred_host(self):
        hosts = self._boot(_config(
            weighers=DEFAULT_WEIGHERS + ',PreferredHostWeigher',
            host_preferences='spare1:30,host3:20,host2:10',
            preferred_host_weight_multiplier=10))
        self.assertEqual(['spare1'] * 4, hosts)

    def test_filter_alone_keeps_servers_off_excluded_hosts(self):
        hosts = self._boot(_config(
            filters=DEFAULT_FILTERS + ',HostNamePatternFilter',
            host_pattern=r'host\d+', excluded_hosts='host3'))
        # Spread by the RAMWeigher, over the two hosts the filter leaves.
        self.assertEqual(['host1', 'host1', 'host2', 'host2'], sorted(hosts))

    def test_no_host_passes_and_the_fault_says_why(self):
        cloud = self.useFixture(func_fixtures.AllInOneFixture(
            compute_hosts=HOSTS, config=_config(
                filters=DEFAULT_FILTERS + ',HostNamePatternFilter',
                host_pattern='rack9-.*')))
        resp = cloud.api.create_server(cloud.image_id)
        self.assertEqual(202, resp.status, resp)
        server = cloud.api.wait_for_server(resp.body['server']['id'])
        self.assertEqual('ERROR', server['status'])
        message = server['fault']['message']
        self.assertTrue(message.startswith('No valid host was found'),
                        message)
        self.assertIn("HostNamePatternFilter 4\u21920: host names must match "
                      "'rack9-.*'", message)


class TestTooling(testtools.TestCase):
    """What an operator and a plugin author run against the installed
    sample: minova-manage, the config generator, the sample's own tests."""

    def setUp(self):
        super().setUp()
        self.useFixture(SamplePluginFixture())
        self.tmp = self.useFixture(fixtures.TempDir()).path

    def _run(self, cmd, **kwargs):
        proc = subprocess.run(cmd, stdin=subprocess.DEVNULL,
                              capture_output=True, text=True, timeout=120,
                              **kwargs)
        self.assertEqual(0, proc.returncode, proc.stdout + proc.stderr)
        return proc.stdout

    def test_plugins_list_shows_them_installed_and_enabled(self):
        path = os.path.join(self.tmp, 'minova.conf')
        with open(path, 'w') as f:
            f.write(_config(filters='ComputeFilter,HostNamePatternFilter'))
        rows = parse_table(self._run(command('minova-manage') + [
            '--config-file', path, 'plugins', 'list']))
        enabled = {(row['Namespace'], row['Plugin']): row['Enabled']
                   for row in rows}
        self.assertEqual('yes', enabled[('minova.scheduler.filters',
                                         'HostNamePatternFilter')])
        self.assertEqual('', enabled[('minova.scheduler.weighers',
                                      'PreferredHostWeigher')])

    def test_config_generator_documents_the_options(self):
        out = self._run([sys.executable, '-m', 'oslo_config.generator',
                         '--namespace', 'minova_sample_plugin'])
        self.assertIn('[minova_sample_plugin]', out)
        for option in ('host_pattern', 'excluded_hosts', 'host_preferences',
                       'default_preference',
                       'preferred_host_weight_multiplier'):
            self.assertIn('#%s =' % option, out)

    def test_the_samples_own_tests_pass(self):
        # From a directory of its own, so they import the installed copy.
        proc = subprocess.run(
            [sys.executable, '-m', 'unittest', 'discover', '-v', '-s',
             os.path.join(SAMPLE_DIR, 'tests')],
            stdin=subprocess.DEVNULL, capture_output=True, text=True,
            timeout=120, cwd=self.tmp)
        self.assertEqual(0, proc.returncode, proc.stderr)
        self.assertIn('Ran 7 tests', proc.stderr)


class TestConfiguration(test_cmd_errors.OneLineFailureTestCase):
    """A mistake in the plugin's part of the config file stops the
    scheduler at start, in one line that names it."""

    def setUp(self):
        super().setUp()
        self.useFixture(SamplePluginFixture())

    def test_enabled_but_not_installed_lists_the_sample_as_installed(self):
        line = self.assertFailsInOneLine(
            'minova-scheduler', _config(
                filters='HostNamePatternFilter,HostNamePaternFilter'),
            '[filter_scheduler] enabled_filters', "'HostNamePaternFilter'")
        self.assertIn('HostNamePatternFilter',
                      line.split('installed:')[-1])

    def test_bad_option_value(self):
        self.assertFailsInOneLine(
            'minova-scheduler', _config(
                weighers='PreferredHostWeigher',
                host_preferences='host1:high'),
            '[minova_sample_plugin] host_preferences', 'high')

    def test_bad_pattern(self):
        self.assertFailsInOneLine(
            'minova-scheduler', _config(
                filters='HostNamePatternFilter', host_pattern='host(',
                excluded_hosts='host1'),
            "host_pattern 'host(' is not a regular expression")
