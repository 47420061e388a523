"""Volumes on the compute: reserve a device name, attach, detach.

The attach path, by Nova's names: ``reserve_block_device_name`` (a
**call** from the api: the next free device of the guest, and its block
device mapping, made under the instance lock so that two attaches never
get the same name) -> ``attach_volume`` (a cast) -> ``_attach_volume`` ->
:class:`~minova.virt.block_device.DriverVolumeBlockDevice` ``.attach``.
A failure anywhere after the reservation rolls back: the attachment
deleted (the volume available again), the mapping gone, and the error
recorded as the event's and a fault.
"""

import string
import sys

from oslo_log import log as logging
from oslo_utils import uuidutils

from minova.compute.manager import common
from minova.compute import utils as compute_utils
from minova import exception
from minova.objects import instance_fault
from minova.virt import block_device as driver_block_device

LOG = logging.getLogger(__name__)


# What the compute changes of a mapping, and stores.
_SAVED = frozenset(('device_name', 'volume_id', 'attachment_id',
                    'connection_info', 'volume_size'))


def next_device_name(used, requested=None, prefix='vd'):
    """``requested`` if it is free (409 otherwise), else the first free
    ``/dev/vdX`` after the root disk."""
    used = {name.rpartition('/')[2] for name in used if name}
    if requested:
        if requested.rpartition('/')[2] in used:
            raise exception.Conflict(reason='device %s is in use' %
                                     requested)
        return requested
    for letter in string.ascii_lowercase[1:]:
        if prefix + letter not in used:
            return '/dev/%s%s' % (prefix, letter)
    raise exception.Conflict(reason='no free device name left')


