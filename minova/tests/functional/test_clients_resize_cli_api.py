"""``openstack server resize / resize confirm / resize revert / migrate``
and ``openstack server migration list`` against the all-in-one (the
noauth2 recipe of doc/source/api.rst)."""

import testtools

from minova.tests.functional import cli
from minova.tests.functional import fixtures as func_fixtures


@cli.skip_unless_cli
class TestResizeCLI(cli.OpenStackCLIMixin, testtools.TestCase):

    def setUp(self):
        super().setUp()
        self.cloud = self.useFixture(func_fixtures.AllInOneFixture(
            compute_hosts=('host1', 'host2')))
        self.api = self.cloud.api
        self.cli('server', 'create', '--flavor', 'm1.tiny', '--image',
                 'minova-tiny', '--wait', 'web')
        self.server_id = self.cli_json('server', 'show', 'web')['id']

    def show(self):
        return self.cli_json('server', 'show', 'web')

    def wait(self, status):
        return self.api.wait_for_task(self.server_id, status)

    def test_resize_confirm_revert_migrate_and_list(self):
        self.cli('server', 'resize', '--flavor', 'm1.small', '--wait', 'web')
        self.assertEqual('VERIFY_RESIZE', self.wait('VERIFY_RESIZE')[
            'status'])
        self.cli('server', 'resize', 'confirm', 'web')
        self.wait('ACTIVE')
        self.assertEqual('m1.small', self.show()['flavor']['name'])

        self.cli('server', 'resize', '--flavor', 'm1.medium', '--wait',
                 'web')
        self.wait('VERIFY_RESIZE')
        self.cli('server', 'resize', 'revert', 'web')
        self.wait('ACTIVE')
        self.assertEqual('m1.small', self.show()['flavor']['name'])

        before = self.api.get('/servers/%s' % self.server_id).body[
            'server']['OS-EXT-SRV-ATTR:host']
        self.cli('server', 'migrate', '--wait', 'web')
        server = self.wait('VERIFY_RESIZE')
        self.assertNotEqual(before, server['OS-EXT-SRV-ATTR:host'])
        self.cli('server', 'resize', 'confirm', 'web')
        self.wait('ACTIVE')

        listed = self.cli_json('server', 'migration', 'list')
        self.assertEqual(['confirmed', 'reverted', 'confirmed'],
                         [m['Status'] for m in listed])
        self.assertEqual({self.server_id},
                         {m['Server UUID'] for m in listed})
