"""The boot path end to end, driven through compute.api.API (no HTTP):
conductor, scheduler and computes run as real services on an inproc:// bus
with a real SQLite database and the fake virt driver."""

import ipaddress
import time

import testtools

from minova.compute import power_state
from minova.compute import task_states
from minova.compute import vm_states
from minova.db import allocations
from minova.db import models
from minova.db import session
from minova import exception
from minova import flavors
from minova.objects import instance_action
from minova.tests.unit.compute import fixtures as cloud_fixtures


_count = cloud_fixtures.count_rows


def _rows():
    """How many rows a boot writes, table by table."""
    return {model.__tablename__: _count(model) for model in (
        models.Instance, models.InstanceMetadata, models.RequestSpec,
        models.BlockDeviceMapping, models.InstanceAction,
        models.InstanceActionEvent, models.InstanceFault, models.FixedIP,
        models.Allocation)}


def _address(instance):
    [vif] = instance.network_info
    [subnet] = vif['network']['subnets']
    return subnet['ips'][0]['address'], vif['address']


class BootPathTestCase(testtools.TestCase):

    hosts = ('compute1', 'compute2')
    host_overrides = None
    overrides = {}

    def setUp(self):
        super().setUp()
        self.cloud = self.useFixture(cloud_fixtures.CloudFixture(
            hosts=self.hosts, host_overrides=self.host_overrides,
            **self.overrides))
        self.api = self.cloud.api
        self.context = self.cloud.context

    def _events(self, instance, request_id=None):
        action = instance_action.InstanceAction.get_by_request_id(
            self.context, instance.uuid, request_id or self.context.request_id)
        return [(event.event, event.result, event.host)
                for event in action.events]