class VolumesMixin:
    """Volumes (part of :class:`~minova.compute.manager.ComputeManager`)."""

    def reserve_block_device_name(self, context, instance, device,
                                  volume_id, disk_bus=None,
                                  device_type=None, tag=None):
        """Call from the api: pick the device and store the mapping of
        the volume to it; returns the BlockDeviceMapping."""
        with self._instance_lock(instance.uuid):
            bdms = self.conductor_api.block_device_mapping_get_all_by_instance(
                context, instance.uuid)
            name = next_device_name(
                ['/dev/vda'] + [bdm.device_name for bdm in bdms], device)
            return self.conductor_api.block_device_mapping_create(context, {
                'uuid': uuidutils.generate_uuid(),
                'instance_uuid': instance.uuid, 'source_type': 'volume',
                'destination_type': 'volume', 'volume_id': volume_id,
                'device_name': name, 'disk_bus': disk_bus,
                'device_type': device_type, 'tag': tag,
                'delete_on_termination': False, 'boot_index': None})

    def attach_volume(self, context, instance, bdm):
        """Cast from the api: attach the volume of ``bdm`` (reserved, its
        attachment created) to the guest."""
        instance.name_template = self.conf.instance_name_template
        with self._instance_lock(instance.uuid):
            event = self._new_event(context, instance, 'attach_volume')
            self._notify(context, 'instance.volume_attach.start', instance,
                         volume_id=bdm.volume_id)
            try:
                self._attach_volume(context, instance, bdm)
            except Exception as e:
                self._attach_failed(context, instance, bdm, e, event)
                return
            self.conductor_api.action_event_start(context,
                                                  event.finish_values())
            self._notify(context, 'instance.volume_attach.end', instance,
                         volume_id=bdm.volume_id)

    def _attach_volume(self, context, instance, bdm):
        driver_bdm = driver_block_device.DriverVolumeBlockDevice(
            bdm, save=self._bdm_saver(context))
        driver_bdm.attach(context, instance, self.volume_api, self.driver)

    def _bdm_saver(self, context):
        """``save(bdm)``: store what the compute changed of a mapping
        (through the conductor)."""
        def save(bdm):
            changes = {name: getattr(bdm, name)
                       for name in bdm.obj_what_changed() & _SAVED}
            if changes:
                self.conductor_api.block_device_mapping_update(
                    context, bdm.uuid, changes)
            bdm.obj_reset_changes()
        return save

    def _get_instance_block_device_info(self, context, instance, bdms=None):
        """The volumes of ``instance`` as the driver's destroy or spawn
        takes them (``bdms``: its mappings, read when not given)."""
        if bdms is None:
            bdms = self.conductor_api.block_device_mapping_get_all_by_instance(
                context, instance.uuid)
        return {'block_device_mapping': [
            driver_bdm.driver_info() for driver_bdm in
            driver_block_device.convert_volumes(bdms)
            if driver_bdm.connection_info]}

    def _terminate_volume_connections(self, context, instance, bdms):
        """The server leaves this host (offload, failed build, the source
        of a resize, the destination of a revert, the dead source of an
        evacuation): each volume gets a new attachment without a
        connector, made before the old one is deleted, so that it stays
        reserved for the server (Cinder has no disconnect of an
        attachment)."""
        save = self._bdm_saver(context)
        for bdm in bdms:
            if not (bdm.is_volume and bdm.attachment_id and
                    bdm.connection_info):
                continue
            new = self.volume_api.attachment_create(context, bdm.volume_id,
                                                    instance.uuid)
            self.volume_api.attachment_delete(context, bdm.attachment_id)
            bdm.attachment_id = new['id']
            bdm.connection_info = None
            save(bdm)

    def _update_volume_attachments(self, context, instance, bdms):
        """The server arrives on this host (Nova's name): each volume's
        attachment gets this host's connector, each mapping the
        connection_info for this host. The driver then connects them from
        ``block_device_info``; :meth:`_complete_volume_attachments` marks
        them in use."""
        save = self._bdm_saver(context)
        for bdm in bdms:
            if bdm.is_volume and bdm.attachment_id:
                driver_block_device.DriverVolumeBlockDevice(
                    bdm, save=save).refresh_connection_info(
                        context, instance, self.volume_api, self.driver)

    def _complete_volume_attachments(self, context, bdms):
        """The guest runs here with its volumes: each is in use."""
        for bdm in bdms:
            if bdm.is_volume and bdm.attachment_id:
                self.volume_api.attachment_complete(context,
                                                    bdm.attachment_id)

    def _attach_failed(self, context, instance, bdm, error, event):
        """Roll back: the attachment and the mapping go, the volume is
        available again; the error is the event's and a fault."""
        exc_info = sys.exc_info()
        LOG.error('Attaching volume %s failed: %s', bdm.volume_id, error,
                  instance=instance, exc_info=exc_info)
        with common.logged_and_reraised('Rolling back the attach failed',
                                        instance, reraise=False):
            # The mapping first: once the volume shows available, the
            # server no longer lists it.
            self.conductor_api.block_device_mapping_destroy(context,
                                                            bdm.uuid)
            self.volume_api.attachment_delete(context, bdm.attachment_id)
        self._record_volume_failure(context, instance, error, event,
                                    exc_info)
        self._notify(context, 'instance.volume_attach.error', instance,
                     error=True, volume_id=bdm.volume_id, message=str(error))

    def detach_volume(self, context, instance, bdm):
        """Cast from the api: detach the volume of ``bdm`` and forget the
        mapping."""
        instance.name_template = self.conf.instance_name_template
        with self._instance_lock(instance.uuid):
            event = self._new_event(context, instance, 'detach_volume')
            try:
                driver_block_device.DriverVolumeBlockDevice(bdm).detach(
                    context, instance, self.volume_api, self.driver)
                self.conductor_api.block_device_mapping_destroy(context,
                                                                bdm.uuid)
            except Exception as e:
                exc_info = sys.exc_info()
                LOG.error('Detaching volume %s failed: %s', bdm.volume_id,
                          e, instance=instance, exc_info=exc_info)
                self._record_volume_failure(context, instance, e, event,
                                            exc_info)
                return
            self.conductor_api.action_event_start(context,
                                                  event.finish_values())

    def _record_volume_failure(self, context, instance, error, event,
                               exc_info):
        """A volume operation failed: a fault, and its event's Error."""
        with common.logged_and_reraised('Recording the failure failed',
                                        instance, reraise=False):
            self.conductor_api.instance_fault_create(
                context, instance.uuid, instance_fault.fault_values(
                    error, host=self.host, exc_info=exc_info))
            self.conductor_api.action_event_finish(
                context, event.finish_values(exc_info=exc_info))

    def _cleanup_volumes(self, context, instance, bdms):
        """A server is deleted: its volumes' attachments go (the guest
        went with it), so that the volumes are available again, and those
        marked ``delete_on_termination`` are deleted."""
        compute_utils.cleanup_volumes(context, self.volume_api, instance,
                                      bdms)
