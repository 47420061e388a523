"""The real clients drive the server life cycle on the all-in-one over
HTTP, unchanged: the ``openstack`` CLI as a user types it, openstacksdk
and python-novaclient (the noauth2 recipes of doc/source/api.rst)."""

import json

import testtools

from minova.tests.functional import cli
from minova.tests.functional import fixtures as func_fixtures

try:
    import openstack
except ImportError:  # pragma: no cover - test-requirements has it
    openstack = None
try:
    from keystoneauth1 import token_endpoint
    from novaclient import client as nova_client
except ImportError:  # pragma: no cover
    nova_client = None


class ClientsActionsTestBase(testtools.TestCase):
    def setUp(self):
        super().setUp()
        self.cloud = self.useFixture(func_fixtures.AllInOneFixture(
            compute_hosts=('host1',)))
        self.api = self.cloud.api
        resp = self.api.create_server(self.cloud.image_id, name='cli')
        self.server_id = resp.body['server']['id']
        self.api.wait_for_server(self.server_id)

    def status(self):
        return self.api.wait_for_task(self.server_id)['status']


@cli.skip_unless_cli
class TestOpenStackCLI(cli.OpenStackCLIMixin, ClientsActionsTestBase):

    def test_the_life_cycle_commands(self):
        for command, status in (
                (['server', 'stop'], 'SHUTOFF'),
                (['server', 'start'], 'ACTIVE'),
                (['server', 'reboot'], 'ACTIVE'),
                (['server', 'reboot', '--hard'], 'ACTIVE'),
                (['server', 'pause'], 'PAUSED'),
                (['server', 'unpause'], 'ACTIVE'),
                (['server', 'suspend'], 'SUSPENDED'),
                (['server', 'resume'], 'ACTIVE'),
                (['server', 'lock'], 'ACTIVE'),
                (['server', 'unlock'], 'ACTIVE'),
                (['server', 'shelve'], 'SHELVED_OFFLOADED'),
                (['server', 'unshelve'], 'ACTIVE')):
            self.cli(*command + [self.server_id])
            self.assertEqual(status, self.status(), command)
        self.assertEqual(
            'ACTIVE', self.cli('server', 'show', self.server_id, '-c',
                               'status', '-f', 'value').strip())
        events = self.cli('server', 'event', 'list', self.server_id, '-c',
                          'Action', '-f', 'value').split()
        self.assertEqual(['unshelve', 'shelve', 'unlock', 'lock', 'resume',
                          'suspend', 'unpause', 'pause', 'reboot', 'reboot',
                          'start', 'stop', 'create'], events)
        stop = self.cli('server', 'event', 'list', self.server_id, '-c',
                        'Request ID', '-f', 'value').split()[-2]
        shown = json.loads(self.cli('server', 'event', 'show',
                                    self.server_id, stop, '-f', 'json'))
        self.assertEqual('stop', shown['action'])
        self.assertEqual([('compute_stop_instance', 'Success')],
                         [(e['event'], e['result']) for e in shown['events']])

    def test_boot_from_volume_commands(self):
        image = self.cloud.image_id
        for name, args in (
                ('bfv-bd', ['--block-device',
                            'source_type=image,uuid=%s,destination_type='
                            'volume,volume_size=1,boot_index=0,'
                            'delete_on_termination=true' % image]),
                ('bfv-image', ['--image', image, '--boot-from-volume',
                               '1'])):
            shown = json.loads(self.cli(
                'server', 'create', '--flavor', '1', '--wait', name,
                '-f', 'json', *args))
            self.assertEqual('ACTIVE', shown['status'])
            self.assertEqual('N/A (booted from volume)', shown['image'])
            [volume] = shown['volumes_attached']
            listed = json.loads(self.cli('server', 'volume', 'list',
                                         shown['id'], '-f', 'json'))
            self.assertEqual([(volume['id'], '/dev/vda')],
                             [(v['Volume ID'], v['Device'])
                              for v in listed])
            self.cli('server', 'delete', '--wait', shown['id'])
            # --boot-from-volume keeps its volume, as Nova's default.
            status = self.api.get('/os-volumes/%s' % volume['id'])
            self.assertEqual(
                404 if name == 'bfv-bd' else 200, status.status, name)

    def test_a_refused_action_says_why(self):
        result = self.run_cli('server', 'start', self.server_id)
        self.assertNotEqual(0, result.returncode)
        self.assertIn("Cannot 'start' instance %s while it is in vm_state "
                      "active" % self.server_id, result.stderr)

    def test_image_create_makes_the_snapshot(self):
        out = self.cli('server', 'image', 'create', '--name', 'cli-snap',
                       self.server_id, '-f', 'value', '-c', 'id')
        self.assertEqual('ACTIVE', self.status())
        image_id = out.strip()
        self.assertEqual('cli-snap', self.api.get(
            '/images/%s' % image_id).body['image']['name'])
        images = {i['name']: i for i in
                  self.api.get('/images/detail').body['images']}
        self.assertEqual('ACTIVE', images['cli-snap']['status'])