class TestBoot(BootPathTestCase):

    def test_single_boot_becomes_active_with_an_address(self):
        [instance] = self.cloud.boot(name='web 1', metadata={'role': 'web'})
        self.assertEqual(vm_states.BUILDING, instance.vm_state)
        self.assertEqual(task_states.SCHEDULING, instance.task_state)

        instance = self.cloud.wait_for(instance.uuid)
        self.assertEqual(vm_states.ACTIVE, instance.vm_state)
        self.assertEqual(power_state.RUNNING, instance.power_state)
        self.assertIn(instance.host, self.hosts)
        self.assertEqual(instance.host, instance.node)
        self.assertIsNotNone(instance.launched_at)
        self.assertIsNone(instance.fault)
        self.assertEqual({'role': 'web'}, instance.metadata)
        self.assertEqual('web-1', instance.hostname)
        self.assertEqual('m1.tiny', instance.flavor.name)

        address, mac = _address(instance)
        self.assertIn(ipaddress.ip_address(address),
                      ipaddress.ip_network('10.0.0.0/16'))
        self.assertTrue(mac.startswith('fa:16:3e:'))
        self.assertTrue(self.cloud.driver(instance.host).instance_exists(
            instance))

        held = allocations.get_by_consumer(instance.uuid)
        self.assertEqual([{'VCPU': 1, 'MEMORY_MB': 512, 'DISK_GB': 1}],
                         list(held.values()))
        self.assertEqual(
            [('conductor_schedule_and_build_instances', 'Success', 'testhost'),
             ('compute__do_build_and_run_instance', 'Success',
              instance.host)],
            self._events(instance))
        self.assertEqual(
            ['instance.create.start', 'instance.create.end'],
            [n['event_type'] for n in self.cloud.notifications()])
        [end] = self.cloud.notifications('instance.create.end')
        self.assertEqual(
            {'instance_id': instance.uuid, 'state': 'active',
             'host': instance.host, 'flavor_name': 'm1.tiny',
             'image_ref': self.cloud.image_id},
            {key: end['payload'][key] for key in (
                'instance_id', 'state', 'host', 'flavor_name', 'image_ref')})
        self.assertEqual('compute.%s' % instance.host, end['publisher_id'])

    def test_multi_create_boots_three(self):
        instances, reservation_id = self.api.create(
            self.context, '1', self.cloud.image_id, 'batch', min_count=3,
            max_count=3)
        self.assertEqual(3, len(instances))
        self.assertTrue(reservation_id.startswith('r-'))
        self.assertEqual([0, 1, 2], [i.launch_index for i in instances])
        self.assertEqual(['batch-1', 'batch-2', 'batch-3'],
                         [i.hostname for i in instances])
        active = [self.cloud.wait_for(i.uuid) for i in instances]
        self.assertEqual({vm_states.ACTIVE}, {i.vm_state for i in active})
        self.assertEqual({reservation_id},
                         {i.reservation_id for i in active})
        self.assertEqual(3, len({_address(i)[0] for i in active}))
        listed = self.api.get_all(self.context,
                                  {'reservation_id': reservation_id})
        self.assertEqual(sorted(i.uuid for i in instances),
                         sorted(i.uuid for i in listed))

    def test_quota_allows_fewer_than_max_count(self):
        self.cloud.conf.set_override('instances', 2, group='quota')
        instances, _ = self.api.create(self.context, '1', self.cloud.image_id,
                                       'some', min_count=1, max_count=5)
        self.assertEqual(2, len(instances))

    def test_no_valid_host_sets_error_with_a_fault(self):
        self.cloud.conf.set_override('ram', -1, group='quota')
        flavors.create('huge', memory_mb=10 ** 9, vcpus=1, root_gb=1,
                       flavorid='huge')
        [instance] = self.api.create(self.context, 'huge',
                                     self.cloud.image_id, 'too big')[0]
        instance = self.cloud.wait_for(instance.uuid)
        self.assertEqual(vm_states.ERROR, instance.vm_state)
        self.assertIsNone(instance.host)
        self.assertTrue(instance.fault.message.startswith(
            'No valid host was found. '), instance.fault.message)
        self.assertIn('RamFilter', instance.fault.message)
        self.assertEqual({}, allocations.get_by_consumer(instance.uuid))
        self.assertEqual(
            [('conductor_schedule_and_build_instances', 'Error',
              'testhost')], self._events(instance))
        self.assertEqual(1, len(self.cloud.notifications(
            'instance.create.error')))

        # Never on a host: the API deletes it at once.
        self.api.delete(self.context, instance)
        self.cloud.wait_deleted(instance.uuid)

    def test_delete_releases_the_guest_claim_and_address(self):
        [instance] = self.cloud.boot()
        instance = self.cloud.wait_for(instance.uuid)
        address, _ = _address(instance)
        self.assertEqual(1, _count(models.FixedIP, address=address))

        delete_context = self.context.elevated()
        delete_context.request_id = 'req-delete-' + instance.uuid
        self.api.delete(delete_context, self.api.get(self.context,
                                                     instance.uuid))
        self.cloud.wait_deleted(instance.uuid)
        self.assertRaises(exception.InstanceNotFound, self.api.get,
                          self.context, instance.uuid)
        self.assertFalse(self.cloud.driver(instance.host).instance_exists(
            instance))
        self.assertEqual({}, allocations.get_by_consumer(instance.uuid))
        self.assertEqual(0, _count(models.FixedIP, address=address))
        self.assertEqual(0, _count(models.BlockDeviceMapping, deleted=0))
        self.assertEqual(
            [('compute_terminate_instance', 'Success', instance.host)],
            self._events(instance, delete_context.request_id))
        self.assertEqual(
            ['instance.delete.start', 'instance.delete.end'],
            [n['event_type'] for n in self.cloud.notifications()
             if n['event_type'].startswith('instance.delete')])
        # The address goes back to the pool.
        [again] = self.cloud.boot()
        self.cloud.wait_for(again.uuid)

    def test_delete_while_spawning_ends_deleted(self):
        self.cloud.conf.set_override('spawn_delay', 0.3, group='fake_driver')
        [instance] = self.cloud.boot()
        self.cloud.wait_for_task(instance.uuid, task_states.SPAWNING)
        self.api.delete(self.context, self.api.get(self.context,
                                                   instance.uuid))
        self.cloud.wait_deleted(instance.uuid)
        self.assertEqual({}, allocations.get_by_consumer(instance.uuid))
        self.assertEqual(0, _count(models.FixedIP,
                                   instance_uuid=instance.uuid))
        for host in self.hosts:
            self.assertFalse(self.cloud.driver(host).instance_exists(
                instance))

    def test_delete_at_once_leaves_nothing_behind(self):
        # Deleted while (most likely) still being scheduled: whoever comes
        # second, the API or the conductor, frees what the other took.
        instances = self.cloud.boot(min_count=3, max_count=3)
        for instance in instances:
            self.api.delete(self.context, self.api.get(self.context,
                                                       instance.uuid))
        for instance in instances:
            self.cloud.wait_deleted(instance.uuid)

        def leftovers():
            return [(i.uuid, allocations.get_by_consumer(i.uuid),
                     _count(models.FixedIP, instance_uuid=i.uuid),
                     [h for h in self.hosts
                      if self.cloud.driver(h).instance_exists(i)])
                    for i in instances]

        def conductor_done():
            # The conductor has either cast each build or given it up.
            return len([message for name, message, _ in self.cloud.log.records
                        if name == 'minova.conductor.manager' and
                        message.startswith(('Building on', 'Not building'))])

        clean = [(i.uuid, {}, 0, []) for i in instances]
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline and (
                conductor_done() < 3 or leftovers() != clean):
            time.sleep(0.05)
        self.assertEqual(3, conductor_done())
        self.assertEqual(clean, leftovers())

    def test_one_request_id_in_every_service_log(self):
        [instance] = self.cloud.boot()
        self.cloud.wait_for(instance.uuid)
        request_id = self.context.request_id
        for service, logger in cloud_fixtures.SERVICE_LOGGERS.items():
            self.assertIn(request_id, self.cloud.log.request_ids(logger),
                          '%s logged nothing under request %s' % (
                              service, request_id))
        [action] = instance_action.InstanceAction.get_by_instance_uuid(
            self.context, instance.uuid)
        self.assertEqual(('create', request_id),
                         (action.action, action.request_id))


