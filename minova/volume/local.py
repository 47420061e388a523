"""The local volume back end: block storage inside minova.

A volume is a raw file under ``[volume] local_volume_dir`` (named by its
id), its record and its attachments rows in the database, and Cinder's
attachment life cycle on top. ``attachment_update`` answers
``connection_info`` of ``driver_volume_type`` ``local``: the file's path,
which the compute's libvirt volume driver of that type attaches as a file
disk. It serves the computes of one machine, or those that share that
directory at the same path.

A new volume is a sparse file (``truncate``): creating one costs nothing
whatever its size. One from an image is the image converted to raw by
``qemu-img`` and grown to the volume's size.
"""

import os
import shutil
import subprocess

from oslo_log import log as logging
from oslo_serialization import jsonutils
from oslo_utils import uuidutils

from minova.db import session as db_session
from minova.db import volumes as db
from minova import exception
from minova.image import api as image_api
from minova.volume import api

LOG = logging.getLogger(__name__)

DRIVER_VOLUME_TYPE = 'local'
_GIB = 1024 ** 3


def _as_dict(row, attachments=()):
    return {
        'id': row.id, 'name': row.name, 'description': row.description,
        'size': row.size, 'status': row.status,
        'attach_status': row.attach_status,
        'availability_zone': row.availability_zone,
        'volume_type': row.volume_type, 'bootable': row.bootable,
        'multiattach': row.multiattach, 'image_id': row.image_id,
        'project_id': row.project_id, 'created_at': row.created_at,
        'attachments': [{'id': a.id, 'attachment_id': a.id,
                         'server_id': a.instance_uuid,
                         'device': a.mountpoint}
                        for a in attachments if a.status == 'attached'],
    }


