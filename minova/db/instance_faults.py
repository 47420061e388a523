"""Queries of the instance_faults table: why an instance went to ERROR.

Core statements, built once: a fault is written in the transaction of the
state change it explains, and read with every listing of failed servers.
"""

from oslo_utils import timeutils
import sqlalchemy as sa

from minova.db import models

_faults = models.InstanceFault.__table__
_INSERT = sa.insert(_faults)
_NEWEST = sa.select(_faults.c.instance_uuid,
                    sa.func.max(_faults.c.id).label('id')).where(
    _faults.c.instance_uuid.in_(sa.bindparam('uuids', expanding=True))
).group_by(_faults.c.instance_uuid).subquery()
_LATEST = sa.select(_faults).join(_NEWEST, _faults.c.id == _NEWEST.c.id)


def create(s, values):
    """Insert a fault; return its values as stored (with id, created_at)."""
    values = dict(values, created_at=timeutils.utcnow())
    values['id'] = s.execute(_INSERT, values).inserted_primary_key[0]
    return values


def get_latest_by_instance_uuids(s, instance_uuids):
    """``{instance_uuid: newest fault row}`` in one query."""
    rows = s.execute(_LATEST, {'uuids': list(instance_uuids)})
    return {row.instance_uuid: row for row in rows}
