"""Swap volume on the compute (``PUT
/servers/{id}/os-volume_attachments/{volume_id}``, Nova's 2.1 meaning).

``swap_volume`` (a cast; the api made the new volume's attachment) ->
``_swap_volume``: this host's connector on the new attachment
(``attachment_update``: its ``connection_info``) -> the virt driver's
``swap_volume`` (the hypervisor copies the data while the guest runs, then
the disk points at the new volume) -> the mapping names the new volume ->
``attachment_complete`` (new volume in-use) -> ``attachment_delete`` of
the old one (available). A failure before the driver finished deletes the
new attachment and leaves the old volume where it was.
"""

import sys

from oslo_log import log as logging
from oslo_serialization import jsonutils

from minova.compute.manager import common
from minova import exception
from minova.virt import block_device as driver_block_device

LOG = logging.getLogger(__name__)


class SwapVolumeMixin:
    """Swap (part of :class:`~minova.compute.manager.ComputeManager`)."""

    def swap_volume(self, context, instance, old_volume_id, new_volume_id,
                    new_attachment_id):
        """Cast from the api: move the guest's disk of ``old_volume_id``
        onto ``new_volume_id``."""
        instance.name_template = self.conf.instance_name_template
        with self._instance_lock(instance.uuid):
            event = self._new_event(context, instance, 'swap_volume')
            self._notify(context, 'instance.volume_swap.start', instance,
                         old_volume_id=old_volume_id,
                         new_volume_id=new_volume_id)
            try:
                self._swap_volume(context, instance, old_volume_id,
                                  new_volume_id, new_attachment_id)
            except Exception as e:
                exc_info = sys.exc_info()
                LOG.error('Swapping volume %s for %s failed: %s',
                          old_volume_id, new_volume_id, e,
                          instance=instance, exc_info=exc_info)
                with common.logged_and_reraised(
                        'Rolling back the swap failed', instance,
                        reraise=False):
                    self.volume_api.attachment_delete(context,
                                                      new_attachment_id)
                self._record_volume_failure(context, instance, e, event,
                                            exc_info)
                self._notify(context, 'instance.volume_swap.error',
                             instance, error=True, message=str(e),
                             old_volume_id=old_volume_id,
                             new_volume_id=new_volume_id)
                return
            self.conductor_api.action_event_start(context,
                                                  event.finish_values())
            self._notify(context, 'instance.volume_swap.end', instance,
                         old_volume_id=old_volume_id,
                         new_volume_id=new_volume_id)

    def _swap_volume(self, context, instance, old_volume_id, new_volume_id,
                     new_attachment_id):
        bdm = next((bdm for bdm in
                    self.conductor_api.block_device_mapping_get_all_by_instance(
                        context, instance.uuid)
                    if bdm.is_volume and bdm.volume_id == old_volume_id),
                   None)
        if bdm is None:
            raise exception.VolumeAttachmentNotFound(
                attachment_id='of volume %s to server %s' % (
                    old_volume_id, instance.uuid))
        old_attachment_id = bdm.attachment_id
        old_info = driver_block_device.DriverVolumeBlockDevice(
            bdm).connection_info
        new_info = self.volume_api.attachment_update(
            context, new_attachment_id,
            self.driver.get_volume_connector(instance),
            bdm.device_name)['connection_info']
        new_size = self.volume_api.get(context, new_volume_id)['size']
        old_size = self.volume_api.get(context, old_volume_id)['size']
        self.driver.swap_volume(
            context, old_info, new_info, instance, bdm.device_name,
            new_size if new_size > old_size else 0)
        bdm.volume_id = new_volume_id
        bdm.attachment_id = new_attachment_id
        bdm.connection_info = jsonutils.dumps(new_info)
        bdm.volume_size = new_size
        self._bdm_saver(context)(bdm)
        self.volume_api.attachment_complete(context, new_attachment_id)
        with common.logged_and_reraised(
                'Could not delete the attachment of swapped-out volume %s'
                % old_volume_id, instance, reraise=False):
            self.volume_api.attachment_delete(context, old_attachment_id)
        LOG.info('Swapped volume %s for %s at %s', old_volume_id,
                 new_volume_id, bdm.device_name, instance=instance)
