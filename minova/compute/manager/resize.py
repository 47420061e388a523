"""Resize and cold migrate on the computes: Nova's six casts.

==========================  =================  ==============================
method                      runs on            does
==========================  =================  ==============================
``prep_resize``             destination        claims the new flavor
``resize_instance``         source             ``driver.migrate_disk_and_
                                               power_off``
``finish_resize``           destination        ``driver.finish_migration``;
                                               vm_state resized
``confirm_resize``          source             ``driver.confirm_migration``,
                                               frees the source
``revert_resize``           destination        destroys its copy, frees it
``finish_revert_resize``    source             ``driver.finish_revert_
                                               migration``, the old flavor
==========================  =================  ==============================

While the move is in flight the source's claim (the scheduler's
allocations and this tracker's) is held by the migration's uuid, the
destination's by the instance's: both hosts' usage stays exact, on one host
too. A failure on the destination gives its claim back and goes on as a
revert (the server ends on the source, old flavor, with a fault); a failure
on the source brings its guest back at once.

The volumes move with the guest: the host that gives it up ends its
volume connections (``_terminate_volume_connections``), the host that
takes it gives each attachment its connector before the driver connects
them (``_update_volume_attachments``) and completes them after.
"""

import sys

from oslo_log import log as logging

from minova.compute.manager import common
from minova.compute import power_state
from minova.compute import task_states as ts
from minova.compute import vm_states
from minova import exception
from minova.objects import instance_fault

LOG = logging.getLogger(__name__)

_OLD_VM_STATE = 'old_vm_state'


