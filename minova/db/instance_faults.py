"""Queries of the instance_faults table: why an instance went to ERROR."""

import sqlalchemy as sa

from minova.db import models


def create(s, values):
    row = models.InstanceFault(**values)
    s.add(row)
    s.flush()
    return row


def get_latest_by_instance_uuids(s, instance_uuids):
    """``{instance_uuid: newest fault row}`` in one query."""
    newest = (sa.select(models.InstanceFault.instance_uuid,
                        sa.func.max(models.InstanceFault.id).label('id'))
              .where(models.InstanceFault.instance_uuid.in_(
                  list(instance_uuids)))
              .group_by(models.InstanceFault.instance_uuid).subquery())
    rows = s.scalars(sa.select(models.InstanceFault).join(
        newest, models.InstanceFault.id == newest.c.id))
    return {row.instance_uuid: row for row in rows}
