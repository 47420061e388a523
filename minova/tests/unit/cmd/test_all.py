"""minova-all's start order: pin the CPU, bind the API port first, serve
it last."""

import socket

import fixtures
import testtools

from minova.cmd import all as minova_all
from minova.cmd import api
from minova.db import session
from minova import exception
from minova import rpc
from minova.tests import fixtures as minova_fixtures


class TestBuild(testtools.TestCase):
    def setUp(self):
        super().setUp()
        self.conf = self.useFixture(minova_fixtures.ConfFixture(**{
            'transport_url': 'inproc://test-all',
            'osapi_compute_listen': '127.0.0.1',
            'osapi_compute_listen_port': 0,
            'all_in_one.compute_hosts': ['h1', 'h2']})).conf
        self.conf.set_override(
            'connection', 'sqlite:///%s/minova.sqlite' % self.conf.state_path,
            group='database')
        self.addCleanup(session.reset)
        self.transport = rpc.get_transport(self.conf)

    def test_api_serves_last(self):
        # Regression: the API served before the computes had reported their
        # nodes, and a boot right after start failed with "There are no
        # compute nodes" (seen with the libvirt driver on qemu).
        services = minova_all.build(self.conf, self.transport)
        self.addCleanup(services[-1].stop)
        self.assertIsInstance(services[-1], api.APIService)
        self.assertEqual(['minova-conductor', 'minova-scheduler',
                          'minova-compute', 'minova-compute'],
                         [s.binary for s in services[:-1]])

    def test_taken_port_fails_before_any_service_is_built(self):
        taken = socket.socket()
        taken.bind(('127.0.0.1', 0))
        taken.listen(1)
        self.addCleanup(taken.close)
        self.conf.set_override('osapi_compute_listen_port',
                               taken.getsockname()[1])
        e = self.assertRaises(exception.ConfigError, minova_all.build,
                              self.conf, self.transport)
        self.assertIn('[DEFAULT] osapi_compute_listen_port', str(e))


class TestPinnedBuild(testtools.TestCase):
    def test_pins_before_any_service_is_built(self):
        calls = []
        self.useFixture(fixtures.MonkeyPatch(
            'minova.cpu_affinity.pin',
            lambda setting: calls.append(('pin', setting))))
        self.useFixture(fixtures.MonkeyPatch(
            'minova.cmd.all.build',
            lambda conf, transport: calls.append(('build',)) or ['svc']))
        conf = self.useFixture(minova_fixtures.ConfFixture(**{
            'all_in_one.cpu_affinity': '1'})).conf
        self.assertEqual(['svc'], minova_all._pinned_build(conf, None))
        self.assertEqual([('pin', '1'), ('build',)], calls)


class TestMain(testtools.TestCase):
    """minova-all's own defaults, which a config file still overrides."""

    def _conf_built_from(self, config_text):
        built = []
        self.useFixture(fixtures.MonkeyPatch(
            'minova.cmd.all._pinned_build',
            lambda conf, transport: built.append(conf) or []))
        self.useFixture(fixtures.MonkeyPatch(
            'minova.cmd.common.tune_garbage_collector', lambda: None))
        self.useFixture(fixtures.MonkeyPatch(
            'minova.cmd.common.run_until_signalled',
            lambda services, timeout=0, parent=None: None))
        path = self.useFixture(fixtures.TempDir()).join('minova.conf')
        with open(path, 'w') as f:
            f.write(config_text)
        minova_all.main(['--config-file', path])
        return built[0]

    def test_the_in_process_bus_and_sixteen_threads_per_executor(self):
        conf = self._conf_built_from('')
        self.assertEqual(rpc.IN_PROCESS_URL, conf.transport_url)
        self.assertEqual(16, conf.executor_thread_pool_size)

    def test_a_config_file_sets_another_executor_size(self):
        conf = self._conf_built_from(
            '[DEFAULT]\nexecutor_thread_pool_size = 64\n')
        self.assertEqual(64, conf.executor_thread_pool_size)

    def test_noauth2_on_loopback(self):
        conf = self._conf_built_from('')
        self.assertEqual(('noauth2', '127.0.0.1'), (
            conf.api.auth_strategy, conf.osapi_compute_listen))

    def test_a_config_file_chooses_keystone_and_another_address(self):
        conf = self._conf_built_from(
            '[DEFAULT]\nosapi_compute_listen = 0.0.0.0\n'
            '[api]\nauth_strategy = keystone\n')
        self.assertEqual(('keystone', '0.0.0.0'), (
            conf.api.auth_strategy, conf.osapi_compute_listen))
