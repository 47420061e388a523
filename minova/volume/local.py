"""The local volume back end: block storage inside minova.

A volume is a file under ``[volume] local_volume_dir`` (``volume-<id>``,
raw or qcow2, :mod:`minova.volume.files`), its record and its attachments
in the database, and Cinder's statuses and attachment life cycle on top.
``attachment_update`` answers ``connection_info`` of
``driver_volume_type`` ``local``: the file's path and format, which the
compute's libvirt volume driver of that type attaches as a file disk.

So it serves the computes that can open that path: those of one machine,
or of machines that mount one shared directory (NFS...) at the same
path. A snapshot is a full copy in a file of its own (``snapshot-<id>``),
so a volume and its snapshots never depend on each other's files.

Work is done in the request, not later: a volume or snapshot returned is
``available`` (or ``error``, with the reason in the log).
"""

import os

from oslo_log import log as logging
from oslo_serialization import jsonutils
from oslo_utils import uuidutils

from minova.db import session as db_session
from minova.db import volumes as db
from minova import exception
from minova.image import api as image_api
from minova.volume import api
from minova.volume import files

LOG = logging.getLogger(__name__)

DRIVER_VOLUME_TYPE = 'local'
# The volume types it knows: name -> (file format, multiattach). A
# multiattach volume is raw: two guests may share a raw file, never a
# qcow2 (each qemu would rewrite its tables).
VOLUME_TYPES = {'raw': ('raw', False), 'qcow2': ('qcow2', False),
                'multiattach': ('raw', True)}
# Image disk formats qemu-img names otherwise.
_QEMU_FORMATS = {'iso': 'raw', 'ami': 'raw', 'vhd': 'vpc'}
_DELETABLE = ('available', 'error', 'error_deleting')


def _volume_dict(row, attachments=()):
    return {
        'id': row.id, 'name': row.name, 'description': row.description,
        'size': row.size, 'status': row.status,
        'attach_status': row.attach_status,
        'availability_zone': row.availability_zone,
        'volume_type': row.volume_type, 'snapshot_id': row.snapshot_id,
        'image_id': row.image_id, 'bootable': row.bootable,
        'multiattach': row.multiattach,
        'metadata': jsonutils.loads(row.volume_metadata or '{}'),
        'project_id': row.project_id, 'user_id': row.user_id,
        'created_at': row.created_at,
        'attachments': [{'id': row.id, 'attachment_id': a.id,
                         'volume_id': row.id, 'server_id': a.instance_uuid,
                         'device': a.mountpoint,
                         'host_name': _connector_host(a)}
                        for a in attachments if a.status == 'attached'],
    }


def _connector_host(attachment):
    """The host the attachment's connector names (Cinder's
    ``attached_host``)."""
    return jsonutils.loads(attachment.connector or '{}').get('host')


def _snapshot_dict(row):
    return {'id': row.id, 'volume_id': row.volume_id, 'status': row.status,
            'size': row.size, 'name': row.name,
            'description': row.description, 'project_id': row.project_id,
            'created_at': row.created_at}


def _attachment_dict(row):
    return {'id': row.id, 'volume_id': row.volume_id,
            'instance': row.instance_uuid, 'status': row.status,
            'attach_mode': 'rw',
            'connection_info': jsonutils.loads(row.connection_info or '{}')}


def _status_with(attachments):
    """The volume's (status, attach_status) with these attachments left,
    as Cinder derives it."""
    statuses = {a.status for a in attachments}
    if 'attached' in statuses:
        return 'in-use', 'attached'
    if 'attaching' in statuses:
        return 'attaching', 'detached'
    return ('reserved' if statuses else 'available'), 'detached'


