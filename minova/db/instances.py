"""Queries of the instances table and its metadata.

Every function takes the session ``s`` of the caller's transaction, so that
one boot's rows (instance, block device mappings, request spec, action) are
written in one commit. All are Core statements: ``s`` may be a Session or a
Connection (:func:`minova.db.session.writer_connection`).

State changes are conditional updates (:func:`update`): the WHERE clause
names the task_state and vm_state the caller expects, so of two racing
actions exactly one wins and the other gets a named 409 with nothing
changed.
"""

import functools

import sqlalchemy as sa
from oslo_db.sqlalchemy import utils as sqlalchemyutils
from oslo_utils import timeutils

from minova.db import models
from minova.db import sort_keys as db_sort_keys
from minova.db import tags as db_tags
from minova import exception

_instances = models.Instance.__table__
_items = models.InstanceMetadata.__table__

DEFAULT_SORT_KEYS = ('created_at', 'id')
DEFAULT_SORT_DIRS = ('desc', 'desc')
SORT_KEYS = ('created_at', 'updated_at', 'display_name', 'hostname', 'uuid',
             'vm_state', 'task_state', 'host', 'node', 'launched_at',
             'image_ref', 'instance_type_id', 'id', 'launch_index',
             'reservation_id', 'availability_zone', 'power_state', 'locked')


# The Python-side defaults of the columns, and the INSERTs, built once (a
# statement built per call costs more than its execution).
_DEFAULTS = tuple((column.name, column.default.arg)
                  for column in _instances.columns
                  if column.default is not None)
_INSERT = sa.insert(_instances)
_INSERT_METADATA = sa.insert(_items)


def create(s, values, metadata=None):
    """Insert one instance (and its metadata); return its values as stored
    (the columns' defaults filled in, and its id)."""
    values = dict(values)
    for name, default in _DEFAULTS:
        if name not in values:
            values[name] = default(None) if callable(default) else default
    values['id'] = s.execute(_INSERT, values).inserted_primary_key[0]
    if metadata:
        s.execute(_INSERT_METADATA, [
            {'instance_uuid': values['uuid'], 'key': key, 'value': value}
            for key, value in metadata.items()])
    return values


# The reads of one instance, built once: Core rows cost a fraction of ORM
# entities (and of their selectin load of the metadata).
_BY_UUID = sa.select(_instances).where(
    _instances.c.uuid == sa.bindparam('uuid'))
_LIVE_BY_UUID = _BY_UUID.where(_instances.c.deleted == 0)
_METADATA = (sa.select(_items.c.instance_uuid, _items.c.key, _items.c.value)
             .where(_items.c.instance_uuid.in_(
                 sa.bindparam('uuids', expanding=True)))
             .order_by(_items.c.id))


def get_by_uuid(s, uuid, read_deleted=False):
    """The instance as a plain row (its metadata: :func:`get_metadata`)."""
    row = s.execute(_BY_UUID if read_deleted else _LIVE_BY_UUID,
                    {'uuid': uuid}).first()
    if row is None:
        raise exception.InstanceNotFound(instance_id=uuid)
    return row


def get_metadata(s, uuids):
    """``{uuid: {key: value}}`` of the instances ``uuids`` (those with
    metadata), in one query."""
    metadata = {}
    for uuid, key, value in s.execute(_METADATA, {'uuids': list(uuids)}):
        metadata.setdefault(uuid, {})[key] = value
    return metadata


def _as_tuple(states):
    if isinstance(states, (list, tuple, set, frozenset)):
        return tuple(states)
    return (states,)


def _state_condition(column, expected):
    """``column`` is one of ``expected`` (which may include None)."""
    values = [v for v in expected if v is not None]
    # One value is "=": an IN list is expanded anew at every execution.
    conditions = ([column == values[0]] if len(values) == 1 else
                  [column.in_(values)] if values else [])
    if None in expected:
        conditions.append(column.is_(None))
    return sa.or_(sa.false(), *conditions)


@functools.lru_cache(maxsize=256)
def _update_statement(names, expected_task_state, expected_vm_state,
                      soft_delete=False):
    """The conditional UPDATE of the columns ``names`` of a live instance
    (bound as ``w_uuid`` and the columns' names), built once per shape: a
    build's updates come in a handful of shapes, and building one costs
    more than running it."""
    conditions = [_instances.c.uuid == sa.bindparam('w_uuid'),
                  _instances.c.deleted == 0]
    if expected_task_state is not None:
        conditions.append(_state_condition(_instances.c.task_state,
                                           expected_task_state))
    if expected_vm_state is not None:
        conditions.append(_state_condition(_instances.c.vm_state,
                                           expected_vm_state))
    values = {name: sa.bindparam(name) for name in names}
    if soft_delete:
        values['deleted'] = _instances.c.id  # as in Nova: its own id
    return sa.update(_instances).where(*conditions).values(values)


