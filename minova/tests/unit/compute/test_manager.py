"""ComputeManager with a real conductor on the bus: the failure paths a
boot must survive, and what a compute does when it starts again."""

import testtools

from minova.compute import task_states
from minova.compute import vm_states
from minova.db import allocations
from minova.objects import instance as instance_obj
from minova.objects import instance_action
from minova.tests.unit.compute import fixtures as cloud_fixtures


class TestBuildFailures(testtools.TestCase):

    def test_no_address_left_aborts_to_error_without_a_host(self):
        cloud = self.useFixture(cloud_fixtures.CloudFixture(
            hosts=('compute1',), **{'network.flat_cidr': '10.9.9.0/30'}))
        [first] = cloud.boot()
        cloud.wait_for(first.uuid)
        [second] = cloud.boot()
        second = cloud.wait_for(second.uuid)
        self.assertEqual(vm_states.ERROR, second.vm_state)
        self.assertIsNone(second.host)
        self.assertIn('aborted: No fixed IP address left in [network] '
                      'flat_cidr = 10.9.9.0/30', second.fault.message)
        self.assertEqual({}, allocations.get_by_consumer(second.uuid))
        action = instance_action.InstanceAction.get_by_request_id(
            cloud.context, second.uuid, cloud.context.request_id)
        self.assertEqual('Error', action.events[-1].result)
        self.assertEqual(1, len(cloud.notifications('instance.create.error')))

    def test_a_host_that_finds_itself_full_reschedules(self):
        cloud = self.useFixture(cloud_fixtures.CloudFixture(
            hosts=('compute1', 'compute2')))
        # What each compute last reported says it has no memory left.
        for host in ('compute1', 'compute2'):
            for node in cloud.services[host].manager.rt.compute_nodes.values():
                node.memory_mb = 1
        cloud.services['compute2'].manager.rt.compute_nodes.clear()
        [instance] = cloud.boot()
        instance = cloud.wait_for(instance.uuid)
        self.assertEqual(vm_states.ACTIVE, instance.vm_state)
        self.assertEqual('compute2', instance.host)


class TestRestart(testtools.TestCase):

    def setUp(self):
        super().setUp()
        self.cloud = self.useFixture(cloud_fixtures.CloudFixture(
            hosts=('compute1',)))
        self.manager = self.cloud.services['compute1'].manager

    def _instance(self, **values):
        [instance] = self.cloud.boot()
        instance = self.cloud.wait_for(instance.uuid)
        for key, value in values.items():
            setattr(instance, key, value)
        instance.save()
        return instance

    def test_an_interrupted_build_goes_to_error(self):
        instance = self._instance(vm_state=vm_states.BUILDING,
                                  task_state=task_states.SPAWNING)
        self.manager.init_host()
        instance = self.cloud.wait_for(instance.uuid)
        self.assertEqual(vm_states.ERROR, instance.vm_state)
        self.assertIsNone(instance.host)
        self.assertIn('restarted during the build', instance.fault.message)
        self.assertEqual({}, allocations.get_by_consumer(instance.uuid))
        self.assertFalse(self.manager.driver.instance_exists(instance))

    def test_an_interrupted_delete_is_finished(self):
        instance = self._instance(task_state=task_states.DELETING)
        self.manager.init_host()
        self.cloud.wait_deleted(instance.uuid)
        self.assertEqual({}, allocations.get_by_consumer(instance.uuid))

    def test_active_instances_are_left_alone(self):
        instance = self._instance()
        self.manager.init_host()
        self.assertEqual(vm_states.ACTIVE, instance_obj.Instance.get_by_uuid(
            self.cloud.admin_context, instance.uuid).vm_state)
