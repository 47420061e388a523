"""A compute that starts again ends the steps of moves it was taking when
it stopped (``compute/manager/restart_moves.py``), on either host of the
move, and the step's late message then does nothing."""

import threading
import time

import fixtures
import testtools

from minova.compute import power_state as ps
from minova.compute import task_states as ts
from minova.compute import vm_states as vm
from minova.db import allocations
from minova.objects import compute_node as compute_node_obj
from minova.objects import instance as instance_obj
from minova.objects import migration as migration_obj
from minova.tests.unit.compute import fixtures as cloud_fixtures


class _Died(BaseException):
    """The compute process dies: no ``except Exception`` cleans up."""


class RestartMidMoveTest(testtools.TestCase):

    def setUp(self):
        super().setUp()
        self.cloud = self.useFixture(cloud_fixtures.CloudFixture(
            hosts=('compute1', 'compute2')))
        self.context = self.cloud.admin_context
        [instance] = self.cloud.boot()
        self.instance = self.cloud.wait_for(instance.uuid)
        self.source = self.instance.host
        [self.dest] = [h for h in ('compute1', 'compute2')
                       if h != self.source]

    def _dies_in(self, obj, name, after=False):
        """``obj.name`` kills the compute (after doing its work with
        ``after``) until the compute restarts; an Event set once it did."""
        died = threading.Event()
        real = getattr(obj, name)

        def dies(*args, **kwargs):
            if died.is_set():       # (the restarted compute)
                return real(*args, **kwargs)
            if after:
                real(*args, **kwargs)
            died.set()
            raise _Died()
        self.useFixture(fixtures.MockPatchObject(obj, name,
                                                 side_effect=dies))
        return died

    def _restart(self, host, died):
        self.assertTrue(died.wait(10), 'the step never ran')
        time.sleep(0.1)     # (the rest of the dead step does not run)
        self.cloud.services[host].manager.init_host()

    def _resize(self, flavor='m1.small'):
        self.cloud.api.resize(self.context, self.instance,
                              flavor_id=self.cloud.flavors[flavor].flavorid)

    def _verify_resize(self):
        self._resize()
        return self.cloud.wait_for(self.instance.uuid, (vm.RESIZED,))

    def _migration(self):
        [migration] = migration_obj.Migration.get_all(
            self.context, {'instance_uuid': self.instance.uuid})
        return migration

    def _claims(self):
        """consumer ('instance' or 'migration') -> hosts it holds."""
        hosts = {node.id: node.host for node in
                 compute_node_obj.ComputeNode.get_all(self.context)}
        return {name: sorted(hosts[node_id] for node_id in
                             allocations.get_by_consumer(uuid))
                for name, uuid in (('instance', self.instance.uuid),
                                   ('migration', self._migration().uuid))}

    def _guests(self, host):
        return self.cloud.driver(host).list_instance_uuids()

    def assertBackOnSource(self, task_state, instance):
        self.assertEqual((self.source, vm.ACTIVE, ps.RUNNING, 'm1.tiny'),
                         (instance.host, instance.vm_state,
                          instance.power_state, instance.flavor.name))
        self.assertIn(task_state, instance.fault.message)
        self.assertIn('restart', instance.fault.message)
        self.assertEqual('error', self._migration().status)
        self.assertEqual({'instance': [self.source], 'migration': []},
                         self._claims())
        self.assertEqual([self.instance.uuid], self._guests(self.source))
        self.assertEqual([], self._guests(self.dest))

    def assertRevertEndsAfterARestart(self, host, driver_method):
        """A revert whose ``host`` dies in ``driver_method`` ends after
        that host restarts: on the source, old flavor, running."""
        resized = self._verify_resize()
        died = self._dies_in(self.cloud.driver(host), driver_method)
        self.cloud.api.revert_resize(self.context, resized)
        self._restart(host, died)
        instance = self.cloud.wait_for(self.instance.uuid, (vm.ACTIVE,))
        self.assertEqual((self.source, 'm1.tiny', ps.RUNNING),
                         (instance.host, instance.flavor.name,
                          instance.power_state))
        self.assertEqual('reverted', self._migration().status)
        self.assertEqual({'instance': [self.source], 'migration': []},
                         self._claims())
        self.assertEqual([self.instance.uuid], self._guests(self.source))
        self.assertEqual([], self._guests(self.dest))