def update(s, uuid, values, expected_task_state=None, expected_vm_state=None,
           return_row=True, soft_delete=False):
    """Apply ``values`` to live instance ``uuid`` in one conditional UPDATE.

    ``expected_task_state`` / ``expected_vm_state``: None means "any";
    otherwise a state or a list of states (``[None]`` expects no task).
    Raises InstanceNotFound, UnexpectedDeletingTaskStateError (it is being
    deleted), UnexpectedTaskStateError or UnexpectedVMStateError, having
    changed nothing. Returns the updated row (without metadata), or with
    ``return_row=False`` nothing: one statement when it succeeds.
    ``soft_delete`` also marks the instance deleted.
    """
    if expected_task_state is not None:
        expected_task_state = _as_tuple(expected_task_state)
    if expected_vm_state is not None:
        expected_vm_state = _as_tuple(expected_vm_state)
    values = dict(values, updated_at=timeutils.utcnow())
    statement = _update_statement(tuple(sorted(values)), expected_task_state,
                                  expected_vm_state, soft_delete)
    result = s.execute(statement, dict(values, w_uuid=uuid))
    if result.rowcount == 1 and not return_row:
        return None
    row = get_by_uuid(s, uuid, read_deleted=True)
    if result.rowcount == 1:
        return row
    if row.deleted:
        raise exception.InstanceNotFound(instance_id=uuid)
    if expected_task_state is not None and \
            row.task_state not in expected_task_state:
        error = (exception.UnexpectedDeletingTaskStateError
                 if row.task_state == 'deleting'
                 else exception.UnexpectedTaskStateError)
        raise error(instance_uuid=uuid, expected=list(expected_task_state),
                    actual=row.task_state)
    raise exception.UnexpectedVMStateError(
        instance_uuid=uuid, expected=list(expected_vm_state or ()),
        actual=row.vm_state)


def soft_delete(s, uuid, values, expected_task_state=None):
    """Mark the instance deleted (``deleted`` takes its id, as in Nova) with
    ``values`` (vm_state, terminated_at...), and its metadata gone."""
    values = dict(values, deleted_at=timeutils.utcnow())
    row = update(s, uuid, values, expected_task_state=expected_task_state,
                 soft_delete=True)
    s.execute(sa.delete(_items).where(_items.c.instance_uuid == uuid))
    db_tags.delete_all(s, uuid)
    return row


def deleted_among(s, uuids):
    """The ``uuids`` that name a deleted instance."""
    if not uuids:
        return []
    return [row.uuid for row in s.execute(sa.select(_instances.c.uuid).where(
        _instances.c.uuid.in_(list(uuids)), _instances.c.deleted != 0))]


def get_unchanged_tasks(s, before):
    """Live instances with a task_state that has not changed since
    ``before`` (a naive UTC datetime), oldest first."""
    changed = sa.func.coalesce(_instances.c.updated_at,
                               _instances.c.created_at)
    return s.execute(sa.select(_instances).where(
        _instances.c.deleted == 0, _instances.c.task_state.isnot(None),
        changed < before).order_by(changed)).all()


# Built once (a boot counts usage twice, a rebuilt statement costs more
# than running it); the user's adds a condition.
_PROJECT_USAGE = sa.select(
    sa.func.count(_instances.c.id),
    sa.func.coalesce(sa.func.sum(_instances.c.vcpus), 0),
    sa.func.coalesce(sa.func.sum(_instances.c.memory_mb), 0)).where(
    _instances.c.project_id == sa.bindparam('project_id'),
    _instances.c.deleted == 0)
_USER_USAGE = _PROJECT_USAGE.where(
    _instances.c.user_id == sa.bindparam('user_id'))


def usage(s, project_id, user_id=None):
    """(instances, cores, ram) the live instances of ``project_id`` (of
    ``user_id`` in it, if given) use."""
    if user_id is None:
        row = s.execute(_PROJECT_USAGE, {'project_id': project_id})
    else:
        row = s.execute(_USER_USAGE, {'project_id': project_id,
                                      'user_id': user_id})
    count, cores, ram = row.one()
    return int(count), int(cores), int(ram)


def count_by_hosts(s, hosts):
    """How many live instances are on any of ``hosts``."""
    return int(s.execute(
        sa.select(sa.func.count(_instances.c.id))
        .where(_instances.c.host.in_(sorted(set(hosts))),
               _instances.c.deleted == 0)).scalar())


