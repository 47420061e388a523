"""Rebuild and evacuate over HTTP, on an in-process all-in-one with the
fake driver: the answers (checked against Tempest's schemas by the
client), the states a server goes through, the scheduler's check of a new
image, the claims on every host, and the stale guest an evacuated host
destroys when it comes back."""

import time

from minova.compute import manager as compute_manager
from minova import context as minova_context
from minova.db import allocations
from minova.image import local as local_image
from minova.objects import compute_node as compute_node_obj
from minova.objects import instance_fault
from minova.objects import request_spec as request_spec_obj
from minova.scheduler import utils as scheduler_utils
from minova.tests.functional import cli
from minova.tests.functional import test_server_actions_api
from minova.tests.functional import test_stuck_api


PUBLIC_KEY = ('ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIKtV8IJ1hN0NbJhPhr0jR'
              'cSK1jyqlgZbEl4sUmv25BLC sample@minova')


class RebuildTestBase(test_server_actions_api.ActionsTestBase):

    def image(self, **properties):
        return local_image.LocalImageAPI(self.cloud.conf).create(
            minova_context.get_admin_context(), 'img2', b'',
            properties=properties)['id']

    def computes(self):
        return {service.manager.host: service.manager
                for service in self.cloud.services
                if isinstance(getattr(service, 'manager', None),
                              compute_manager.ComputeManager)}

    def get_server(self):
        return self.api.get('/servers/%s' % self.server_id).body['server']

    def events(self, action):
        request_id = [a for a in self.actions() if a['action'] == action][
            0]['request_id']
        return self.api.get('/servers/%s/os-instance-actions/%s' % (
            self.server_id, request_id)).body['instanceAction']['events']

    def node_usage(self):
        """{host: (vcpus_used, memory_mb_used)} as the scheduler sees."""
        context = minova_context.get_admin_context()
        return {node.host: (node.vcpus_used, node.memory_mb_used)
                for node in compute_node_obj.ComputeNode.get_all(context)}

    def held_on(self):
        """The hosts whose nodes the server holds resources of."""
        context = minova_context.get_admin_context()
        ids = {node.id: node.host for node in
               compute_node_obj.ComputeNode.get_all(context)}
        return sorted(ids[node_id] for node_id in
                      allocations.get_by_consumer(self.server_id))