class LocalVolumeAPI(api.VolumeAPI):
    """Volumes as files in ``[volume] local_volume_dir``."""

    def _row(self, s, context, volume_id):
        row = db.get(s, volume_id)
        if not context.is_admin and row.project_id != context.project_id:
            raise exception.VolumeNotFound(volume_id=volume_id)
        return row

    def _attachment(self, s, context, attachment_id):
        attachment = db.attachment_get(s, attachment_id)
        return attachment, self._row(s, context, attachment.volume_id)

    def get(self, context, volume_id):
        with db_session.reader() as s:
            row = self._row(s, context, volume_id)
            return _as_dict(row, db.attachments_of(s, [row.id]).get(
                row.id, ()))

    def get_all(self, context):
        with db_session.reader() as s:
            rows = db.get_all(s, None if context.is_admin
                              else context.project_id)
            attachments = db.attachments_of(s, [row.id for row in rows])
            return [_as_dict(row, attachments.get(row.id, ()))
                    for row in rows]

    def create(self, context, size, name=None, description=None,
               image_id=None, volume_type=None, availability_zone=None):
        if not isinstance(size, int) or isinstance(size, bool) or size < 1:
            raise exception.InvalidVolume(
                reason='size %r is not an integer >= 1 (GB)' % (size,))
        image = None
        if image_id:
            image = image_api.load(self.conf).get(context, image_id)
            needed = _virtual_size(image)
            if needed > size * _GIB:
                raise exception.InvalidVolume(reason=(
                    'image %s (%d bytes as a disk) does not fit in %d GB' % (
                        image_id, needed, size)))
        volume_id = uuidutils.generate_uuid()
        directory = self.conf.volume.local_volume_dir
        os.makedirs(directory, exist_ok=True)
        path = os.path.join(directory, volume_id)
        with db_session.writer() as s:
            db.create(s, {
                'id': volume_id, 'name': name, 'description': description,
                'project_id': context.project_id, 'size': size,
                'status': 'creating', 'attach_status': 'detached',
                'volume_type': volume_type, 'bootable': image is not None,
                'image_id': image_id, 'path': path, 'multiattach': False,
                'availability_zone': (availability_zone or
                                      self.conf.volume
                                      .default_availability_zone)})
        try:
            _make_file(path, size, image)
            status = 'available'
        except Exception:
            LOG.exception('Could not create the file of volume %s',
                          volume_id)
            status = 'error'
        with db_session.writer() as s:
            row = db.update(s, db.get(s, volume_id), {'status': status})
            volume = _as_dict(row)
        LOG.info('Volume %s (%d GB) is %s', volume_id, size, status)
        return volume

    def delete(self, context, volume_id):
        with db_session.writer() as s:
            row = self._row(s, context, volume_id)
            if row.status not in ('available', 'error') or \
                    db.attachments_of(s, [row.id]):
                raise exception.InvalidVolume(reason=(
                    'volume %s is %s; only an available volume (or one in '
                    'error) without attachments can be deleted' % (
                        volume_id, row.status)))
            path = row.path
            db.delete(s, row)
        if path and os.path.exists(path):
            os.unlink(path)

    # -- attachments -------------------------------------------------------

    def attachment_create(self, context, volume_id, instance_uuid,
                          connector=None, mountpoint=None):
        with db_session.writer() as s:
            row = self._row(s, context, volume_id)
            attached = db.attachments_of(s, [row.id]).get(row.id, [])
            if any(a.instance_uuid == instance_uuid for a in attached):
                raise exception.InvalidVolume(reason=(
                    'volume %s is attached to server %s already' % (
                        volume_id, instance_uuid)))
            if row.status != 'available' and not (
                    row.multiattach and row.status == 'in-use'):
                raise exception.InvalidVolume(reason=(
                    'volume %s is %s, not available' % (volume_id,
                                                        row.status)))
            attachment = db.attachment_create(s, {
                'id': uuidutils.generate_uuid(), 'volume_id': row.id,
                'instance_uuid': instance_uuid, 'mountpoint': mountpoint,
                'status': 'reserved'})
            if row.status == 'available':
                db.update(s, row, {'status': 'reserved'})
            return {'id': attachment.id, 'volume_id': row.id,
                    'instance': instance_uuid, 'status': 'reserved'}

    def attachment_update(self, context, attachment_id, connector,
                          mountpoint=None):
        with db_session.writer() as s:
            attachment, row = self._attachment(s, context, attachment_id)
            connection_info = {
                'driver_volume_type': DRIVER_VOLUME_TYPE,
                'data': {'device_path': row.path, 'format': 'raw',
                         'volume_id': row.id, 'access_mode': 'rw'},
                'serial': row.id}
            db.update(s, attachment, {
                'status': 'attaching',
                'mountpoint': mountpoint or attachment.mountpoint,
                'connector': jsonutils.dumps(connector or {}),
                'connection_info': jsonutils.dumps(connection_info)})
            if row.status == 'reserved':
                db.update(s, row, {'status': 'attaching'})
            return {'id': attachment.id, 'volume_id': row.id,
                    'status': 'attaching',
                    'connection_info': connection_info}

    def attachment_complete(self, context, attachment_id):
        with db_session.writer() as s:
            attachment, row = self._attachment(s, context, attachment_id)
            db.update(s, attachment, {'status': 'attached'})
            db.update(s, row, {'status': 'in-use',
                               'attach_status': 'attached'})

    def attachment_delete(self, context, attachment_id):
        with db_session.writer() as s:
            try:
                attachment, row = self._attachment(s, context,
                                                   attachment_id)
            except (exception.VolumeAttachmentNotFound,
                    exception.VolumeNotFound):
                return
            db.delete(s, attachment)
            if not db.attachments_of(s, [row.id]):
                db.update(s, row, {'status': 'available',
                                   'attach_status': 'detached'})


def _qemu_img(*args):
    return subprocess.run([shutil.which('qemu-img') or 'qemu-img'] +
                          list(args), check=True, capture_output=True,
                          text=True).stdout


def _virtual_size(image):
    """The bytes ``image`` takes as a disk (its file's, for raw)."""
    if not image.file:
        return image.size or 0
    return jsonutils.loads(_qemu_img(
        'info', '--output=json', '-f', image.disk_format or 'raw',
        image.file))['virtual-size']


def _make_file(path, size, image):
    """A sparse raw file of ``size`` GB; the image's data first when
    given (converted to raw by qemu-img)."""
    if image is not None and image.file:
        _qemu_img('convert', '-f', image.disk_format or 'raw', '-O', 'raw',
                  image.file, path)
    with open(path, 'ab') as f:
        f.truncate(size * _GIB)
