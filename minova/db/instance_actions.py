"""Queries of instance_actions and their events (os-instance-actions).

An action is found by (instance uuid, request id): every service that works
on a request carries its request id, so the events a conductor or a compute
records land under the action the API started.
"""

import functools

from oslo_utils import timeutils
import sqlalchemy as sa
from sqlalchemy import orm

from minova.db import models
from minova import exception

_actions = models.InstanceAction.__table__
_events = models.InstanceActionEvent.__table__
_INSERT_ACTION = sa.insert(_actions)  # built once: building costs more


def action_start(s, values):
    """Insert an action; return its id. Its ``updated_at`` starts as its
    creation time (shown from 2.58) and moves with each event."""
    now = timeutils.utcnow()
    values = dict(values, created_at=now,
                  updated_at=values.get('start_time') or now)
    return s.execute(_INSERT_ACTION, values).inserted_primary_key[0]


def get_by_request_id(s, instance_uuid, request_id, with_events=True):
    query = sa.select(models.InstanceAction).where(
        models.InstanceAction.instance_uuid == instance_uuid,
        models.InstanceAction.request_id == request_id).order_by(
        models.InstanceAction.id.desc())
    if not with_events:
        query = query.options(orm.lazyload(models.InstanceAction.events))
    row = s.scalars(query).first()
    if row is None:
        raise exception.InstanceActionNotFound(request_id=request_id,
                                               instance_uuid=instance_uuid)
    return row


def get_by_instance_uuid(s, instance_uuid, limit=None, marker=None,
                         changes_since=None, changes_before=None):
    """The instance's actions, newest first, without their events.

    ``marker``: a request id, the page starts after its action
    (MarkerNotFound if the instance has none); ``changes_since`` /
    ``changes_before``: only actions updated then or after / before."""
    model = models.InstanceAction
    query = (sa.select(model)
             .options(orm.lazyload(model.events))
             .where(model.instance_uuid == instance_uuid)
             .order_by(model.created_at.desc(), model.id.desc()))
    updated = sa.func.coalesce(model.updated_at, model.created_at)
    if changes_since is not None:
        query = query.where(updated >= changes_since)
    if changes_before is not None:
        query = query.where(updated <= changes_before)
    if marker is not None:
        try:
            last = get_by_request_id(s, instance_uuid, marker,
                                     with_events=False)
        except exception.InstanceActionNotFound:
            raise exception.MarkerNotFound(marker=marker) from None
        query = query.where(sa.or_(
            model.created_at < last.created_at,
            sa.and_(model.created_at == last.created_at,
                    model.id < last.id)))
    if limit is not None:
        query = query.limit(limit)
    return list(s.scalars(query))


# On SQLite a transaction that reads and then writes fails at once ("database
# is locked") when another writer committed in between; one that writes
# first waits for its turn. So the event writes below start with a write.


# The newest action of (a_uuid, a_request_id): the one its events belong to.
_ACTION_ID = (sa.select(_actions.c.id)
              .where(_actions.c.instance_uuid == sa.bindparam('a_uuid'),
                     _actions.c.request_id == sa.bindparam('a_request_id'))
              .order_by(_actions.c.id.desc()).limit(1))

# Stamps the action's updated_at with its newest event's time (bound as
# for _ACTION_ID, plus a_updated_at); the second marks it failed too
# (a_message). No parameter of these or the event statements is named as a
# column of instance_actions: in a WITH, SQLAlchemy would SET that column
# too from it.
_TOUCH = (sa.update(_actions)
          .where(_actions.c.id == _ACTION_ID.scalar_subquery())
          .values(updated_at=sa.bindparam('a_updated_at')))
_TOUCH_ERROR = _TOUCH.values(message=sa.bindparam('a_message'))


def _action_params(instance_uuid, request_id):
    return {'a_uuid': instance_uuid, 'a_request_id': request_id,
            'a_message': 'Error'}


def _touches_in_cte(s):
    """Whether the event statement can stamp its action itself (a
    data-modifying WITH, PostgreSQL's): one statement instead of two."""
    dialect = getattr(s, 'dialect', None) or s.get_bind().dialect
    return dialect.name == 'postgresql'


def _touched(error):
    """The stamp of the action as a CTE yielding its id."""
    return ((_TOUCH_ERROR if error else _TOUCH)
            .returning(_actions.c.id).cte('touched_action'))


