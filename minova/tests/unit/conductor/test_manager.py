"""The conductor's endpoints on a real database (no services running: the
scheduler and computes it would call are not there)."""

import oslo_messaging as messaging
from oslo_utils import uuidutils
import testtools

from minova.compute import api as compute_api
from minova.compute import task_states
from minova.compute import vm_states
from minova.conductor import errors
from minova.conductor import manager as conductor_manager
from minova import context
from minova.db import allocations
from minova.db import models
from minova.db import session
from minova import exception
from minova import flavors
from minova.image import local as local_image
from minova.objects import instance as instance_obj
from minova.objects import instance_action
from minova.objects import instance_fault
from minova.objects import instance_group
from minova.objects import request_spec
from minova.objects import service as service_obj
from minova import rpc
from minova.tests import fixtures as minova_fixtures
from minova.tests.unit.compute import fixtures as cloud_fixtures
from minova.tests.unit.scheduler import fakes as scheduler_fakes


def _raises(test, error, func, *args, **kwargs):
    """Endpoints wrap the errors they expect (the RPC server unwraps
    them): check the wrapped one."""
    e = test.assertRaises(messaging.ExpectedException, func, *args, **kwargs)
    test.assertIsInstance(e.exc_info[1], error)


_count = cloud_fixtures.count_rows


class ConductorTestCase(testtools.TestCase):

    def setUp(self):
        super().setUp()
        self.conf = self.useFixture(minova_fixtures.ConfFixture(**{
            'transport_url': 'fake:///%s' % uuidutils.generate_uuid(),
            'rpc_response_timeout': 1})).conf
        self.useFixture(minova_fixtures.DatabaseFixture(self.conf))
        transport = rpc.get_transport(self.conf)
        self.context = context.RequestContext(user_id='u', project_id='p')
        flavors.bootstrap_flavors()
        image_id = local_image.bootstrap(self.conf, self.context.elevated())
        api = compute_api.API(self.conf, transport)
        [self.instance], _ = api.create(self.context, '1', image_id, 'srv')
        self.manager = conductor_manager.ConductorManager(
            self.conf, transport=transport)
        self.tasks = self.manager.compute_task_mgr

    def _get(self):
        return instance_obj.Instance.get_by_uuid(
            self.context, self.instance.uuid, expected_attrs=('fault',))

    def _events(self):
        return [(e.event, e.result) for e in instance_action.InstanceAction
                .get_by_request_id(self.context, self.instance.uuid,
                                   self.context.request_id).events]