def _filtered(query, filters):
    """Apply list filters: exact matches, lists (IN), and a few specials."""
    columns = _instances.c
    filters = dict(filters)
    changes_since = filters.pop('changes-since', None)
    changes_before = filters.pop('changes-before', None)
    deleted = filters.pop('deleted', None)
    name = filters.pop('name', None)
    if changes_since is not None:
        # Deleted instances are changes too: a poller must see them go.
        query = query.where(columns.updated_at >= changes_since)
        if deleted is None:
            deleted = 'any'
    if changes_before is not None:
        query = query.where(columns.updated_at <= changes_before)
        if deleted is None:
            deleted = 'any'
    if deleted is None or deleted is False:
        query = query.where(columns.deleted == 0)
    elif deleted is True:
        query = query.where(columns.deleted != 0)
    if name:
        query = query.where(columns.display_name.contains(name,
                                                          autoescape=True))
    query = db_tags.filter_instances(query, columns.uuid, filters)
    for key, value in filters.items():
        column = columns.get(key)
        if column is None:
            raise exception.ValidationError(field=key,
                                            reason='not a known filter')
        if isinstance(value, (list, tuple, set)):
            query = query.where(_state_condition(column, tuple(value)))
        elif value is None:
            query = query.where(column.is_(None))
        else:
            query = query.where(column == value)
    return query


def get_all(s, filters=None, limit=None, marker=None, sort_keys=None,
            sort_dirs=None, with_metadata=True):
    """One page of instances, in one query (plus one for their metadata):
    ``(rows, metadata)``, the rows plain (no ORM objects: a listing of
    hundreds of servers paid more for those than for the query) and
    ``metadata`` ``{uuid: {key: value}}`` (empty without
    ``with_metadata``).

    ``marker`` is the uuid of the last instance of the previous page.
    """
    sort_keys = list(sort_keys or DEFAULT_SORT_KEYS)
    sort_dirs = list(sort_dirs or DEFAULT_SORT_DIRS[:len(sort_keys)])
    db_sort_keys.check(sort_keys, SORT_KEYS)
    if 'id' not in sort_keys:
        # Paging needs a total order.
        sort_keys.append('id')
        sort_dirs.append(sort_dirs[0] if sort_dirs else 'desc')
    while len(sort_dirs) < len(sort_keys):
        sort_dirs.append(sort_dirs[-1])
    # A Core select: the same SQL as an ORM query, built for less.
    query = _filtered(sa.select(_instances), filters or {})
    marker_row = None
    if marker is not None:
        marker_row = s.execute(_BY_UUID, {'uuid': marker}).first()
        if marker_row is None:
            raise exception.MarkerNotFound(marker=marker)
    if marker_row is None and set(sort_dirs) <= {'asc', 'desc'}:
        # All that paginate_query adds without a marker, on the table's
        # columns: its ORM attributes cost more to build with.
        query = query.order_by(*[
            getattr(_instances.c[key], direction)()
            for key, direction in zip(sort_keys, sort_dirs)]).limit(limit)
    else:
        query = sqlalchemyutils.paginate_query(
            query, models.Instance, limit, sort_keys, marker=marker_row,
            sort_dirs=sort_dirs)
    rows = s.execute(query).all()
    metadata = {}
    if with_metadata and rows:
        metadata = get_metadata(s, [row.uuid for row in rows])
    return rows, metadata


def metadata_update(s, uuid, metadata, delete=False):
    """Set the keys of ``metadata``; with ``delete``, also remove the keys
    not in it (replace all). Returns the instance's metadata dict.

    It first bumps the instance's ``updated_at``: a metadata change is a
    change of the server (``changes-since`` shows it), and on SQLite a
    transaction must write before it reads to wait for its turn.
    """
    result = s.execute(sa.update(_instances)
                       .where(_instances.c.uuid == uuid,
                              _instances.c.deleted == 0)
                       .values(updated_at=timeutils.utcnow()))
    if result.rowcount != 1:
        raise exception.InstanceNotFound(instance_id=uuid)
    current = get_metadata(s, [uuid]).get(uuid, {})
    for key, value in metadata.items():
        if key not in current:
            s.execute(sa.insert(_items).values(instance_uuid=uuid, key=key,
                                               value=value))
        elif current[key] != value:
            s.execute(sa.update(_items).where(
                _items.c.instance_uuid == uuid, _items.c.key == key)
                .values(value=value))
    gone = set(current) - set(metadata) if delete else set()
    if gone:
        s.execute(sa.delete(_items).where(_items.c.instance_uuid == uuid,
                                          _items.c.key.in_(sorted(gone))))
    result = {key: value for key, value in current.items()
              if key not in gone}
    result.update(metadata)
    return result


def metadata_delete(s, uuid, key):
    """Remove one key; returns whether it was there."""
    result = s.execute(sa.delete(_items).where(
        _items.c.instance_uuid == uuid, _items.c.key == key))
    return result.rowcount == 1
