"""Bad configuration stops a service at start, in one line, no traceback.

Each test starts a real console script as its own process with a config
file that is wrong in one way, and checks what an operator sees: a non-zero
exit within seconds and a single stderr line naming the option and the bad
value. Logging is left at its default (stderr), as an operator has it.
"""

import os
import socket
import subprocess

import fixtures
import testtools

from minova.tests.integration.fixtures import command

# A service that is going to fail at start fails within seconds.
TIMEOUT = 30


class OneLineFailureTestCase(testtools.TestCase):
    """Starts a console script on a config file and checks it fails in one
    line (also used by the tests of third-party plugins' options)."""

    def setUp(self):
        super().setUp()
        self.tmp = self.useFixture(fixtures.TempDir()).path

    def _write(self, name, config):
        path = os.path.join(self.tmp, name)
        with open(path, 'w') as f:
            f.write('[DEFAULT]\nstate_path = %s\ntransport_url = fake://\n'
                    % self.tmp)
            f.write(config)
        return path

    def _run(self, prog, config, sync=True):
        """Run ``prog`` with the base config plus ``config``, after a
        ``db sync`` of the base config's SQLite database, so that the only
        thing wrong is ``config``."""
        if sync:
            subprocess.run(command('minova-manage') + [
                '--config-file', self._write('good.conf', ''), 'db', 'sync'],
                stdin=subprocess.DEVNULL, capture_output=True, check=True,
                timeout=TIMEOUT)
        path = self._write('minova.conf', config)
        try:
            return subprocess.run(command(prog) + ['--config-file', path],
                                  stdin=subprocess.DEVNULL,
                                  capture_output=True, text=True,
                                  timeout=TIMEOUT, cwd=self.tmp)
        except subprocess.TimeoutExpired as e:
            self.fail('%s was still running %d s after start instead of '
                      'stopping on its bad configuration; stderr:\n%s' % (
                          prog, TIMEOUT, (e.stderr or b'').decode()[-2000:]))

    def assertFailsInOneLine(self, prog, config, *expected, sync=True):
        proc = self._run(prog, config, sync=sync)
        output = 'exit status %s\nstdout:\n%s\nstderr:\n%s' % (
            proc.returncode, proc.stdout, proc.stderr)
        self.assertNotEqual(0, proc.returncode, output)
        self.assertNotIn('Traceback', proc.stderr + proc.stdout, output)
        lines = proc.stderr.splitlines()
        self.assertEqual(1, len(lines), 'expected one line on stderr\n' +
                         output)
        self.assertTrue(lines[0].startswith(prog + ': error: '), output)
        for text in expected:
            self.assertIn(text, lines[0], output)
        return lines[0]


