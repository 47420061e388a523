"""Rebuild and evacuate through compute.api, the conductor and the compute
manager, with a real conductor, scheduler and computes on the bus (fake
driver)."""

import fixtures
import testtools

from minova.compute import task_states
from minova.compute import vm_states
from minova import context as minova_context
from minova.db import allocations
from minova import exception
from minova.image import local as local_image
from minova.objects import compute_node as compute_node_obj
from minova.objects import instance_action
from minova.objects import migration as migration_obj
from minova.objects import service as service_obj
from minova.tests import fixtures as minova_fixtures
from minova.tests.unit.compute import fixtures as cloud_fixtures
from minova.tests.unit.scheduler import fakes


class RebuildTestCase(testtools.TestCase):
    hosts = ('compute1',)

    def setUp(self):
        super().setUp()
        self.cloud = self.useFixture(cloud_fixtures.CloudFixture(
            hosts=self.hosts))
        self.context = self.cloud.context
        [instance] = self.cloud.boot()
        self.instance = self.cloud.wait_for(instance.uuid)

    def image(self, **properties):
        return local_image.LocalImageAPI(self.cloud.conf).create(
            minova_context.get_admin_context(), 'other', b'',
            properties=properties)['id']

    def events(self):
        action = instance_action.InstanceAction.get_by_request_id(
            self.context, self.instance.uuid, self.context.request_id)
        return sorted((e.event, e.result) for e in action.events)

    def manager(self, host):
        return self.cloud.services[host].manager

    def held_on(self):
        nodes = {node.id: node.host for node in
                 compute_node_obj.ComputeNode.get_all(self.context)}
        return sorted(nodes[node_id] for node_id in
                      allocations.get_by_consumer(self.instance.uuid))


class TestComputeAPIRebuild(RebuildTestCase):

    def test_rebuild_sets_rebuilding_and_records_the_action(self):
        image_id = self.image()
        seen = []
        self.useFixture(fixtures.MonkeyPatch(
            'minova.conductor.api.ComputeTaskAPI.rebuild_instance',
            lambda api, context, instance, *args, **kwargs: seen.append(
                (instance.task_state, instance.image_ref, args[0]))))
        self.cloud.api.rebuild(self.context, self.instance, image_id, 'pw',
                               name='new')
        self.assertEqual([(task_states.REBUILDING, image_id,
                           self.cloud.image_id)], seen)
        action = instance_action.InstanceAction.get_by_request_id(
            self.context, self.instance.uuid, self.context.request_id)
        self.assertEqual('rebuild', action.action)
        # Stuck on purpose (the cast was swallowed): end it for cleanup.
        self.instance.task_state = None
        self.instance.save()

    def test_rebuild_of_a_paused_server_is_409_and_changes_nothing(self):
        self.cloud.api.pause(self.context, self.instance)
        instance = self.cloud.wait_for(self.instance.uuid, ('paused',))
        error = self.assertRaises(
            exception.InstanceInvalidState, self.cloud.api.rebuild,
            self.context, instance, self.image(), 'pw')
        self.assertIn('vm_state paused', error.format_message())
        self.assertEqual(self.cloud.image_id, self.cloud.wait_for(
            self.instance.uuid, ('paused',)).image_ref)

    def test_a_volume_backed_server_keeps_its_image(self):
        self.instance.image_ref = ''
        self.instance.save()
        error = self.assertRaises(
            exception.Invalid, self.cloud.api.rebuild, self.context,
            self.instance, self.image(), 'pw')
        self.assertIn('volume-backed', error.format_message())

    def test_evacuate_is_refused_while_the_compute_heartbeats(self):
        error = self.assertRaises(
            exception.ComputeServiceInUse, self.cloud.api.evacuate,
            self.context, self.instance, None, False)
        self.assertEqual('Compute service of compute1 is still in use.',
                         error.format_message())


