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

from minova.conf import image as image_conf
from minova.db import images as db
from minova.db import models
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
        'file': row.path, 'os_hash_algo': row.os_hash_algo,
        'os_hash_value': row.os_hash_value,
        'tags': jsonutils.loads(row.tags or '[]'),
    }


def _visible(context, row, member_status=None):
    """Glance's rule: public and community images are everyone's, a
    private one its owner's (and an admin's), a shared one its owner's and
    its members' (``member_status``: the caller's membership, if any)."""
    return (row.visibility in ('public', 'community') or context.is_admin or
            row.owner == context.project_id or
            (row.visibility == 'shared' and member_status is not None))


def _listed(context, row, visibility, member_status, wanted_status):
    """Whether a list shows ``row``: as Glance, by default the public
    images, the caller's own and the shared ones it accepted
    (``wanted_status``); community images only when asked for."""
    own = context.is_admin or row.owner == context.project_id
    member = (row.visibility == 'shared' and
              (wanted_status == 'all' or member_status == wanted_status))
    if visibility is None:
        return (row.visibility == 'public' or member or
                (own and (row.visibility != 'community' or
                          row.owner == context.project_id)))
    if visibility != 'all' and row.visibility != visibility:
        return False
    return row.visibility in ('public', 'community') or own or member


