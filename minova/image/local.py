"""The local image back end: image records in the database, image files
under ``[image] local_image_dir`` (one file per image, named by its id).

It serves a single host or hosts that share that directory; an all-in-one
registers a small image at start (:func:`bootstrap`), so the first boot
needs no upload.
"""

import hashlib
import os
import shutil
import subprocess
import tempfile

from oslo_log import log as logging
from oslo_serialization import jsonutils
from oslo_utils import uuidutils

from minova.db import images as db
from minova.db import session as db_session
from minova import exception
from minova.image import api
from minova.objects import image_meta

LOG = logging.getLogger(__name__)

QCOW2_MAGIC = b'QFI\xfb'
BOOTSTRAP_IMAGE_NAME = 'minova-tiny'
_CHUNK = 1024 * 1024


def _as_dict(row):
    return {
        'id': row.id, 'name': row.name, 'status': row.status,
        'disk_format': row.disk_format,
        'container_format': row.container_format, 'size': row.size,
        'checksum': row.checksum, 'min_disk': row.min_disk,
        'min_ram': row.min_ram, 'visibility': row.visibility,
        'owner': row.owner, 'protected': row.protected,
        'properties': jsonutils.loads(row.properties or '{}'),
        'created_at': row.created_at, 'updated_at': row.updated_at,
        'file': row.path,
    }


def _visible(context, row):
    return (row.visibility in ('public', 'community', 'shared') or
            context.is_admin or row.owner == context.project_id)


class LocalImageAPI(api.ImageAPI):
    """Images as database rows plus files in ``[image] local_image_dir``."""

    def _row(self, s, context, image_id, get=db.get):
        row = get(s, image_id)
        if not _visible(context, row):
            raise exception.ImageNotFound(image_id=image_id)
        return row

    def show(self, context, image_id):
        with db_session.reader_connection() as s:
            return _as_dict(self._row(s, context, image_id,
                                      get=db.get_values))

    def get(self, context, image_id):
        image = self.show(context, image_id)
        return image_meta.ImageMeta(
            id=image['id'], name=image['name'], status=image['status'],
            disk_format=image['disk_format'],
            container_format=image['container_format'], size=image['size'],
            min_disk=image['min_disk'] or 0, min_ram=image['min_ram'] or 0,
            properties={k: None if v is None else str(v)
                        for k, v in image['properties'].items()},
            file=image['file'])

    def get_all(self, context, filters=None, limit=None, marker=None):
        with db_session.reader() as s:
            rows = db.get_all(s, filters=filters, marker=marker)
        images = [_as_dict(row) for row in rows if _visible(context, row)]
        return images if limit is None else images[:limit]

    def create(self, context, name, data=None, disk_format=None,
               container_format='bare', min_disk=0, min_ram=0,
               properties=None, visibility='public'):
        image_id = uuidutils.generate_uuid()
        directory = self.conf.image.local_image_dir
        os.makedirs(directory, exist_ok=True)
        path = os.path.join(directory, image_id)
        size, checksum, head = _write(path, data if data is not None else b'')
        if disk_format is None:
            disk_format = 'qcow2' if head.startswith(QCOW2_MAGIC) else 'raw'
        values = {'id': image_id, 'name': name, 'status': 'active',
                  'disk_format': disk_format,
                  'container_format': container_format, 'size': size,
                  'checksum': checksum, 'min_disk': min_disk,
                  'min_ram': min_ram, 'visibility': visibility,
                  'owner': context.project_id, 'protected': False,
                  'properties': jsonutils.dumps(properties or {}),
                  'path': path}
        try:
            with db_session.writer() as s:
                image = _as_dict(db.create(s, values))
        except Exception:
            os.unlink(path)
            raise
        LOG.info('Image %s (%s, %s, %d bytes) stored at %s', image_id, name,
                 disk_format, size, path)
        return image

    def reserve(self, context, name, container_format='bare', min_disk=0,
                min_ram=0, properties=None, visibility='private',
                owner=None):
        values = {'id': uuidutils.generate_uuid(), 'name': name,
                  'status': 'queued', 'disk_format': None,
                  'container_format': container_format, 'size': None,
                  'checksum': None, 'min_disk': min_disk,
                  'min_ram': min_ram, 'visibility': visibility,
                  'owner': owner or context.project_id, 'protected': False,
                  'properties': jsonutils.dumps(properties or {}),
                  'path': None}
        with db_session.writer() as s:
            return _as_dict(db.create(s, values))

    def upload(self, context, image_id, path, disk_format):
        """Move the file into ``[image] local_image_dir`` (a rename when
        both are on one file system) and mark the image active; the file
        is removed whatever happens."""
        target = os.path.join(self.conf.image.local_image_dir, image_id)
        moved = False
        try:
            with db_session.reader_connection() as s:
                _check_queued(self._row(s, context, image_id,
                                        get=db.get_values))
            size, checksum = _checksum(path)
            os.makedirs(self.conf.image.local_image_dir, exist_ok=True)
            shutil.move(path, target)
            moved = True
            with db_session.writer() as s:
                _check_queued(self._row(s, context, image_id))
                image = _as_dict(db.update(s, image_id, {
                    'status': 'active', 'disk_format': disk_format,
                    'size': size, 'checksum': checksum, 'path': target}))
        except Exception:
            for leftover in (path, target if moved else None):
                if leftover and os.path.exists(leftover):
                    os.unlink(leftover)
            raise
        LOG.info('Image %s (%s, %s, %d bytes) stored at %s', image_id,
                 image['name'], disk_format, size, target)
        return image

    def delete(self, context, image_id):
        with db_session.writer() as s:
            row = self._row(s, context, image_id)
            if row.protected:
                raise exception.Forbidden('Image %s is protected' % image_id)
            path = row.path
            db.delete(s, image_id)
        if path and os.path.exists(path):
            os.unlink(path)


