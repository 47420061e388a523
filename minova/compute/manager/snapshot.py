"""Snapshots: ``snapshot_instance`` (``createImage``), and the snapshot
step that shelve shares with it.

A compute has no image service of its own: the driver writes the guest's
disk as a file under ``$state_path/snapshots``, and the conductor makes
that file the data of the queued image the api reserved (the local image
back end moves it into ``[image] local_image_dir``, so both directories
must be on this machine or shared with the conductor's).
"""

import os

from oslo_log import log as logging

from minova.compute.manager import common
from minova.compute import task_states

LOG = logging.getLogger(__name__)


class SnapshotMixin:
    """Snapshots (part of :class:`~minova.compute.manager.ComputeManager`)."""

    def snapshot_instance(self, context, image_id, instance):
        in_flight = (task_states.IMAGE_SNAPSHOT, task_states.IMAGE_UPLOADING)
        with self._instance_action(context, instance, 'snapshot_instance',
                                   'snapshot', in_flight) as event:
            self._snapshot_to_image(context, instance, image_id,
                                    task_states.IMAGE_SNAPSHOT,
                                    task_states.IMAGE_UPLOADING)
            self._finish_action(context, instance, event, {},
                                task_states.IMAGE_UPLOADING)

    def _snapshot_to_image(self, context, instance, image_id, snapshotting,
                           uploading):
        """Write the guest's disk into queued image ``image_id``: the
        driver's snapshot (task_state ``snapshotting``), then the upload
        (``uploading``). On failure the image is deleted and the error
        raised."""
        directory = os.path.join(self.conf.state_path, 'snapshots')
        os.makedirs(directory, exist_ok=True)
        path = os.path.join(directory, image_id)
        try:
            disk_format = self.driver.snapshot(context, instance, path)
            self._update(context, instance, {'task_state': uploading},
                         expected_task_state=snapshotting)
            self.conductor_api.image_upload(context, image_id, path,
                                            disk_format)
        except Exception:
            with common.logged_and_reraised(
                    'Could not delete the image of a failed snapshot',
                    instance, reraise=False):
                self.conductor_api.image_delete(context, image_id)
            if os.path.exists(path):
                os.unlink(path)
            raise
        LOG.info('Snapshot written into image %s', image_id,
                 instance=instance)
