"""The power state sync: what the hypervisor says wins.

Every ``[DEFAULT] sync_power_state_interval`` seconds the compute compares
each of its instances at rest (no task in flight) with its guest, Nova's
``_sync_power_states``. The decisions, by vm_state and the guest's power
state, are Nova's:

==================  =========================  ============================
vm_state            guest                      then
==================  =========================  ============================
active              shutdown or crashed        vm_state stopped
active              suspended                  powered off, stopped
stopped             running, paused...         powered off (stays stopped)
paused              shutdown or crashed        vm_state stopped
any of these        gone from the hypervisor   power_state 0 and a fault
                                               (vm_state kept, as Nova)
others              anything                   power_state recorded only
==================  =========================  ============================

Nova calls its stop API for these; a compute has no database, so minova
records the new state through the conductor (no instance action: nobody
asked) with the vm_state it saw as the condition, so a user's action that
started meanwhile always wins. A vanished guest keeps its vm_state, as in
Nova; the fault says what to do (delete the server, or hard reboot it).
"""

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


class SyncMixin:
    """The sync (part of :class:`~minova.compute.manager.ComputeManager`)."""

    @manager.periodic_task(spacing='sync_power_state_interval')
    def _sync_power_states(self, context):
        for instance in self.conductor_api.instance_get_all_by_host(
                context, self.host):
            if instance.task_state is not None:
                continue
            instance.name_template = self.conf.instance_name_template
            with self._instance_lock(instance.uuid):
                try:
                    self._sync_instance_power_state(context, instance)
                except (exception.Conflict, exception.InstanceNotFound) as e:
                    # An action or a delete came first: it knows better.
                    LOG.debug('Not synced: %s', e, instance=instance)
                except Exception:
                    LOG.exception('Could not sync the power state',
                                  instance=instance)

    def _sync_instance_power_state(self, context, instance):
        seen = self._get_power_state(instance)
        vm_state = instance.vm_state
        updates = {'power_state': seen}
        fault = None
        if seen == power_state.NOSTATE and vm_state in _WITH_GUEST:
            if instance.power_state == power_state.NOSTATE:
                return  # reported already
            LOG.warning('The guest is gone from the hypervisor',
                        instance=instance)
            fault = instance_fault.fault_values(exception.InstanceNotFound(
                instance_id=instance.uuid), host=self.host, message=(
                'The guest of instance %s is gone from the hypervisor on '
                '%s: delete the server, or hard reboot it to create its '
                'guest again' % (instance.uuid, self.host)))
        elif vm_state == vm_states.ACTIVE and seen in _OFF:
            LOG.warning('The guest shut down by itself', instance=instance)
            updates['vm_state'] = vm_states.STOPPED
        elif vm_state == vm_states.ACTIVE and \
                seen == power_state.SUSPENDED:
            LOG.warning('The guest is suspended unexpectedly; stopping it',
                        instance=instance)
            self.driver.power_off(instance)
            updates.update(vm_state=vm_states.STOPPED,
                           power_state=self._get_power_state(instance))
        elif vm_state == vm_states.STOPPED and seen not in _OFF:
            LOG.warning('The guest is not stopped; stopping it',
                        instance=instance)
            self.driver.power_off(instance)
            updates['power_state'] = self._get_power_state(instance)
        elif vm_state == vm_states.PAUSED and seen in _OFF:
            LOG.warning('The paused guest shut down', instance=instance)
            updates['vm_state'] = vm_states.STOPPED
        elif seen == instance.power_state:
            return
        self._update(context, instance, updates, expected_task_state=[None],
                     expected_vm_state=vm_state, fault=fault)
