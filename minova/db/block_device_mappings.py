"""Queries of the block_device_mapping table (soft-deleted like instances)."""

from oslo_utils import timeutils
import sqlalchemy as sa

from minova.db import models

_bdms = models.BlockDeviceMapping.__table__
# Built once: building a statement costs more than running it.
_INSERT = sa.insert(_bdms)
_LIVE_BY_INSTANCES = (
    sa.select(_bdms)
    .where(_bdms.c.instance_uuid.in_(sa.bindparam('uuids', expanding=True)),
           _bdms.c.deleted == 0)
    .order_by(_bdms.c.id))


def create(s, values):
    """Insert a mapping; return its id."""
    values = dict(values, created_at=timeutils.utcnow(), deleted=0)
    return s.execute(_INSERT, values).inserted_primary_key[0]


def get_by_instance_uuids(s, instance_uuids):
    """Live mappings of the instances as plain rows, in creation order, in
    one query (every server listing asks)."""
    return s.execute(_LIVE_BY_INSTANCES,
                     {'uuids': list(instance_uuids)}).all()


def get_by_instance_uuid(s, instance_uuid):
    return get_by_instance_uuids(s, [instance_uuid])


def soft_delete_by_instance(s, instance_uuid):
    now = timeutils.utcnow()
    s.execute(sa.update(_bdms)
              .where(_bdms.c.instance_uuid == instance_uuid,
                     _bdms.c.deleted == 0)
              .values(deleted=_bdms.c.id, deleted_at=now, updated_at=now))


def update(s, uuid, values):
    """Change one live mapping (by its uuid)."""
    values = dict(values, updated_at=timeutils.utcnow())
    s.execute(sa.update(_bdms).where(_bdms.c.uuid == uuid,
                                     _bdms.c.deleted == 0).values(values))


def soft_delete(s, uuid):
    """Soft-delete one mapping (a detached volume's)."""
    now = timeutils.utcnow()
    s.execute(sa.update(_bdms)
              .where(_bdms.c.uuid == uuid, _bdms.c.deleted == 0)
              .values(deleted=_bdms.c.id, deleted_at=now, updated_at=now))
