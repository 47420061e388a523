"""Power actions and locks: stop, start, reboot, pause, unpause, suspend,
resume, lock, unlock.

Each power action is :func:`~minova.compute.api.states.start_action` (the
state check, the task_state and the instance action, in one commit) and a
cast to the server's compute, which does the work under the instance lock
and ends in a stable state. Lock and unlock are database writes only.
"""

from oslo_log import log as logging

from minova.compute.api import states
from minova import exception

LOG = logging.getLogger(__name__)

REBOOT_TYPES = ('SOFT', 'HARD')


class PowerMixin:
    """Power actions and locks (part of :class:`~minova.compute.api.API`)."""

    def stop(self, context, instance, clean_shutdown=True):
        """Power off (vm_state stopped); ``clean_shutdown`` asks the guest
        OS first, for ``[DEFAULT] shutdown_timeout`` seconds."""
        states.start_action(context, instance, 'stop')
        self.compute_rpcapi.stop_instance(context, instance,
                                          clean_shutdown=clean_shutdown)

    def start(self, context, instance):
        states.start_action(context, instance, 'start')
        self.compute_rpcapi.start_instance(context, instance)

    def reboot(self, context, instance, reboot_type):
        """``SOFT`` asks the guest OS (and falls back to ``HARD``, a power
        cycle, if it does not); only ``HARD`` works outside ACTIVE."""
        if reboot_type not in REBOOT_TYPES:
            raise exception.ValidationError(
                field='reboot.type',
                reason="%r is not one of 'SOFT', 'HARD'" % (reboot_type,))
        rule = 'reboot' if reboot_type == 'SOFT' else 'reboot_hard'
        states.start_action(context, instance, rule, record_as='reboot')
        self.compute_rpcapi.reboot_instance(context, instance,
                                            block_device_info=None,
                                            reboot_type=reboot_type)

    def pause(self, context, instance):
        states.start_action(context, instance, 'pause')
        self.compute_rpcapi.pause_instance(context, instance)

    def unpause(self, context, instance):
        states.start_action(context, instance, 'unpause')
        self.compute_rpcapi.unpause_instance(context, instance)

    def suspend(self, context, instance):
        states.start_action(context, instance, 'suspend')
        self.compute_rpcapi.suspend_instance(context, instance)

    def resume(self, context, instance):
        states.start_action(context, instance, 'resume')
        self.compute_rpcapi.resume_instance(context, instance)

    # -- locks -------------------------------------------------------------

    def lock(self, context, instance, reason=None):
        """Lock the server: its non-admin owner can no longer act on it
        (409) until it is unlocked; ``locked_by`` says who locked it."""
        locked_by = 'admin' if context.is_admin and \
            context.project_id != instance.project_id else 'owner'
        updates = {'locked': True, 'locked_by': locked_by}
        updates.update(_with_reason(instance, reason))
        states.start_action(context, instance, 'lock', updates=updates)
        LOG.info('Instance locked by %s', locked_by, instance=instance)

    def unlock(self, context, instance):
        """Unlock; an owner may not unlock what an admin locked (403)."""
        if instance.locked and instance.locked_by == 'admin' and \
                not context.is_admin:
            raise exception.Forbidden(
                'Instance %s was locked by an administrator; only an '
                'administrator can unlock it' % instance.uuid)
        updates = {'locked': False, 'locked_by': None}
        updates.update(_with_reason(instance, None))
        states.start_action(context, instance, 'unlock', updates=updates)
        LOG.info('Instance unlocked', instance=instance)


def _with_reason(instance, reason):
    """The system_metadata update that sets (or drops) the lock's reason;
    none when it would not change, so that a lock does not write back a
    copy of system_metadata that a compute may be changing (shelve)."""
    if (instance.system_metadata or {}).get('locked_reason') == reason:
        return {}
    system_metadata = dict(instance.system_metadata or {})
    system_metadata.pop('locked_reason', None)
    if reason:
        system_metadata['locked_reason'] = reason
    return {'system_metadata': system_metadata}
