"""Queries of the images table (the local image back end's catalogue)."""

from oslo_db.sqlalchemy import utils as sqlalchemyutils
import sqlalchemy as sa

from minova.db import models
from minova.db import sort_keys as db_sort_keys
from minova import exception

# Glance's sort keys.
SORT_KEYS = ('created_at', 'name', 'id', 'status', 'size', 'updated_at',
             'container_format', 'disk_format', 'min_disk', 'min_ram',
             'visibility', 'owner')

_images = models.Image.__table__
# Built once: a Core select of one row costs a fraction of an ORM load.
_BY_ID = sa.select(_images).where(_images.c.id == sa.bindparam('id'))


def create(s, values):
    row = models.Image(**values)
    s.add(row)
    s.flush()
    return row


def get(s, image_id):
    row = s.get(models.Image, str(image_id))
    if row is None:
        raise exception.ImageNotFound(image_id=image_id)
    return row


def get_values(s, image_id):
    """The image as a plain row, for a read that changes nothing."""
    row = s.execute(_BY_ID, {'id': str(image_id)}).first()
    if row is None:
        raise exception.ImageNotFound(image_id=image_id)
    return row


def get_all(s, filters=None, limit=None, marker=None, sort_key='created_at',
            sort_dir='desc', sort_keys=None, sort_dirs=None):
    """Rows equal to ``filters`` (column: value), in the order of
    ``sort_keys``/``sort_dirs`` (or the one ``sort_key``/``sort_dir``),
    then by id; after the row ``marker`` (an id), if given."""
    sort_keys = list(sort_keys or [sort_key])
    sort_dirs = list(sort_dirs or [sort_dir] * len(sort_keys))
    db_sort_keys.check(sort_keys, SORT_KEYS)
    if 'id' not in sort_keys:
        sort_keys.append('id')
        sort_dirs.append(sort_dirs[-1])
    query = s.query(models.Image)
    for key, value in (filters or {}).items():
        column = getattr(models.Image, key, None)
        if column is None:
            raise exception.ValidationError(field=key,
                                            reason='not a known filter')
        query = query.filter(column == value)
    marker_row = None
    if marker is not None:
        marker_row = s.get(models.Image, str(marker))
        if marker_row is None:
            raise exception.MarkerNotFound(marker=marker)
    return sqlalchemyutils.paginate_query(
        query, models.Image, limit, sort_keys, marker=marker_row,
        sort_dirs=sort_dirs).all()


def used_bytes(s, owner):
    """The bytes of image data ``owner`` (a project) stores."""
    return s.scalar(sa.select(sa.func.coalesce(sa.func.sum(
        models.Image.size), 0)).where(models.Image.owner == owner)) or 0


def update(s, image_id, values):
    row = get(s, image_id)
    for key, value in values.items():
        setattr(row, key, value)
    s.flush()
    return row


def delete(s, image_id):
    s.query(models.ImageMember).filter_by(image_id=str(image_id)).delete()
    s.delete(get(s, image_id))
    s.flush()


# -- members of shared images ------------------------------------------------

def get_member(s, image_id, member):
    row = s.get(models.ImageMember, (str(image_id), member))
    if row is None:
        raise exception.ImageMemberNotFound(image_id=image_id, member=member)
    return row


def get_members(s, image_id):
    return s.query(models.ImageMember).filter_by(
        image_id=str(image_id)).order_by(models.ImageMember.created_at).all()


def memberships(s, member):
    """{image id: status} of the shared images ``member`` (a project) was
    offered."""
    members = models.ImageMember.__table__
    return dict(s.execute(sa.select(members.c.image_id, members.c.status)
                          .where(members.c.member == member)).all())


def create_member(s, image_id, member):
    if s.get(models.ImageMember, (str(image_id), member)) is not None:
        raise exception.Conflict(reason='project %s is already a member of '
                                        'image %s' % (member, image_id))
    row = models.ImageMember(image_id=str(image_id), member=member,
                             status='pending')
    s.add(row)
    s.flush()
    return row


def delete_member(s, image_id, member):
    s.delete(get_member(s, image_id, member))
    s.flush()


def count(s):
    return s.scalar(sa.select(sa.func.count(models.Image.id)))