class TestRebuild(RebuildTestBase):

    def test_rebuild_with_a_new_image_ends_active_on_the_same_host(self):
        new_image = self.image(hw_architecture='x86_64')
        before = self.get_server()
        usage = self.node_usage()
        resp = self.act('rebuild', {'imageRef': new_image, 'name': 'renamed',
                                    'metadata': {'a': 'b'},
                                    'adminPass': 'secret'})
        server = resp.body['server']
        self.assertEqual('secret', server['adminPass'])
        self.assertEqual('REBUILD', server['status'])
        self.assertEqual(new_image, server['image']['id'])
        server = self.api.wait_for_task(self.server_id, 'ACTIVE')
        self.assertEqual(('renamed', {'a': 'b'}, new_image),
                         (server['name'], server['metadata'],
                          server['image']['id']))
        self.assertEqual(before['OS-EXT-SRV-ATTR:host'],
                         server['OS-EXT-SRV-ATTR:host'])
        self.assertEqual(1, server['OS-EXT-STS:power_state'])
        self.assertEqual(usage, self.node_usage())  # claims unchanged
        self.assertEqual(['compute_rebuild_instance',
                          'conductor_rebuild_server'],
                         sorted(e['event'] for e in self.events('rebuild')))
        guest = self.computes()[server['OS-EXT-SRV-ATTR:host']].driver
        self.assertEqual([self.server_id], guest.list_instance_uuids())

    def stored_spec(self):
        return request_spec_obj.RequestSpec.get_by_instance_uuid(
            minova_context.get_admin_context(), self.server_id)

    def test_the_stored_request_spec_has_the_new_image(self):
        # A later move (migrate, evacuate, unshelve) schedules with the
        # new image's properties; the rebuild's own host check is not
        # kept.
        new_image = self.image(hw_architecture='x86_64')
        self.act('rebuild', {'imageRef': new_image})
        self.api.wait_for_task(self.server_id, 'ACTIVE')
        spec = self.stored_spec()
        self.assertEqual((new_image, {'hw_architecture': 'x86_64'}),
                         (spec.image.id, spec.image.properties))
        self.assertFalse(scheduler_utils.request_is_rebuild(spec))
        self.assertEqual([], spec.force_hosts or [])

    def test_rebuild_of_a_stopped_server_ends_shutoff(self):
        self.act_and_wait('os-stop', 'SHUTOFF')
        resp = self.act('rebuild', {'imageRef': self.cloud.image_id})
        self.assertTrue(resp.body['server']['adminPass'])
        server = self.api.wait_for_task(self.server_id, 'SHUTOFF')
        self.assertEqual(('stopped', 4), (server['OS-EXT-STS:vm_state'],
                                          server['OS-EXT-STS:power_state']))

    def test_an_image_the_host_cannot_run_leaves_the_server_as_it_was(self):
        other = self.image(hw_architecture='aarch64')
        self.act('rebuild', {'imageRef': other})
        server = self.api.wait_for_task(self.server_id, 'ACTIVE')
        self.assertEqual(self.cloud.image_id, server['image']['id'])
        shown = self.api.get('/servers/%s' % self.server_id).body['server']
        events = self.events('rebuild')
        self.assertEqual(['conductor_rebuild_server'],
                         [e['event'] for e in events])
        self.assertEqual('Error', events[0]['result'])
        self.assertIn('ImagePropertiesFilter 1\u21920: image asks for '
                      'hw_architecture=aarch64', events[0]['traceback'])
        self.assertNotIn('fault', shown)  # ACTIVE shows none, as Nova
        self.assertEqual(self.cloud.image_id, self.stored_spec().image.id)
        self.assertIn('No valid host', instance_fault.InstanceFault.
                      get_latest_for_instance(
                          minova_context.get_admin_context(),
                          self.server_id).message)

    def test_rebuild_sets_the_description_from_2_19(self):
        # Ignored before 2.19, as the lock's reason before 2.73.
        self.act('rebuild', {'imageRef': self.cloud.image_id,
                             'description': 'old api'},
                 api=self.cloud.client(microversion='2.18'))
        self.api.wait_for_task(self.server_id, 'ACTIVE')
        api = self.cloud.client(microversion='2.19')
        self.assertIsNone(api.get('/servers/%s' % self.server_id).body[
            'server']['description'])
        resp = self.act('rebuild', {'imageRef': self.cloud.image_id,
                                    'description': 'rebuilt'}, api=api)
        self.assertEqual('rebuilt', resp.body['server']['description'])
        self.api.wait_for_task(self.server_id, 'ACTIVE')
        # A rebuild without one keeps it; null removes it.
        self.act('rebuild', {'imageRef': self.cloud.image_id}, api=api)
        self.api.wait_for_task(self.server_id, 'ACTIVE')
        self.assertEqual('rebuilt', api.get('/servers/%s' % self.server_id)
                         .body['server']['description'])
        self.act('rebuild', {'imageRef': self.cloud.image_id,
                             'description': None}, api=api)
        self.api.wait_for_task(self.server_id, 'ACTIVE')
        self.assertIsNone(api.get('/servers/%s' % self.server_id).body[
            'server']['description'])

    def test_rebuild_sets_the_key_pair_from_2_54(self):
        api = self.cloud.client(microversion='2.54')
        self.assertEqual(201, api.post('/os-keypairs', {'keypair': {
            'name': 'k1', 'public_key': PUBLIC_KEY}}).status)
        resp = self.act('rebuild', {'imageRef': self.cloud.image_id,
                                    'key_name': 'k1'}, api=api)
        self.assertEqual('k1', resp.body['server']['key_name'])
        self.api.wait_for_task(self.server_id, 'ACTIVE')
        self.assertEqual('k1', self.get_server()['key_name'])
        resp = self.act('rebuild', {'imageRef': self.cloud.image_id,
                                    'key_name': 'nosuch'}, api=api,
                        expect=400)
        self.assertIn('Invalid key_name provided', resp.text)
        self.act('rebuild', {'imageRef': self.cloud.image_id,
                             'key_name': None}, api=api)
        self.api.wait_for_task(self.server_id, 'ACTIVE')
        self.assertIsNone(self.get_server()['key_name'])

    def test_rebuild_sets_the_user_data_from_2_57(self):
        api = self.cloud.client(microversion='2.57')
        resp = self.act('rebuild', {'imageRef': self.cloud.image_id,
                                    'user_data': 'aGVsbG8='}, api=api)
        self.assertEqual('aGVsbG8=', resp.body['server']['user_data'])
        self.api.wait_for_task(self.server_id, 'ACTIVE')
        self.assertEqual('aGVsbG8=', self.cloud.client(
            microversion='2.3').get('/servers/%s' % self.server_id).body[
                'server']['OS-EXT-SRV-ATTR:user_data'])
        resp = self.act('rebuild', {'imageRef': self.cloud.image_id,
                                    'user_data': 'not base64!'}, api=api,
                        expect=400)
        self.assertIn("is not a 'base64'", resp.text)

    def test_rebuild_answer_by_microversion(self):
        # Each answer is checked against Tempest's schema of its version
        # by the client; these are the fields the versions add.
        for version, key_name, user_data in (
                ('2.53', False, False), ('2.54', True, False),
                ('2.57', True, True), ('2.79', True, True)):
            resp = self.act('rebuild', {'imageRef': self.cloud.image_id},
                            api=self.cloud.client(microversion=version))
            server = resp.body['server']
            self.assertEqual((key_name, user_data), (
                'key_name' in server, 'user_data' in server), version)
            self.assertNotIn('OS-EXT-SRV-ATTR:user_data', server)
            self.api.wait_for_task(self.server_id, 'ACTIVE')

    def test_rebuild_in_a_wrong_state_is_409_naming_it(self):
        self.act_and_wait('pause', 'PAUSED')
        resp = self.act('rebuild', {'imageRef': self.cloud.image_id},
                        expect=409)
        self.assertIn("Cannot 'rebuild' instance %s while it is in "
                      "vm_state paused" % self.server_id, resp.text)

    def test_rebuild_with_an_unknown_image_is_400(self):
        resp = self.act('rebuild', {
            'imageRef': '5e2c1c5b-3b4e-4c1e-9c47-1f2e3d4c5b6a'}, expect=400)
        self.assertIn('could not be found', resp.text)


