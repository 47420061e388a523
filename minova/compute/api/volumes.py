"""Attach and detach volumes (the api's part of the attach path).

``attach_volume`` -> ``_attach_volume`` -> ``_create_volume_bdm`` (the
compute's ``reserve_block_device_name``, a **call**: the device name and
the block device mapping) -> the volume back end's ``attachment_create``
-> ``compute_rpcapi.attach_volume`` (a **cast**). The api answers with the
device at once; the compute attaches it, or rolls it all back and records
why. ``swap_volume`` (admin) moves an attached volume's data and place in
the guest to another volume.
"""

from oslo_log import log as logging

from minova.compute.api import boot_volumes
from minova.compute.api import states
from minova import exception
from minova.objects import block_device as block_device_obj
from minova.volume import api as volume_api

LOG = logging.getLogger(__name__)


class VolumesMixin:
    """Volumes (part of :class:`~minova.compute.api.API`)."""

    @property
    def volume_api(self):
        if getattr(self, '_volume_api', None) is None:
            self._volume_api = volume_api.load(self.conf)
        return self._volume_api

    def attach_volume(self, context, instance, volume_id, device=None,
                      tag=None, delete_on_termination=False,
                      supports_multiattach=True):
        """Attach volume ``volume_id`` at ``device`` (or the next free
        one), its mapping with device ``tag`` and ``delete_on_termination``
        (the volume goes with the server); returns the device name. A
        multiattach volume needs ``supports_multiattach`` (2.60). 404
        for a volume the caller cannot see, 400 for one that cannot be
        attached, 409 for a server in a state that forbids it."""
        states.check(context, instance, 'attach_volume')
        volume = self.volume_api.get(context, volume_id)
        boot_volumes.check_multiattach(volume, supports_multiattach)
        self._check_attach(context, instance, volume)
        return self._attach_volume(context, instance, volume, device,
                                   tag, delete_on_termination)

    def _check_attach(self, context, instance, volume):
        if any(a['server_id'] == instance.uuid
               for a in volume['attachments']):
            raise exception.InvalidVolume(reason=(
                'volume %s is attached to server %s already' % (
                    volume['id'], instance.uuid)))
        self.volume_api.check_attach(context, volume, instance=instance)

    def _attach_volume(self, context, instance, volume, device, tag=None,
                       delete_on_termination=False):
        bdm = self._create_volume_bdm(context, instance, device, volume)
        try:
            attachment = self.volume_api.attachment_create(
                context, volume['id'], instance.uuid)
            bdm.attachment_id = attachment['id']
            bdm.tag = tag
            bdm.delete_on_termination = bool(delete_on_termination)
            bdm.save()
            states.start_action(context, instance, 'attach_volume')
        except Exception:
            bdm.destroy()
            if bdm.attachment_id:
                self.volume_api.attachment_delete(context, bdm.attachment_id)
            raise
        self.compute_rpcapi.attach_volume(context, instance, bdm)
        return bdm.device_name

    def _create_volume_bdm(self, context, instance, device, volume):
        return self.compute_rpcapi.reserve_block_device_name(
            context, instance, device, volume['id'])

    def get_volume_bdms(self, context, instance):
        """The mappings of the volumes attached to ``instance``."""
        return [bdm for bdm in
                block_device_obj.BlockDeviceMapping.get_by_instance_uuid(
                    context, instance.uuid) if bdm.is_volume]

    def detach_volume(self, context, instance, volume_id):
        """Detach volume ``volume_id``: 404 when it is not attached to
        the server, 400 for its root volume."""
        bdm = next((bdm for bdm in self.get_volume_bdms(context, instance)
                    if bdm.volume_id == volume_id), None)
        if bdm is None:
            raise exception.VolumeAttachmentNotFound(
                attachment_id='of volume %s to server %s' % (
                    volume_id, instance.uuid))
        if bdm.is_root:
            raise exception.InvalidVolume(reason=(
                'volume %s is the root disk of server %s: it cannot be '
                'detached' % (volume_id, instance.uuid)))
        states.start_action(context, instance, 'detach_volume')
        self.compute_rpcapi.detach_volume(context, instance, bdm)

    def swap_volume(self, context, instance, old_volume_id, new_volume_id):
        """Copy attached volume ``old_volume_id`` into available volume
        ``new_volume_id`` (at least as large), which takes its place in
        the guest; the old one is then available. 404 when the old one is
        not attached to the server (or the new one cannot be seen), 400
        for a new one that cannot take it, 409 for a server that is not
        running."""
        bdm = next((bdm for bdm in self.get_volume_bdms(context, instance)
                    if bdm.volume_id == old_volume_id), None)
        if bdm is None:
            raise exception.VolumeAttachmentNotFound(
                attachment_id='of volume %s to server %s' % (
                    old_volume_id, instance.uuid))
        states.check(context, instance, 'swap_volume')
        old = self.volume_api.get(context, old_volume_id)
        new = self.volume_api.get(context, new_volume_id)
        if new['id'] == old['id'] or new['status'] != 'available':
            raise exception.VolumeNotAvailable(
                volume_id=new['id'], status=new['status'],
                action='swapping to it', needed='available')
        if new['size'] < old['size']:
            raise exception.InvalidVolume(reason=(
                'volume %s (%d GB) is smaller than volume %s (%d GB): the '
                'new volume must be the same size or larger' % (
                    new['id'], new['size'], old['id'], old['size'])))
        self.volume_api.check_attach(context, new, instance=instance)
        attachment = self.volume_api.attachment_create(
            context, new['id'], instance.uuid)
        try:
            states.start_action(context, instance, 'swap_volume')
        except Exception:
            self.volume_api.attachment_delete(context, attachment['id'])
            raise
        self.compute_rpcapi.swap_volume(context, instance, old['id'],
                                        new['id'], attachment['id'])
