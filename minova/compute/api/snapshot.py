"""Snapshots (``createImage``): a server's disk as a new image.

The image record is made here, ``queued``, so that the answer can name it
at once; the compute writes the guest's disk and the conductor makes that
file the image's data (``active``). Shelve makes its snapshot the same way
(:meth:`SnapshotMixin._create_image`).
"""

from oslo_log import log as logging

from minova.compute.api import states
from minova import exception

LOG = logging.getLogger(__name__)

# The base image's properties a snapshot does not inherit: they describe
# that image, not the server's disk.
_NOT_INHERITED = ('image_type', 'instance_uuid', 'base_image_ref',
                  'description', 'user_id', 'image_location', 'owner_id')


class SnapshotMixin:
    """``snapshot`` (part of :class:`~minova.compute.api.API`)."""

    def snapshot(self, context, instance, name, extra_properties=None):
        """Snapshot the server into a new private image named ``name``
        (with ``extra_properties``, the request's metadata); returns the
        image (a dict, queued) at once. 409 in a state that forbids it."""
        states.check(context, instance, 'createImage')
        image = self._create_image(context, instance, name, 'snapshot',
                                   extra_properties)
        try:
            states.start_action(context, instance, 'createImage')
        except Exception:
            self._delete_image_quietly(context, image['id'])
            raise
        self.compute_rpcapi.snapshot_instance(context, instance, image['id'])
        return image

    def _create_image(self, context, instance, name, image_type,
                      extra_properties=None):
        """A queued image for a snapshot of ``instance``, private to its
        project (an admin's snapshot of it too), with
        Nova's properties (``image_type``, ``instance_uuid``,
        ``base_image_ref``, ``user_id``) over those of its base image."""
        properties = {}
        base = self._base_image(context, instance)
        if base is not None:
            properties.update((key, value) for key, value in
                              (base.get('properties') or {}).items()
                              if key not in _NOT_INHERITED)
        properties.update(extra_properties or {})
        properties.update(image_type=image_type, instance_uuid=instance.uuid,
                          base_image_ref=instance.image_ref or '',
                          user_id=context.user_id)
        return self.image_api.reserve(
            context, name,
            container_format=(base or {}).get('container_format') or 'bare',
            min_disk=max(instance.flavor.root_gb,
                         (base or {}).get('min_disk') or 0),
            min_ram=(base or {}).get('min_ram') or 0,
            properties=properties, owner=instance.project_id)

    def _base_image(self, context, instance):
        """The image the server booted from, or None if it is gone."""
        if not instance.image_ref:
            return None
        try:
            return self.image_api.show(context, instance.image_ref)
        except exception.ImageNotFound:
            return None

    def _delete_image_quietly(self, context, image_id):
        try:
            self.image_api.delete(context, image_id)
        except Exception:
            LOG.exception('Could not delete image %s', image_id)
