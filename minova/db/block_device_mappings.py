"""Queries of the block_device_mapping table (soft-deleted like instances)."""

from oslo_utils import timeutils
import sqlalchemy as sa

from minova.db import models

_bdms = models.BlockDeviceMapping.__table__
_INSERT = sa.insert(_bdms)  # built once: building costs more than running


def create(s, values):
    """Insert a mapping; return its id."""
    values = dict(values, created_at=timeutils.utcnow(), deleted=0)
    return s.execute(_INSERT, values).inserted_primary_key[0]


def get_by_instance_uuids(s, instance_uuids):
    """Live mappings of the instances, boot_index order, in one query."""
    return list(s.scalars(
        sa.select(models.BlockDeviceMapping)
        .where(models.BlockDeviceMapping.instance_uuid.in_(
            list(instance_uuids)),
            models.BlockDeviceMapping.deleted == 0)
        .order_by(models.BlockDeviceMapping.id)))


def get_by_instance_uuid(s, instance_uuid):
    return get_by_instance_uuids(s, [instance_uuid])


def soft_delete_by_instance(s, instance_uuid):
    now = timeutils.utcnow()
    s.execute(sa.update(_bdms)
              .where(_bdms.c.instance_uuid == instance_uuid,
                     _bdms.c.deleted == 0)
              .values(deleted=_bdms.c.id, deleted_at=now, updated_at=now))
