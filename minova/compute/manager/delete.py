"""Delete: ``terminate_instance``."""

import sys

from oslo_log import log as logging

from minova.compute import vm_states
from minova.objects import instance_action
from minova.objects import instance_fault

LOG = logging.getLogger(__name__)

TERMINATE_EVENT = 'compute_terminate_instance'


class DeleteMixin:
    """The delete (part of :class:`~minova.compute.manager.ComputeManager`)."""

    def terminate_instance(self, context, instance, bdms):
        """Cast from the api: destroy the guest, then one conductor call
        releases its addresses and claim and soft-deletes the instance."""
        with self._instance_lock(instance.uuid):
            self._delete_instance(context, instance, bdms or [])

    def _delete_instance(self, context, instance, bdms):
        instance.name_template = self.conf.instance_name_template
        LOG.info('Terminating instance', instance=instance)
        with instance_action.EventReporter(
                context, self.conductor_api, TERMINATE_EVENT, self.host,
                instance.uuid, defer_start=True) as event:
            self._notify(context, 'instance.delete.start', instance)
            try:
                self._shutdown_instance(context, instance, bdms)
                # The addresses go in the same call.
                self.conductor_api.instance_destroy(
                    context, instance, event_finish=event.finish_values())
            except Exception as e:
                self._set_delete_error(context, instance, e)
                raise
            event.finished()
        self.rt.drop_claim(instance.uuid)
        instance.vm_state = vm_states.DELETED
        instance.task_state = None
        self._notify(context, 'instance.delete.end', instance)
        LOG.info('Instance deleted', instance=instance)

    def _shutdown_instance(self, context, instance, bdms):
        network_info = instance.get('network_info', None) or []
        self.driver.destroy(
            context, instance, network_info,
            block_device_info=self._get_instance_block_device_info(
                context, instance, bdms))
        self._cleanup_volumes(context, instance, bdms)

    def _set_delete_error(self, context, instance, error):
        """The delete failed: ERROR with a fault, so that the user sees why
        and can delete again."""
        try:
            self.conductor_api.instance_update(
                context, instance.uuid,
                {'vm_state': vm_states.ERROR, 'task_state': None},
                fault=instance_fault.fault_values(
                    error, host=self.host, exc_info=sys.exc_info()))
        except Exception:
            LOG.exception('Could not record the failed delete',
                          instance=instance)
