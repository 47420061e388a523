"""Restart recovery: a compute that starts ends what its previous run left
half done (Nova's ``_init_instance``), so that no instance stays in flight.

==============================  ==========================================
the instance was left in        at start
==============================  ==========================================
task_state deleting             the delete is done again
vm_state building               ERROR with a fault; guest, addresses and
                                claim freed
a power action (powering-off,   no task, the power state the driver
powering-on, rebooting(_hard),  reports, the vm_state the action was going
pausing, unpausing,             to if the guest shows it got there
suspending, resuming)           (:data:`REACHED`), else the one it had;
                                a fault
a createImage or shelve step    no task, a fault; the snapshot image it
                                was writing stays queued (see below)
a rebuild step (rebuilding,     no task, the vm_state it had, a fault:
rebuild_block_device_mapping,   the user rebuilds again (its guest may be
rebuild_spawning)               gone: power state 0)
shelving_offloading, guest      the offload is finished: shelved_offloaded,
gone                            host and claim freed
unshelving (offloaded)          guest destroyed, host and claim given
                                back: shelved_offloaded, a fault
resize_migrating (this host is  the guest back here with its volumes
the source handing it over)     (``finish_revert_migration``), the
                                destination's claim released and this
                                host's the instance's again, the migration
                                ``error``; ACTIVE (or SHUTOFF), a fault
                                (as Nova)
another step of a resize or     see :mod:`.restart_moves`
migration through this host
a guest whose instance was      the guest is destroyed
deleted meanwhile
a guest whose instance was      the guest is destroyed and what the
evacuated to another host       instance held here is given back (once:
                                its host's allocations only)
==============================  ==========================================

Nova retries an interrupted stop, start or reboot when it starts; minova
does not redo an action behind its user's back: the fault says what was
interrupted, by the restart of which host, and that the action can be
tried again (no task is left in flight, so the allowed-states table lets
it). The queued image of an interrupted snapshot is not deleted here (a
compute has no image id for it): the user deletes it, or it is replaced
by the next try's.
"""

from oslo_log import log as logging

from minova.compute import power_state as ps
from minova.compute import task_states as ts
from minova.compute import vm_states as vm
from minova import exception
from minova.objects import instance as instance_obj
from minova.objects import instance_fault

LOG = logging.getLogger(__name__)

#: (interrupted task_state, the guest's power state) -> the vm_state the
#: action had reached. Nova makes a reboot, pause or unpause whose guest
#: runs active; minova says the same of each action that shows its goal.
REACHED = {
    (ts.POWERING_OFF, ps.SHUTDOWN): vm.STOPPED,
    (ts.POWERING_ON, ps.RUNNING): vm.ACTIVE,
    (ts.REBOOTING, ps.RUNNING): vm.ACTIVE,
    (ts.REBOOTING_HARD, ps.RUNNING): vm.ACTIVE,
    (ts.PAUSING, ps.PAUSED): vm.PAUSED,
    (ts.UNPAUSING, ps.RUNNING): vm.ACTIVE,
    (ts.SUSPENDING, ps.SUSPENDED): vm.SUSPENDED,
    (ts.RESUMING, ps.RUNNING): vm.ACTIVE,
}

# The steps that were writing a snapshot image.
_IMAGE_STATES = (ts.IMAGE_SNAPSHOT, ts.IMAGE_PENDING_UPLOAD,
                 ts.IMAGE_UPLOADING, ts.SHELVING,
                 ts.SHELVING_IMAGE_UPLOADING)