def _write(path, data):
    """Write ``data`` (bytes or a binary file) to ``path``; return its size,
    md5 checksum (Glance's) and first bytes."""
    md5 = hashlib.md5(usedforsecurity=False)
    size = 0
    head = b''
    with open(path, 'wb') as out:
        chunks = ([data] if isinstance(data, bytes)
                  else iter(lambda: data.read(_CHUNK), b''))
        for chunk in chunks:
            if not head:
                head = chunk[:16]
            md5.update(chunk)
            out.write(chunk)
            size += len(chunk)
    return size, md5.hexdigest(), head


def _check_queued(row):
    if row.status != 'queued':
        raise exception.Conflict(reason='image %s is %s, not queued' % (
            row.id, row.status))


def _checksum(path):
    """The size and md5 checksum (Glance's) of the file at ``path``."""
    md5 = hashlib.md5(usedforsecurity=False)
    size = 0
    with open(path, 'rb') as f:
        for chunk in iter(lambda: f.read(_CHUNK), b''):
            md5.update(chunk)
            size += len(chunk)
    return size, md5.hexdigest()


def _tiny_disk(directory):
    """Make a tiny disk file: an empty 1 GB qcow2 if qemu-img is there (a
    few hundred KB on disk), else 1 MB of zeros (raw)."""
    path = os.path.join(directory, 'tiny.img')
    qemu_img = shutil.which('qemu-img')
    if qemu_img:
        try:
            subprocess.run([qemu_img, 'create', '-q', '-f', 'qcow2', path,
                            '1G'], check=True, capture_output=True,
                           timeout=60)
            return path, 'qcow2'
        except (OSError, subprocess.SubprocessError) as e:
            LOG.warning('qemu-img create failed (%s); using a raw image', e)
    with open(path, 'wb') as f:
        f.truncate(_CHUNK)
    return path, 'raw'


def bootstrap(conf, context):
    """Register a small image when there are none, so that a new cloud can
    boot at once. Returns its id, or None when images exist already."""
    with db_session.reader() as s:
        if db.count(s):
            return None
    with tempfile.TemporaryDirectory() as tmp:
        path, disk_format = _tiny_disk(tmp)
        with open(path, 'rb') as f:
            image = LocalImageAPI(conf).create(
                context, BOOTSTRAP_IMAGE_NAME, f, disk_format=disk_format,
                properties={'description': 'An empty disk registered by '
                            'minova so a new cloud can boot at once'})
    return image['id']
