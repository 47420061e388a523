"""Claims: the resources of compute nodes held by consumers (instances).

A claim is what stops two schedulers from filling the same room twice. It
is ONE conditional UPDATE of the compute node that adds to its ``*_used``
columns and bumps its ``generation`` only where the node still has room
under its allocation ratios, plus the allocation rows, in one transaction.
The database re-evaluates the condition under the row's write lock
(PostgreSQL re-checks the WHERE clause against the newest committed row;
SQLite lets one writer in at a time), so concurrent claims can never
over-commit a node, however many scheduler processes make them.

The room a node has is computed by the ``*_headroom`` functions below. They
take plain numbers (the scheduler's HostState) or table columns (the claim's
WHERE clause), so the filters and the claim use one formula and cannot
disagree on the boundary.
"""

import collections
import functools

from oslo_db import exception as db_exc
from oslo_utils import timeutils
import sqlalchemy as sa

from minova.db import models
from minova.db import session
from minova import exception

VCPU = 'VCPU'
MEMORY_MB = 'MEMORY_MB'
DISK_GB = 'DISK_GB'
RESOURCE_CLASSES = (VCPU, MEMORY_MB, DISK_GB)

_nodes = models.ComputeNode.__table__
_allocations = models.Allocation.__table__

# The compute_nodes column that holds the sum of each class's allocations.
_USED_COLUMN = {VCPU: 'vcpus_used', MEMORY_MB: 'memory_mb_used',
                DISK_GB: 'local_gb_used'}


def vcpu_headroom(vcpus, cpu_allocation_ratio, vcpus_used):
    """The vCPUs a node can still give."""
    return vcpus * cpu_allocation_ratio - vcpus_used


def ram_headroom_mb(memory_mb, ram_allocation_ratio, reserved_host_memory_mb,
                    memory_mb_used):
    """The MB of RAM a node can still give."""
    return memory_mb * ram_allocation_ratio - reserved_host_memory_mb \
        - memory_mb_used


def disk_headroom_mb(local_gb, disk_allocation_ratio, reserved_host_disk_mb,
                     local_gb_used):
    """The MB of disk a node can still give.

    In MB rather than GB so that the SQL needs no division (integer division
    in SQL would round the reserved MB away); compare it with GB * 1024.
    """
    return local_gb * 1024 * disk_allocation_ratio - reserved_host_disk_mb \
        - local_gb_used * 1024