class TestManagerRebuild(RebuildTestCase):

    def test_the_task_states_in_order_and_the_new_image(self):
        image_id = self.image()
        steps = []
        manager = self.manager('compute1')
        original = manager._update

        def spy(context, instance, updates, *args, **kwargs):
            steps.append(updates.get('task_state', '-'))
            return original(context, instance, updates, *args, **kwargs)

        self.useFixture(fixtures.MockPatchObject(manager, '_update',
                                                 side_effect=spy))
        self.cloud.api.rebuild(self.context, self.instance, image_id, 'pw')
        instance = self.cloud.wait_for(self.instance.uuid)
        self.assertEqual((vm_states.ACTIVE, image_id),
                         (instance.vm_state, instance.image_ref))
        self.assertEqual([task_states.REBUILD_BLOCK_DEVICE_MAPPING,
                          task_states.REBUILD_SPAWNING, None], steps)
        self.assertEqual([('compute_rebuild_instance', 'Success'),
                          ('conductor_rebuild_server', 'Success')],
                         self.events())

    def test_a_driver_rebuild_is_used_when_it_has_one(self):
        driver = self.cloud.driver('compute1')
        calls = []

        def rebuild(context, instance, image_meta, *args, **kwargs):
            calls.append(kwargs['recreate'])
            driver.destroy(context, instance)
            driver.spawn(context, instance, image_meta, [], None, {})

        self.useFixture(fixtures.MockPatchObject(driver, 'rebuild',
                                                 side_effect=rebuild))
        self.cloud.api.rebuild(self.context, self.instance,
                               self.cloud.image_id, 'pw')
        instance = self.cloud.wait_for(self.instance.uuid)
        self.assertEqual(vm_states.ACTIVE, instance.vm_state)
        self.assertEqual([False], calls)

    def test_a_failed_spawn_ends_in_error_with_a_fault(self):
        driver = self.cloud.driver('compute1')
        self.useFixture(fixtures.MockPatchObject(
            driver, 'spawn', side_effect=exception.InstanceDeployFailure(
                instance_uuid=self.instance.uuid, reason='no disk')))
        self.cloud.api.rebuild(self.context, self.instance,
                               self.cloud.image_id, 'pw')
        instance = self.cloud.wait_for(self.instance.uuid, ('error',))
        self.assertIn('no disk', instance.fault.message)
        self.assertIn(('compute_rebuild_instance', 'Error'), self.events())
        self.assertEqual(['compute1'], self.held_on())

    def test_a_rebuild_interrupted_by_a_restart_ends_with_a_fault(self):
        self.instance.task_state = task_states.REBUILD_SPAWNING
        self.instance.save()
        self.manager('compute1')._init_instances(self.cloud.admin_context)
        instance = self.cloud.wait_for(self.instance.uuid)
        self.assertEqual(vm_states.ACTIVE, instance.vm_state)
        self.assertIn('rebuild_spawning', instance.fault.message)