class TestEvacuate(RebuildTestBase, test_stuck_api.StuckTestBase):
    # A compute shows down quickly; no stuck-task ending meanwhile.
    overrides = {'service_down_time': 3,
                 'filter_scheduler.host_state_reload_interval': 1}

    def stop_host(self, host):
        for service in self.cloud.services:
            if getattr(service, 'binary', None) == 'minova-compute' and \
                    service.manager.host == host:
                service.stop()
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            states = {s['host']: s['state'] for s in self.api.get(
                '/os-services').body['services']
                if s['binary'] == 'minova-compute'}
            if states[host] == 'down':
                return
            time.sleep(0.2)
        self.fail('%s never showed down' % host)

    def evacuations(self):
        """GET /os-migrations?migration_type=evacuation (2.23 shows the
        type)."""
        api = self.cloud.client(microversion='2.23')
        resp = api.get('/os-migrations?migration_type=evacuation')
        self.assertEqual(200, resp.status, resp)
        return [(m['status'], m['source_compute'], m['dest_compute'],
                 m['instance_uuid']) for m in resp.body['migrations']
                if m['migration_type'] == 'evacuation']

    def test_evacuate_is_refused_while_the_compute_is_up(self):
        resp = self.act('evacuate', {'onSharedStorage': False}, expect=400)
        source = self.get_server()['OS-EXT-SRV-ATTR:host']
        self.assertIn('Compute service of %s is still in use.' % source,
                      resp.text)
        self.assertEqual([], [a for a in self.actions()
                              if a['action'] == 'evacuate'])

    def test_evacuate_is_admin_only(self):
        member = self.cloud.client(token='demo:demo')
        resp = member.action(self.server_id, 'evacuate',
                             {'onSharedStorage': False})
        self.assertEqual(403, resp.status, resp)
        self.assertIn('os_compute_api:os-evacuate', resp.text)

    def test_evacuate_rebuilds_on_the_other_host_and_the_old_one_cleans(
            self):
        source = self.get_server()['OS-EXT-SRV-ATTR:host']
        [dest] = [host for host in self.computes() if host != source]
        computes = self.computes()
        self.stop_host(source)
        resp = self.act('evacuate', {'onSharedStorage': False},
                        expect=200)
        self.assertTrue(resp.body['adminPass'])
        server = self.api.wait_for_task(self.server_id, 'ACTIVE')
        self.assertEqual(dest, server['OS-EXT-SRV-ATTR:host'])
        self.assertEqual([self.server_id],
                         computes[dest].driver.list_instance_uuids())
        # Claims: both hosts hold it until the source comes back.
        self.assertEqual(sorted([dest, source]), self.held_on())
        usage = self.node_usage()
        self.assertEqual(usage[source], usage[dest])
        self.assertNotEqual((0, 0), usage[dest])
        # Its evacuation migration, as Nova's: done until the source is
        # back.
        self.assertEqual([('done', source, dest, self.server_id)],
                         self.evacuations())
        # The source comes back: its stale guest goes, its claim too
        # (once: a second restart frees nothing more), and the migration
        # is completed.
        stale = computes[source]
        self.assertEqual([self.server_id], stale.driver.list_instance_uuids())
        context = minova_context.get_admin_context()
        stale._init_instances(context)
        self.assertEqual([], stale.driver.list_instance_uuids())
        self.assertEqual([('completed', source, dest, self.server_id)],
                         self.evacuations())
        self.assertEqual([dest], self.held_on())
        self.assertEqual((0, 0), self.node_usage()[source])
        stale._init_instances(context)
        self.assertEqual((0, 0), self.node_usage()[source])
        self.assertEqual(usage[dest], self.node_usage()[dest])
        self.assertEqual('ACTIVE', self.get_server()['status'])

    def test_evacuate_at_2_14_takes_no_shared_storage_and_answers_no_body(
            self):
        source = self.get_server()['OS-EXT-SRV-ATTR:host']
        self.stop_host(source)
        api = self.cloud.client(microversion='2.14')
        self.act('evacuate', {'onSharedStorage': False}, api=api,
                 expect=400)
        self.act('evacuate', {}, api=self.cloud.client(microversion='2.13'),
                 expect=400)
        resp = self.act('evacuate', {'adminPass': 'pw'}, api=api,
                        expect=200)
        self.assertEqual('', resp.text)
        server = self.api.wait_for_task(self.server_id, 'ACTIVE')
        self.assertNotEqual(source, server['OS-EXT-SRV-ATTR:host'])

    def test_evacuate_to_a_named_host(self):
        source = self.get_server()['OS-EXT-SRV-ATTR:host']
        [dest] = [host for host in self.computes() if host != source]
        self.stop_host(source)
        self.act('evacuate', {'onSharedStorage': True, 'host': dest},
                 expect=200)
        server = self.api.wait_for_task(self.server_id, 'ACTIVE')
        self.assertEqual(dest, server['OS-EXT-SRV-ATTR:host'])

    def test_a_named_host_the_filters_refuse_from_2_29(self):
        # From 2.29 the host is a requested destination (Nova without
        # force): ComputeFilter refuses it, disabled. Before, it is forced.
        source = self.get_server()['OS-EXT-SRV-ATTR:host']
        [dest] = [host for host in self.computes() if host != source]
        self.assertEqual(200, self.api.put('/os-services/disable', {
            'host': dest, 'binary': 'minova-compute'}).status)
        self.stop_host(source)
        self.act('evacuate', {'host': dest}, expect=200,
                 api=self.cloud.client(microversion='2.29'))
        server = self.api.wait_for_task(self.server_id, 'ACTIVE')
        self.assertEqual(source, server['OS-EXT-SRV-ATTR:host'])
        [event] = self.events('evacuate')
        self.assertIn('NoValidHost', event['traceback'])
        self.assertIn('ComputeFilter', event['traceback'])
        self.assertEqual([('error', source, None, self.server_id)],
                         self.evacuations())
        self.act('evacuate', {'host': dest}, expect=200,
                 api=self.cloud.client(microversion='2.28'))
        server = self.api.wait_for_task(self.server_id, 'ACTIVE')
        self.assertEqual(dest, server['OS-EXT-SRV-ATTR:host'])

    def test_evacuate_without_another_host_stays_with_a_fault(self):
        source = self.get_server()['OS-EXT-SRV-ATTR:host']
        [dest] = [host for host in self.computes() if host != source]
        self.stop_host(source)
        self.stop_host(dest)
        self.act('evacuate', {'onSharedStorage': False}, expect=200)
        server = self.api.wait_for_task(self.server_id, 'ACTIVE')
        self.assertEqual(source, server['OS-EXT-SRV-ATTR:host'])
        [event] = self.events('evacuate')
        self.assertEqual('Error', event['result'])
        self.assertIn('NoValidHost', event['traceback'])
        self.assertEqual([source], self.held_on())
        self.assertEqual([('error', source, None, self.server_id)],
                         self.evacuations())


@cli.skip_unless_cli
class TestRebuildCLI(cli.OpenStackCLIMixin, RebuildTestBase):

    def test_server_rebuild(self):
        new_image = self.image()
        self.cli('server', 'rebuild', '--image', new_image, '--password',
                 'pw', '--wait', self.server_id)
        server = self.api.wait_for_task(self.server_id, 'ACTIVE')
        self.assertEqual(new_image, server['image']['id'])


@cli.skip_unless_cli
class TestEvacuateCLI(cli.OpenStackCLIMixin, TestEvacuate):

    def test_server_evacuate(self):
        source = self.get_server()['OS-EXT-SRV-ATTR:host']
        self.assertIn('is still in use',
                      self.cli_fails('server', 'evacuate', self.server_id))
        self.stop_host(source)
        self.cli('server', 'evacuate', self.server_id)
        server = self.api.wait_for_task(self.server_id, 'ACTIVE')
        self.assertNotEqual(source, server['OS-EXT-SRV-ATTR:host'])
        listed = self.cli_json('server', 'migration', 'list', '--type',
                               'evacuation')
        self.assertEqual([('done', source, self.server_id)],
                         [(m['Status'], m['Source Compute'],
                           m['Server UUID']) for m in listed])
