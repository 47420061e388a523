"""ComputeManager with a real conductor on the bus: the failure paths a
boot must survive (a restart's recovery: test_restart.py)."""

import fixtures
from oslo_utils import uuidutils
import testtools

from minova.compute import task_states
from minova.compute import vm_states
from minova.db import allocations
from minova.objects import instance_action
from minova.objects import instance_group
from minova.tests.unit.compute import fixtures as cloud_fixtures


class TestBuildCalls(testtools.TestCase):
    """What a build asks of the conductor: each call is a round trip over
    the bus, the biggest part of a distributed boot's cost."""

    def _conductor_calls(self, cloud, host):
        calls = []
        conductor = cloud.services[host].manager.conductor_api

        def spy(name):
            method = getattr(conductor, name)

            def call(context, *args, **kwargs):
                calls.append((name, kwargs.get('task_state') or
                              (args[1] if name == 'instance_update' else
                               None)))
                return method(context, *args, **kwargs)
            return call
        for name in ('instance_update', 'allocate_for_instance'):
            self.useFixture(fixtures.MockPatchObject(conductor, name,
                                                     spy(name)))
        return calls

    def test_a_plain_boot_costs_two_calls(self):
        cloud = self.useFixture(cloud_fixtures.CloudFixture(
            hosts=('compute1',)))
        calls = self._conductor_calls(cloud, 'compute1')
        [instance] = cloud.boot()
        self.assertEqual(vm_states.ACTIVE,
                         cloud.wait_for(instance.uuid).vm_state)
        self.assertEqual(
            [('allocate_for_instance', task_states.SPAWNING),
             ('instance_update', {'vm_state': vm_states.ACTIVE,
                                  'task_state': None})],
            [(name, {k: v for k, v in arg.items()
                     if k in ('vm_state', 'task_state')}
              if isinstance(arg, dict) else arg) for name, arg in calls])
        action = instance_action.InstanceAction.get_by_request_id(
            cloud.context, instance.uuid, cloud.context.request_id)
        build = [e for e in action.events
                 if e.event == 'compute__do_build_and_run_instance']
        self.assertEqual(1, len(build))
        self.assertEqual('Success', build[0].result)

    def test_a_group_to_check_keeps_the_block_device_mapping_call(self):
        cloud = self.useFixture(cloud_fixtures.CloudFixture(
            hosts=('compute1',)))
        calls = self._conductor_calls(cloud, 'compute1')
        group = instance_group.InstanceGroup(
            uuid=uuidutils.generate_uuid(), name='g',
            policy='anti-affinity', rules={},
            project_id=cloud.context.project_id,
            user_id=cloud.context.user_id, members=[])
        group.create()
        [instance] = cloud.boot(scheduler_hints={'group': group.uuid})
        self.assertEqual(vm_states.ACTIVE,
                         cloud.wait_for(instance.uuid).vm_state)
        self.assertEqual(
            ['instance_update', 'allocate_for_instance', 'instance_update'],
            [name for name, _ in calls])
        self.assertEqual(task_states.BLOCK_DEVICE_MAPPING,
                         calls[0][1]['task_state'])
        self.assertEqual(task_states.SPAWNING, calls[1][1])


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
