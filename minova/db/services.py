"""Queries of the services table."""

from oslo_db import exception as db_exc
from oslo_utils import timeutils
from oslo_utils import uuidutils
import sqlalchemy as sa

from minova.db import models
from minova.db import session
from minova import exception


def get_by_host_and_binary(host, binary):
    with session.reader() as s:
        row = s.scalars(sa.select(models.Service).filter_by(
            host=host, binary=binary, deleted=0)).first()
    if row is None:
        raise exception.HostBinaryNotFound(host=host, binary=binary)
    return row


def get(service_id):
    with session.reader() as s:
        row = s.get(models.Service, service_id)
    if row is None or row.deleted:
        raise exception.ServiceNotFound(service_id=service_id)
    return row


def get_by_uuid(service_uuid):
    with session.reader() as s:
        row = s.scalars(sa.select(models.Service).filter_by(
            uuid=service_uuid, deleted=0)).first()
    if row is None:
        raise exception.ServiceNotFound(service_id=service_uuid)
    return row


def get_all(binary=None, host=None, include_disabled=True):
    query = sa.select(models.Service).filter_by(deleted=0)
    if binary:
        query = query.filter_by(binary=binary)
    if host:
        query = query.filter_by(host=host)
    if not include_disabled:
        query = query.filter_by(disabled=False)
    with session.reader() as s:
        return list(s.scalars(query.order_by(models.Service.id)))


def get_or_create(host, binary, topic, version):
    """The service row for (host, binary), created on first start.

    The worker processes of one service (``[conductor] workers``...) share
    its row and start together: the one whose insert loses the race to the
    unique key reads the row the other made.
    """
    try:
        return _get_or_create(host, binary, topic, version)
    except db_exc.DBDuplicateEntry:
        return _get_or_create(host, binary, topic, version)


def _get_or_create(host, binary, topic, version):
    with session.writer() as s:
        row = s.scalars(sa.select(models.Service).filter_by(
            host=host, binary=binary, deleted=0)).first()
        if row is None:
            row = models.Service(uuid=uuidutils.generate_uuid(), host=host,
                                 binary=binary, topic=topic, version=version,
                                 report_count=0)
            s.add(row)
        else:
            row.version = version
        s.flush()
        return row


_services = models.Service.__table__
# One heartbeat, answering the row as it is now: the UPDATE returns it.
_HEARTBEAT = (sa.update(_services)
              .where(_services.c.id == sa.bindparam('service_id'),
                     _services.c.deleted == 0)
              .values(report_count=_services.c.report_count + 1,
                      last_seen_up=sa.bindparam('now'),
                      updated_at=_services.c.updated_at))
_HEARTBEAT_RETURNING = _HEARTBEAT.returning(*_services.c)
_BY_ID = sa.select(_services).where(
    _services.c.id == sa.bindparam('service_id'))


def heartbeat(service_id):
    """Record one heartbeat; return the row as it is now (a plain row).

    ``last_seen_up`` is what liveness reads. ``updated_at`` is left as it
    is: it says when the service record last changed (enabled, disabled,
    forced down), which is what schedulers look for between their full
    reads, and a heartbeat is no such change.

    One statement (UPDATE ... RETURNING) where the database has it: a
    conductor answers a heartbeat of each compute every few seconds.
    """
    params = {'service_id': service_id, 'now': timeutils.utcnow()}
    with session.writer_connection() as c:
        if c.dialect.update_returning:
            row = c.execute(_HEARTBEAT_RETURNING, params).first()
        elif c.execute(_HEARTBEAT, params).rowcount == 1:
            row = c.execute(_BY_ID, params).first()
        else:
            row = None
    if row is None:
        raise exception.ServiceNotFound(service_id=service_id)
    return row


def heartbeat_many(service_ids):
    """Record one heartbeat of each of ``service_ids`` in one statement
    (a process of simulated computes); return how many rows it stamped."""
    services = models.Service.__table__
    with session.writer() as s:
        return s.execute(
            sa.update(services)
            .where(services.c.id.in_(list(service_ids)),
                   services.c.deleted == 0)
            .values(report_count=services.c.report_count + 1,
                    last_seen_up=timeutils.utcnow(),
                    updated_at=services.c.updated_at)).rowcount


def update(service_id, values):
    with session.writer() as s:
        row = s.get(models.Service, service_id)
        if row is None or row.deleted:
            raise exception.ServiceNotFound(service_id=service_id)
        for key, value in values.items():
            setattr(row, key, value)
        s.flush()
        return row


def destroy(service_id):
    """Soft-delete a service and, for a compute, its host's compute nodes
    (the API has checked it hosts no instances)."""
    nodes = models.ComputeNode.__table__
    with session.writer() as s:
        row = s.get(models.Service, service_id)
        if row is None or row.deleted:
            raise exception.ServiceNotFound(service_id=service_id)
        now = timeutils.utcnow()
        if row.binary == 'minova-compute':
            s.execute(sa.update(nodes)
                      .where(nodes.c.host == row.host, nodes.c.deleted == 0)
                      .values(deleted=nodes.c.id, deleted_at=now))
        row.deleted = row.id
        row.deleted_at = now
        s.flush()