class TestDestinationRestarts(RestartMidMoveTest):

    def test_a_claim_cut_short_goes_back_to_the_source(self):
        rt = self.cloud.services[self.dest].manager.rt
        died = self._dies_in(rt, 'instance_claim', after=True)
        self._resize()
        self._restart(self.dest, died)
        instance = self.cloud.wait_for(self.instance.uuid, (vm.ACTIVE,))
        self.assertBackOnSource('resize_prep', instance)

    def test_a_late_hand_over_after_that_does_nothing(self):
        rt = self.cloud.services[self.dest].manager.rt
        died = self._dies_in(rt, 'instance_claim', after=True)
        self._resize()
        self._restart(self.dest, died)
        instance = self.cloud.wait_for(self.instance.uuid, (vm.ACTIVE,))
        # The hand-over the destination had cast just before it died.
        self.cloud.services[self.source].manager.resize_instance(
            self.context, instance, self.cloud.flavors['m1.small'],
            self._migration())
        instance = self.cloud.wait_for(self.instance.uuid, (vm.ACTIVE,))
        self.assertBackOnSource('resize_prep', instance)

    def test_a_spawn_cut_short_reverts_to_the_source(self):
        died = self._dies_in(self.cloud.driver(self.dest),
                             'finish_migration', after=True)
        self._resize()
        self._restart(self.dest, died)
        instance = self.cloud.wait_for(self.instance.uuid, (vm.ACTIVE,))
        self.assertBackOnSource('resize_finish', instance)

    def test_a_finish_lost_with_the_destination_reverts(self):
        manager = self.cloud.services[self.dest].manager
        died = self._dies_in(manager, 'finish_resize')
        self._resize()
        self._restart(self.dest, died)
        instance = self.cloud.wait_for(self.instance.uuid, (vm.ACTIVE,))
        self.assertBackOnSource('resize_migrated', instance)

    def test_a_revert_cut_short_is_done_again(self):
        self.assertRevertEndsAfterARestart(self.dest, 'destroy')


class TestSourceRestarts(RestartMidMoveTest):

    def test_a_confirm_cut_short_is_done_again(self):
        resized = self._verify_resize()
        died = self._dies_in(self.cloud.driver(self.source),
                             'confirm_migration')
        self.cloud.api.confirm_resize(self.context, resized)
        self._restart(self.source, died)
        instance = self.cloud.wait_for(self.instance.uuid, (vm.ACTIVE,))
        self.assertEqual((self.dest, 'm1.small'),
                         (instance.host, instance.flavor.name))
        self.assertEqual('confirmed', self._migration().status)
        self.assertEqual({'instance': [self.dest], 'migration': []},
                         self._claims())
        # Its message, late: nothing changes.
        self.cloud.services[self.source].manager.confirm_resize(
            self.context, instance, self._migration())
        self.assertEqual('confirmed', self._migration().status)
        self.assertIsNone(instance_obj.Instance.get_by_uuid(
            self.context, self.instance.uuid).task_state)

    def test_a_revert_cut_short_on_the_source_is_finished(self):
        self.assertRevertEndsAfterARestart(self.source,
                                           'finish_revert_migration')

    def test_a_source_restart_leaves_the_destinations_step_alone(self):
        rt = self.cloud.services[self.dest].manager.rt
        gate = threading.Event()
        real = rt.instance_claim

        def slow_claim(*args, **kwargs):
            gate.wait(10)
            return real(*args, **kwargs)
        self.useFixture(fixtures.MockPatchObject(rt, 'instance_claim',
                                                 side_effect=slow_claim))
        self._resize()
        self.cloud.wait_for_task(self.instance.uuid, ts.RESIZE_PREP)
        self.cloud.services[self.source].manager.init_host()
        gate.set()
        instance = self.cloud.wait_for(self.instance.uuid, (vm.RESIZED,))
        self.assertEqual((self.dest, 'm1.small'),
                         (instance.host, instance.flavor.name))