class LocalImageAPI(api.ImageAPI):
    """Images as database rows plus files in ``[image] local_image_dir``."""

    def _row(self, s, context, image_id, get=db.get):
        row = get(s, image_id)
        membership = None
        if row.visibility == 'shared' and row.owner != context.project_id:
            membership = db.memberships(s, context.project_id).get(row.id)
        if not _visible(context, row, membership):
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

    def get_all(self, context, filters=None, limit=None, marker=None,
                sort_keys=None, sort_dirs=None):
        """Besides column filters, ``visibility`` (or ``all``) and
        ``member_status`` (``accepted`` by default, or ``all``) select
        as Glance's list does."""
        filters = dict(filters or {})
        visibility = filters.pop('visibility', None)
        wanted_status = filters.pop('member_status', 'accepted')
        with db_session.reader() as s:
            rows = db.get_all(s, filters=filters, marker=marker,
                              sort_keys=sort_keys, sort_dirs=sort_dirs)
            members = db.memberships(s, context.project_id)
        images = [_as_dict(row) for row in rows
                  if _listed(context, row, visibility, members.get(row.id),
                             wanted_status)]
        return images if limit is None else images[:limit]

    def create(self, context, name, data=None, disk_format=None,
               container_format='bare', min_disk=0, min_ram=0,
               properties=None, visibility='public'):
        image_id = uuidutils.generate_uuid()
        directory = self.conf.image.local_image_dir
        os.makedirs(directory, exist_ok=True)
        path = os.path.join(directory, image_id)
        size, hashes, head = _write(path, data if data is not None else b'')
        if disk_format is None:
            disk_format = 'qcow2' if head.startswith(QCOW2_MAGIC) else 'raw'
        values = {'id': image_id, 'name': name, 'status': 'active',
                  'disk_format': disk_format,
                  'container_format': container_format, 'size': size,
                  'min_disk': min_disk, 'min_ram': min_ram,
                  'visibility': visibility, 'owner': context.project_id,
                  'protected': False,
                  'properties': jsonutils.dumps(properties or {}),
                  'path': path}
        values.update(hashes.values())
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
                owner=None, image_id=None, disk_format=None,
                protected=False, tags=()):
        values = {'id': image_id or uuidutils.generate_uuid(), 'name': name,
                  'status': 'queued', 'disk_format': disk_format,
                  'container_format': container_format, 'size': None,
                  'checksum': None, 'min_disk': min_disk,
                  'min_ram': min_ram, 'visibility': visibility,
                  'owner': owner or context.project_id,
                  'protected': protected,
                  'properties': jsonutils.dumps(properties or {}),
                  'tags': jsonutils.dumps(list(tags)), 'path': None}
        with db_session.writer() as s:
            if image_id and s.get(models.Image, image_id) is not None:
                raise exception.Conflict(
                    reason='an image with id %s exists' % image_id)
            return _as_dict(db.create(s, values))

    def update(self, context, image_id, values):
        """Change the fields of ``values`` (``properties``: the whole
        dict, ``tags``: the whole list); only the owner (or an admin)
        may."""
        values = dict(values)
        for key in ('properties', 'tags'):
            if key in values:
                values[key] = jsonutils.dumps(values[key])
        with db_session.writer() as s:
            _check_owner(context, self._row(s, context, image_id))
            return _as_dict(db.update(s, image_id, values))

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
            with open(path, 'rb') as f:
                size, hashes, _head = _write(None, f)
            os.makedirs(self.conf.image.local_image_dir, exist_ok=True)
            shutil.move(path, target)
            moved = True
            with db_session.writer() as s:
                _check_queued(self._row(s, context, image_id))
                image = _as_dict(db.update(s, image_id, dict(
                    hashes.values(), status='active', disk_format=disk_format,
                    size=size, path=target)))
        except Exception:
            for leftover in (path, target if moved else None):
                if leftover and os.path.exists(leftover):
                    os.unlink(leftover)
            raise
        LOG.info('Image %s (%s, %s, %d bytes) stored at %s', image_id,
                 image['name'], disk_format, size, target)
        return image

    def store(self, context, image_id, data, expected_size=None):
        """Glance's upload: read the image data from the binary file
        ``data`` into the image's file while it is ``saving``; it becomes
        ``active`` with its size and hashes. If the data ends short of
        ``expected_size``, passes ``[image] user_storage_quota`` or fails
        in any way, the partial file is removed and the image is
        ``queued`` again."""
        with db_session.writer() as s:
            row = self._row(s, context, image_id)
            _check_owner(context, row)
            _check_queued(row)
            room = _room(self.conf, s, row.owner)
            db.update(s, image_id, {'status': 'saving'})
        if room is not None and (expected_size or 0) > room[0]:
            self._requeue(image_id)
            raise _over_quota(row.owner, room)
        directory = self.conf.image.local_image_dir
        os.makedirs(directory, exist_ok=True)
        target = os.path.join(directory, image_id)
        partial = target + '.part'
        try:
            size, hashes, _head = _write(partial, data,
                                         room[0] if room else None)
            if room is not None and size > room[0]:
                raise _over_quota(row.owner, room)
            if expected_size is not None and size < expected_size:
                raise exception.ImageUploadIncomplete(
                    image_id=image_id, received=size, expected=expected_size)
            os.replace(partial, target)
            with db_session.writer() as s:
                image = _as_dict(db.update(s, image_id, dict(
                    hashes.values(), status='active', size=size,
                    path=target)))
        except BaseException:
            for leftover in (partial, target):
                if os.path.exists(leftover):
                    os.unlink(leftover)
            self._requeue(image_id)
            raise
        LOG.info('Image %s uploaded (%d bytes) to %s', image_id, size,
                 target)
        return image

    def _requeue(self, image_id):
        with db_session.writer() as s:
            try:
                db.update(s, image_id, {'status': 'queued'})
            except exception.ImageNotFound:
                pass  # deleted while it was saving

    def delete(self, context, image_id):
        with db_session.writer() as s:
            row = self._row(s, context, image_id)
            _check_owner(context, row)
            if row.protected:
                raise exception.Forbidden('Image %s is protected' % image_id)
            path = row.path
            db.delete(s, image_id)
        if path and os.path.exists(path):
            os.unlink(path)

    # -- members of shared images (Glance's image members) -----------------

    def get_members(self, context, image_id):
        """The members of a shared image: all of them to its owner, the
        caller's own membership to a member."""
        with db_session.reader() as s:
            row = self._row(s, context, image_id)
            _check_shared(row)
            members = [_member(m) for m in db.get_members(s, image_id)]
        if context.is_admin or row.owner == context.project_id:
            return members
        return [m for m in members if m['member'] == context.project_id]

    def get_member(self, context, image_id, member):
        for found in self.get_members(context, image_id):
            if found['member'] == member:
                return found
        raise exception.ImageMemberNotFound(image_id=image_id, member=member)

    def add_member(self, context, image_id, member):
        with db_session.writer() as s:
            row = self._row(s, context, image_id)
            _check_owner(context, row)
            _check_shared(row)
            return _member(db.create_member(s, image_id, member))

    def update_member(self, context, image_id, member, status):
        """A member accepts, rejects or leaves pending an image shared
        with it; nobody else may."""
        with db_session.writer() as s:
            _check_shared(self._row(s, context, image_id))
            found = db.get_member(s, image_id, member)
            if member != context.project_id:
                raise exception.Forbidden(
                    'Only project %s may change its membership of image %s'
                    % (member, image_id))
            found.status = status
            s.flush()
            return _member(found)

    def delete_member(self, context, image_id, member):
        with db_session.writer() as s:
            row = self._row(s, context, image_id)
            _check_owner(context, row)
            _check_shared(row)
            db.delete_member(s, image_id, member)


