"""The conductor's volume endpoints for computes: their block device
mappings, and the volumes and attachments of their boots from volume (a
compute has no database and no volume back end of its own). Mixed into
:class:`minova.conductor.manager.ConductorManager`, Nova's method names.
"""

import oslo_messaging as messaging
from oslo_serialization import jsonutils

from minova import exception
from minova.objects import block_device as block_device_obj


class VolumesProxyMixin:
    """Needs ``self.volume_api``."""

    # -- volumes: a compute's block device mappings and attachments --------

    def block_device_mapping_get_all_by_instance(self, context,
                                                 instance_uuid):
        return block_device_obj.BlockDeviceMapping.get_by_instance_uuid(
            context, instance_uuid)

    def block_device_mapping_create(self, context, values):
        bdm = block_device_obj.BlockDeviceMapping(context, **values)
        bdm.create()
        return bdm

    def block_device_mapping_update(self, context, bdm_uuid, values):
        bdm = block_device_obj.BlockDeviceMapping(context, uuid=bdm_uuid)
        for name, value in values.items():
            setattr(bdm, name, value)
        bdm.save()

    def block_device_mapping_destroy(self, context, bdm_uuid):
        block_device_obj.BlockDeviceMapping(context, uuid=bdm_uuid).destroy()

    @messaging.expected_exceptions(exception.VolumeAttachmentNotFound,
                                   exception.VolumeNotFound)
    def volume_attachment_update(self, context, attachment_id, connector,
                                 mountpoint=None):
        return self.volume_api.attachment_update(context, attachment_id,
                                                 connector, mountpoint)

    def volume_attachment_complete(self, context, attachment_id):
        self.volume_api.attachment_complete(context, attachment_id)

    def volume_attachment_delete(self, context, attachment_id):
        self.volume_api.attachment_delete(context, attachment_id)

    # -- volumes: what a compute's boot from volume creates and deletes ----

    @messaging.expected_exceptions(exception.VolumeNotFound)
    def volume_get(self, context, volume_id):
        return _primitive(self.volume_api.get(context, volume_id))

    @messaging.expected_exceptions(exception.InvalidVolume,
                                   exception.SnapshotNotFound,
                                   exception.Invalid)
    def volume_create(self, context, size, name=None, snapshot_id=None,
                      image_id=None, availability_zone=None):
        snapshot = (self.volume_api.get_snapshot(context, snapshot_id)
                    if snapshot_id else None)
        return _primitive(self.volume_api.create(
            context, size, name=name, snapshot=snapshot, image_id=image_id,
            availability_zone=availability_zone))

    @messaging.expected_exceptions(exception.VolumeNotFound,
                                   exception.InvalidVolume)
    def volume_delete(self, context, volume_id):
        self.volume_api.delete(context, volume_id)

    @messaging.expected_exceptions(exception.SnapshotNotFound)
    def volume_snapshot_get(self, context, snapshot_id):
        return _primitive(self.volume_api.get_snapshot(context, snapshot_id))

    @messaging.expected_exceptions(exception.VolumeNotFound,
                                   exception.InvalidVolume)
    def volume_attachment_create(self, context, volume_id, instance_uuid):
        return self.volume_api.attachment_create(context, volume_id,
                                                 instance_uuid)


def _primitive(value):
    """A volume back end's dict as JSON values (its datetimes as
    strings), for any bus."""
    return jsonutils.to_primitive(value, convert_instances=True)