class TestDatabaseEndpoints(ConductorTestCase):

    def test_instance_update_with_event_and_fault_in_one_commit(self):
        event = instance_action.EventReporter(
            self.context, None, 'compute_step', 'h1', self.instance.uuid)
        self.manager.instance_update(
            self.context, self.instance.uuid,
            {'task_state': task_states.BLOCK_DEVICE_MAPPING, 'host': 'h1'},
            expected_task_state=task_states.SCHEDULING,
            event_start=event.start_values(),
            fault={'code': 500, 'message': 'noted'})
        instance = self._get()
        self.assertEqual(('h1', task_states.BLOCK_DEVICE_MAPPING, 'noted'),
                         (instance.host, instance.task_state,
                          instance.fault.message))
        self.assertEqual([('compute_step', None)], self._events())

    def test_instance_update_in_the_wrong_state_records_nothing(self):
        _raises(
            self, exception.UnexpectedTaskStateError,
            self.manager.instance_update,
            self.context, self.instance.uuid, {'host': 'h1'},
            expected_task_state=task_states.SPAWNING,
            fault={'code': 500, 'message': 'lost'})
        self.assertEqual(0, _count(models.InstanceFault))
        self.assertIsNone(self._get().host)

    def test_allocate_stores_network_info_and_moves_to_networking(self):
        self.manager.instance_update(
            self.context, self.instance.uuid,
            {'task_state': task_states.BLOCK_DEVICE_MAPPING})
        [vif] = self.manager.allocate_for_instance(
            self.context, self.instance,
            expected_task_state=task_states.BLOCK_DEVICE_MAPPING)
        instance = self._get()
        self.assertEqual(task_states.NETWORKING, instance.task_state)
        self.assertEqual([vif], instance.network_info)

    def test_allocate_can_end_the_steps_before_spawning_in_one_commit(self):
        event = instance_action.EventReporter(
            self.context, None, 'compute_build', 'h1', self.instance.uuid)
        [vif] = self.manager.allocate_for_instance(
            self.context, self.instance,
            expected_task_state=task_states.SCHEDULING,
            task_state=task_states.SPAWNING,
            event_start=event.start_values())
        instance = self._get()
        self.assertEqual(task_states.SPAWNING, instance.task_state)
        self.assertEqual([vif], instance.network_info)
        self.assertEqual([('compute_build', None)], self._events())

    def test_allocate_in_the_wrong_state_records_no_event(self):
        event = instance_action.EventReporter(
            self.context, None, 'compute_build', 'h1', self.instance.uuid)
        _raises(self, exception.UnexpectedTaskStateError,
                self.manager.allocate_for_instance, self.context,
                self.instance, expected_task_state=task_states.SPAWNING,
                task_state=task_states.SPAWNING,
                event_start=event.start_values())
        self.assertEqual([], self._events())
        self.assertEqual(task_states.SCHEDULING, self._get().task_state)

    def test_allocate_for_a_deleted_instance_gives_the_address_back(self):
        self.instance.destroy()
        _raises(self, exception.InstanceNotFound,
                self.manager.allocate_for_instance, self.context,
                self.instance, expected_task_state=task_states.SCHEDULING)
        self.assertEqual(0, _count(models.FixedIP))

    def test_instance_destroy_frees_everything_once(self):
        node_id = scheduler_fakes.create_compute('h1')
        allocations.claim(node_id, self.instance.uuid, {'VCPU': 1})
        self.manager.instance_destroy(self.context, self.instance.uuid)
        self.assertRaises(exception.InstanceNotFound,
                          instance_obj.Instance.get_by_uuid, self.context,
                          self.instance.uuid)
        self.assertEqual({}, allocations.get_by_consumer(self.instance.uuid))
        self.assertEqual(0, _count(models.BlockDeviceMapping, deleted=0))
        self.assertEqual(0, _count(models.RequestSpec))
        self.manager.instance_destroy(self.context, self.instance.uuid)

    def test_instance_destroy_can_release_the_addresses_too(self):
        self.manager.allocate_for_instance(self.context, self.instance)
        self.assertEqual(1, _count(models.FixedIP))
        self.manager.instance_destroy(self.context, self.instance.uuid,
                                      deallocate_networks=True)
        self.assertEqual(0, _count(models.FixedIP))
        self.assertRaises(exception.InstanceNotFound,
                          instance_obj.Instance.get_by_uuid, self.context,
                          self.instance.uuid)

    def test_service_heartbeat_is_one_statement(self):
        service = service_obj.Service.get_or_create(
            self.context, 'h1', 'minova-compute', 'compute', 1)
        counter = self.useFixture(minova_fixtures.StatementCounter())
        answered = self.manager.service_heartbeat(self.context, service.id)
        # It used to read the service, then update it and read it again.
        self.assertEqual(1, len(counter.statements), counter.statements)
        self.assertIsInstance(answered, service_obj.Service)
        self.assertEqual(set(), answered.obj_what_changed())
        stored = service_obj.Service.get_by_id(self.context, service.id)
        self.assertEqual(1, answered.report_count)
        for name in service_obj.Service.fields:
            self.assertEqual(getattr(stored, name), getattr(answered, name),
                             name)
        service.destroy()
        self.assertRaises(exception.ServiceNotFound,
                          self.manager.service_heartbeat, self.context,
                          service.id)

    def test_instances_by_host(self):
        self.instance.host = 'h1'
        self.instance.save()
        self.assertEqual([self.instance.uuid], [
            i.uuid for i in self.manager.instance_get_all_by_host(
                self.context, 'h1')])


