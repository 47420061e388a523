"""tools/deploy.py's config files, as each service reads them (no RabbitMQ,
no PostgreSQL: only the files are written)."""

import importlib.util
import os
from unittest import mock

import fixtures
import testtools

from minova import config
from minova.deployment.bus_and_database import PostgreSQL

TOOL = os.path.join(os.path.dirname(os.path.dirname(os.path.dirname(
    os.path.dirname(os.path.dirname(os.path.abspath(__file__)))))),
    'tools', 'deploy.py')


def load_tool():
    spec = importlib.util.spec_from_file_location('deploy_tool', TOOL)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


class TestDeployToolConfig(testtools.TestCase):
    def setUp(self):
        super().setUp()
        self.useFixture(fixtures.EnvironmentVariable('PYTHONPATH'))
        self.tool = load_tool()
        self.useFixture(fixtures.MonkeyPatch(
            'minova.deployment.bus_and_database.PostgreSQL.port', 5433))
        root = self.useFixture(fixtures.TempDir()).path
        os.makedirs(os.path.join(root, 'etc'))
        self.dep = self.tool.Deployment(root)
        self.dep.state = {'name': 'minova_x', 'rabbit_password': 'rp',
                          'db_password': 'dp', 'api_port': 18774,
                          'computes': ['compute1']}
        self.dep.write_configs({'quota': {'cores': '-1'}})
        self.dep.write_compute_config('compute1')

    def conf(self, service):
        conf = config.new_conf()
        conf([a for f in self.dep.config_files(service)
              for a in ('--config-file', f)], project='minova')
        return conf

    def test_every_service_shares_bus_state_and_settings(self):
        for service in ('api', 'conductor', 'scheduler', 'compute-compute1'):
            conf = self.conf(service)
            self.assertEqual('rabbit://minova_x:rp@127.0.0.1:5672/minova_x',
                             conf.transport_url, service)
            self.assertEqual(self.dep.path('state', 'images'),
                             conf.image.local_image_dir, service)
            self.assertEqual(-1, conf.quota.cores, service)

    def test_api_conductor_scheduler_have_the_database(self):
        url = PostgreSQL.url('minova_x', 'minova_x', 'dp')
        self.assertIn(':5433/', url)
        for service in ('api', 'conductor', 'scheduler'):
            conf = self.conf(service)
            self.assertEqual(url, conf.database.connection, service)
            self.assertEqual('controller', conf.host, service)

    def test_api_is_noauth2_on_loopback(self):
        conf = self.conf('api')
        self.assertEqual('noauth2', conf.api.auth_strategy)
        self.assertEqual('127.0.0.1', conf.osapi_compute_listen)
        self.assertEqual(18774, conf.osapi_compute_listen_port)

    def test_compute_has_its_host_and_no_database(self):
        conf = self.conf('compute-compute1')
        self.assertEqual('compute1', conf.host)
        self.assertEqual('fake.FakeDriver', conf.compute_driver)
        self.assertNotIn('minova_x', conf.database.connection or '')


class TestDeployToolChecks(testtools.TestCase):

    def test_up_without_psycopg2_says_what_to_install(self):
        tool = load_tool()
        root = self.useFixture(fixtures.TempDir()).path
        # None in sys.modules makes "import psycopg2" fail.
        patcher = mock.patch.dict('sys.modules', {'psycopg2': None})
        patcher.start()
        self.addCleanup(patcher.stop)
        e = self.assertRaises(SystemExit, tool.main,
                              ['up', '--dir', os.path.join(root, 'cloud')])
        self.assertIn("psycopg2 is missing", str(e))
        self.assertIn(".[postgresql]", str(e))
        self.assertFalse(os.path.exists(os.path.join(root, 'cloud', 'etc')))
