"""Queries of the ``migrations`` table: the moves of instances between
hosts (resizes and cold migrations), as ``/os-migrations`` lists them and
as the resize path's steps update them."""

from oslo_utils import timeutils
import sqlalchemy as sa

from minova.db import models
from minova import exception

_migrations = models.Migration.__table__


def create(s, values):
    """Insert a migration; return its id."""
    values = dict(values, created_at=timeutils.utcnow(), deleted=0)
    values.setdefault('hidden', False)
    return s.execute(sa.insert(_migrations), values).inserted_primary_key[0]


def get_by_uuid(s, uuid):
    row = s.execute(sa.select(_migrations).where(
        _migrations.c.uuid == uuid, _migrations.c.deleted == 0)).first()
    if row is None:
        raise exception.MigrationNotFound(migration_id=uuid)
    return row


def update(s, uuid, values, expected_status=None):
    """Update migration ``uuid``; with ``expected_status`` only while its
    status is one of them (else MigrationNotFound naming what it wanted)."""
    query = sa.update(_migrations).where(_migrations.c.uuid == uuid,
                                         _migrations.c.deleted == 0)
    if expected_status is not None:
        query = query.where(_migrations.c.status.in_(expected_status))
    values = dict(values, updated_at=timeutils.utcnow())
    if s.execute(query.values(values)).rowcount != 1:
        raise exception.MigrationNotFound(migration_id='%s (in status %s)' % (
            uuid, ' or '.join(expected_status or ['any'])))


def get_all(s, filters=None, limit=None):
    """Migrations, newest first; ``filters``: column -> value (or a list
    of values)."""
    query = sa.select(_migrations).where(_migrations.c.deleted == 0)
    for name, value in (filters or {}).items():
        column = _migrations.c[name]
        query = query.where(column.in_(value) if isinstance(
            value, (list, tuple)) else column == value)
    query = query.order_by(_migrations.c.created_at.desc(),
                           _migrations.c.id.desc())
    if limit is not None:
        query = query.limit(limit)
    return s.execute(query).all()


def get_moving_through(s, host, task_states):
    """The newest migration of each live instance whose task_state is one
    of ``task_states`` and whose migrations go from or to ``host``."""
    instances = models.Instance.__table__
    rows = s.execute(sa.select(_migrations).join(
        instances, instances.c.uuid == _migrations.c.instance_uuid).where(
        _migrations.c.deleted == 0, instances.c.deleted == 0,
        instances.c.task_state.in_(task_states),
        sa.or_(_migrations.c.source_compute == host,
               _migrations.c.dest_compute == host)).order_by(
        _migrations.c.created_at.desc(), _migrations.c.id.desc())).all()
    newest = {}
    for row in rows:
        newest.setdefault(row.instance_uuid, row)
    return list(newest.values())


def get_unconfirmed(s, before):
    """Migrations finished (waiting for confirm) since before ``before``."""
    return s.execute(sa.select(_migrations).where(
        _migrations.c.deleted == 0, _migrations.c.status == 'finished',
        sa.func.coalesce(_migrations.c.updated_at,
                         _migrations.c.created_at) <= before)).all()