class TestComputeTasks(ConductorTestCase):

    def _spec(self):
        return request_spec.RequestSpec(
            instance_uuid=self.instance.uuid, flavor=self.instance.flavor,
            num_instances=1, retry=None)

    def test_no_scheduler_answering_ends_in_error(self):
        self.tasks.schedule_and_build_instances(
            self.context, [self.instance], [self._spec()], None)
        instance = self._get()
        self.assertEqual(vm_states.ERROR, instance.vm_state)
        self.assertEqual('No valid host was found. The scheduler did not '
                         'answer in time; is minova-scheduler running?',
                         instance.fault.message)
        self.assertEqual([('conductor_schedule_and_build_instances',
                           'Error')], self._events())

    def test_no_alternate_left_ends_in_error_naming_the_last_failure(self):
        self.instance.task_state = task_states.SCHEDULING
        instance_fault.InstanceFault.create_for_instance(
            self.context, self.instance.uuid,
            {'code': 500, 'message': 'disk full on h1'})
        self.manager.network_api.allocate_for_instance(self.context,
                                                       self.instance)
        spec = self._spec()
        spec.retry = request_spec.SchedulerRetries(num_attempts=1,
                                                   hosts=['h1'])
        self.tasks.build_instances(self.context, [self.instance], None, spec,
                                   [[]])
        instance = self._get()
        self.assertEqual(vm_states.ERROR, instance.vm_state)
        self.assertEqual('Exceeded maximum number of retries: build failed '
                         'on 1 host(s). Last failure: disk full on h1',
                         instance.fault.message)
        # The host names are for admins: in the fault's details.
        self.assertEqual('Build failed on h1. Last failure: disk full on h1',
                         instance.fault.details)
        self.assertEqual(0, _count(models.FixedIP))
        self.assertEqual([('conductor_build_instances', 'Error')],
                         self._events())

    def test_an_alternate_without_room_is_skipped(self):
        full = scheduler_fakes.create_compute('full', memory_mb=1)
        with session.reader() as s:
            full_uuid = s.get(models.ComputeNode, full).uuid
        selection = request_spec.Selection(
            service_host='full', nodename='full', compute_node_uuid=full_uuid)
        self.tasks.build_instances(self.context, [self.instance], None,
                                   self._spec(), [[selection]])
        self.assertEqual(vm_states.ERROR, self._get().vm_state)
        self.assertEqual({}, allocations.get_by_consumer(self.instance.uuid))

    def test_scheduled_build_records_the_whole_scheduling_event(self):
        # The scheduler and the compute are other services: stand-ins
        # answer the call and take the cast.
        selection = request_spec.Selection(
            service_host='h1', nodename='h1', availability_zone='nova',
            compute_node_uuid=uuidutils.generate_uuid())
        casts = []
        self.tasks.scheduler_client = _Scheduler([[selection]])
        self.tasks.compute_rpcapi = _Compute(casts)
        self.tasks.schedule_and_build_instances(
            self.context, [self.instance], [self._spec()], None)
        self.assertEqual([('h1', self.instance.uuid)], casts)
        self.assertEqual('h1', self._get().host)
        [event] = instance_action.InstanceAction.get_by_request_id(
            self.context, self.instance.uuid, self.context.request_id).events
        self.assertEqual(('conductor_schedule_and_build_instances',
                          'Success', self.tasks.host),
                         (event.event, event.result, event.host))
        self.assertIsNotNone(event.start_time)
        self.assertLessEqual(event.start_time, event.finish_time)


class _Scheduler:
    def __init__(self, host_lists):
        self.host_lists = host_lists

    def select_destinations(self, context, spec, uuids,
                            return_alternates=True):
        return self.host_lists


class _Compute:
    def __init__(self, casts):
        self.casts = casts

    def build_and_run_instance(self, context, instance, host, **kwargs):
        self.casts.append((host, instance.uuid))


class TestServerGroupSetup(ConductorTestCase):

    def _group_spec(self, policy):
        group = instance_group.InstanceGroup(
            self.context, uuid=uuidutils.generate_uuid(), name='g',
            policy=policy, project_id='p', user_id='u', members=[])
        group.create()
        return request_spec.RequestSpec(
            instance_uuid=self.instance.uuid, flavor=self.instance.flavor,
            num_instances=1, retry=None, instance_group=group)

    def test_a_policy_no_plugin_enforces_ends_in_error(self):
        self.conf.set_override('enabled_filters', ['RamFilter'],
                               group='filter_scheduler')
        self.tasks.schedule_and_build_instances(
            self.context, [self.instance], [self._group_spec('affinity')],
            None)
        instance = self._get()
        self.assertEqual(vm_states.ERROR, instance.vm_state)
        self.assertEqual('ServerGroup policy is not supported: '
                         'ServerGroupAffinityFilter not configured in '
                         '[filter_scheduler] enabled_filters',
                         instance.fault.message)

    def test_a_deleted_group_ends_in_error(self):
        spec = self._group_spec('anti-affinity')
        spec.instance_group.destroy()
        self.tasks.schedule_and_build_instances(
            self.context, [self.instance], [spec], None)
        self.assertEqual('Instance group %s could not be found.'
                         % spec.instance_group.uuid,
                         self._get().fault.message)


class TestSchedulingError(testtools.TestCase):

    def test_remote_no_valid_host_is_no_valid_host(self):
        remote = messaging.RemoteError(
            'NoValidHost', 'No valid host was found. RamFilter: 0 of 2')
        error = errors.scheduling_error(remote)
        self.assertIsInstance(error, exception.NoValidHost)
        self.assertEqual('No valid host was found. RamFilter: 0 of 2',
                         error.format_message())

    def test_other_errors_stay_what_they_are(self):
        error = ValueError('x')
        self.assertIs(error, errors.scheduling_error(error))
