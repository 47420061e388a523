"""Build: ``build_and_run_instance``, the compute's part of the boot path.

A boot (cast by the conductor) goes::

    build_and_run_instance                  locked per instance uuid
     -> _do_build_and_run_instance          event compute__do_build_and_run_instance;
                                            reschedule, or ERROR with a fault
       -> _build_and_run_instance           notifications; spawning -> ACTIVE
         -> _build_resources                claim; block_device_mapping;
                                            the group's late policy check;
                                            the volumes (_prep_block_device);
                                            networking (allocate_for_instance)
         -> driver.spawn

and costs two conductor calls when it succeeds: the networking step
(``allocate_for_instance``, which also records the event's start and moves
the instance on to spawning in the same commit) and active (with the
event's finish). The block_device_mapping step is a call of its own only
when it has work: a server with volumes (then also the calls for them) or
in an affinity or anti-affinity group (then one more, to find where the
group's other members are). A conductor older than RPC 1.12 gets the same
steps one call each.
"""


import contextlib
import sys
import time

from oslo_concurrency import lockutils
from oslo_log import log as logging
from oslo_utils import timeutils

from minova.compute.manager import common
from minova.compute.manager import volumes
from minova.compute import task_states
from minova.compute import vm_states
from minova import exception
from minova.objects import instance_action
from minova.objects import instance_fault
from minova.virt import block_device as driver_block_device

LOG = logging.getLogger(__name__)

BUILD_EVENT = 'compute__do_build_and_run_instance'
# The policies a compute checks again before it builds.
_STRICT_POLICIES = ('affinity', 'anti-affinity')