def _member(row):
    return {'image_id': row.image_id, 'member': row.member,
            'status': row.status, 'created_at': row.created_at,
            'updated_at': row.updated_at}


def _check_owner(context, row):
    if not (context.is_admin or row.owner == context.project_id):
        raise exception.Forbidden(
            'Image %s belongs to another project: only its owner may '
            'change it' % row.id)


def _check_shared(row):
    if row.visibility != 'shared':
        raise exception.Forbidden(
            'Only shared images have members: image %s is %s (set its '
            'visibility to shared)' % (row.id, row.visibility))


def _room(conf, s, owner):
    """(bytes ``owner`` may still store, quota, used), or None if no
    quota."""
    quota = image_conf.storage_quota(conf)
    if not quota:
        return None
    used = db.used_bytes(s, owner)
    return max(quota - used, 0), quota, used


def _over_quota(owner, room):
    return exception.ImageStorageQuotaExceeded(
        project_id=owner, quota=room[1], used=room[2])


class _Hashes:
    """Glance's checksums of image data: md5 (``checksum``) and the
    multihash ``os_hash_algo``/``os_hash_value`` (sha512)."""

    ALGORITHM = 'sha512'

    def __init__(self):
        self.md5 = hashlib.md5(usedforsecurity=False)
        self.multihash = hashlib.new(self.ALGORITHM)

    def update(self, chunk):
        self.md5.update(chunk)
        self.multihash.update(chunk)

    def values(self):
        return {'checksum': self.md5.hexdigest(),
                'os_hash_algo': self.ALGORITHM,
                'os_hash_value': self.multihash.hexdigest()}


def _write(path, data, limit=None):
    """Write ``data`` (bytes or a binary file) to ``path`` (None: only
    read it); return its size, :class:`_Hashes` and first bytes. Stops
    reading once past ``limit`` bytes."""
    hashes = _Hashes()
    size = 0
    head = b''
    with (open(path, 'wb') if path else open(os.devnull, 'wb')) as out:
        chunks = ([data] if isinstance(data, bytes)
                  else iter(lambda: data.read(_CHUNK), b''))
        for chunk in chunks:
            if not head:
                head = chunk[:16]
            hashes.update(chunk)
            out.write(chunk)
            size += len(chunk)
            if limit is not None and size > limit:
                break
    return size, hashes, head


def _check_queued(row):
    if row.status != 'queued':
        raise exception.Conflict(reason='image %s is %s, not queued' % (
            row.id, row.status))


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
