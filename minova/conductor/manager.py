"""The conductor: builds' orchestration, and the database for computes.

:class:`ConductorManager` is what a compute may read and write, endpoint by
endpoint (a compute has no database). :class:`ComputeTaskManager`
(namespace ``compute_task``) schedules builds and reschedules failed ones.
"""

import sys

from oslo_log import log as logging
import oslo_messaging as messaging

from minova.compute import rpcapi as compute_rpcapi
from minova.compute import task_states
from minova.compute import utils as compute_utils
from minova.compute import vm_states
from minova.conductor import errors
from minova.conductor import rebuild
from minova.conductor import migrate
from minova.conductor import stuck
from minova.conductor import unshelve
from minova.conductor import volumes
from minova.db import allocations
from minova.db import retry as db_retry
from minova.db import request_specs as db_request_specs
from minova import exception
from minova import manager
from minova.image import api as image_api
from minova.network import api as network_api
from minova.volume import api as volume_api
from minova.objects import block_device as block_device_obj
from minova.objects import compute_node as compute_node_obj
from minova.objects import instance as instance_obj
from minova.objects import instance_action
from minova.objects import instance_fault
from minova.objects import instance_group as instance_group_obj
from minova.objects import migration as migration_obj
from minova.objects import request_spec as request_spec_obj
from minova.objects import service as service_obj
from minova import rpc
from minova.scheduler import rpcapi as scheduler_rpcapi
from minova.scheduler import utils as scheduler_utils

LOG = logging.getLogger(__name__)

SCHEDULE_EVENT = 'conductor_schedule_and_build_instances'
RESCHEDULE_EVENT = 'conductor_build_instances'


