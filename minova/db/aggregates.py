"""Queries of host aggregates: the aggregates, their hosts, their metadata.

The write functions take the caller's session (``minova.db.session.writer``)
so that a rule checked first -- an availability zone conflict, a host that
must exist -- and the write it allows are one transaction; they run after
:func:`lock_all`, so aggregate writers never interleave. Every change to an
aggregate, its hosts or its metadata bumps the aggregate's ``updated_at``
and ``generation``.

The scheduler reads through two calls that open their own session:
:func:`get_version`, one tiny query that changes whenever anything here
changes, and :func:`get_host_aggregates`, every host's aggregates with their
metadata, read only when the version moved.
"""

import collections
import types

from oslo_db import exception as db_exc
from oslo_utils import timeutils
from oslo_utils import uuidutils
import sqlalchemy as sa

from minova.db import models
from minova.db import session
from minova import exception

#: The metadata key that makes an aggregate an availability zone.
AZ_KEY = 'availability_zone'


class AggregateInfo(collections.namedtuple(
        'AggregateInfo', ['id', 'uuid', 'name', 'metadata'])):
    """One aggregate as the scheduler sees it; ``metadata`` is a read-only
    mapping, so the tuples built from it can be shared by many hosts."""

    __slots__ = ()

    @property
    def availability_zone(self):
        return self.metadata.get(AZ_KEY)


#: The aggregates of a host in no aggregate.
NO_AGGREGATES = ()


class HostAggregates(collections.namedtuple(
        'HostAggregates', ['version', 'memberships', 'index'])):
    """Every host's aggregates, read at ``version``.

    ``memberships`` holds each distinct membership once: a tuple of
    :class:`AggregateInfo` in aggregate id order, ``memberships[0]`` being
    :data:`NO_AGGREGATES`. ``index`` maps a host name to the position of its
    membership; two hosts in the same aggregates share one tuple object and
    one position, so a filter judges each distinct membership once.
    """

    __slots__ = ()

    def position(self, host):
        return self.index.get(host, 0)

    def of_host(self, host):
        return self.memberships[self.index.get(host, 0)]


def availability_zone(membership):
    """The availability zone a membership puts its hosts in, or None.

    The API keeps a host in at most one zone; should hosts have been
    grouped otherwise, the zones are joined with commas, as Nova shows
    them.
    """
    zones = sorted({agg.metadata[AZ_KEY] for agg in membership
                    if agg.metadata.get(AZ_KEY)})
    return ','.join(zones) or None


# -- reads for the scheduler and the zones -----------------------------------

# Built once: building a statement costs more than SQLite running it.
_VERSION = sa.select(
    sa.func.count(models.Aggregate.__table__.c.id),
    sa.func.coalesce(sa.func.sum(models.Aggregate.__table__.c.generation), 0))


def get_version(s=None):
    """An opaque value that differs whenever an aggregate was created,
    changed or deleted since it was last read (deleted rows count too).
    In the caller's session or connection ``s`` if given: a query costs far
    less than a transaction."""
    if s is not None:
        return tuple(s.execute(_VERSION).one())
    with session.reader() as s:
        return tuple(s.execute(_VERSION).one())


def get_host_aggregates():
    """A :class:`HostAggregates` of every host in an aggregate.

    The version is read first: what follows is at least as new as it, so a
    cache keyed by it never keeps data older than its key.
    """
    aggs = models.Aggregate.__table__
    hosts = models.AggregateHost.__table__
    meta = models.AggregateMetadata.__table__
    live = aggs.c.deleted == 0
    with session.reader() as s:
        version = get_version(s)
        metadata = collections.defaultdict(dict)
        for agg_id, key, value in s.execute(
                sa.select(meta.c.aggregate_id, meta.c.key, meta.c.value)
                .join(aggs, aggs.c.id == meta.c.aggregate_id).where(live)):
            metadata[agg_id][key] = value
        infos = {
            agg_id: AggregateInfo(agg_id, uuid, name, types.MappingProxyType(
                metadata.get(agg_id, {})))
            for agg_id, uuid, name in s.execute(
                sa.select(aggs.c.id, aggs.c.uuid, aggs.c.name).where(live))}
        by_host = collections.defaultdict(list)
        for host, agg_id in s.execute(
                sa.select(hosts.c.host, hosts.c.aggregate_id)
                .join(aggs, aggs.c.id == hosts.c.aggregate_id).where(live)
                .order_by(hosts.c.host, hosts.c.aggregate_id)):
            if agg_id in infos:
                by_host[host].append(agg_id)
    positions = {(): 0}
    memberships = [NO_AGGREGATES]
    index = {}
    for host, agg_ids in by_host.items():
        key = tuple(agg_ids)
        if key not in positions:
            positions[key] = len(memberships)
            memberships.append(tuple(infos[i] for i in agg_ids))
        index[host] = positions[key]
    return HostAggregates(version, tuple(memberships), index)


