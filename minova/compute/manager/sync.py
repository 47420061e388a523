"""The power state sync: what the hypervisor says wins.

Every ``[DEFAULT] sync_power_state_interval`` seconds (and once when the
compute starts, as Nova's ``run_immediately``) ``_sync_power_states``
compares each instance of this host that has no task in flight with its
guest. The power state the driver reports is always stored; the vm_state
follows Nova's ``_sync_instance_power_state``:

============  ========================  =================================
vm_state      the guest is              then
============  ========================  =================================
active        shutdown or crashed       stopped
active        suspended                 powered off, stopped
active        paused                    recorded only (Nova: an outside
                                        tool may pause a guest briefly)
stopped       running, paused,          powered off, stays stopped
              suspended
paused        shutdown or crashed       stopped
active,       gone (NOSTATE)            vm_state kept, power state 0 and
stopped,                                one fault: delete the server and
paused,                                 create it again
suspended
others        anything                  recorded only
============  ========================  =================================

A vanished guest keeps its vm_state because Nova keeps it (a hypervisor
that restarts may not list its guests for a while; the next round stores
the power state it reports again); minova adds the fault so that the
user learns why the server does not run, written once: the next rounds
see power state 0 already stored. Nova's libvirt driver creates a lost
domain again on a hard reboot; minova's drivers do not (their reboot
needs the guest), so the fault tells to delete the server.

Nova calls its stop API for the stops; a compute has no database and no
way to record an instance action, so minova writes the new state and the
fault through the conductor and records no action (nobody asked for one).
The guest is powered off at once, not cleanly: the sync runs in the
service's timer thread and must not wait ``shutdown_timeout`` on a guest
OS. minova does not listen to the hypervisor's life-cycle events (Nova's
``handle_lifecycle_event``): this periodic sync is how it learns.

Never fight an action: an instance with a task_state is skipped, the
instance lock is only tried (an action holding it is left alone, the next
round looks again), and every write is conditional on no task and the
vm_state seen. Before the driver is asked to power a guest off, one such
write stores the power state seen: the listing may be older than an
action that ran since, and a start that won must not be undone.
"""

from oslo_concurrency import lockutils
from oslo_log import log as logging

from minova.compute import power_state
from minova.compute import vm_states
from minova import exception
from minova import manager
from minova.objects import instance_fault

LOG = logging.getLogger(__name__)

_OFF = (power_state.SHUTDOWN, power_state.CRASHED)
# The vm_states whose guest must exist (a fault when it is gone).
_WITH_GUEST = (vm_states.ACTIVE, vm_states.STOPPED, vm_states.PAUSED,
               vm_states.SUSPENDED)


def decide(vm_state, seen):
    """Nova's decision for an instance in ``vm_state`` whose guest is in
    power state ``seen``: (the vm_state it ends in, whether the guest is
    powered off first)."""
    if vm_state == vm_states.ACTIVE:
        if seen in _OFF:
            return vm_states.STOPPED, False
        if seen == power_state.SUSPENDED:
            return vm_states.STOPPED, True
    elif vm_state == vm_states.STOPPED:
        if seen not in _OFF + (power_state.NOSTATE,):
            return vm_states.STOPPED, True
    elif vm_state == vm_states.PAUSED:
        if seen in _OFF:
            return vm_states.STOPPED, False
    return vm_state, False


class SyncMixin:
    """The sync (part of :class:`~minova.compute.manager.ComputeManager`)."""

    @manager.periodic_task(spacing='sync_power_state_interval',
                           run_immediately=True)
    def _sync_power_states(self, context):
        for instance in self.conductor_api.instance_get_all_by_host(
                context, self.host):
            if instance.task_state is not None:
                continue  # its action stores the state it ends in
            instance.name_template = self.conf.instance_name_template
            try:
                with self._instance_lock(instance.uuid, blocking=False):
                    self._sync_instance_power_state(context, instance)
            except lockutils.AcquireLockFailedException:
                LOG.debug('An action holds the instance: synced next time',
                          instance=instance)
            except (exception.Conflict, exception.InstanceNotFound) as e:
                # An action or a delete came first: it knows better.
                LOG.debug('Not synced: %s', e, instance=instance)
            except Exception:
                LOG.exception('Could not sync the power state',
                              instance=instance)

    def _sync_instance_power_state(self, context, instance):
        """Align one instance (under its lock) with its guest."""
        seen = self._get_power_state(instance)
        vm_state = instance.vm_state
        if seen == power_state.NOSTATE and vm_state in _WITH_GUEST:
            if instance.power_state != power_state.NOSTATE:
                self._report_vanished_guest(context, instance)
            return
        new_vm_state, power_off = decide(vm_state, seen)
        shown = power_state.STATE_MAP.get(seen, seen)
        if power_off:
            LOG.warning('The guest is %s while the server is %s: powering '
                        'it off, the server is %s', shown, vm_state,
                        new_vm_state, instance=instance)
            # Fails if an action changed the instance since the listing.
            self._update_if_unchanged(context, instance, vm_state,
                                      {'power_state': seen})
            self.driver.power_off(instance)
            seen = self._get_power_state(instance)
        elif new_vm_state != vm_state:
            LOG.warning('The guest is %s: the server becomes %s', shown,
                        new_vm_state, instance=instance)
        elif vm_state == vm_states.ACTIVE and seen == power_state.PAUSED:
            LOG.warning('The guest is paused unexpectedly; left so',
                        instance=instance)
        updates = {}
        if new_vm_state != vm_state:
            updates['vm_state'] = new_vm_state
        if seen != instance.power_state:
            updates['power_state'] = seen
        if updates:
            self._update_if_unchanged(context, instance, vm_state, updates)

    def _report_vanished_guest(self, context, instance):
        LOG.warning('The guest is gone from the hypervisor',
                    instance=instance)
        error = exception.InstanceNotFound(instance_id=instance.uuid)
        self._update_if_unchanged(
            context, instance, instance.vm_state,
            {'power_state': power_state.NOSTATE},
            fault=instance_fault.fault_values(error, host=self.host, message=(
                'The guest of instance %s is gone from the hypervisor on '
                '%s: delete the server and create it again' % (
                    instance.uuid, self.host))))

    def _update_if_unchanged(self, context, instance, vm_state, updates,
                             **kwargs):
        """Write ``updates`` only if no task is in flight and the instance
        is still in ``vm_state`` (else a Conflict, nothing written)."""
        self._update(context, instance, updates, expected_task_state=[None],
                     expected_vm_state=vm_state, **kwargs)