class LocalVolumeAPI(api.VolumeAPI):
    """Volumes as files in ``[volume] local_volume_dir``."""

    def _path(self, kind, resource_id):
        return os.path.join(self.conf.volume.local_volume_dir,
                            '%s-%s' % (kind, resource_id))

    @staticmethod
    def _visible(context, row):
        return context.is_admin or row.project_id == context.project_id

    def _volume(self, s, context, volume_id, lock=False):
        row = db.get(s, volume_id, lock=lock)
        if not self._visible(context, row):
            raise exception.VolumeNotFound(volume_id=volume_id)
        return row

    def _snapshot(self, s, context, snapshot_id):
        row = db.snapshot_get(s, snapshot_id)
        if not self._visible(context, row):
            raise exception.SnapshotNotFound(snapshot_id=snapshot_id)
        return row

    def _attachment(self, s, context, attachment_id):
        """The attachment and its volume's row, locked."""
        attachment = db.attachment_get(s, attachment_id)
        try:
            row = self._volume(s, context, attachment.volume_id, lock=True)
        except exception.VolumeNotFound:
            raise exception.VolumeAttachmentNotFound(
                attachment_id=attachment_id)
        return attachment, row

    # -- volumes -----------------------------------------------------------

    def get(self, context, volume_id):
        with db_session.reader() as s:
            row = self._volume(s, context, volume_id)
            return _volume_dict(row, db.attachments_of(s, [row.id]).get(
                row.id, ()))

    def get_all(self, context):
        with db_session.reader() as s:
            rows = db.get_all(s, None if context.is_admin
                              else context.project_id)
            attachments = db.attachments_of(s, [row.id for row in rows])
            return [_volume_dict(row, attachments.get(row.id, ()))
                    for row in rows]

    def create(self, context, size, name=None, description=None,
               snapshot=None, image_id=None, volume_type=None, metadata=None,
               availability_zone=None):
        if not isinstance(size, int) or isinstance(size, bool) or size < 1:
            raise exception.InvalidVolume(
                reason='size %r is not an integer >= 1 (GB)' % (size,))
        disk_format, multiattach = self._volume_type(volume_type)
        source = self._source(context, size, snapshot, image_id)
        volume_id = uuidutils.generate_uuid()
        path = self._path('volume', volume_id)
        with db_session.writer() as s:
            db.create(s, {
                'id': volume_id, 'name': name, 'description': description,
                'project_id': context.project_id,
                'user_id': context.user_id, 'size': size,
                'status': 'creating', 'attach_status': 'detached',
                'volume_type': volume_type, 'bootable': image_id is not None,
                'image_id': image_id, 'path': path,
                'multiattach': multiattach, 'disk_format': disk_format,
                'snapshot_id': snapshot['id'] if snapshot else None,
                'volume_metadata': jsonutils.dumps(metadata or {}),
                'availability_zone': (availability_zone or
                                      self.conf.volume
                                      .default_availability_zone)})
        status = 'available'
        try:
            os.makedirs(self.conf.volume.local_volume_dir, exist_ok=True)
            if source is None:
                files.create(path, size, disk_format)
            else:
                files.copy(source[0], source[1], path, disk_format, size)
        except Exception:
            LOG.exception('Could not make the file of volume %s', volume_id)
            files.remove(path)
            status = 'error'
        with db_session.writer() as s:
            row = db.update(s, db.get(s, volume_id), {'status': status})
            volume = _volume_dict(row)
        LOG.info('Volume %s (%d GB, %s) is %s', volume_id, size, disk_format,
                 status)
        return volume

    def _volume_type(self, volume_type):
        if volume_type is None:
            return self.conf.volume.local_volume_format, False
        if volume_type not in VOLUME_TYPES:
            raise exception.InvalidVolumeType(reason=(
                'the local volume back end has no volume type %r (it has %s)'
                % (volume_type, ', '.join(sorted(VOLUME_TYPES)))))
        return VOLUME_TYPES[volume_type]

    def _source(self, context, size, snapshot, image_id):
        """``(path, qemu-img format)`` of the data a new volume starts
        with, None for an empty one; refuses a source that does not fit
        or is not ready."""
        if snapshot is not None:
            with db_session.reader() as s:
                row = self._snapshot(s, context, snapshot['id'])
            if row.status != 'available':
                raise exception.InvalidSnapshot(reason=(
                    'snapshot %s is %s, not available' % (row.id,
                                                          row.status)))
            if size < row.size:
                raise exception.InvalidVolume(reason=(
                    'size %d GB is smaller than the %d GB of snapshot %s' % (
                        size, row.size, row.id)))
            return row.path, row.disk_format
        if not image_id:
            return None
        image = image_api.load(self.conf).get(context, image_id)
        if image.status != 'active' or not image.file:
            raise exception.InvalidVolume(reason=(
                'image %s is %s, not active with data' % (image_id,
                                                          image.status)))
        image_format = _QEMU_FORMATS.get(image.disk_format,
                                         image.disk_format or 'raw')
        needed = files.virtual_size(image.file, image_format)
        if needed > size * files.GIB:
            raise exception.InvalidVolume(reason=(
                'image %s (%d bytes as a disk) does not fit in %d GB' % (
                    image_id, needed, size)))
        return image.file, image_format

    def delete(self, context, volume_id):
        with db_session.writer() as s:
            row = self._volume(s, context, volume_id, lock=True)
            attachments = db.attachments_of(s, [row.id]).get(row.id, [])
            if attachments:
                raise exception.VolumeInUse(
                    volume_id=volume_id, status=row.status,
                    server_id=', '.join(a.instance_uuid
                                        for a in attachments))
            if row.status not in _DELETABLE:
                raise exception.VolumeNotAvailable(
                    volume_id=volume_id, status=row.status,
                    action='deleting', needed='available or in error')
            count = db.snapshot_count(s, row.id)
            if count:
                raise exception.VolumeHasSnapshots(volume_id=volume_id,
                                                   count=count)
            db.update(s, row, {'status': 'deleting'})
            path = row.path
        _remove(path, db.get, volume_id, 'volume')

    def update(self, context, volume_id, **fields):
        values = {key: fields[key] for key in ('name', 'description')
                  if key in fields}
        if 'metadata' in fields:
            values['volume_metadata'] = jsonutils.dumps(fields['metadata']
                                                        or {})
        with db_session.writer() as s:
            row = db.update(s, self._volume(s, context, volume_id, lock=True),
                            values)
            return _volume_dict(row, db.attachments_of(s, [row.id]).get(
                row.id, ()))

    def extend(self, context, volume_id, new_size):
        with db_session.writer() as s:
            row = self._volume(s, context, volume_id, lock=True)
            if row.status != 'available':
                raise exception.VolumeNotAvailable(
                    volume_id=volume_id, status=row.status,
                    action='extending', needed='available (detach it '
                    'first: minova does not extend an attached volume)')
            if new_size <= row.size:
                raise exception.InvalidVolume(reason=(
                    'new size for extend must be greater than current size '
                    '(current: %d, extended: %d)' % (row.size, new_size)))
            db.update(s, row, {'status': 'extending'})
            path, disk_format, old_size = row.path, row.disk_format, row.size
        values = {'status': 'available', 'size': new_size}
        try:
            files.grow(path, disk_format, new_size)
        except Exception:
            LOG.exception('Could not grow volume %s to %d GB', volume_id,
                          new_size)
            values = {'status': 'error_extending', 'size': old_size}
        with db_session.writer() as s:
            row = db.update(s, db.get(s, volume_id), values)
            LOG.info('Volume %s is %s at %d GB', volume_id, row.status,
                     row.size)
            return _volume_dict(row)

    def get_volume_types(self, context):
        return [{'name': name, 'multiattach': multiattach}
                for name, (_, multiattach) in sorted(VOLUME_TYPES.items())]

    # -- attachments -------------------------------------------------------

    def attachment_create(self, context, volume_id, instance_uuid,
                          connector=None, mountpoint=None):
        with db_session.writer() as s:
            row = self._volume(s, context, volume_id, lock=True)
            attachments = db.attachments_of(s, [row.id]).get(row.id, [])
            api.check_attachable(
                _volume_dict(row, attachments), instance_uuid,
                servers=[a.instance_uuid for a in attachments])
            attachment = db.attachment_create(s, {
                'id': uuidutils.generate_uuid(), 'volume_id': row.id,
                'instance_uuid': instance_uuid, 'mountpoint': mountpoint,
                'status': 'reserved'})
            if row.status == 'available':
                db.update(s, row, {'status': 'reserved'})
            if connector:
                self._connect(s, attachment, row, connector, mountpoint)
            return _attachment_dict(attachment)

    def attachment_get(self, context, attachment_id):
        with db_session.reader() as s:
            attachment, _row = self._attachment(s, context, attachment_id)
            return _attachment_dict(attachment)

    def attachment_update(self, context, attachment_id, connector,
                          mountpoint=None):
        if not connector:
            raise exception.InvalidVolume(reason=(
                'attachment %s: an update needs the host\'s connector' %
                attachment_id))
        with db_session.writer() as s:
            attachment, row = self._attachment(s, context, attachment_id)
            if row.status not in ('reserved', 'attaching', 'in-use'):
                raise exception.VolumeNotAvailable(
                    volume_id=row.id, status=row.status,
                    action='an attachment update', needed='reserved')
            self._connect(s, attachment, row, connector, mountpoint)
            return _attachment_dict(attachment)

    def _connect(self, s, attachment, row, connector, mountpoint):
        """Give ``attachment`` the host's connector and the
        connection_info the host attaches."""
        connection_info = {
            'driver_volume_type': DRIVER_VOLUME_TYPE,
            'data': {'device_path': row.path, 'format': row.disk_format,
                     'volume_id': row.id, 'access_mode': 'rw'},
            'serial': row.id}
        db.update(s, attachment, {
            'status': ('attached' if attachment.status == 'attached'
                       else 'attaching'),
            'mountpoint': mountpoint or attachment.mountpoint,
            'connector': jsonutils.dumps(connector),
            'connection_info': jsonutils.dumps(connection_info)})
        if row.status == 'reserved':
            db.update(s, row, {'status': 'attaching'})

    def attachment_complete(self, context, attachment_id):
        with db_session.writer() as s:
            attachment, row = self._attachment(s, context, attachment_id)
            if attachment.status == 'reserved':
                raise exception.InvalidVolume(reason=(
                    'attachment %s is reserved: update it with the host\'s '
                    'connector before completing it' % attachment_id))
            db.update(s, attachment, {'status': 'attached'})
            db.update(s, row, {'status': 'in-use',
                               'attach_status': 'attached'})

    def attachment_delete(self, context, attachment_id):
        with db_session.writer() as s:
            try:
                attachment, row = self._attachment(s, context,
                                                   attachment_id)
            except exception.VolumeAttachmentNotFound:
                return
            db.delete(s, attachment)
            status, attach_status = _status_with(
                db.attachments_of(s, [row.id]).get(row.id, ()))
            db.update(s, row, {'status': status,
                               'attach_status': attach_status})

    # -- snapshots -----------------------------------------------------------

    def get_snapshot(self, context, snapshot_id):
        with db_session.reader() as s:
            return _snapshot_dict(self._snapshot(s, context, snapshot_id))

    def get_all_snapshots(self, context):
        with db_session.reader() as s:
            return [_snapshot_dict(row) for row in db.snapshot_get_all(
                s, None if context.is_admin else context.project_id)]

    def create_snapshot(self, context, volume_id, name, description):
        return self._create_snapshot(context, volume_id, name, description,
                                     force=False)

    def create_snapshot_force(self, context, volume_id, name, description):
        return self._create_snapshot(context, volume_id, name, description,
                                     force=True)

    def _create_snapshot(self, context, volume_id, name, description, force):
        snapshot_id = uuidutils.generate_uuid()
        path = self._path('snapshot', snapshot_id)
        with db_session.writer() as s:
            row = self._volume(s, context, volume_id, lock=True)
            allowed = ('available', 'in-use') if force else ('available',)
            if row.status == 'error':
                raise exception.VolumeInError(
                    volume_id=volume_id, status=row.status,
                    action='a snapshot')
            if row.status not in allowed:
                raise exception.VolumeNotAvailable(
                    volume_id=volume_id, status=row.status,
                    action='a snapshot' + ('' if force else ' without force'),
                    needed=' or '.join(allowed))
            in_use = row.status == 'in-use'
            source, disk_format = row.path, row.disk_format
            db.snapshot_create(s, {
                'id': snapshot_id, 'volume_id': row.id,
                'project_id': row.project_id, 'name': name,
                'description': description, 'size': row.size,
                'status': 'creating', 'disk_format': disk_format,
                'path': path})
        status = 'available'
        try:
            files.copy(source, disk_format, path, disk_format,
                       force_share=in_use)
        except Exception:
            LOG.exception('Could not copy volume %s into snapshot %s',
                          volume_id, snapshot_id)
            files.remove(path)
            status = 'error'
        with db_session.writer() as s:
            snapshot = _snapshot_dict(db.update(
                s, db.snapshot_get(s, snapshot_id), {'status': status}))
        LOG.info('Snapshot %s of volume %s is %s', snapshot_id, volume_id,
                 status)
        return snapshot

    def delete_snapshot(self, context, snapshot_id):
        with db_session.writer() as s:
            row = self._snapshot(s, context, snapshot_id)
            if row.status not in _DELETABLE:
                raise exception.InvalidSnapshot(reason=(
                    'snapshot %s is %s: only an available snapshot (or one '
                    'in error) can be deleted' % (snapshot_id, row.status)))
            db.update(s, row, {'status': 'deleting'})
            path = row.path
        _remove(path, db.snapshot_get, snapshot_id, 'snapshot')


def _remove(path, get, resource_id, kind):
    """Remove the file of a volume or snapshot marked ``deleting``, then
    its row (``get(s, resource_id)``); if the file stays, so does the row,
    ``error_deleting`` (a delete may be tried again)."""
    try:
        files.remove(path)
    except OSError:
        LOG.exception('Could not remove %s, the file of %s %s', path, kind,
                      resource_id)
        with db_session.writer() as s:
            db.update(s, get(s, resource_id), {'status': 'error_deleting'})
        return
    with db_session.writer() as s:
        db.delete(s, get(s, resource_id))
    LOG.info('%s %s deleted', kind.capitalize(), resource_id)