class TestBadConfiguration(OneLineFailureTestCase):

    # -- plugins -----------------------------------------------------------

    def test_unknown_filter(self):
        line = self.assertFailsInOneLine(
            'minova-scheduler',
            '[filter_scheduler]\nenabled_filters = RamFilter,NoSuchFilter\n',
            '[filter_scheduler] enabled_filters', 'NoSuchFilter',
            'minova.scheduler.filters')
        self.assertIn('RamFilter', line.split('installed:')[-1])

    def test_unknown_weigher(self):
        self.assertFailsInOneLine(
            'minova-scheduler',
            '[filter_scheduler]\nweight_classes = NoSuchWeigher\n',
            '[filter_scheduler] weight_classes', 'NoSuchWeigher',
            'minova.scheduler.weighers')

    def test_unknown_scheduler_driver(self):
        self.assertFailsInOneLine(
            'minova-scheduler', '[scheduler]\ndriver = no_such_scheduler\n',
            '[scheduler] driver', 'no_such_scheduler', 'filter_scheduler')

    def test_unknown_compute_driver(self):
        self.assertFailsInOneLine(
            'minova-compute', 'compute_driver = nosuch.NoSuchDriver\n',
            'compute_driver', 'nosuch.NoSuchDriver', 'fake.FakeDriver')

    # -- the bus -----------------------------------------------------------

    def test_malformed_transport_url(self):
        self.assertFailsInOneLine(
            'minova-conductor', 'transport_url = notaurl://\n',
            'transport_url', 'notaurl://')

    def test_malformed_transport_url_on_compute(self):
        self.assertFailsInOneLine(
            'minova-compute', 'transport_url = notaurl://\n',
            'transport_url', 'notaurl://')

    # -- the database ------------------------------------------------------

    def test_unreachable_database(self):
        url = 'postgresql+psycopg2://x:y@127.0.0.1:1/nodb'
        self.assertFailsInOneLine(
            'minova-conductor', '[database]\nconnection = %s\n' % url,
            '[database] connection', url)

    def test_unreachable_database_on_scheduler(self):
        url = 'postgresql+psycopg2://x:y@127.0.0.1:1/nodb'
        self.assertFailsInOneLine(
            'minova-scheduler', '[database]\nconnection = %s\n' % url,
            '[database] connection', url)

    def test_unreachable_database_on_manage(self):
        url = 'postgresql+psycopg2://x:y@127.0.0.1:1/nodb'
        path = os.path.join(self.tmp, 'manage.conf')
        with open(path, 'w') as f:
            f.write('[database]\nconnection = %s\n' % url)
        proc = subprocess.run(
            command('minova-manage') + ['--config-file', path, 'db', 'sync'],
            stdin=subprocess.DEVNULL, capture_output=True, text=True,
            timeout=TIMEOUT)
        self.assertNotEqual(0, proc.returncode)
        self.assertNotIn('Traceback', proc.stderr)
        self.assertEqual(1, len(proc.stderr.splitlines()), proc.stderr)
        self.assertIn(url, proc.stderr)

    def test_database_not_synced(self):
        # An empty database: the operator forgot `minova-manage db sync`.
        self.assertFailsInOneLine('minova-conductor', '', 'db sync',
                                  sync=False)

    def test_malformed_database_url(self):
        self.assertFailsInOneLine(
            'minova-conductor', '[database]\nconnection = notadb://x\n',
            '[database] connection', 'notadb://x')

    # -- the API -----------------------------------------------------------

    def test_api_port_taken(self):
        with socket.socket() as taken:
            taken.bind(('127.0.0.1', 0))
            taken.listen()
            port = taken.getsockname()[1]
            self.assertFailsInOneLine(
                'minova-api', 'osapi_compute_listen = 127.0.0.1\n'
                'osapi_compute_listen_port = %d\n' % port,
                'osapi_compute_listen_port', str(port))

    def test_noauth2_on_a_public_address(self):
        self.assertFailsInOneLine(
            'minova-api', 'osapi_compute_listen = 0.0.0.0\n'
            '[api]\nauth_strategy = noauth2\n',
            '[api] auth_strategy', '[DEFAULT] osapi_compute_listen = 0.0.0.0',
            '[api] allow_noauth2_on_public_address')

    def test_minova_all_on_a_public_address(self):
        # minova-all's own default is noauth2: it needs the same opt-in.
        self.assertFailsInOneLine(
            'minova-all', 'osapi_compute_listen = 0.0.0.0\n',
            '[api] auth_strategy', '[DEFAULT] osapi_compute_listen = 0.0.0.0',
            '[api] allow_noauth2_on_public_address')

    # -- the config file itself -------------------------------------------

    def test_value_of_the_wrong_type(self):
        # oslo.config checks a value only when it is read: a service must
        # read its options at start, not in a thread minutes later.
        self.assertFailsInOneLine(
            'minova-conductor', 'report_interval = often\n',
            'report_interval', 'often')

    def test_no_executor_thread(self):
        self.assertFailsInOneLine(
            'minova-conductor', 'executor_thread_pool_size = 0\n',
            'executor_thread_pool_size', 'at least one thread')

    def test_missing_config_file(self):
        missing = os.path.join(self.tmp, 'no-such.conf')
        proc = subprocess.run(
            command('minova-scheduler') + ['--config-file', missing],
            stdin=subprocess.DEVNULL, capture_output=True, text=True,
            timeout=TIMEOUT)
        self.assertNotEqual(0, proc.returncode)
        self.assertNotIn('Traceback', proc.stderr)
        self.assertEqual(1, len(proc.stderr.splitlines()), proc.stderr)
        self.assertIn(missing, proc.stderr)

    def test_unparsable_config_file(self):
        self.assertFailsInOneLine('minova-conductor', '[database\n',
                                  'minova.conf', '[database')
