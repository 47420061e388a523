"""Which server actions are allowed in which states: one table.

Nova scatters these rules over ``check_instance_state`` decorators; minova
keeps them here, one line per action, so that the whole state machine
reads in one screen. :func:`start_action` applies a line: lock, vm_state
and task_state checks (409 naming what refused, nothing written), then the
new task_state as a conditional update in one commit with the instance
action, so that of two racing actions one wins and the other gets 409.
"""

import collections

from minova.compute import task_states as ts
from minova.compute import vm_states as vm
from minova import exception
from minova.objects import instance as instance_obj
from minova.objects import instance_action

Rule = collections.namedtuple('Rule', [
    'vm_states',      # where the action may start
    'task_states',    # the task_states it may interrupt (None: no task)
    'task_state',     # the task_state it sets (None: sets none)
    'check_lock',     # whether a lock stops a non-admin
    'on_host',        # whether it needs the guest on its host
])

_RESTING = (vm.ACTIVE, vm.STOPPED, vm.PAUSED, vm.SUSPENDED)

#: action (as recorded in os-instance-actions) -> its Rule.
ACTIONS = {
    'stop': Rule((vm.ACTIVE, vm.ERROR), (None,), ts.POWERING_OFF, True,
                 True),
    'start': Rule((vm.STOPPED,), (None,), ts.POWERING_ON, True, True),
    'reboot': Rule((vm.ACTIVE,), (None,), ts.REBOOTING, True, True),
    # A hard reboot also rescues a server stuck in a soft one.
    'reboot_hard': Rule(
        (vm.ACTIVE, vm.STOPPED, vm.PAUSED, vm.SUSPENDED, vm.ERROR),
        (None, ts.REBOOTING, ts.PAUSING, ts.UNPAUSING, ts.SUSPENDING,
         ts.RESUMING), ts.REBOOTING_HARD, True, True),
    'pause': Rule((vm.ACTIVE,), (None,), ts.PAUSING, True, True),
    'unpause': Rule((vm.PAUSED,), (None,), ts.UNPAUSING, True, True),
    'suspend': Rule((vm.ACTIVE,), (None,), ts.SUSPENDING, True, True),
    'resume': Rule((vm.SUSPENDED,), (None,), ts.RESUMING, True, True),
    # Lock and unlock work in any state, with a task in flight too.
    'lock': Rule(None, None, None, False, False),
    'unlock': Rule(None, None, None, False, False),
    'createImage': Rule(_RESTING, (None,), ts.IMAGE_SNAPSHOT, False,
                        True),
    'shelve': Rule(_RESTING, (None,), ts.SHELVING, True, True),
    'shelveOffload': Rule((vm.SHELVED,), (None,), ts.SHELVING_OFFLOADING,
                          True, True),
    'unshelve': Rule((vm.SHELVED, vm.SHELVED_OFFLOADED), (None,),
                     ts.UNSHELVING, True, False),
    # Volumes: no task_state (as in Nova); the compute's instance lock
    # orders them with the rest.
    'attach_volume': Rule(_RESTING, (None,), None, True, True),
    'detach_volume': Rule(_RESTING, (None,), None, True, True),
    # The data is copied by the running guest's hypervisor.
    'swap_volume': Rule((vm.ACTIVE, vm.PAUSED), (None,), None, True, True),
    # Rebuild: a new guest from an image on the same host; evacuate: the
    # same on another host, for a server whose host is down (its guest may
    # be gone, so no on_host check of its own: see API.evacuate).
    'rebuild': Rule((vm.ACTIVE, vm.STOPPED, vm.ERROR), (None,),
                    ts.REBUILDING, True, True),
    'evacuate': Rule((vm.ACTIVE, vm.STOPPED, vm.ERROR), (None,),
                     ts.REBUILDING, False, True),
    # A resize (or cold migration) moves a running or stopped guest; the
    # server then waits in vm_state resized for its confirm or revert.
    'resize': Rule((vm.ACTIVE, vm.STOPPED), (None,), ts.RESIZE_PREP, True,
                   True),
    'migrate': Rule((vm.ACTIVE, vm.STOPPED), (None,), ts.RESIZE_PREP, True,
                    True),
    'confirmResize': Rule((vm.RESIZED,), (None,), ts.RESIZE_CONFIRMING,
                          True, True),
    'revertResize': Rule((vm.RESIZED,), (None,), ts.RESIZE_REVERTING, True,
                         True),
}

#: The name a refused action has in its 409 (Nova's method names).
_SHOWN_AS = {'reboot_hard': 'reboot', 'createImage': 'snapshot',
             'shelveOffload': 'shelve_offload',
             'confirmResize': 'confirmResize', 'revertResize': 'revertResize'}


def shown_as(action):
    """The name ``action`` has in a 409."""
    return _SHOWN_AS.get(action, action)


def check(context, instance, action):
    """Raise 409 if ``instance`` may not ``action`` now: locked (for a
    non-admin), or in a vm_state or task_state the action's rule refuses."""
    rule = ACTIONS[action]
    shown = shown_as(action)
    if rule.check_lock and instance.locked and not context.is_admin:
        raise exception.InstanceIsLocked(instance_uuid=instance.uuid)
    if rule.vm_states is not None and \
            instance.vm_state not in rule.vm_states:
        raise exception.InstanceInvalidState(
            action=shown, instance_uuid=instance.uuid, attr='vm_state',
            state=instance.vm_state)
    if rule.task_states is not None and \
            instance.task_state not in rule.task_states:
        raise exception.InstanceInvalidState(
            action=shown, instance_uuid=instance.uuid, attr='task_state',
            state=instance.task_state)
    if rule.on_host and not instance.host:
        raise exception.Conflict(reason=(
            "Cannot '%s' instance %s while it has no host (it never "
            "reached one, or lost it in ERROR): delete it and create it "
            "again" % (shown, instance.uuid)))


def start_action(context, instance, action, updates=None, record_as=None):
    """Check ``action`` (:func:`check`), then in one commit: set its
    task_state (and ``updates``) if the instance is still in a state the
    rule allows, and record the instance action (``record_as``, default
    ``action``). Returns the InstanceAction.

    A concurrent action that got there first makes this 409 (Nova's
    "Conflict updating instance"), having written nothing.
    """
    check(context, instance, action)
    rule = ACTIONS[action]
    if rule.task_state is not None:
        instance.task_state = rule.task_state
    for name, value in (updates or {}).items():
        setattr(instance, name, value)
    with instance_obj.writer() as s:
        instance.save(expected_task_state=rule.task_states,
                      expected_vm_state=rule.vm_states, session=s)
        return instance_action.InstanceAction.action_start(
            context, instance.uuid, record_as or action, session=s)
