"""Power actions: stop, start, reboot, pause, unpause, suspend, resume.

Each is cast by the api once the instance is in its task_state (see
:mod:`minova.compute.api.states`) and runs in
:meth:`~minova.compute.manager.ComputeManager._instance_action`.
"""

from oslo_log import log as logging

from minova.compute import task_states
from minova.compute import vm_states

LOG = logging.getLogger(__name__)

# Seconds between two ACPI shutdown requests of a clean power off (Nova's).
SHUTDOWN_RETRY_INTERVAL = 10


class PowerMixin:
    """Power actions (part of :class:`~minova.compute.manager.ComputeManager`)."""

    def stop_instance(self, context, instance, clean_shutdown=True):
        with self._instance_action(context, instance, 'stop_instance',
                                   'power_off',
                                   task_states.POWERING_OFF) as event:
            self._power_off_instance(instance, clean_shutdown)
            self._finish_action(
                context, instance, event,
                {'vm_state': vm_states.STOPPED,
                 'power_state': self._get_power_state(instance)},
                task_states.POWERING_OFF)

    def _power_off_instance(self, instance, clean_shutdown=True):
        """Power off; a clean shutdown waits up to ``[DEFAULT]
        shutdown_timeout`` seconds (or the image's os_shutdown_timeout)
        for the guest OS before pulling the plug."""
        timeout, interval = 0, 0
        if clean_shutdown:
            timeout = self.conf.shutdown_timeout
            image_timeout = (instance.system_metadata or {}).get(
                'image_os_shutdown_timeout')
            if image_timeout:
                timeout = int(image_timeout)
            interval = SHUTDOWN_RETRY_INTERVAL
        self.driver.power_off(instance, timeout, interval)

    def start_instance(self, context, instance):
        with self._instance_action(context, instance, 'start_instance',
                                   'power_on',
                                   task_states.POWERING_ON) as event:
            self.driver.power_on(context, instance, instance.network_info,
                                 block_device_info=None)
            self._to_active(context, instance, event,
                            task_states.POWERING_ON)

    def reboot_instance(self, context, instance, block_device_info=None,
                        reboot_type='SOFT'):
        """SOFT asks the guest OS (the driver falls back to HARD when it
        does not); HARD power-cycles, from any resting vm_state."""
        in_flight = (task_states.REBOOTING, task_states.REBOOTING_HARD)
        with self._instance_action(context, instance, 'reboot_instance',
                                   'reboot', in_flight) as event:
            self.driver.reboot(context, instance, instance.network_info,
                               reboot_type,
                               block_device_info=block_device_info)
            self._to_active(context, instance, event, in_flight)

    def pause_instance(self, context, instance):
        with self._instance_action(context, instance, 'pause_instance',
                                   'pause', task_states.PAUSING) as event:
            self.driver.pause(instance)
            self._finish_action(
                context, instance, event,
                {'vm_state': vm_states.PAUSED,
                 'power_state': self._get_power_state(instance)},
                task_states.PAUSING)

    def unpause_instance(self, context, instance):
        with self._instance_action(context, instance, 'unpause_instance',
                                   'unpause',
                                   task_states.UNPAUSING) as event:
            self.driver.unpause(instance)
            self._to_active(context, instance, event,
                            task_states.UNPAUSING)

    def suspend_instance(self, context, instance):
        with self._instance_action(context, instance, 'suspend_instance',
                                   'suspend',
                                   task_states.SUSPENDING) as event:
            self.driver.suspend(context, instance)
            self._finish_action(
                context, instance, event,
                {'vm_state': vm_states.SUSPENDED,
                 'power_state': self._get_power_state(instance)},
                task_states.SUSPENDING)

    def resume_instance(self, context, instance):
        with self._instance_action(context, instance, 'resume_instance',
                                   'resume', task_states.RESUMING) as event:
            self.driver.resume(context, instance, instance.network_info,
                               block_device_info=None)
            self._to_active(context, instance, event, task_states.RESUMING)

    def _to_active(self, context, instance, event, in_flight):
        self._finish_action(
            context, instance, event,
            {'vm_state': vm_states.ACTIVE,
             'power_state': self._get_power_state(instance)}, in_flight)
