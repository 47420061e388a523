"""ComputeManager with a real conductor on the bus: the failure paths a
boot must survive (a restart's recovery: test_restart.py)."""

import testtools

from minova.compute import vm_states
from minova.db import allocations
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
