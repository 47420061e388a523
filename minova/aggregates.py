"""Host aggregates and the rules that keep their availability zones sane
(Nova's ``AggregateAPI``); the api service calls it.

Each operation checks and writes in one transaction, holding every
aggregate row (:func:`minova.db.aggregates.lock_all`): two admins adding
one host to aggregates of different zones at once cannot both succeed, and
a refused request writes nothing. Operations return an aggregate as a dict
(id, uuid, name, availability_zone, hosts, metadata and its timestamps).
"""

from minova.db import aggregates as db
from minova.db import instances as db_instances
from minova.db import session
from minova import exception
from minova.objects import service as service_obj

AZ_KEY = db.AZ_KEY
COMPUTE_BINARY = 'minova-compute'


def _as_dict(row):
    metadata = db.metadata(row)
    return {'id': row.id, 'uuid': row.uuid, 'name': row.name,
            'availability_zone': metadata.get(AZ_KEY),
            'hosts': [item.host for item in row.hosts],
            'metadata': metadata,
            'created_at': row.created_at, 'updated_at': row.updated_at,
            'deleted_at': row.deleted_at, 'deleted': bool(row.deleted)}


def _check_compute_host(context, host):
    """ComputeHostNotFound unless a compute service runs on ``host``."""
    try:
        service_obj.Service.get_by_host_and_binary(context, host,
                                                   COMPUTE_BINARY)
    except exception.HostBinaryNotFound:
        raise exception.ComputeHostNotFound(host=host)


def _check_zone_change(s, row, metadata, error, hosts=None,
                       check_instances=False):
    """Raise ``error`` (an InvalidAggregateAction) if setting ``metadata``
    on the aggregate ``row`` -- or adding ``hosts`` to it -- would empty
    its zone, put a host in two zones, or (``check_instances``) move
    servers to another zone under their feet."""
    if AZ_KEY not in metadata:
        return
    zone = metadata[AZ_KEY]
    if not zone:
        raise error(aggregate_id=row.id, reason=(
            'Aggregate %s does not support empty named availability zone'
            % row.name))
    hosts = hosts or [item.host for item in row.hosts]
    if not hosts:
        return
    conflicting = sorted({
        db.metadata(other)[AZ_KEY]
        for other in db.get_by_hosts(s, hosts, key=AZ_KEY)
        if other.id != row.id and db.metadata(other)[AZ_KEY] != zone})
    if conflicting:
        raise error(aggregate_id=row.id, reason=(
            'One or more hosts already in availability zone(s) %s'
            % ', '.join(conflicting)))
    if (check_instances and db.metadata(row).get(AZ_KEY) != zone
            and db_instances.count_by_hosts(s, hosts)):
        raise error(aggregate_id=row.id, reason=(
            'One or more hosts contain instances in this zone'))


def create_aggregate(context, name, availability_zone=None):
    metadata = {AZ_KEY: availability_zone} if availability_zone else None
    with session.writer() as s:
        db.lock_all(s)
        return _as_dict(db.create(s, name, metadata))


def get_aggregate(context, aggregate_id):
    with session.reader() as s:
        return _as_dict(db.get(s, aggregate_id))


def get_aggregate_list(context):
    with session.reader() as s:
        return [_as_dict(row) for row in db.get_all(s)]


def update_aggregate(context, aggregate_id, values):
    """Rename the aggregate and/or change its zone (``values``: name,
    availability_zone)."""
    values = dict(values)
    with session.writer() as s:
        db.lock_all(s)
        row = db.get(s, aggregate_id)
        if 'name' in values:
            db.rename(s, row, values.pop('name'))
        _check_zone_change(s, row, values,
                           exception.InvalidAggregateActionUpdate,
                           check_instances=True)
        if values:
            db.update_metadata(s, row, values)
        return _as_dict(row)


def update_aggregate_metadata(context, aggregate_id, metadata):
    """Set metadata keys; a None value deletes its key."""
    with session.writer() as s:
        db.lock_all(s)
        row = db.get(s, aggregate_id)
        _check_zone_change(s, row, metadata,
                           exception.InvalidAggregateActionUpdateMeta,
                           check_instances=True)
        return _as_dict(db.update_metadata(s, row, metadata))


def delete_aggregate(context, aggregate_id):
    with session.writer() as s:
        db.lock_all(s)
        row = db.get(s, aggregate_id)
        if row.hosts:
            raise exception.InvalidAggregateActionDelete(
                aggregate_id=aggregate_id,
                reason='Host aggregate is not empty')
        db.destroy(s, row)


def add_host_to_aggregate(context, aggregate_id, host):
    _check_compute_host(context, host)
    with session.writer() as s:
        db.lock_all(s)
        row = db.get(s, aggregate_id)
        _check_zone_change(s, row, db.metadata(row),
                           exception.InvalidAggregateActionAdd,
                           hosts=[host])
        return _as_dict(db.add_host(s, row, host))


def remove_host_from_aggregate(context, aggregate_id, host):
    _check_compute_host(context, host)
    with session.writer() as s:
        db.lock_all(s)
        return _as_dict(db.remove_host(s, db.get(s, aggregate_id), host))