# The event statements come in a few shapes (which columns are set): each is
# built once, as building one costs more than running it.

@functools.lru_cache(maxsize=64)
def _event_insert(columns, touch=False, error=False):
    """INSERT ... SELECT of an event of the action, ``columns`` bound as
    ``e_<column>``; with ``touch``, it stamps the action too (bound as
    :data:`_TOUCH`)."""
    action = _touched(error) if touch else _ACTION_ID.subquery()
    values = [sa.bindparam('e_' + column, type_=_events.c[column].type)
              for column in columns]
    statement = sa.insert(_events).from_select(
        ['action_id'] + list(columns), sa.select(action.c.id, *values))
    return statement.add_cte(action) if touch else statement


@functools.lru_cache(maxsize=64)
def _event_finish(columns, touch=False, error=False):
    """UPDATE of the newest unfinished event ``e_event`` of the action,
    setting ``columns`` (bound as ``e_<column>``: a parameter named as a
    column of the action would also be SET by the action's UPDATE); with
    ``touch``, it stamps the action too (bound as :data:`_TOUCH`)."""
    if touch:
        action = _touched(error)
        action_id = sa.select(action.c.id).scalar_subquery()
    else:
        action_id = _ACTION_ID.scalar_subquery()
    unfinished = (sa.select(sa.func.max(_events.c.id))
                  .where(_events.c.action_id == action_id,
                         _events.c.event == sa.bindparam('e_event'),
                         _events.c.finish_time.is_(None))
                  .scalar_subquery())
    statement = (sa.update(_events).where(_events.c.id == unfinished)
                 .values({column: sa.bindparam('e_' + column)
                          for column in columns}))
    return statement.add_cte(action) if touch else statement


def event_start(s, instance_uuid, request_id, values):
    """Record that step ``values['event']`` of the request's action began,
    and stamp the action's updated_at with its start (one statement on
    PostgreSQL, two elsewhere)."""
    _insert_event(s, instance_uuid, request_id, values,
                  values.get('start_time'), error=False)


def _insert_event(s, instance_uuid, request_id, values, when, error):
    """Insert the event, then stamp the action at ``when`` (now if None),
    marking it failed on ``error``."""
    values = dict(values, created_at=timeutils.utcnow())
    columns = tuple(sorted(values))
    params = _action_params(instance_uuid, request_id)
    params.update(('e_' + column, values[column]) for column in columns)
    touch = _touches_in_cte(s)
    if touch:
        params['a_updated_at'] = when or timeutils.utcnow()
    result = s.execute(_event_insert(columns, touch, touch and error),
                       params)
    if result.rowcount != 1:
        raise exception.InstanceActionNotFound(request_id=request_id,
                                               instance_uuid=instance_uuid)
    if not touch:
        _touch(s, instance_uuid, request_id, when, error)


def _touch(s, instance_uuid, request_id, when, error=False):
    """The action changed at ``when`` (now if None): its updated_at."""
    params = _action_params(instance_uuid, request_id)
    params['a_updated_at'] = when or timeutils.utcnow()
    s.execute(_TOUCH_ERROR if error else _TOUCH, params)


def event_finish(s, instance_uuid, request_id, values):
    """Record how step ``values['event']`` ended.

    The newest unfinished event of that name is finished; when there is none
    (its start was never recorded on its own), one is written with both its
    start and finish. The action's updated_at takes the finish time, and an
    error result marks the action ``Error``, as Nova's
    ``os-instance-actions`` shows it: on PostgreSQL all in the one statement
    of the event.
    """
    error = (values.get('result') or '').lower() == 'error'
    when = values.get('finish_time') or timeutils.utcnow()
    updates = {key: value for key, value in values.items()
               if key not in ('start_time', 'host', 'event')}
    updates['updated_at'] = timeutils.utcnow()
    params = _action_params(instance_uuid, request_id)
    params.update(('e_' + column, value) for column, value in updates.items())
    params['e_event'] = values['event']
    touch = _touches_in_cte(s)
    if touch:
        params['a_updated_at'] = when
    result = s.execute(_event_finish(tuple(sorted(updates)), touch, error),
                       params)
    if result.rowcount != 1:
        _insert_event(s, instance_uuid, request_id, values, when, error)
    elif not touch:
        _touch(s, instance_uuid, request_id, when, error)
