"""The ``openstack`` commands of issue 14 that need no Keystone, as a user
types them against the all-in-one (the noauth2 recipe of
doc/source/api.rst): servers (create with --min/--max --wait, list, show,
set, delete --wait), flavors, images, hypervisors, compute services,
aggregates, server groups and availability zones."""

import testtools

from minova.tests.functional import cli
from minova.tests.functional import fixtures as func_fixtures


@cli.skip_unless_cli
class TestOpenStackCLI(cli.OpenStackCLIMixin, testtools.TestCase):

    def setUp(self):
        super().setUp()
        self.cloud = self.useFixture(func_fixtures.AllInOneFixture(
            compute_hosts=('host1', 'host2')))
        self.api = self.cloud.api

    def test_server_commands(self):
        self.cli('server', 'create', '--flavor', 'm1.tiny', '--image',
                 'minova-tiny', '--min', '2', '--max', '2', '--wait', 'web')
        listed = self.cli_json('server', 'list')
        self.assertEqual([('web-1', 'ACTIVE'), ('web-2', 'ACTIVE')],
                         sorted((s['Name'], s['Status']) for s in listed))
        self.cli('server', 'set', '--name', 'db', '--property', 'role=db',
                 'web-1')
        shown = self.cli_json('server', 'show', 'db')
        self.assertEqual(('db', {'role': 'db'}, 'm1.tiny'),
                         (shown['name'], shown['properties'],
                          shown['flavor']['name']))
        self.cli('server', 'delete', '--wait', 'db', 'web-2')
        self.assertEqual([], self.cli_json('server', 'list'))
        self.assertIn('No Server found for db',
                      self.cli_fails('server', 'show', 'db'))

    def test_flavor_and_image_commands(self):
        self.assertEqual(['m1.large', 'm1.medium', 'm1.small', 'm1.tiny'],
                         sorted(f['Name'] for f in
                                self.cli_json('flavor', 'list')))
        self.assertEqual(512, self.cli_json('flavor', 'show',
                                            'm1.tiny')['ram'])
        created = self.cli_json('flavor', 'create', '--ram', '64',
                                '--vcpus', '1', '--disk', '1', '--private',
                                'small-one')
        self.assertEqual(('small-one', 64, False),
                         (created['name'], created['ram'],
                          created['os-flavor-access:is_public']))
        self.cli('flavor', 'delete', 'small-one')
        self.assertIn('No Flavor found',
                      self.cli_fails('flavor', 'show', 'small-one'))
        (image,) = self.cli_json('image', 'list')
        self.assertEqual((self.cloud.image_id, 'minova-tiny'),
                         (image['ID'], image['Name']))

    def test_hypervisor_and_service_commands(self):
        self.assertEqual(['host1', 'host2'], sorted(
            h['Hypervisor Hostname'] for h in
            self.cli_json('hypervisor', 'list')))
        shown = self.cli_json('hypervisor', 'show', 'host1')
        self.assertEqual(('host1', 'up', 'enabled'),
                         (shown['hypervisor_hostname'], shown['state'],
                          shown['status']))
        self.assertIn('uptime', shown)
        self.cli('compute', 'service', 'set', '--disable',
                 '--disable-reason', 'maintenance', 'host1',
                 'minova-compute')
        services = {(s['Binary'], s['Host']): s for s in
                    self.cli_json('compute', 'service', 'list')}
        self.assertEqual('disabled',
                         services['minova-compute', 'host1']['Status'])
        self.assertEqual('enabled',
                         services['minova-compute', 'host2']['Status'])
        self.assertEqual({'up'}, {s['State'] for s in services.values()})
        self.cli('compute', 'service', 'set', '--enable', 'host1',
                 'minova-compute')
        self.assertEqual('enabled', {
            s['Host']: s['Status'] for s in self.cli_json(
                'compute', 'service', 'list', '--service',
                'minova-compute')}['host1'])

    def test_aggregate_and_availability_zone_commands(self):
        self.cli('aggregate', 'create', '--zone', 'az1', '--property',
                 'ssd=true', 'fast')
        self.cli('aggregate', 'add', 'host', 'fast', 'host1')
        shown = self.cli_json('aggregate', 'show', 'fast')
        self.assertEqual(('az1', ['host1']),
                         (shown['availability_zone'], shown['hosts']))
        self.assertEqual([('fast', 'az1')], [
            (a['Name'], a['Availability Zone'])
            for a in self.cli_json('aggregate', 'list')])
        zones = {(z['Zone Name'], z['Zone Status']) for z in self.cli_json(
            'availability', 'zone', 'list', '--compute')}
        # An admin sees the services' zone too, as in Nova.
        self.assertEqual({('az1', 'available'), ('nova', 'available'),
                          ('internal', 'available')}, zones)
        self.cli('aggregate', 'remove', 'host', 'fast', 'host1')
        self.cli('aggregate', 'delete', 'fast')
        self.assertEqual([], self.cli_json('aggregate', 'list'))

    def test_server_group_commands(self):
        group = self.cli_json('server', 'group', 'create', '--policy',
                              'anti-affinity', 'spread')
        # One policy from 2.64 (the CLI speaks minova's newest version).
        self.assertEqual(('spread', 'anti-affinity'),
                         (group['name'], group['policy']))
        self.cli('server', 'create', '--flavor', 'm1.tiny', '--image',
                 'minova-tiny', '--hint', 'group=%s' % group['id'],
                 '--min', '2', '--max', '2', '--wait', 'member')
        shown = self.cli_json('server', 'group', 'show', 'spread')
        self.assertEqual(2, len(shown['members']))
        hosts = {self.api.get('/servers/%s' % uuid).body['server'][
            'OS-EXT-SRV-ATTR:host'] for uuid in shown['members']}
        self.assertEqual({'host1', 'host2'}, hosts)
        self.assertEqual(['spread'], [g['Name'] for g in self.cli_json(
            'server', 'group', 'list')])
        self.cli('server', 'group', 'delete', 'spread')
        self.assertEqual([], self.cli_json('server', 'group', 'list'))