class ConductorManager(stuck.StuckInstancesMixin,
                       migrate.UnconfirmedResizesMixin,
                       volumes.VolumesProxyMixin, manager.Manager):
    """The database proxy: what a compute may read and write, explicitly
    (its volumes: :mod:`minova.conductor.volumes`); and the periodic end of
    stuck tasks (:mod:`minova.conductor.stuck`)."""

    target = messaging.Target(version='1.12')

    def __init__(self, conf, host=None, transport=None):
        super().__init__(conf, host=host, service_name='conductor')
        self.transport = transport = transport or rpc.get_transport(conf)
        self.network_api = network_api.load(conf)
        self.image_api = image_api.load(conf)
        self.volume_api = volume_api.load(conf)
        self.compute_task_mgr = ComputeTaskManager(
            conf, transport, host=self.host, network=self.network_api,
            image=self.image_api)
        self.additional_endpoints = [self.compute_task_mgr]
        # What computes ask of the database rides out its restart.
        db_retry.retry_on_disconnect(conf, self, skip=dir(manager.Manager))

    def service_get_or_create(self, context, host, binary, topic, version):
        return service_obj.Service.get_or_create(context, host, binary, topic,
                                                 version)

    def service_heartbeat(self, context, service_id):
        return service_obj.Service.heartbeat_by_id(context, service_id)

    def service_heartbeat_many(self, context, service_ids):
        """One heartbeat for each of ``service_ids``; how many it stamped
        (fewer: some were deleted)."""
        return service_obj.Service.heartbeat_many(context, service_ids)

    def compute_node_update(self, context, host, nodename, resources):
        return compute_node_obj.ComputeNode.create_or_update(
            context, host, nodename, resources)

    @messaging.expected_exceptions(exception.InstanceNotFound,
                                   exception.UnexpectedTaskStateError,
                                   exception.UnexpectedVMStateError)
    def instance_update(self, context, instance_uuid, updates,
                        expected_task_state=None, expected_vm_state=None,
                        event_start=None, event_finish=None, fault=None):
        """One state change of a compute's, in one commit with the event
        start/finish and the fault that go with it. Answers nothing: the
        compute knows what it asked (sending the instance back would cost
        more than the update)."""
        with instance_obj.writer() as s:
            instance_obj.Instance.update_by_uuid(
                context, instance_uuid, updates,
                expected_task_state=expected_task_state,
                expected_vm_state=expected_vm_state, session=s)
            if event_start:
                instance_action.DATABASE.action_event_start(
                    context, event_start, session=s)
            if event_finish:
                instance_action.DATABASE.action_event_finish(
                    context, event_finish, session=s)
            if fault:
                instance_fault.InstanceFault.create_for_instance(
                    context, instance_uuid, fault, session=s)

    def instance_fault_create(self, context, instance_uuid, values):
        return instance_fault.InstanceFault.create_for_instance(
            context, instance_uuid, values)

    def action_event_start(self, context, values):
        instance_action.DATABASE.action_event_start(context, values)

    def action_event_finish(self, context, values):
        instance_action.DATABASE.action_event_finish(context, values)

    @messaging.expected_exceptions(exception.InstanceNotFound,
                                   exception.UnexpectedTaskStateError)
    def allocate_for_instance(self, context, instance,
                              requested_networks=None,
                              expected_task_state=None, task_state=None,
                              event_start=None):
        """The networking step of a build: lease the instance's addresses,
        then store its network_info with ``task_state`` (default
        networking), and the build event's start if given, in one commit,
        if it is still in ``expected_task_state`` (else release them and
        raise). A compute passes ``spawning`` and the event's start when
        nothing came before (no volumes, no group to check): its build
        then costs two calls, this one and ``active``."""
        network_info = self.network_api.allocate_for_instance(
            context, instance, requested_networks)
        try:
            with instance_obj.writer() as s:
                instance_obj.Instance.update_by_uuid(
                    context, instance.uuid,
                    {'network_info': network_info,
                     'task_state': task_state or task_states.NETWORKING},
                    expected_task_state=expected_task_state, session=s)
                if event_start:
                    instance_action.DATABASE.action_event_start(
                        context, event_start, session=s)
        except exception.InstanceNotFound:
            self.network_api.deallocate_for_instance(context, instance)
            raise
        except exception.UnexpectedTaskStateError:
            # Being deleted: its delete releases the addresses.
            raise
        return network_info

    def instance_get_all_by_host(self, context, host):
        return instance_obj.InstanceList.get_by_filters(
            context, {'host': host}, expected_attrs=())

    @messaging.expected_exceptions(exception.InstanceGroupNotFound)
    def instance_group_member_hosts(self, context, group_uuid,
                                    instance_uuid):
        """The hosts of the group's members that a compute took, but
        ``instance_uuid`` (a compute's late check of the group policy)."""
        group = instance_group_obj.InstanceGroup.get_by_uuid(context,
                                                             group_uuid)
        return group.get_hosts(exclude=[instance_uuid], taken_only=True)

    def instance_uuids_deleted(self, context, uuids):
        return instance_obj.Instance.deleted_among(context, uuids)

    def deallocate_for_instance(self, context, instance):
        self.network_api.deallocate_for_instance(context, instance)

    def instances_evacuated_from(self, context, host, uuids=None):
        """Those of ``uuids`` (all, if None) that an evacuation moved off
        ``host``."""
        return sorted({migration.instance_uuid for migration in
                       migration_obj.Migration.get_evacuations_from(
                           context, host, uuids)})

    def delete_allocation_for_evacuated_instance(self, context,
                                                 instance_uuid, host):
        """What ``instance_uuid`` holds on ``host`` goes: its compute
        destroyed the stale guest of an evacuation (whose migration is
        then ``completed``), or an evacuation to it failed."""
        rebuild.release_on_host(context, instance_uuid, host)
        for migration in migration_obj.Migration.get_evacuations_from(
                context, host, [instance_uuid]):
            migration_obj.Migration.update_by_uuid(
                context, migration.uuid, {'status': 'completed'})

    def delete_allocation_for_instance(self, context, instance_uuid,
                                       host=None):
        if host is None:
            allocations.release(instance_uuid)
        else:
            rebuild.release_on_host(context, instance_uuid, host)

    @messaging.expected_exceptions(exception.MigrationNotFound)
    def migration_update(self, context, migration_uuid, values,
                         expected_status=None):
        migration_obj.Migration.update_by_uuid(
            context, migration_uuid, values, expected_status=expected_status)

    def migration_get_in_progress_by_instance(self, context, instance_uuid):
        found = migration_obj.Migration.get_all(context, {
            'instance_uuid': instance_uuid,
            'status': list(migration_obj.IN_PROGRESS)}, limit=1)
        return found[0] if found else None

    def migration_get_in_progress_by_host(self, context, host):
        return migration_obj.Migration.get_moving_through(
            context, host, migrate.MOVE_TASK_STATES)

    @messaging.expected_exceptions(exception.InstanceNotFound)
    def instance_get_by_uuid(self, context, instance_uuid):
        return instance_obj.Instance.get_by_uuid(context, instance_uuid,
                                                 expected_attrs=())

    def move_allocations(self, context, source_consumer, target_consumer):
        return allocations.move(source_consumer, target_consumer)

    def instance_destroy(self, context, instance_uuid, event_finish=None,
                         deallocate_networks=False):
        """The end of a delete: release the addresses (with
        ``deallocate_networks``) and the claim, then soft-delete the
        instance and its block device mappings (with the event's finish,
        in one commit). Deleting a deleted instance is not an error."""
        if deallocate_networks:
            self.network_api.deallocate_for_instance(
                context, instance_obj.Instance(context, uuid=instance_uuid))
        allocations.release(instance_uuid)
        migration_obj.Migration.end_for_deleted_instance(context,
                                                         instance_uuid)
        with instance_obj.writer() as s:
            instance = instance_obj.Instance(context, uuid=instance_uuid)
            try:
                instance.destroy(session=s)
            except exception.InstanceNotFound:
                LOG.info('Instance %s was deleted already', instance_uuid)
                return
            block_device_obj.BlockDeviceMapping.destroy_by_instance(
                context, instance_uuid, session=s)
            db_request_specs.destroy(s, instance_uuid)
            if event_finish:
                instance_action.DATABASE.action_event_finish(
                    context, event_finish, session=s)

    @messaging.expected_exceptions(exception.ImageNotFound)
    def image_upload(self, context, image_id, path, disk_format):
        """A compute's snapshot: the file at ``path`` becomes the data of
        queued image ``image_id`` (the back end takes the file)."""
        return self.image_api.upload(context, image_id, path, disk_format)

    def image_delete(self, context, image_id):
        try:
            self.image_api.delete(context, image_id)
        except exception.ImageNotFound:
            LOG.info('Image %s was deleted already', image_id)


