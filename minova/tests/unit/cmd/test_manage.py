"""minova-manage against a real SQLite database."""

import datetime
import io
import os

import fixtures
from oslo_utils import timeutils
import testtools

from minova.cmd import manage
from minova import config
from minova import context
from minova.objects import service as service_obj
from minova.db import session


class TestManage(testtools.TestCase):
    def setUp(self):
        super().setUp()
        self.tmp = self.useFixture(fixtures.TempDir()).path
        self.config_file = os.path.join(self.tmp, 'minova.conf')
        with open(self.config_file, 'w') as f:
            f.write('[DEFAULT]\nstate_path = %s\nservice_down_time = 60\n'
                    '[filter_scheduler]\nenabled_filters = RamFilter\n'
                    % self.tmp)
        self.addCleanup(session.reset)

    def manage(self, *args):
        out = self.useFixture(fixtures.MonkeyPatch('sys.stdout',
                                                   io.StringIO())).new_value
        err = self.useFixture(fixtures.MonkeyPatch('sys.stderr',
                                                   io.StringIO())).new_value
        code = 0
        try:
            manage.main(['--config-file', self.config_file] + list(args))
        except SystemExit as e:
            code = e.code
        return code, out.getvalue(), err.getvalue()

    def _register(self, host, binary, seconds_ago=0):
        conf = config.new_conf()
        conf(['--config-file', self.config_file])
        session.configure(conf)
        svc = service_obj.Service.get_or_create(
            context.get_admin_context(), host, binary, 'compute', 1)
        svc.last_seen_up = timeutils.utcnow() - datetime.timedelta(
            seconds=seconds_ago)
        svc.save()
        session.reset()

    def test_db_sync_is_idempotent(self):
        self.assertEqual(0, self.manage('db', 'sync')[0])
        code, out, _ = self.manage('db', 'sync')
        self.assertEqual(0, code)
        self.assertIn('revision', out)
        self.assertNotEqual('empty', self.manage('db', 'version')[1].strip())

    def test_service_list_shows_up_and_down(self):
        self.manage('db', 'sync')
        self._register('c1', 'minova-compute')
        self._register('c2', 'minova-compute', seconds_ago=120)
        code, out, _ = self.manage('service', 'list')
        self.assertEqual(0, code)
        rows = {line.split('|')[3].strip(): line for line in out.splitlines()
                if 'minova-compute' in line}
        self.assertIn('| up ', rows['c1'])
        self.assertIn('| down ', rows['c2'])
        self.assertIn('| enabled ', rows['c1'])

    def test_disable_and_enable(self):
        self.manage('db', 'sync')
        self._register('c1', 'minova-compute')
        code, out, _ = self.manage('service', 'disable', '--host', 'c1',
                                   '--reason', 'maintenance')
        self.assertEqual(0, code)
        listing = self.manage('service', 'list')[1]
        self.assertIn('disabled', listing)
        self.assertIn('maintenance', listing)
        self.manage('service', 'enable', '--host', 'c1')
        self.assertNotIn('disabled', self.manage('service', 'list')[1]
                         .split('Disabled Reason')[1])

    def test_disable_unknown_host_is_one_clear_line(self):
        self.manage('db', 'sync')
        code, _, err = self.manage('service', 'disable', '--host', 'nohost')
        self.assertEqual(1, code)
        self.assertIn('nohost', err)
        self.assertNotIn('Traceback', err)
        self.assertEqual(1, len(err.strip().splitlines()))

    def test_plugins_list_shows_installed_and_enabled(self):
        code, out, _ = self.manage('plugins', 'list')
        self.assertEqual(0, code)
        lines = [line for line in out.splitlines()
                 if "minova.scheduler.filters" in line]
        ram = [line for line in lines if 'RamFilter' in line][0]
        core = [line for line in lines if 'CoreFilter' in line][0]
        self.assertIn('yes', ram)
        self.assertNotIn('yes', core)

    def test_plugins_list_flags_enabled_but_not_installed(self):
        with open(self.config_file, 'a') as f:
            f.write('[scheduler]\ndriver = nosuch_driver\n')
        out = self.manage('plugins', 'list')[1]
        self.assertIn('nosuch_driver', out)
        self.assertIn('ENABLED BUT NOT INSTALLED', out)

    def test_unreachable_database_is_one_clear_line(self):
        with open(self.config_file, 'a') as f:
            f.write('[database]\nconnection = postgresql+psycopg2://x:y@'
                    '127.0.0.1:1/nodb\nmax_retries = 1\nretry_interval = 0\n')
        code, _, err = self.manage('service', 'list')
        self.assertEqual(1, code)
        self.assertIn('[database] connection', err)
        self.assertNotIn('Traceback', err)
        self.assertEqual(1, len(err.strip().splitlines()))

    def test_flavor_and_image_bootstrap_once(self):
        self.manage('db', 'sync')
        code, out, err = self.manage('flavor', 'bootstrap')
        self.assertEqual(0, code, err)
        self.assertIn('m1.tiny', out)
        code, out, err = self.manage('image', 'bootstrap')
        self.assertEqual(0, code, err)
        self.assertIn('Created image minova-tiny', out)
        self.assertEqual(1, len(os.listdir(os.path.join(self.tmp,
                                                        'images'))))
        self.assertIn('none created', self.manage('flavor', 'bootstrap')[1])
        self.assertIn('none created', self.manage('image', 'bootstrap')[1])