class ResizeMixin:
    """Resize (part of :class:`~minova.compute.manager.ComputeManager`)."""

    def prep_resize(self, context, instance, flavor, migration, node=None):
        """Cast from the conductor: claim ``flavor`` here, then ask the
        source to hand the guest over."""
        instance.name_template = self.conf.instance_name_template
        with self._instance_lock(instance.uuid):
            event = self._new_event(context, instance, 'prep_resize')
            self._notify(context, 'instance.resize_prep.start', instance)
            try:
                if migration.source_compute == self.host:
                    self.rt.move_claim(instance.uuid, migration.uuid)
                self.rt.instance_claim(context, instance, node or self.host,
                                       flavor=flavor)
                self.conductor_api.action_event_start(context,
                                                      event.finish_values())
            except Exception as e:
                self._resize_failed_on_dest(context, instance, migration, e,
                                            event, sys.exc_info(), False)
                return
            self._notify(context, 'instance.resize_prep.end', instance)
        self.compute_rpcapi.resize_instance(context, instance, flavor,
                                            migration)

    def resize_instance(self, context, instance, flavor, migration):
        """Cast from the destination: power off and hand the disks over,
        then ask the destination to finish."""
        instance.name_template = self.conf.instance_name_template
        with self._instance_lock(instance.uuid):
            event = self._new_event(context, instance, 'resize_instance')
            if not self._still_in(context, instance, ts.RESIZE_PREP,
                                  {'task_state': ts.RESIZE_MIGRATING}):
                return
            self._notify(context, 'instance.resize.start', instance)
            try:
                self.conductor_api.migration_update(
                    context, migration.uuid, {'status': 'migrating'})
                bdms = self.conductor_api.\
                    block_device_mapping_get_all_by_instance(context,
                                                             instance.uuid)
                disk_info = self.driver.migrate_disk_and_power_off(
                    context, instance, migration.dest_host, flavor,
                    instance.network_info,
                    block_device_info=self._get_instance_block_device_info(
                        context, instance, bdms),
                    timeout=self.conf.shutdown_timeout)
                self._terminate_volume_connections(context, instance, bdms)
                self.conductor_api.migration_update(
                    context, migration.uuid, {'status': 'post-migrating'})
                self._update(context, instance,
                             {'task_state': ts.RESIZE_MIGRATED,
                              'power_state': power_state.SHUTDOWN},
                             expected_task_state=ts.RESIZE_MIGRATING,
                             event_start=event.finish_values())
                if migration.dest_compute != self.host:
                    self.rt.move_claim(instance.uuid, migration.uuid)
            except Exception as e:
                self._resize_failed_on_source(context, instance, migration, e,
                                              event, sys.exc_info())
                return
            self._notify(context, 'instance.resize.end', instance)
        self.compute_rpcapi.finish_resize(context, instance, flavor,
                                          migration, disk_info)

    def finish_resize(self, context, instance, flavor, migration,
                      disk_info):
        """Cast from the source: start the guest here with ``flavor``; the
        server waits in VERIFY_RESIZE."""
        instance.name_template = self.conf.instance_name_template
        with self._instance_lock(instance.uuid):
            event = self._new_event(context, instance, 'finish_resize')
            old_vm_state = instance.vm_state
            old_flavor = instance.flavor
            if not self._still_in(context, instance, ts.RESIZE_MIGRATED,
                                  {'task_state': ts.RESIZE_FINISH}):
                return
            self._notify(context, 'instance.resize_finish.start', instance)
            try:
                instance.flavor = flavor
                bdms, block_device_info = self._volumes_to_this_host(
                    context, instance)
                self.driver.finish_migration(
                    context, migration, instance, disk_info,
                    instance.network_info, {},
                    old_flavor.flavorid != flavor.flavorid,
                    _resources(flavor), block_device_info=block_device_info,
                    power_on=old_vm_state != vm_states.STOPPED)
                self._complete_volume_attachments(context, bdms)
                self.conductor_api.migration_update(
                    context, migration.uuid, {'status': 'finished'})
                updates = {
                    'vm_state': vm_states.RESIZED, 'task_state': None,
                    'flavor': flavor, 'host': self.host,
                    'node': migration.dest_node,
                    'power_state': self._get_power_state(instance),
                    'system_metadata': dict(instance.system_metadata or {},
                                            old_vm_state=old_vm_state)}
                self._update(context, instance, updates,
                             expected_task_state=ts.RESIZE_FINISH,
                             event_start=event.finish_values())
            except Exception as e:
                instance.flavor = old_flavor
                self._resize_failed_on_dest(context, instance, migration, e,
                                            event, sys.exc_info(), True)
                return
            self._notify(context, 'instance.resize_finish.end', instance)

    def confirm_resize(self, context, instance, migration):
        """Cast from the api (or a delete, or the auto-confirm): drop the
        source's copy and claim; the server is ACTIVE (or SHUTOFF) again.
        A server being deleted only has its source freed."""
        instance.name_template = self.conf.instance_name_template
        with self._instance_lock(instance.uuid):
            if not self._still_in(context, instance, (ts.RESIZE_CONFIRMING,
                                                      ts.DELETING)):
                return
            event = self._new_event(context, instance, 'confirm_resize')
            self._notify(context, 'instance.resize_confirm.start', instance)
            try:
                self.driver.confirm_migration(context, migration, instance,
                                              instance.network_info)
                self.conductor_api.delete_allocation_for_instance(
                    context, migration.uuid)
                self.rt.drop_claim(migration.uuid)
                self.conductor_api.migration_update(
                    context, migration.uuid, {'status': 'confirmed'})
                if instance.task_state == ts.RESIZE_CONFIRMING:
                    system_metadata, old_vm_state = _without_old_vm_state(
                        instance)
                    self._update(context, instance, {
                        'vm_state': old_vm_state, 'task_state': None,
                        'system_metadata': system_metadata},
                        expected_task_state=ts.RESIZE_CONFIRMING,
                        event_start=event.finish_values())
            except Exception as e:
                self._resize_error(context, instance, migration, e, event,
                                   sys.exc_info(), ts.RESIZE_CONFIRMING)
                return
            self._notify(context, 'instance.resize_confirm.end', instance)

    def revert_resize(self, context, instance, migration):
        """Cast from the api: destroy the copy here and give back its
        claim, then ask the source to start the old one."""
        instance.name_template = self.conf.instance_name_template
        with self._instance_lock(instance.uuid):
            if not self._still_in(context, instance, ts.RESIZE_REVERTING):
                return
            event = self._new_event(context, instance, 'revert_resize')
            self._notify(context, 'instance.resize_revert.start', instance)
            try:
                self._give_back_destination(context, instance)
                self.conductor_api.action_event_start(context,
                                                      event.finish_values())
            except Exception as e:
                self._resize_error(context, instance, migration, e, event,
                                   sys.exc_info(), ts.RESIZE_REVERTING)
                return
        self.compute_rpcapi.finish_revert_resize(context, instance, migration)

    def finish_revert_resize(self, context, instance, migration):
        """Cast from the destination (a revert, or a failure there): the
        source's claim is the instance's again, its guest starts with the
        old flavor."""
        instance.name_template = self.conf.instance_name_template
        with self._instance_lock(instance.uuid):
            if not self._still_in(context, instance, ts.RESIZE_REVERTING):
                return
            event = self._new_event(context, instance, 'finish_revert_resize')
            try:
                self.conductor_api.move_allocations(context, migration.uuid,
                                                    instance.uuid)
                self.rt.move_claim(migration.uuid, instance.uuid)
                system_metadata, old_vm_state = _without_old_vm_state(
                    instance)
                instance.flavor = migration.old_flavor
                bdms, block_device_info = self._volumes_to_this_host(
                    context, instance)
                self.driver.finish_revert_migration(
                    context, instance, instance.network_info, migration,
                    block_device_info=block_device_info,
                    power_on=old_vm_state != vm_states.STOPPED)
                self._complete_volume_attachments(context, bdms)
                if migration.status == 'reverting':
                    self.conductor_api.migration_update(
                        context, migration.uuid, {'status': 'reverted'})
                self._update(context, instance, {
                    'vm_state': old_vm_state, 'task_state': None,
                    'flavor': migration.old_flavor, 'host': self.host,
                    'node': migration.source_node,
                    'power_state': self._get_power_state(instance),
                    'system_metadata': system_metadata},
                    expected_task_state=ts.RESIZE_REVERTING,
                    event_start=event.finish_values())
            except Exception as e:
                self._resize_error(context, instance, migration, e, event,
                                   sys.exc_info(), ts.RESIZE_REVERTING)
                return
            self._notify(context, 'instance.resize_revert.end', instance)

    # -- failures ----------------------------------------------------------

    def _volumes_to_this_host(self, context, instance):
        """The server's mappings with their volumes' attachments given
        this host's connector, and the ``block_device_info`` the driver
        connects them from."""
        bdms = self.conductor_api.block_device_mapping_get_all_by_instance(
            context, instance.uuid)
        self._update_volume_attachments(context, instance, bdms)
        return bdms, self._get_instance_block_device_info(context, instance,
                                                          bdms)

    def _give_back_destination(self, context, instance):
        """Destroy this host's copy, end its volume connections and
        release its claim (the source's is the migration's)."""
        bdms = self.conductor_api.block_device_mapping_get_all_by_instance(
            context, instance.uuid)
        self.driver.destroy(
            context, instance, instance.network_info,
            block_device_info=self._get_instance_block_device_info(
                context, instance, bdms))
        self._terminate_volume_connections(context, instance, bdms)
        # Only here: a revert done again after a restart may run while the
        # source's claim is the instance's again.
        try:
            self.conductor_api.delete_allocation_for_instance(
                context, instance.uuid, host=self.host)
        except exception.RPCPinnedToOldVersion:
            self.conductor_api.delete_allocation_for_instance(context,
                                                              instance.uuid)
        self.rt.drop_claim(instance.uuid)

    def _still_in(self, context, instance, task_states, updates=None):
        """Whether a step's message is still current: the instance is in
        one of ``task_states`` (or gone, for a delete's confirm), then with
        ``updates`` applied. A step done again by a restarted compute
        (:mod:`~minova.compute.manager.restart_moves`) finds its original
        message still queued; that one must do nothing."""
        if updates is not None:
            try:
                self._update(context, instance, updates,
                             expected_task_state=task_states)
                return True
            except (exception.UnexpectedTaskStateError,
                    exception.InstanceNotFound) as e:
                LOG.info('Step already done or ended: %s', e,
                         instance=instance)
                return False
        try:
            current = self.conductor_api.instance_get_by_uuid(context,
                                                              instance.uuid)
        except exception.InstanceNotFound:
            return ts.DELETING in task_states
        except exception.RPCPinnedToOldVersion:
            return True
        if current.task_state in (
                task_states if isinstance(task_states, tuple)
                else (task_states,)):
            return True
        LOG.info('Step already done or ended: the task is %s now',
                 current.task_state, instance=instance)
        return False

    def _resize_failed_on_dest(self, context, instance, migration, error,
                               event, exc_info, source_touched):
        """``prep_resize`` or ``finish_resize`` failed: free this host,
        record the fault, and put the server back on its source (at once
        if the source has not handed its guest over yet, else through
        ``finish_revert_resize``)."""
        LOG.exception('Resize failed on the destination %s', self.host,
                      instance=instance)
        fault = instance_fault.fault_values(error, host=self.host,
                                            exc_info=exc_info)
        try:
            with common.logged_and_reraised(
                    'Could not give back the destination', instance,
                    reraise=False):
                if source_touched:
                    self._give_back_destination(context, instance)
                else:
                    self.rt.drop_claim(instance.uuid)
                    self.rt.move_claim(migration.uuid, instance.uuid)
                    self.conductor_api.delete_allocation_for_instance(
                        context, instance.uuid)
                    self.conductor_api.move_allocations(
                        context, migration.uuid, instance.uuid)
            self.conductor_api.migration_update(context, migration.uuid,
                                                {'status': 'error'})
            migration.status = 'error'
            self._update(
                context, instance,
                {'task_state': ts.RESIZE_REVERTING if source_touched
                 else None},
                expected_task_state=(ts.RESIZE_PREP, ts.RESIZE_MIGRATED,
                                     ts.RESIZE_FINISH),
                fault=fault, event_finish=event.finish_values(
                    exc_info=exc_info))
        except common.DELETED:
            LOG.info('Instance was deleted meanwhile', instance=instance)
            return
        self._notify(context, 'instance.resize.error', instance, error=True,
                     message=fault['message'])
        if source_touched:
            self.compute_rpcapi.finish_revert_resize(context, instance,
                                                     migration)

    def _resize_failed_on_source(self, context, instance, migration, error,
                                 event, exc_info):
        """``resize_instance`` failed: the guest back as it was, the
        destination's claim released, the source's the instance's again."""
        LOG.exception('Resize failed on the source %s', self.host,
                      instance=instance)
        self._take_guest_back(context, instance, migration)
        self._resize_error(context, instance, migration, error, event,
                           exc_info, (ts.RESIZE_PREP, ts.RESIZE_MIGRATING),
                           vm_state=instance.vm_state)

    def _take_guest_back(self, context, instance, migration):
        """The source had not handed its guest over (a failure, or a
        restart, during ``resize_instance``): the guest as it was, with its
        volumes; the destination's claim released, the source's the
        instance's again."""
        with common.logged_and_reraised('Could not restore the source',
                                        instance, reraise=False):
            bdms, block_device_info = self._volumes_to_this_host(context,
                                                                 instance)
            self.driver.finish_revert_migration(
                context, instance, instance.network_info, migration,
                block_device_info=block_device_info,
                power_on=instance.vm_state != vm_states.STOPPED)
            self._complete_volume_attachments(context, bdms)
        if migration is None:
            return
        with common.logged_and_reraised('Could not give back the claims',
                                        instance, reraise=False):
            self.conductor_api.delete_allocation_for_instance(
                context, instance.uuid)
            self.conductor_api.move_allocations(context, migration.uuid,
                                                instance.uuid)

    def _resize_error(self, context, instance, migration, error, event,
                      exc_info, in_flight, vm_state=vm_states.ERROR):
        """Record a failed step: the migration in error, the instance in
        ``vm_state`` (ERROR where nothing can tell which copy is good)
        with a fault."""
        LOG.error('Resize step failed: %s', error, instance=instance)
        try:
            self.conductor_api.migration_update(context, migration.uuid,
                                                {'status': 'error'})
            self._update(
                context, instance,
                {'vm_state': vm_state, 'task_state': None,
                 'power_state': self._get_power_state(instance)},
                expected_task_state=in_flight,
                fault=instance_fault.fault_values(error, host=self.host,
                                                  exc_info=exc_info),
                event_finish=event.finish_values(exc_info=exc_info))
        except common.DELETED:
            LOG.info('Instance was deleted meanwhile', instance=instance)
        except Exception:
            LOG.exception('Could not record the failed resize step',
                          instance=instance)


def _without_old_vm_state(instance):
    """The instance's system_metadata without the resize's key, and the
    vm_state it had before the resize (active unless it was stopped)."""
    system_metadata = dict(instance.system_metadata or {})
    old = system_metadata.pop(_OLD_VM_STATE, None)
    if old is None:
        old = (instance.vm_state if instance.vm_state in
               (vm_states.ACTIVE, vm_states.STOPPED) else vm_states.ACTIVE)
    return system_metadata, old


def _resources(flavor):
    return {'VCPU': flavor.vcpus, 'MEMORY_MB': flavor.memory_mb,
            'DISK_GB': flavor.root_gb + flavor.ephemeral_gb +
            -(-flavor.swap // 1024)}