class BuildMixin:
    """The build (part of :class:`~minova.compute.manager.ComputeManager`)."""

    def build_and_run_instance(self, context, instance, image, request_spec,
                               filter_properties=None, admin_password=None,
                               injected_files=None, requested_networks=None,
                               security_groups=None,
                               block_device_mapping=None, node=None,
                               limits=None, host_list=None):
        """Cast from the conductor: build ``instance`` on this host.

        ``host_list`` is the alternates (Selections) the conductor may
        reschedule to if the build fails here.
        """
        with self._instance_lock(instance.uuid):
            self._do_build_and_run_instance(
                context, instance, image, request_spec, admin_password,
                injected_files, requested_networks,
                block_device_mapping or [], node or self.host,
                host_list or [])

    def _do_build_and_run_instance(self, context, instance, image,
                                   request_spec, admin_password,
                                   injected_files, requested_networks,
                                   block_device_mapping, node, host_list):
        instance.name_template = self.conf.instance_name_template
        LOG.info('Building instance on %s', node, instance=instance)
        with instance_action.EventReporter(
                context, self.conductor_api, BUILD_EVENT, self.host,
                instance.uuid, defer_start=True) as event:
            try:
                self._build_and_run_instance(
                    context, instance, image, admin_password, injected_files,
                    requested_networks, block_device_mapping, node, event,
                    request_spec)
            except common.DELETED as e:
                self._cleanup_deleted_build(context, instance, e)
                event.finished()
            except exception.RescheduledException as e:
                self.rt.build_failed(context, node)
                self._reschedule(context, instance, e, event, image,
                                 request_spec, host_list, admin_password,
                                 injected_files, requested_networks,
                                 block_device_mapping)
            except Exception as e:
                self.rt.build_failed(context, node)
                self._release_volumes_of_build(context, instance,
                                               block_device_mapping)
                self._set_build_error(context, instance, e, event)
            else:
                self.rt.build_succeeded(context, node)

    def _build_and_run_instance(self, context, instance, image,
                                admin_password, injected_files,
                                requested_networks, block_device_mapping,
                                node, event, request_spec=None):
        self._notify(context, 'instance.create.start', instance)
        group = (request_spec.instance_group if request_spec is not None and
                 request_spec.obj_attr_is_set('instance_group') else None)
        try:
            with self._build_resources(context, instance, requested_networks,
                                       block_device_mapping, node, event,
                                       group) as resources:
                self.driver.spawn(
                    context, instance, image, injected_files, admin_password,
                    resources['allocations'],
                    network_info=resources['network_info'],
                    block_device_info=resources['block_device_info'])
                self._update(
                    context, instance,
                    {'vm_state': vm_states.ACTIVE, 'task_state': None,
                     'power_state': self._get_power_state(instance),
                     'launched_at': timeutils.utcnow()},
                    expected_task_state=task_states.SPAWNING,
                    event_finish=event.finish_values())
                event.finished()
        except common.DELETED:
            raise
        except (exception.BuildAbortException,
                exception.RescheduledException) as e:
            self._notify(context, 'instance.create.error', instance,
                         error=True, message=e.format_message())
            raise
        except Exception as e:
            # The guest failed on this host; another may do better.
            LOG.exception('Spawn failed on %s', self.host, instance=instance)
            reason = (e.format_message()
                      if isinstance(e, exception.MinovaException)
                      else '%s: %s' % (type(e).__name__, e))
            self._notify(context, 'instance.create.error', instance,
                         error=True, message=reason)
            raise exception.RescheduledException(instance_uuid=instance.uuid,
                                                 reason=reason)
        LOG.info('Instance is active on %s', node, instance=instance)
        self._notify(context, 'instance.create.end', instance)

    @contextlib.contextmanager
    def _build_resources(self, context, instance, requested_networks,
                         block_device_mapping, node, event, group=None):
        """Claim, take the build (and check its server group's policy),
        prepare the block devices and the network, then yield what spawn
        needs; if the block fails, destroy what it began."""
        with self.rt.instance_claim(context, instance, node) as claim:
            # The block_device_mapping step is its own call when it has
            # work (volumes to prepare, a group's policy to check); else it
            # goes with the networking step, in the call that ends it.
            mapping_step = (
                (group is not None and group.policy in _STRICT_POLICIES) or
                any(bdm.is_volume for bdm in block_device_mapping
                    if bdm.instance_uuid == instance.uuid))
            if mapping_step:
                with self._group_lock(group):
                    self._update(
                        context, instance,
                        {'task_state': task_states.BLOCK_DEVICE_MAPPING},
                        expected_task_state=task_states.SCHEDULING,
                        event_start=event.start_values())
                    self._validate_instance_group_policy(context, instance,
                                                         group)
            try:
                block_device_info = self._prep_block_device(
                    context, instance, block_device_mapping)
                network_info = self.conductor_api.allocate_for_instance(
                    context, instance, requested_networks,
                    expected_task_state=(
                        task_states.BLOCK_DEVICE_MAPPING if mapping_step
                        else task_states.SCHEDULING),
                    task_state=task_states.SPAWNING,
                    event_start=(None if mapping_step
                                 else event.start_values()))
            except common.DELETED + (exception.BuildAbortException,
                                     exception.RescheduledException):
                raise
            except Exception as e:
                LOG.exception('Preparing the resources failed',
                              instance=instance)
                raise exception.BuildAbortException(
                    instance_uuid=instance.uuid,
                    reason=(e.format_message()
                            if isinstance(e, exception.MinovaException)
                            else type(e).__name__))
            instance.task_state = task_states.SPAWNING
            instance.network_info = network_info
            instance.obj_reset_changes()
            try:
                yield {'allocations': {'VCPU': claim.vcpus,
                                       'MEMORY_MB': claim.memory_mb,
                                       'DISK_GB': claim.disk_gb},
                       'network_info': network_info,
                       'block_device_info': block_device_info}
            except Exception:
                with common.logged_and_reraised(
                        'Could not destroy the guest of a failed build',
                        instance, reraise=False):
                    self.driver.destroy(context, instance, network_info,
                                        block_device_info)
                raise

    @contextlib.contextmanager
    def _group_lock(self, group):
        """Builds of one server group on this host take turns between
        taking their build and checking the policy (Nova's lock on the
        group hint), so that of two racing, the second sees the first."""
        if group is None or group.policy not in _STRICT_POLICIES:
            yield
            return
        with lockutils.lock('group-%s-%s' % (group.uuid, self.host)):
            yield

    def _validate_instance_group_policy(self, context, instance, group):
        """Nova's late check: concurrent boots may all have been scheduled
        before any was placed, so the compute checks the (anti-)affinity
        policy again against the members other computes took, and gives
        the build back to the conductor (a reschedule) if it would break
        it."""
        if group is None or group.policy not in _STRICT_POLICIES:
            return
        hosts = self.conductor_api.instance_group_member_hosts(
            context, group.uuid, instance.uuid)
        if group.policy == 'anti-affinity':
            limit = (group.rules or {}).get('max_server_per_host', 1)
            if hosts.count(self.host) >= limit:
                raise exception.RescheduledException(
                    instance_uuid=instance.uuid, reason=(
                        'Anti-affinity instance group policy was violated: '
                        'server group %s has %d member(s) on %s already' % (
                            group.uuid, hosts.count(self.host), self.host)))
        elif hosts and self.host not in hosts:
            raise exception.RescheduledException(
                instance_uuid=instance.uuid, reason=(
                    'Affinity instance group policy was violated: the '
                    'members of server group %s are on %s' % (
                        group.uuid, ', '.join(sorted(set(hosts))))))

    def _prep_block_device(self, context, instance, block_device_mapping):
        """What the driver needs of the block devices: the root device,
        local ephemeral disks and swap, and the volumes, each created if
        the build makes it (and waited for), reserved and given this
        host's connector (spawn connects them)."""
        bdms = [bdm for bdm in block_device_mapping
                if bdm.instance_uuid == instance.uuid]
        self._default_block_device_names(context, bdms)
        info = {'root_device_name': '/dev/vda', 'ephemerals': [],
                'swap': None, 'block_device_mapping': []}
        for bdm in bdms:
            if bdm.is_root and bdm.device_name:
                info['root_device_name'] = bdm.device_name
            if bdm.is_volume or bdm.is_root:
                continue
            if bdm.guest_format == 'swap':
                info['swap'] = {'device_name': bdm.device_name,
                                'swap_size': bdm.volume_size}
            else:
                info['ephemerals'].append({
                    'device_name': bdm.device_name, 'size': bdm.volume_size,
                    'guest_format': bdm.guest_format,
                    'disk_bus': bdm.disk_bus})
        volumes = driver_block_device.convert_volumes(
            bdms, save=self._bdm_saver(context))
        if volumes:
            driver_block_device.attach_block_devices(
                volumes, context, instance, self.volume_api, self.driver,
                wait_func=self._await_block_device_map_created,
                availability_zone=(None if self.conf.cinder.cross_az_attach
                                   else instance.availability_zone))
            info['block_device_mapping'] = [volume.driver_info()
                                            for volume in volumes]
        return info

    def _default_block_device_names(self, context, bdms):
        """A device name for each mapping the request left without one:
        the boot disk ``/dev/vda``, the others the next free ones."""
        save = self._bdm_saver(context)
        used = [bdm.device_name for bdm in bdms]
        for bdm in sorted(bdms, key=lambda bdm: not bdm.is_root):
            if not bdm.device_name:
                bdm.device_name = ('/dev/vda' if bdm.is_root else
                                   volumes.next_device_name(
                                       ['/dev/vda'] + used))
                used.append(bdm.device_name)
                save(bdm)

    def _await_block_device_map_created(self, context, volume_id):
        """Wait for a volume the build created to become available;
        VolumeNotCreated when it went to error or took too long."""
        retries = self.conf.block_device_allocate_retries
        interval = self.conf.block_device_allocate_retries_interval
        start = time.monotonic()
        for attempt in range(1, retries + 2):
            volume = self.volume_api.get(context, volume_id)
            if volume['status'] == 'available':
                return attempt
            if volume['status'] not in ('creating', 'downloading') or \
                    attempt > retries:
                break
            time.sleep(interval)
        raise exception.VolumeNotCreated(
            volume_id=volume_id, seconds=int(time.monotonic() - start),
            attempts=attempt, volume_status=volume['status'])

    def _reschedule(self, context, instance, error, event, image,
                    request_spec, host_list, admin_password, injected_files,
                    requested_networks, block_device_mapping):
        """Give the build back to the conductor, which tries the next
        alternate (or, with none left, puts the instance in ERROR)."""
        LOG.info('Rescheduling: %s', error.format_message(),
                 instance=instance)
        exc_info = sys.exc_info()
        self._release_volumes_of_build(context, instance,
                                       block_device_mapping)
        try:
            self._update(
                context, instance,
                {'task_state': task_states.SCHEDULING, 'host': None,
                 'node': None},
                expected_task_state=task_states.BUILD_STATES,
                fault=instance_fault.fault_values(
                    error, host=self.host, exc_info=exc_info,
                    message=error.kwargs.get('reason')),
                event_finish=event.finish_values(exc_info=exc_info))
        except common.DELETED as e:
            self._cleanup_deleted_build(context, instance, e)
            return
        finally:
            event.finished()
        self.compute_task_api.build_instances(
            context, [instance], image, request_spec, [host_list],
            admin_password=admin_password, injected_files=injected_files,
            requested_networks=requested_networks,
            block_device_mapping=block_device_mapping)

    def _release_volumes_of_build(self, context, instance,
                                  block_device_mapping):
        """A build leaves this host: its volumes stay the server's
        (reserved) but lose this host's connection."""
        with common.logged_and_reraised(
                'Could not end the volume connections of a failed build',
                instance, reraise=False):
            self._terminate_volume_connections(
                context, instance, [bdm for bdm in block_device_mapping
                                    if bdm.instance_uuid == instance.uuid])

    def _set_build_error(self, context, instance, error, event):
        """The build cannot succeed anywhere: free what it held, and put
        the instance in ERROR (without a host) with a fault."""
        exc_info = sys.exc_info()
        LOG.error('Build failed: %s', error, instance=instance,
                  exc_info=exc_info)
        try:
            self.conductor_api.deallocate_for_instance(context, instance)
            self.conductor_api.delete_allocation_for_instance(context,
                                                              instance.uuid)
            self._update(
                context, instance,
                {'vm_state': vm_states.ERROR, 'task_state': None,
                 'host': None, 'node': None},
                expected_task_state=task_states.BUILD_STATES,
                fault=instance_fault.fault_values(
                    error, host=self.host, exc_info=exc_info),
                event_finish=event.finish_values(exc_info=exc_info))
        except common.DELETED as e:
            self._cleanup_deleted_build(context, instance, e)
        finally:
            event.finished()

    def _cleanup_deleted_build(self, context, instance, error):
        """The instance was deleted during its build. When its delete is
        still to come here (task_state deleting), that delete cleans up;
        when it is gone already, free what the build took."""
        LOG.info('Instance was deleted during its build: %s', error,
                 instance=instance)
        if isinstance(error, exception.InstanceNotFound):
            with common.logged_and_reraised(
                    'Cleaning up after a deleted build failed', instance,
                    reraise=False):
                self.driver.destroy(context, instance)
                self.conductor_api.deallocate_for_instance(context, instance)
        self.rt.drop_claim(instance.uuid)
