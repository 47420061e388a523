"""What a compute does when it starts again (``compute/manager/restart.py``):
every instance its previous run left in flight ends in a stable state."""

import time

import fixtures
from oslo_utils import uuidutils
import testtools

from minova.compute import power_state as ps
from minova.compute import task_states as ts
from minova.compute import vm_states as vm
from minova.db import allocations
from minova.objects import compute_node as compute_node_obj
from minova.objects import instance as instance_obj
from minova.objects import migration as migration_obj
from minova.tests.unit.compute import fixtures as cloud_fixtures


class RestartTestBase(testtools.TestCase):

    def setUp(self):
        super().setUp()
        self.cloud = self.useFixture(cloud_fixtures.CloudFixture(
            hosts=('compute1',)))
        self.manager = self.cloud.services['compute1'].manager
        self.driver = self.manager.driver

    def _instance(self, **values):
        """A booted instance, then ``values`` written as a compute that
        died mid-way would have left them."""
        [instance] = self.cloud.boot()
        instance = self.cloud.wait_for(instance.uuid)
        instance.name_template = 'instance-%08x'
        for key, value in values.items():
            setattr(instance, key, value)
        instance.save()
        return instance

    def _restart(self, instance, states=(vm.ACTIVE, vm.STOPPED, vm.PAUSED,
                                         vm.SUSPENDED, vm.ERROR)):
        self.manager.init_host()
        return self.cloud.wait_for(instance.uuid, states)

    def _interrupted(self, task_state, uuid, then):
        return ('The %s of instance %s was interrupted by a restart of the '
                'compute service on compute1: %s' % (task_state, uuid, then))


class TestRestart(RestartTestBase):

    def test_an_interrupted_build_goes_to_error(self):
        instance = self._instance(vm_state=vm.BUILDING,
                                  task_state=ts.SPAWNING)
        instance = self._restart(instance)
        self.assertEqual(vm.ERROR, instance.vm_state)
        self.assertIsNone(instance.host)
        self.assertIn('restarted during the build', instance.fault.message)
        self.assertEqual({}, allocations.get_by_consumer(instance.uuid))
        self.assertFalse(self.driver.instance_exists(instance))

    def test_an_interrupted_delete_is_finished(self):
        instance = self._instance(task_state=ts.DELETING)
        self.manager.init_host()
        self.cloud.wait_deleted(instance.uuid)
        self.assertEqual({}, allocations.get_by_consumer(instance.uuid))

    def test_the_guest_of_an_instance_deleted_meanwhile_is_destroyed(self):
        deleted = self._instance()
        kept = self._instance()
        # Deleted by the api while this compute was down: the guest stayed.
        deleted.destroy()
        stranger = instance_obj.Instance(uuid=uuidutils.generate_uuid(),
                                         id=99999, flavor=kept.flavor,
                                         key_data=None)
        stranger.name_template = 'stranger-%d'
        self.driver.spawn(None, stranger, None, [], None, {})
        self.manager.init_host()
        self.assertFalse(self.driver.instance_exists(deleted))
        self.assertTrue(self.driver.instance_exists(kept))
        # Not minova's (a shared hypervisor): left alone.
        self.assertTrue(self.driver.instance_exists(stranger))

    def test_active_instances_are_left_alone(self):
        instance = self._instance()
        instance = self._restart(instance)
        self.assertEqual((vm.ACTIVE, ps.RUNNING),
                         (instance.vm_state, instance.power_state))
        self.assertIsNone(instance.fault)