class TestRefusedRequests(BootPathTestCase):
    """Each bad input is a named error whose message names the field, and
    nothing is written for it."""

    hosts = ('compute1',)

    def assertRefused(self, error, code, words, *args, **kwargs):
        before = _rows()
        e = self.assertRaises(error, self.api.create, self.context, *args,
                              **kwargs)
        self.assertEqual(code, e.code)
        for word in words:
            self.assertIn(word, e.format_message())
        self.assertEqual(before, _rows())
        return e

    def test_unknown_flavor(self):
        self.assertRefused(exception.InvalidFlavorRef, 400,
                           ['flavorRef', 'nope'], 'nope',
                           self.cloud.image_id, 'srv')

    def test_unknown_image(self):
        self.assertRefused(exception.InvalidImageRef, 400, ['imageRef'],
                           '1', '0b7e7c57-5d1d-4d4c-9e2a-7a4cd28f5a31', 'srv')

    def test_image_bigger_than_the_flavor(self):
        image = self.cloud.api.image_api.create(
            self.cloud.admin_context, 'big', b'x', min_disk=50)
        self.assertRefused(exception.FlavorDiskSmallerThanMinDisk, 400,
                           ['flavorRef', '50'], '1', image['id'], 'srv')

    def test_missing_and_long_names(self):
        for name in ('', '   ', 'x' * 256, ' padded'):
            self.assertRefused(exception.ValidationError, 400, ['name'], '1',
                               self.cloud.image_id, name)

    def test_min_count_above_max_count(self):
        self.assertRefused(exception.ValidationError, 400, ['min_count'],
                           '1', self.cloud.image_id, 'srv', min_count=3,
                           max_count=2)

    def test_too_much_metadata(self):
        self.cloud.conf.set_override('metadata_items', 2, group='quota')
        self.assertRefused(exception.MetadataLimitExceeded, 403,
                           ['metadata_items', '2'], '1', self.cloud.image_id,
                           'srv', metadata={'a': '1', 'b': '2', 'c': '3'})

    def test_over_quota_is_403_with_the_numbers(self):
        self.cloud.conf.set_override('cores', 3, group='quota')
        [first] = self.cloud.boot(flavor='m1.medium')  # 2 vCPUs
        self.cloud.wait_for(first.uuid)
        e = self.assertRefused(exception.TooManyInstances, 403, [
            'Quota exceeded for cores: Requested 2, but already used 2 of 3 '
            'cores'], '3', self.cloud.image_id, 'srv')
        self.assertIsInstance(e, exception.Forbidden)

    def test_unknown_server(self):
        self.assertRaises(exception.InstanceNotFound, self.api.get,
                          self.context, '9d2e3bd5-53e4-4b8b-a9df-3c1b0c8b09a8')


class TestReschedule(BootPathTestCase):
    """compute1 looks best (more RAM) but fails every spawn: the build is
    rescheduled to compute2."""

    host_overrides = {
        'compute1': {'fake_driver.memory_mb': 1048576,
                     'fake_driver.fail_spawn_on_hosts': ['compute1']}}

    def test_failure_on_first_host_rescheduled_to_active(self):
        [instance] = self.cloud.boot()
        instance = self.cloud.wait_for(instance.uuid)
        self.assertEqual(vm_states.ACTIVE, instance.vm_state)
        self.assertEqual('compute2', instance.host)
        self.assertEqual(
            [('conductor_schedule_and_build_instances', 'Success',
              'testhost'),
             ('compute__do_build_and_run_instance', 'Error', 'compute1'),
             ('conductor_build_instances', 'Success', 'testhost'),
             ('compute__do_build_and_run_instance', 'Success', 'compute2')],
            self._events(instance))
        # The claim moved with it; compute1 keeps no guest and no claim.
        node_ids = list(allocations.get_by_consumer(instance.uuid))
        with session.reader() as s:
            hosts = [s.get(models.ComputeNode, node_id).host
                     for node_id in node_ids]
        self.assertEqual(['compute2'], hosts)
        self.assertFalse(self.cloud.driver('compute1').instance_exists(
            instance))
        self.assertEqual(1, _count(models.FixedIP,
                                   instance_uuid=instance.uuid))


class TestRescheduleExhausted(BootPathTestCase):

    overrides = {'fake_driver.fail_spawn_on_hosts': ['compute1', 'compute2']}

    def test_error_with_the_last_failure_after_every_host(self):
        [instance] = self.cloud.boot()
        instance = self.cloud.wait_for(instance.uuid)
        self.assertEqual(vm_states.ERROR, instance.vm_state)
        self.assertIsNone(instance.host)
        message = instance.fault.message
        self.assertTrue(message.startswith(
            'Exceeded maximum number of retries'), message)
        self.assertIn('fail_spawn_on_hosts', message)
        self.assertEqual({}, allocations.get_by_consumer(instance.uuid))
        self.assertEqual(0, _count(models.FixedIP,
                                   instance_uuid=instance.uuid))
        results = [result for _, result, _ in self._events(instance)]
        self.assertEqual(['Success', 'Error', 'Success', 'Error', 'Error'],
                         results)
        self.api.delete(self.context, instance)
        self.cloud.wait_deleted(instance.uuid)