def get_host_zones(s, hosts=None):
    """``{host: zone}`` of the hosts (all, or those of ``hosts``) that are
    in an aggregate with an availability zone; the others are in the
    default zone."""
    aggs = models.Aggregate.__table__
    agg_hosts = models.AggregateHost.__table__
    meta = models.AggregateMetadata.__table__
    query = (sa.select(agg_hosts.c.host, meta.c.value)
             .join(aggs, aggs.c.id == agg_hosts.c.aggregate_id)
             .join(meta, meta.c.aggregate_id == aggs.c.id)
             .where(aggs.c.deleted == 0, meta.c.key == AZ_KEY))
    if hosts is not None:
        query = query.where(agg_hosts.c.host.in_(sorted(set(hosts))))
    zones = collections.defaultdict(set)
    for host, zone in s.execute(query):
        zones[host].add(zone)
    return {host: ','.join(sorted(values)) for host, values in zones.items()}


# -- reads for the API -----------------------------------------------------------

def get(s, aggregate_id):
    row = s.get(models.Aggregate, aggregate_id)
    if row is None or row.deleted:
        raise exception.AggregateNotFound(aggregate_id=aggregate_id)
    return row


def get_all(s):
    return list(s.scalars(sa.select(models.Aggregate).filter_by(deleted=0)
                          .order_by(models.Aggregate.id)))


def get_by_hosts(s, hosts, key=None):
    """The live aggregates holding any of ``hosts`` (and the metadata key
    ``key``, if given)."""
    query = (sa.select(models.Aggregate).filter_by(deleted=0)
             .join(models.AggregateHost)
             .where(models.AggregateHost.host.in_(sorted(set(hosts)))))
    if key is not None:
        query = query.join(models.AggregateMetadata).where(
            models.AggregateMetadata.key == key)
    return list(s.scalars(query.distinct().order_by(models.Aggregate.id)))


def metadata(row):
    return {item.key: item.value for item in row.metadata_items}


# -- writes ------------------------------------------------------------------------

def lock_all(s):
    """Hold every live aggregate row until the transaction ends, so that
    the availability zone rules, which span aggregates, are checked and
    applied by one writer at a time. (SQLite's writers are serialised
    already; FOR UPDATE is a no-op there.)"""
    s.execute(sa.select(models.Aggregate.id).filter_by(deleted=0)
              .with_for_update())


def _touch(row):
    row.updated_at = timeutils.utcnow()
    row.generation = (row.generation or 0) + 1


def _flush_name(s, name):
    try:
        s.flush()
    except db_exc.DBDuplicateEntry:
        raise exception.AggregateNameExists(aggregate_name=name)


def create(s, name, metadata=None):
    """A new aggregate; AggregateNameExists if a live one has ``name``
    (the unique constraint decides, so racing creates cannot both win)."""
    row = models.Aggregate(uuid=uuidutils.generate_uuid(), name=name,
                           generation=0, deleted=0)
    row.metadata_items = [models.AggregateMetadata(key=k, value=v)
                          for k, v in (metadata or {}).items()]
    s.add(row)
    _flush_name(s, name)
    return row


def rename(s, row, name):
    row.name = name
    _touch(row)
    _flush_name(s, name)
    return row


def update_metadata(s, row, updates):
    """Set the keys of ``updates``; a None value deletes its key (a key
    that is not there is no error, as in Nova)."""
    items = {item.key: item for item in row.metadata_items}
    for key, value in updates.items():
        if value is None:
            if key in items:
                row.metadata_items.remove(items.pop(key))
        elif key in items:
            items[key].value = value
        else:
            items[key] = models.AggregateMetadata(key=key, value=value)
            row.metadata_items.append(items[key])
    _touch(row)
    s.flush()
    return row


def add_host(s, row, host):
    if any(item.host == host for item in row.hosts):
        raise exception.AggregateHostExists(aggregate_id=row.id, host=host)
    row.hosts.append(models.AggregateHost(host=host))
    _touch(row)
    try:
        s.flush()
    except db_exc.DBDuplicateEntry:
        raise exception.AggregateHostExists(aggregate_id=row.id, host=host)
    return row


def remove_host(s, row, host):
    for item in row.hosts:
        if item.host == host:
            row.hosts.remove(item)
            _touch(row)
            s.flush()
            return row
    raise exception.AggregateHostNotFound(aggregate_id=row.id, host=host)


def destroy(s, row):
    """Soft-delete an aggregate (its name is free again) with its
    metadata; it must hold no hosts (the caller checks)."""
    row.metadata_items = []
    row.hosts = []
    row.deleted = row.id
    row.deleted_at = timeutils.utcnow()
    _touch(row)
    s.flush()