class ComputeTaskManager(manager.Manager):
    """Build orchestration: scheduling, then a cast to the chosen compute;
    on a failed build, the next alternate; in the end ERROR with a fault."""

    target = messaging.Target(namespace='compute_task', version='1.3')

    def __init__(self, conf, transport, host=None, network=None, image=None):
        super().__init__(conf, host=host, service_name='conductor')
        self.image_api = image or image_api.load(conf)
        self.scheduler_client = scheduler_rpcapi.SchedulerAPI(conf, transport)
        self.compute_rpcapi = compute_rpcapi.ComputeAPI(conf, transport)
        self.network_api = network or network_api.load(conf)
        self.notifier = compute_utils.get_notifier(conf, 'conductor',
                                                   self.host)

    def schedule_and_build_instances(self, context, instances, request_specs,
                                     image, admin_password=None,
                                     injected_files=None,
                                     requested_networks=None,
                                     block_device_mapping=None):
        """Choose a host per instance (and alternates), then cast each build
        to its host. Instances the scheduler finds no room for go to ERROR
        with the fault "No valid host was found. <reason>"."""
        uuids = [instance.uuid for instance in instances]
        bdms = _by_instance(block_device_mapping)
        try:
            with instance_action.EventReporter(
                    context, instance_action.DATABASE, SCHEDULE_EVENT,
                    self.host, *uuids, defer_start=True) as event:
                # The server group's members and their hosts, as they are
                # now, for the (anti-)affinity filters and weighers.
                scheduler_utils.setup_instance_group(
                    self.conf, context, request_specs[0])
                host_lists = self.scheduler_client.select_destinations(
                    context, request_specs[0], uuids, return_alternates=True)
                # Scheduled: each instance's event is recorded below, in
                # the commit that gives it its host.
                event.finished()
        except Exception as e:
            self._set_error_state(context, instances, errors.scheduling_error(e),
                                  sys.exc_info())
            return
        for instance, request_spec, host_list in zip(
                instances, request_specs, host_lists):
            request_spec.retry = request_spec_obj.SchedulerRetries(
                num_attempts=1, hosts=[host_list[0].service_host])
            try:
                self._build_on(
                    context, instance, host_list, image, request_spec,
                    admin_password, injected_files, requested_networks,
                    bdms.get(instance.uuid, []),
                    scheduled=event.finish_values(instance.uuid))
            except Exception as e:
                LOG.exception('Could not start the build', instance=instance)
                self._set_error_state(context, [instance], e, sys.exc_info())

    def build_instances(self, context, instances, image, request_spec,
                        host_lists, admin_password=None, injected_files=None,
                        requested_networks=None, block_device_mapping=None):
        """Reschedule: a compute failed to build ``instances``. Release what
        they held there, claim the next alternate that has room and cast
        the build to it; with none left (or ``[scheduler] max_attempts``
        reached), ERROR with a fault naming the last failure."""
        bdms = _by_instance(block_device_mapping)
        for instance, host_list in zip(instances, host_lists):
            try:
                with instance_action.EventReporter(
                        context, instance_action.DATABASE, RESCHEDULE_EVENT,
                        self.host, instance.uuid):
                    self._reschedule(context, instance, list(host_list),
                                     image, request_spec, admin_password,
                                     injected_files, requested_networks,
                                     bdms.get(instance.uuid, []))
            except exception.MaxRetriesExceeded:
                pass  # the instance is in ERROR, with a fault saying so
            except Exception as e:
                LOG.exception('Rescheduling failed', instance=instance)
                self._set_error_state(context, [instance], e, sys.exc_info())

    def unshelve_instance(self, context, instance, request_spec=None):
        """Cast from the api: schedule the shelved ``instance`` again (if
        offloaded) and cast ``unshelve_instance`` to its compute
        (:mod:`minova.conductor.unshelve`)."""
        unshelve.unshelve_instance(self, context, instance, request_spec)

    def rebuild_instance(self, context, instance, orig_image_ref, image_ref,
                         image, new_pass, recreate=False,
                         on_shared_storage=False, preserve_ephemeral=False,
                         host=None, request_spec=None):
        """Cast from the api: rebuild (same host; a new image is checked
        against it) or evacuate (``recreate``: another host, scheduled and
        claimed), then cast ``rebuild_instance`` to that host
        (:mod:`minova.conductor.rebuild`)."""
        rebuild.rebuild_instance(
            self, context, instance, orig_image_ref, image_ref, image,
            new_pass, recreate=recreate, on_shared_storage=on_shared_storage,
            preserve_ephemeral=preserve_ephemeral, host=host,
            request_spec=request_spec)

    def migrate_server(self, context, instance, flavor, migration,
                       host_name=None):
        """Cast from the api: a resize to ``flavor`` or a cold migration
        (:mod:`minova.conductor.migrate`, ``_cold_migrate``)."""
        migrate.migrate_server(self, context, instance, flavor, migration,
                               host_name)

    def _reschedule(self, context, instance, host_list, image, request_spec,
                    admin_password, injected_files, requested_networks,
                    bdms):
        allocations.release(instance.uuid)
        self.network_api.deallocate_for_instance(context, instance)
        instance.network_info = []
        retry = request_spec.retry or request_spec_obj.SchedulerRetries(
            num_attempts=1, hosts=[])
        while host_list and retry.num_attempts < \
                self.conf.scheduler.max_attempts:
            selection = host_list.pop(0)
            if self._claim(context, instance, selection):
                retry.num_attempts += 1
                retry.hosts.append(selection.service_host)
                request_spec.retry = retry
                LOG.info('Rescheduling to %s (attempt %d of %d)',
                         selection.service_host, retry.num_attempts,
                         self.conf.scheduler.max_attempts, instance=instance)
                self._build_on(context, instance, [selection] + host_list,
                               image, request_spec, admin_password,
                               injected_files, requested_networks, bdms)
                return
        last = instance_fault.InstanceFault.get_latest_for_instance(
            context, instance.uuid)
        reason = last.message if last else 'unknown'
        error = exception.MaxRetriesExceeded(
            attempts=retry.num_attempts, reason=reason,
            details='Build failed on %s. Last failure: %s' % (
                ', '.join(retry.hosts) or '-', reason))
        self._set_error_state(context, [instance], error, None)
        raise error

    def _claim(self, context, instance, selection):
        """Claim the instance's flavor on an alternate; False when it has
        no room left (or is gone)."""
        nodes = [node for node in compute_node_obj.ComputeNode.get_all(
            context, host=selection.service_host)
            if node.uuid == selection.compute_node_uuid]
        return bool(nodes) and allocations.claim(
            nodes[0].id, instance.uuid,
            allocations.resources_from_flavor(instance.flavor))

    def _build_on(self, context, instance, host_list, image, request_spec,
                  admin_password, injected_files, requested_networks, bdms,
                  scheduled=None):
        """Record the chosen host (while the instance is still being
        scheduled), with the ``scheduled`` event (its start and finish),
        and cast the build to it with the alternates."""
        selection, alternates = host_list[0], host_list[1:]
        updates = {'host': selection.service_host,
                   'node': selection.nodename,
                   'network_info': instance.network_info}
        if not instance.availability_zone:
            updates['availability_zone'] = selection.availability_zone
        try:
            with instance_obj.writer() as s:
                instance_obj.Instance.update_by_uuid(
                    context, instance.uuid, updates,
                    expected_task_state=task_states.SCHEDULING, session=s)
                if scheduled:
                    # Its start was deferred, never written: the whole
                    # event is one INSERT (a finish would first look for
                    # the start row in vain).
                    instance_action.DATABASE.action_event_start(
                        context, scheduled, session=s)
        except (exception.InstanceNotFound,
                exception.UnexpectedTaskStateError) as e:
            LOG.info('Not building: the instance was deleted while it was '
                     'scheduled (%s)', e.format_message(), instance=instance)
            allocations.release(instance.uuid)
            return
        for name, value in updates.items():
            setattr(instance, name, value)
        instance.obj_reset_changes()
        # DEBUG, as Nova's: the compute logs at INFO where it builds.
        LOG.debug('Building on %s (alternates: %s)', selection.service_host,
                  ', '.join(s.service_host for s in alternates) or 'none',
                  instance=instance)
        self.compute_rpcapi.build_and_run_instance(
            context, instance, selection.service_host, image=image,
            request_spec=request_spec, filter_properties={},
            admin_password=admin_password, injected_files=injected_files,
            requested_networks=requested_networks,
            block_device_mapping=bdms, node=selection.nodename,
            host_list=alternates)

    def _set_error_state(self, context, instances, error, exc_info):
        """ERROR, without a host or a claim, with a fault saying why."""
        fault = instance_fault.fault_values(error, host=self.host,
                                            exc_info=exc_info)
        for instance in instances:
            allocations.release(instance.uuid)
            LOG.warning('Setting instance to ERROR: %s', fault['message'],
                        instance=instance)
            instance.vm_state = vm_states.ERROR
            instance.task_state = None
            instance.host = None
            instance.node = None
            try:
                with instance_obj.writer() as s:
                    instance.save(expected_task_state=task_states.SCHEDULING,
                                  session=s)
                    instance_fault.InstanceFault.create_for_instance(
                        context, instance.uuid, fault, session=s)
            except (exception.InstanceNotFound,
                    exception.UnexpectedTaskStateError) as e:
                LOG.info('Instance was deleted meanwhile (%s)',
                         e.format_message(), instance=instance)
                continue
            compute_utils.notify_about_instance(
                self.notifier, context, 'instance.create.error', instance,
                error=True, message=fault['message'])


def _by_instance(block_device_mapping):
    bdms = {}
    for bdm in block_device_mapping or []:
        bdms.setdefault(bdm.instance_uuid, []).append(bdm)
    return bdms
