"""Boot from volume: the create request's volume block devices.

``_validate_bdm`` (Nova's name) checks, before anything is written, every
entry of ``block_device_mapping_v2`` that goes to a volume: the volume a
request names exists, is attachable and (``[cinder] cross_az_attach =
False``) in the server's zone; a snapshot exists and is available; an
image is active and fits in ``volume_size``. ``_get_boot_image`` answers
the image a volume-backed server boots with (its root volume's source, or
none). ``_reserve_volumes`` creates an attachment for each volume the
request names, so that nobody else takes it before the build; the volumes
the build creates (from an image, a snapshot, or blank) are made by the
compute, in ``_prep_block_device``.
"""

from oslo_log import log as logging
from oslo_utils import uuidutils

from minova.compute import block_device
from minova import exception
from minova.objects import image_meta

LOG = logging.getLogger(__name__)

GIB = 1024 ** 3


def _no_image():
    """The image of a server booted from a volume that holds none."""
    return image_meta.ImageMeta(
        id=None, name=None, status='active', disk_format=None,
        container_format=None, size=None, min_disk=0, min_ram=0,
        properties={}, file=None)


class BootVolumesMixin:
    """Volume block devices at create (part of :class:`API`)."""

    def _get_boot_image(self, context, image_href, flavor, bdms):
        """The image the server boots with: ``imageRef``'s, or, for a
        volume-backed server, that of its root volume's source."""
        root = block_device.get_root(bdms)
        if root is None or root['destination_type'] == 'local':
            return self._get_image(context, image_href, flavor)
        if image_href and not (
                root['source_type'] == 'image' and
                image_id_of(image_href) == root['image_id']):
            raise exception.InvalidBDM(reason=(
                'imageRef %s and the entry with boot_index 0 both ask to '
                'be the root disk: give one of them' % image_href))
        if root['source_type'] == 'image':
            return self._get_volume_image(context, root['image_id'],
                                          root['volume_size'], flavor)
        if root['source_type'] == 'volume':
            volume = self._get_bdm_volume(context, root['volume_id'])
            if volume.get('image_id'):
                try:
                    return self.image_api.get(context, volume['image_id'])
                except exception.ImageNotFound:
                    LOG.info('Image %s of volume %s is gone; booting '
                             'without its properties', volume['image_id'],
                             volume['id'])
        return _no_image()

    def _get_volume_image(self, context, image_id, volume_size, flavor):
        """An image a volume is made from: active, its minimum RAM in the
        flavor and its data in ``volume_size`` GB."""
        try:
            image = self._get_active_image(context, image_id, flavor)
        except exception.ImageNotFound:
            raise exception.InvalidBDM(reason='image %s could not be found'
                                       % image_id)
        needed = max(image.min_disk or 0, -(-(image.size or 0) // GIB))
        if needed > volume_size:
            raise exception.InvalidBDM(reason=(
                'image %s needs a volume of at least %d GB; volume_size is '
                '%d' % (image_id, needed, volume_size)))
        return image

    def _get_bdm_volume(self, context, volume_id):
        try:
            return self.volume_api.get(context, volume_id)
        except exception.VolumeNotFound:
            raise exception.InvalidBDM(reason='volume %s could not be found'
                                       % volume_id)

    def _validate_bdm(self, context, bdms, flavor, availability_zone,
                      max_count, supports_multiattach=True):
        """400 naming the first volume entry that cannot be built; returns
        the availability zone the server must go to (that of the volumes
        when ``[cinder] cross_az_attach = False`` and none was asked)."""
        named = [bdm for bdm in bdms if bdm['source_type'] == 'volume']
        if named and max_count > 1:
            raise exception.InvalidBDM(reason=(
                'volume %s cannot be attached to %d servers: create one at '
                'a time' % (named[0]['volume_id'], max_count)))
        for bdm in bdms:
            if bdm['destination_type'] != 'volume':
                continue
            if bdm['source_type'] == 'volume':
                volume = self._get_bdm_volume(context, bdm['volume_id'])
                check_multiattach(volume, supports_multiattach)
                self.volume_api.check_attach(context, volume)
                availability_zone = self._volume_zone(
                    volume, availability_zone)
            elif bdm['source_type'] == 'snapshot':
                self._check_bdm_snapshot(context, bdm)
            elif bdm['source_type'] == 'image' and bdm['boot_index'] != 0:
                self._get_volume_image(context, bdm['image_id'],
                                       bdm['volume_size'], flavor)
        return availability_zone

    def _check_bdm_snapshot(self, context, bdm):
        try:
            snapshot = self.volume_api.get_snapshot(context,
                                                    bdm['snapshot_id'])
        except exception.SnapshotNotFound:
            raise exception.InvalidBDM(reason=(
                'snapshot %s could not be found' % bdm['snapshot_id']))
        if snapshot['status'] != 'available':
            raise exception.InvalidBDM(reason=(
                'snapshot %s is %s, not available' % (snapshot['id'],
                                                      snapshot['status'])))
        if bdm['volume_size'] is None:
            bdm['volume_size'] = snapshot['size']
        elif bdm['volume_size'] < snapshot['size']:
            raise exception.InvalidBDM(reason=(
                'volume_size %d is smaller than the %d GB of snapshot %s' % (
                    bdm['volume_size'], snapshot['size'], snapshot['id'])))

    def _volume_zone(self, volume, availability_zone):
        """Nova's rule: with cross_az_attach false, a server and the
        volumes it is given live in one zone."""
        if self.conf.cinder.cross_az_attach:
            return availability_zone
        zone = volume['availability_zone']
        if availability_zone is None:
            return zone
        if availability_zone != zone:
            raise exception.VolumeNotInInstanceAZ(
                instance='(new)', vol=volume['id'],
                ins_zone=availability_zone, vol_zone=zone)
        return availability_zone

    def _reserve_volumes(self, context, bdms):
        """An attachment (volume reserved) for each volume a request
        names; on a refusal, those made are deleted again."""
        reserved = []
        try:
            for bdm in bdms:
                if bdm.source_type == 'volume':
                    bdm.attachment_id = self.volume_api.attachment_create(
                        context, bdm.volume_id, bdm.instance_uuid)['id']
                    reserved.append(bdm)
        except Exception:
            self._unreserve_volumes(context, reserved)
            raise
        return reserved

    def _unreserve_volumes(self, context, bdms):
        for bdm in bdms:
            try:
                self.volume_api.attachment_delete(context, bdm.attachment_id)
            except Exception:
                LOG.exception('Could not delete attachment %s of volume %s',
                              bdm.attachment_id, bdm.volume_id)


def image_id_of(image_href):
    """The image id of an ``imageRef`` (an id or a link); 400 otherwise."""
    image_id = str(image_href).rstrip('/').rpartition('/')[2]
    if not uuidutils.is_uuid_like(image_id):
        raise exception.InvalidImageRef(
            reason='%s is not an image id' % image_href)
    return image_id


def check_multiattach(volume, supported):
    """400 for a multiattach volume asked for before 2.60 (Nova's
    ``MultiattachNotSupportedOldMicroversion``)."""
    if volume.get('multiattach') and not supported:
        raise exception.MultiattachNotSupportedOldMicroversion()
