"""Queries of the images table (the local image back end's catalogue)."""

from oslo_db.sqlalchemy import utils as sqlalchemyutils
import sqlalchemy as sa

from minova.db import models
from minova import exception

SORT_KEYS = ('created_at', 'name', 'id', 'status', 'size', 'updated_at')

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
            sort_dir='desc'):
    if sort_key not in SORT_KEYS:
        raise exception.ValidationError(
            field='sort_key', reason='%r is not one of %s' % (
                sort_key, ', '.join(SORT_KEYS)))
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
        query, models.Image, limit, [sort_key, 'id'], marker=marker_row,
        sort_dirs=[sort_dir, sort_dir]).all()


def update(s, image_id, values):
    row = get(s, image_id)
    for key, value in values.items():
        setattr(row, key, value)
    s.flush()
    return row


def delete(s, image_id):
    s.delete(get(s, image_id))
    s.flush()


def count(s):
    return s.scalar(sa.select(sa.func.count(models.Image.id)))