class TestInterruptedActions(RestartTestBase):

    def test_a_stop_whose_guest_is_off_ends_stopped(self):
        instance = self._instance(task_state=ts.POWERING_OFF)
        self.driver.power_off(instance)
        instance = self._restart(instance)
        self.assertEqual((vm.STOPPED, ps.SHUTDOWN),
                         (instance.vm_state, instance.power_state))
        self.assertEqual(self._interrupted(
            'powering-off', instance.uuid,
            'its guest had got there; the server is stopped'),
            instance.fault.message)
        self.assertEqual('compute1', instance.fault.host)

    def test_a_stop_whose_guest_still_runs_stays_active(self):
        instance = self._instance(task_state=ts.POWERING_OFF)
        instance = self._restart(instance)
        self.assertEqual((vm.ACTIVE, ps.RUNNING),
                         (instance.vm_state, instance.power_state))
        self.assertEqual(self._interrupted(
            'powering-off', instance.uuid,
            'the server stays active (its guest is running): try '
            'again'), instance.fault.message)

    def test_a_start_whose_guest_runs_ends_active(self):
        instance = self._instance(vm_state=vm.STOPPED,
                                  power_state=ps.SHUTDOWN,
                                  task_state=ts.POWERING_ON)
        instance = self._restart(instance)
        self.assertEqual((vm.ACTIVE, ps.RUNNING),
                         (instance.vm_state, instance.power_state))

    def test_a_pause_that_had_not_paused_stays_active(self):
        instance = self._instance(task_state=ts.PAUSING)
        instance = self._restart(instance)
        self.assertEqual((vm.ACTIVE, ps.RUNNING),
                         (instance.vm_state, instance.power_state))
        self.assertIn('try again', instance.fault.message)

    def test_a_suspend_whose_guest_is_suspended_ends_suspended(self):
        instance = self._instance(task_state=ts.SUSPENDING)
        self.driver.suspend(None, instance)
        instance = self._restart(instance)
        self.assertEqual((vm.SUSPENDED, ps.SUSPENDED),
                         (instance.vm_state, instance.power_state))

    def test_a_snapshot_leaves_its_queued_image_to_the_user(self):
        instance = self._instance(task_state=ts.IMAGE_UPLOADING)
        instance = self._restart(instance)
        self.assertEqual((vm.ACTIVE, ps.RUNNING),
                         (instance.vm_state, instance.power_state))
        self.assertEqual(self._interrupted(
            'image_uploading', instance.uuid,
            'the server stays active (its guest is running): try again; '
            'delete its queued snapshot image'), instance.fault.message)

    def test_an_offload_whose_guest_is_gone_is_finished(self):
        instance = self._instance(vm_state=vm.SHELVED,
                                  task_state=ts.SHELVING_OFFLOADING)
        self.driver.destroy(None, instance)
        instance = self._restart(instance, (vm.SHELVED_OFFLOADED,))
        self.assertEqual(ps.NOSTATE, instance.power_state)
        self.assertIsNone(instance.host)
        self.assertEqual({}, allocations.get_by_consumer(instance.uuid))
        self.assertIsNone(instance.fault)

    def test_an_unshelve_gives_its_host_back(self):
        # The conductor had given this host to an offloaded server and the
        # compute died while spawning it.
        instance = self._instance(vm_state=vm.SHELVED_OFFLOADED,
                                  task_state=ts.UNSHELVING)
        instance = self._restart(instance, (vm.SHELVED_OFFLOADED,))
        self.assertEqual(ps.NOSTATE, instance.power_state)
        self.assertIsNone(instance.host)
        self.assertEqual({}, allocations.get_by_consumer(instance.uuid))
        self.assertFalse(self.driver.instance_exists(instance))
        self.assertEqual(self._interrupted(
            'unshelving', instance.uuid,
            'the server stays shelved_offloaded: unshelve it again'),
            instance.fault.message)

    def test_each_instance_is_recovered_even_if_one_fails(self):
        first = self._instance(task_state=ts.POWERING_OFF)
        second = self._instance(task_state=ts.POWERING_OFF)
        # The first one's guest is not where the driver looks: its
        # recovery still ends it (power state 0), and the second's too.
        self.driver.destroy(None, first)
        self._restart(first)
        second = self._restart(second)
        self.assertIsNone(second.task_state)
        self.assertEqual(ps.NOSTATE, instance_obj.Instance.get_by_uuid(
            self.cloud.admin_context, first.uuid).power_state)


class _Died(BaseException):
    """The compute process dies: no ``except Exception`` cleans up."""


class TestRestartMidResize(testtools.TestCase):
    """The source dies while it hands the guest over (task_state
    resize_migrating): at start it takes the guest back, as Nova does."""

    def setUp(self):
        super().setUp()
        self.cloud = self.useFixture(cloud_fixtures.CloudFixture(
            hosts=('compute1', 'compute2')))
        [instance] = self.cloud.boot()
        self.instance = self.cloud.wait_for(instance.uuid)
        self.source = self.instance.host
        [self.dest] = [h for h in ('compute1', 'compute2')
                       if h != self.source]
        self.manager = self.cloud.services[self.source].manager
        driver = self.cloud.driver(self.source)
        handed_over = driver.migrate_disk_and_power_off

        def dies(*args, **kwargs):
            handed_over(*args, **kwargs)
            raise _Died()
        self.useFixture(fixtures.MockPatchObject(
            driver, 'migrate_disk_and_power_off', side_effect=dies))

    def test_the_guest_and_claims_come_back_and_the_migration_errs(self):
        self.cloud.api.resize(self.cloud.admin_context, self.instance)
        deadline = time.monotonic() + 10
        while self._migration().status != 'migrating':
            self.assertLess(time.monotonic(), deadline)
            time.sleep(0.05)
        instance = instance_obj.Instance.get_by_uuid(
            self.cloud.admin_context, self.instance.uuid)
        self.assertEqual(ts.RESIZE_MIGRATING, instance.task_state)
        self.manager.init_host()
        instance = self.cloud.wait_for(self.instance.uuid, (vm.ACTIVE,))
        self.assertEqual((self.source, ps.RUNNING),
                         (instance.host, instance.power_state))
        self.assertIn('resize_migrating', instance.fault.message)
        self.assertEqual('error', self._migration().status)
        nodes = {node.id: node.host for node in
                 compute_node_obj.ComputeNode.get_all(
                     self.cloud.admin_context)}
        self.assertEqual([self.source], [
            nodes[node_id] for node_id in
            allocations.get_by_consumer(self.instance.uuid)])
        self.assertEqual({}, allocations.get_by_consumer(
            self._migration().uuid))

    def _migration(self):
        [migration] = migration_obj.Migration.get_all(
            self.cloud.admin_context,
            {'instance_uuid': self.instance.uuid})
        return migration