@testtools.skipIf(openstack is None, 'openstacksdk is not installed')
class TestOpenStackSDKActions(ClientsActionsTestBase):

    def test_life_cycle_and_snapshot(self):
        conn = openstack.connection.Connection(
            auth_type='admin_token',
            auth={'endpoint': self.api.endpoint, 'token': 'admin:admin'})
        self.addCleanup(conn.close)
        compute = conn.compute
        server = compute.get_server(self.server_id)
        for call, status in ((compute.stop_server, 'SHUTOFF'),
                             (compute.start_server, 'ACTIVE'),
                             (compute.pause_server, 'PAUSED'),
                             (compute.unpause_server, 'ACTIVE'),
                             (compute.suspend_server, 'SUSPENDED'),
                             (compute.resume_server, 'ACTIVE'),
                             (compute.lock_server, 'ACTIVE'),
                             (compute.unlock_server, 'ACTIVE'),
                             (compute.shelve_server, 'SHELVED_OFFLOADED'),
                             (compute.unshelve_server, 'ACTIVE')):
            call(server)
            self.assertEqual(status, self.status(), call.__name__)
        compute.reboot_server(server, 'HARD')
        self.assertEqual('ACTIVE', self.status())
        image = compute.create_server_image(server, 'sdk-snap',
                                            metadata={'via': 'sdk'})
        self.status()
        image = compute.get_image(image.id)
        self.assertEqual(('sdk-snap', 'ACTIVE', 'sdk'),
                         (image.name, image.status, image.metadata['via']))
        actions = list(compute.server_actions(server))
        self.assertEqual('createImage', actions[0].action)
        self.assertIn('shelve', [a.action for a in actions])
        snapshot = compute.get_server_action(actions[0].request_id, server)
        self.assertEqual([('compute_snapshot_instance', 'Success')],
                         [(e.event, e.result) for e in snapshot.events])


@testtools.skipIf(nova_client is None, 'python-novaclient is not installed')
class TestNovaClientActions(ClientsActionsTestBase):

    def test_life_cycle_and_snapshot(self):
        nova = nova_client.Client('2.1', auth=token_endpoint.Token(
            self.api.endpoint, 'admin:admin'))
        server = nova.servers.get(self.server_id)
        for call, status in ((server.stop, 'SHUTOFF'),
                             (server.start, 'ACTIVE'),
                             (server.reboot, 'ACTIVE'),
                             (server.pause, 'PAUSED'),
                             (server.unpause, 'ACTIVE'),
                             (server.lock, 'ACTIVE'),
                             (server.unlock, 'ACTIVE'),
                             (server.shelve, 'SHELVED_OFFLOADED'),
                             (server.unshelve, 'ACTIVE')):
            call()
            self.assertEqual(status, self.status(), call.__name__)
        image_id = nova.servers.create_image(server, 'nc-snap')
        self.status()
        image = self.api.get('/images/%s' % image_id).body['image']
        self.assertEqual(('nc-snap', 'ACTIVE'), (image['name'],
                                                 image['status']))
        actions = [a.action for a in nova.instance_action.list(server)]
        self.assertEqual('createImage', actions[0])

    def test_volumes_attach_swap_detach(self):
        nova = nova_client.Client('2.1', auth=token_endpoint.Token(
            self.api.endpoint, 'admin:admin'))
        old, new = (self.api.post('/os-volumes', {'volume': {'size': 1}})
                    .body['volume']['id'] for _ in range(2))
        attached = nova.volumes.create_server_volume(self.server_id, old)
        self.assertEqual('/dev/vdb', attached.device)
        self.api.wait_for_volume(old, 'in-use')
        nova.volumes.update_server_volume(self.server_id, old, new)
        self.api.wait_for_volume(new, 'in-use')
        self.api.wait_for_volume(old, 'available')
        self.assertEqual([(new, '/dev/vdb')], [
            (v.volumeId, v.device)
            for v in nova.volumes.get_server_volumes(self.server_id)])
        nova.volumes.delete_server_volume(self.server_id, new)
        self.api.wait_for_volume(new, 'available')