def resources_from_flavor(flavor):
    """What one instance of ``flavor`` claims: ``{class: amount}``.

    Swap is in MB in a flavor and is claimed in whole GB, rounded up.
    """
    swap_gb = -(-flavor.get('swap', 0) // 1024)
    return {VCPU: flavor.vcpus,
            MEMORY_MB: flavor.memory_mb,
            DISK_GB: flavor.get('root_gb', 0) + flavor.get('ephemeral_gb', 0)
            + swap_gb}


def _room_conditions(classes):
    """The WHERE clauses saying the node has room for the amounts of
    ``classes`` (bound as ``:VCPU``, ``:MEMORY_MB``, ``:DISK_GB``)."""
    c = _nodes.c
    conditions = []
    if VCPU in classes:
        conditions.append(vcpu_headroom(
            c.vcpus, c.cpu_allocation_ratio, c.vcpus_used)
            >= sa.bindparam(VCPU))
    if MEMORY_MB in classes:
        conditions.append(ram_headroom_mb(
            c.memory_mb, c.ram_allocation_ratio, c.reserved_host_memory_mb,
            c.memory_mb_used) >= sa.bindparam(MEMORY_MB))
    if DISK_GB in classes:
        conditions.append(disk_headroom_mb(
            c.local_gb, c.disk_allocation_ratio, c.reserved_host_disk_mb,
            c.local_gb_used) >= sa.bindparam(DISK_GB) * 1024)
    return conditions


@functools.lru_cache(maxsize=None)
def _claim_update(classes):
    """The claim's UPDATE for the classes asked (a sorted tuple), with the
    node id and the amounts bound at execution: built once per set of
    classes, since building a statement costs more than running it."""
    values = {_USED_COLUMN[rc]: _nodes.c[_USED_COLUMN[rc]] + sa.bindparam(rc)
              for rc in classes}
    values.update(generation=_nodes.c.generation + 1)
    return (sa.update(_nodes)
            .where(_nodes.c.id == sa.bindparam('node_id'),
                   _nodes.c.deleted == 0, *_room_conditions(classes))
            .values(values))


@functools.lru_cache(maxsize=None)
def _release_update(classes):
    """The UPDATE that gives back the amounts of ``classes`` (a sorted
    tuple, bound as ``:VCPU``, ...) to node ``:node_id``: built once per
    set of classes, as the claim's.

    ``updated_at`` is stamped (by the model) as for any change of the node:
    it is how schedulers find the nodes changed since they last looked.
    """
    values = {_USED_COLUMN[rc]: _nodes.c[_USED_COLUMN[rc]] - sa.bindparam(rc)
              for rc in classes}
    values.update(generation=_nodes.c.generation + 1)
    return (sa.update(_nodes).where(_nodes.c.id == sa.bindparam('node_id'))
            .values(values))


@functools.lru_cache(maxsize=None)
def _claim_in_one(classes):
    """The claim as one statement (PostgreSQL's data-modifying WITH): the
    UPDATE of :func:`_claim_update`, then the allocation row of each class
    for the node it updated, bound as ``:consumer_id`` and ``:claimed_at``
    (not named as a column: the UPDATE would set it). It inserts no row
    when the node has no room. Built once per set of classes."""
    claimed = _claim_update(classes).returning(_nodes.c.id).cte('claimed')
    columns = _allocations.c
    rows = [sa.select(claimed.c.id,
                      sa.bindparam('consumer_id', type_=columns.consumer_id.type),
                      sa.literal(rc, columns.resource_class.type),
                      sa.bindparam(rc, type_=columns.used.type),
                      sa.bindparam('claimed_at', type_=columns.created_at.type))
            for rc in classes]
    return sa.insert(_allocations).from_select(
        ['compute_node_id', 'consumer_id', 'resource_class', 'used',
         'created_at'],
        sa.union_all(*rows) if len(rows) > 1 else rows[0]).add_cte(claimed)


# Built once, like the UPDATEs above.
_INSERT_ALLOCATIONS = sa.insert(_allocations)
_DELETE_ALLOCATIONS = (
    sa.delete(_allocations)
    .where(_allocations.c.consumer_id == sa.bindparam('consumer_id'))
    .returning(_allocations.c.compute_node_id, _allocations.c.resource_class,
               _allocations.c.used))
_DELETE_NODE_ALLOCATIONS = (
    sa.delete(_allocations)
    .where(_allocations.c.consumer_id == sa.bindparam('consumer_id'),
           _allocations.c.compute_node_id == sa.bindparam('node_id'))
    .returning(_allocations.c.compute_node_id, _allocations.c.resource_class,
               _allocations.c.used))


def _check(resources):
    for rc, amount in resources.items():
        if rc not in RESOURCE_CLASSES:
            raise exception.Invalid(reason='unknown resource class %r '
                                    '(known: %s)' % (rc, ', '.join(
                                        RESOURCE_CLASSES)))
        if not isinstance(amount, int) or amount < 0:
            raise exception.Invalid(reason='%s amount must be a whole number '
                                    '>= 0, not %r' % (rc, amount))


def claim(compute_node_id, consumer_id, resources):
    """Hold ``resources`` (``{'VCPU': n, 'MEMORY_MB': m, 'DISK_GB': d}``) of
    compute node ``compute_node_id`` for ``consumer_id``.

    Returns True when claimed, False when the node has no room for them now
    (or is gone). Raises :class:`minova.exception.Conflict` when the
    consumer already holds resources of that node: release them first.
    """
    _check(resources)
    # A class asked for 0 is no request: it is not checked, so a node whose
    # operator lowered a ratio below what is in use still takes a request
    # that does not need that class.
    wanted = {rc: amount for rc, amount in resources.items() if amount}
    classes = tuple(sorted(wanted))
    try:
        with session.writer_connection() as connection:
            if wanted and connection.dialect.name == 'postgresql':
                # One statement instead of two: a claim per boot.
                return connection.execute(_claim_in_one(classes), dict(
                    wanted, node_id=compute_node_id, consumer_id=consumer_id,
                    claimed_at=timeutils.utcnow())).rowcount == len(wanted)
            if connection.execute(_claim_update(classes),
                                  dict(wanted, node_id=compute_node_id)
                                  ).rowcount != 1:
                return False
            if wanted:
                connection.execute(_INSERT_ALLOCATIONS, [
                    {'compute_node_id': compute_node_id,
                     'consumer_id': consumer_id, 'resource_class': rc,
                     'used': amount} for rc, amount in wanted.items()])
    except db_exc.DBDuplicateEntry:
        raise exception.Conflict(reason='consumer %s already holds resources '
                                 'of compute node %s' % (consumer_id,
                                                         compute_node_id))
    return True


def release(consumer_id, compute_node_id=None):
    """Give back everything ``consumer_id`` holds (of ``compute_node_id``
    only, if given: an evacuated instance holds its source's until that
    compute comes back); idempotent.

    The allocation rows are deleted first and only what this transaction
    deleted is subtracted, so two concurrent releases subtract once.
    """
    deleted = collections.defaultdict(dict)
    with session.writer_connection() as connection:
        if compute_node_id is None:
            rows = connection.execute(_DELETE_ALLOCATIONS,
                                      {'consumer_id': consumer_id}).all()
        else:
            rows = connection.execute(_DELETE_NODE_ALLOCATIONS, {
                'consumer_id': consumer_id,
                'node_id': compute_node_id}).all()
        for node_id, rc, used in rows:
            deleted[node_id][rc] = used
        # Lock nodes in id order, as every other multi-node writer should,
        # so that two releases cannot deadlock on PostgreSQL.
        for node_id in sorted(deleted):
            given_back = deleted[node_id]
            connection.execute(_release_update(tuple(sorted(given_back))),
                               dict(given_back, node_id=node_id))
    return dict(deleted)


def get_by_consumer(consumer_id):
    """What ``consumer_id`` holds: ``{compute_node_id: {class: amount}}``."""
    held = collections.defaultdict(dict)
    with session.reader() as s:
        for node_id, rc, used in s.execute(
                sa.select(_allocations.c.compute_node_id,
                          _allocations.c.resource_class, _allocations.c.used)
                .where(_allocations.c.consumer_id == consumer_id)):
            held[node_id][rc] = used
    return dict(held)


def move(source_consumer, target_consumer):
    """Hand everything ``source_consumer`` holds to ``target_consumer``
    (what a resize does with the source host's claim: held by the
    migration while the instance claims the destination, and back on a
    revert). The nodes' usage does not change. Returns the rows moved."""
    with session.writer_connection() as connection:
        return connection.execute(
            sa.update(_allocations)
            .where(_allocations.c.consumer_id == source_consumer)
            .values(consumer_id=target_consumer)).rowcount