class RestartMixin:
    """Restart recovery (part of
    :class:`~minova.compute.manager.ComputeManager`)."""

    def _init_instances(self, context):
        """Bring every instance of this host to a stable state (one that
        fails to is logged; the others still are)."""
        try:
            instances = self.conductor_api.instance_get_all_by_host(
                context, self.host)
        except Exception as e:
            LOG.warning('Could not check the instances of %s at start: %s',
                        self.host, e)
            return
        for instance in instances:
            instance.name_template = self.conf.instance_name_template
            try:
                self._init_instance(context, instance)
            except Exception:
                LOG.exception('Could not recover the instance',
                              instance=instance)
        self._init_moves(context)
        self._destroy_deleted_guests(context, instances)

    def _destroy_evacuated_instances(self, context, unknown):
        """Destroy the guests of instances evacuated from this host while
        it was down, and give back what they held here, their guest here
        or not (Nova's name). Only those the conductor says were evacuated
        from here (by their ``evacuation`` migrations, which then end
        ``completed``): another compute's guests on a shared hypervisor
        are left alone, and so are guests (``unknown``: of no instance of
        this host) of other instances."""
        try:
            try:
                evacuated = self.conductor_api.instances_evacuated_from(
                    context, self.host)
            except exception.RPCPinnedToOldVersion:
                evacuated = (self.conductor_api.instances_evacuated_from(
                    context, self.host, unknown) if unknown else [])
        except Exception as e:
            LOG.warning('Could not look for evacuated instances: %s', e)
            return
        for uuid in evacuated:
            LOG.warning('Cleaning up after instance %s, evacuated from %s '
                        'to another host', uuid, self.host)
            try:
                if uuid in unknown:
                    self.driver.destroy(context, instance_obj.Instance(
                        uuid=uuid))
                self.rt.drop_claim(uuid)
                self.conductor_api.delete_allocation_for_evacuated_instance(
                    context, uuid, self.host)
            except Exception:
                LOG.exception('Could not clean up evacuated instance %s',
                              uuid)

    def _destroy_deleted_guests(self, context, instances):
        """Destroy the guests of instances deleted while this compute was
        down (the api deleted them without it). A guest minova knows
        nothing of is left alone: the hypervisor may be shared."""
        live = {instance.uuid for instance in instances}
        try:
            unknown = [uuid for uuid in self.driver.list_instance_uuids()
                       if uuid not in live]
            deleted = (self.conductor_api.instance_uuids_deleted(
                context, unknown) if unknown else [])
        except Exception as e:
            LOG.warning('Could not look for the guests of deleted '
                        'instances: %s', e)
            return
        self._destroy_evacuated_instances(
            context, [uuid for uuid in unknown if uuid not in deleted])
        for uuid in deleted:
            LOG.warning('Destroying the guest of deleted instance %s', uuid)
            try:
                self.driver.destroy(context, instance_obj.Instance(
                    uuid=uuid))
            except Exception:
                LOG.exception('Could not destroy the guest of deleted '
                              'instance %s', uuid)

    def _init_instance(self, context, instance):
        task_state = instance.task_state
        if task_state == ts.DELETING:
            self._delete_instance(context, instance, [])
        elif instance.vm_state == vm.BUILDING:
            self._abort_interrupted_build(context, instance)
        elif task_state == ts.UNSHELVING and \
                instance.vm_state == vm.SHELVED_OFFLOADED:
            self._abort_interrupted_unshelve(context, instance)
        elif task_state == ts.RESIZE_MIGRATING:
            self._revert_interrupted_resize(context, instance)
        elif task_state in ts.ACTION_STATES:
            self._end_interrupted_action(context, instance)

    def _abort_interrupted_build(self, context, instance):
        LOG.warning('The build was interrupted by a restart of %s',
                    self.host, instance=instance)
        self.driver.destroy(context, instance)
        self.conductor_api.deallocate_for_instance(context, instance)
        self.conductor_api.delete_allocation_for_instance(context,
                                                          instance.uuid)
        error = exception.BuildAbortException(
            instance_uuid=instance.uuid,
            reason='the compute service on %s restarted during the build; '
                   'delete the server and create it again' % self.host)
        self.conductor_api.instance_update(
            context, instance.uuid,
            {'vm_state': vm.ERROR, 'task_state': None, 'host': None,
             'node': None},
            expected_task_state=instance.task_state,
            fault=instance_fault.fault_values(error, host=self.host))

    def _end_interrupted_action(self, context, instance):
        task_state, vm_state = instance.task_state, instance.vm_state
        LOG.warning('%s was interrupted by a restart of %s', task_state,
                    self.host, instance=instance)
        seen = self._get_power_state(instance)
        if (task_state, vm_state, seen) == (
                ts.SHELVING_OFFLOADING, vm.SHELVED, ps.NOSTATE):
            self._finish_interrupted_offload(context, instance)
            return
        updates = {'task_state': None, 'power_state': seen}
        reached = REACHED.get((task_state, seen))
        if reached:
            updates['vm_state'] = reached
            reason = 'its guest had got there; the server is %s' % reached
        else:
            reason = 'the server stays %s (its guest is %s): try again' % (
                vm_state, ps.STATE_MAP.get(seen, seen))
        if task_state in _IMAGE_STATES:
            reason += '; delete its queued snapshot image'
        # (A fault message is cut at 255 characters: keep these short.)
        self._update(context, instance, updates,
                     expected_task_state=task_state,
                     fault=self._interrupted_fault(instance, reason))

    def _revert_interrupted_resize(self, context, instance):
        """This source was handing the guest over (Nova rolls it back):
        the guest starts here again with its volumes, the destination's
        claim goes and this host's is the instance's again, the migration
        is in error; the server stays ACTIVE (or SHUTOFF) with a fault."""
        LOG.warning('The resize was interrupted by a restart of %s',
                    self.host, instance=instance)
        migration = self.conductor_api.migration_get_in_progress_by_instance(
            context, instance.uuid)
        self._take_guest_back(context, instance, migration)
        if migration is not None:
            self.conductor_api.migration_update(context, migration.uuid,
                                                {'status': 'error'})
        self._update(context, instance,
                     {'task_state': None,
                      'power_state': self._get_power_state(instance)},
                     expected_task_state=ts.RESIZE_MIGRATING,
                     fault=self._interrupted_fault(
                         instance, 'the server stays on %s: resize it '
                                   'again' % self.host))

    def _finish_interrupted_offload(self, context, instance):
        """The guest was destroyed already: free what remains of it."""
        self.conductor_api.delete_allocation_for_instance(context,
                                                          instance.uuid)
        self.rt.drop_claim(instance.uuid)
        self._update(context, instance,
                     {'vm_state': vm.SHELVED_OFFLOADED, 'task_state': None,
                      'power_state': ps.NOSTATE, 'host': None,
                      'node': None},
                     expected_task_state=ts.SHELVING_OFFLOADING)
        LOG.info('Offload finished after a restart of %s', self.host,
                 instance=instance)

    def _abort_interrupted_unshelve(self, context, instance):
        """Give back what the unshelve took here: the user unshelves again
        (the conductor schedules it anew)."""
        LOG.warning('The unshelve was interrupted by a restart of %s',
                    self.host, instance=instance)
        self.driver.destroy(context, instance, instance.network_info)
        self.conductor_api.delete_allocation_for_instance(context,
                                                          instance.uuid)
        self.rt.drop_claim(instance.uuid)
        self._update(context, instance,
                     {'task_state': None, 'power_state': ps.NOSTATE,
                      'host': None, 'node': None},
                     expected_task_state=ts.UNSHELVING,
                     fault=self._interrupted_fault(
                         instance, 'the server stays shelved_offloaded: '
                                   'unshelve it again'))

    def _interrupted_fault(self, instance, reason):
        return instance_fault.fault_values(exception.ActionInterrupted(
            task_state=instance.task_state, instance_uuid=instance.uuid,
            host=self.host, reason=reason), host=self.host)