class TestEvacuate(RebuildTestCase):
    hosts = ('compute1', 'compute2')

    def setUp(self):
        super().setUp()
        self.source = self.instance.host
        [self.dest] = [h for h in self.hosts if h != self.source]
        service = service_obj.Service.get_by_host_and_binary(
            self.context, self.source, 'minova-compute')
        service.forced_down = True
        service.save()

    def test_an_unknown_or_the_same_host_is_refused(self):
        self.assertRaises(exception.ComputeHostNotFound,
                          self.cloud.api.evacuate, self.context,
                          self.instance, 'nowhere', False)
        self.assertRaises(exception.Invalid, self.cloud.api.evacuate,
                          self.context, self.instance, self.source, False)

    def test_a_failed_spawn_gives_the_destination_back(self):
        self.useFixture(fixtures.MockPatchObject(
            self.cloud.driver(self.dest), 'spawn',
            side_effect=exception.InstanceDeployFailure(
                instance_uuid=self.instance.uuid, reason='no disk')))
        self.cloud.api.evacuate(self.context, self.instance, None, False,
                                admin_password='pw')
        instance = self.cloud.wait_for(self.instance.uuid, ('error',))
        self.assertIn('no disk', instance.fault.message)
        self.assertEqual([self.source], self.held_on())
        self.assertNotIn(self.instance.uuid,
                         self.manager(self.dest).rt.claims)
        self.assertEqual([], self.cloud.driver(
            self.dest).list_instance_uuids())
        self.assertEqual('failed', self.migration().status)

    def migration(self):
        [migration] = migration_obj.Migration.get_all(
            self.context, {'instance_uuid': self.instance.uuid})
        return migration

    def test_the_evacuation_migration_is_done_then_completed(self):
        self.cloud.api.evacuate(self.context, self.instance, None, False)
        migration = self.migration()
        self.assertEqual(('evacuation', self.source),
                         (migration.migration_type,
                          migration.source_compute))
        self.cloud.wait_for(self.instance.uuid)
        migration = self.migration()
        self.assertEqual(('done', self.dest, self.dest),
                         (migration.status, migration.dest_compute,
                          migration.dest_node))
        self.assertEqual(migration.old_flavor.flavorid,
                         migration.new_flavor.flavorid)
        # The source comes back: its stale guest goes, the migration is
        # completed, and a second restart finds nothing.
        source = self.manager(self.source)
        self.assertEqual([self.instance.uuid],
                         self.cloud.driver(self.source).list_instance_uuids())
        source._init_instances(self.context)
        self.assertEqual([], self.cloud.driver(
            self.source).list_instance_uuids())
        self.assertEqual('completed', self.migration().status)
        self.assertEqual([self.dest], self.held_on())
        self.assertEqual([], source.conductor_api.instances_evacuated_from(
            self.context, self.source, [self.instance.uuid]))

    def test_the_source_frees_its_claim_even_without_the_guest(self):
        # As Nova: the source's hypervisor lost the guest meanwhile; its
        # allocation still goes, and the migration is completed.
        self.cloud.api.evacuate(self.context, self.instance, None, False)
        self.cloud.wait_for(self.instance.uuid)
        self.cloud.driver(self.source).destroy(None, self.instance)
        self.assertEqual(sorted([self.source, self.dest]), self.held_on())
        self.manager(self.source)._init_instances(self.context)
        self.assertEqual([self.dest], self.held_on())
        self.assertEqual('completed', self.migration().status)

    def test_no_valid_host_puts_the_migration_in_error(self):
        service = service_obj.Service.get_by_host_and_binary(
            self.context, self.dest, 'minova-compute')
        service.disabled = True
        service.save()
        self.cloud.api.evacuate(self.context, self.instance, None, False)
        instance = self.cloud.wait_for(self.instance.uuid, ('active',))
        self.assertEqual(self.source, instance.host)
        self.assertEqual(('error', None), (self.migration().status,
                                           self.migration().dest_compute))

    def test_the_source_leaves_another_hosts_guests_alone(self):
        # A guest of compute2's on a hypervisor compute1 shares: not
        # evacuated, so compute1's restart does not touch it.
        self.cloud.api.evacuate(self.context, self.instance, self.dest,
                                True)
        instance = self.cloud.wait_for(self.instance.uuid)
        self.assertEqual(self.dest, instance.host)
        manager = self.manager(self.source)
        self.assertEqual([], manager.conductor_api.instances_evacuated_from(
            self.context, self.dest, [self.instance.uuid]))
        self.assertEqual(
            [self.instance.uuid],
            manager.conductor_api.instances_evacuated_from(
                self.context, self.source, [self.instance.uuid]))


class TestReleaseOnOneNode(testtools.TestCase):

    def test_only_that_nodes_allocations_go_and_only_once(self):
        conf = self.useFixture(minova_fixtures.ConfFixture()).conf
        self.useFixture(minova_fixtures.DatabaseFixture(conf))
        one = fakes.create_compute('one')
        two = fakes.create_compute('two')
        wanted = {'VCPU': 1, 'MEMORY_MB': 512}
        self.assertTrue(allocations.claim(one, 'c', wanted))
        self.assertTrue(allocations.claim(two, 'c', wanted))
        self.assertEqual({one: wanted},
                         allocations.release('c', compute_node_id=one))
        self.assertEqual({}, allocations.release('c', compute_node_id=one))
        self.assertEqual({two: wanted}, allocations.get_by_consumer('c'))
