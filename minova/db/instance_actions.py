"""Queries of instance_actions and their events (os-instance-actions).

An action is found by (instance uuid, request id): every service that works
on a request carries its request id, so the events a conductor or a compute
records land under the action the API started.
"""

from oslo_utils import timeutils
import sqlalchemy as sa
from sqlalchemy import orm

from minova.db import models
from minova import exception


def action_start(s, values):
    """Insert an action; return its id."""
    values = dict(values, created_at=timeutils.utcnow())
    return s.execute(sa.insert(models.InstanceAction.__table__).values(
        values)).inserted_primary_key[0]


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


def get_by_instance_uuid(s, instance_uuid, limit=None):
    """The instance's actions, newest first, without their events."""
    query = (sa.select(models.InstanceAction)
             .options(orm.lazyload(models.InstanceAction.events))
             .where(models.InstanceAction.instance_uuid == instance_uuid)
             .order_by(models.InstanceAction.created_at.desc(),
                       models.InstanceAction.id.desc()))
    if limit:
        query = query.limit(limit)
    return list(s.scalars(query))


# On SQLite a transaction that reads and then writes fails at once ("database
# is locked") when another writer committed in between; one that writes
# first waits for its turn. So the event writes below start with a write.


def _action_id_query(instance_uuid, request_id):
    return (sa.select(models.InstanceAction.id)
            .where(models.InstanceAction.instance_uuid == instance_uuid,
                   models.InstanceAction.request_id == request_id)
            .order_by(models.InstanceAction.id.desc()).limit(1))


def event_start(s, instance_uuid, request_id, values):
    """Record that step ``values['event']`` of the request's action began
    (one INSERT ... SELECT)."""
    events = models.InstanceActionEvent.__table__
    action_id = _action_id_query(instance_uuid, request_id).subquery()
    values = dict(values, created_at=timeutils.utcnow())
    columns = sorted(values)
    literals = [sa.literal(values[column], type_=events.c[column].type)
                for column in columns]
    result = s.execute(sa.insert(events).from_select(
        ['action_id'] + columns, sa.select(action_id.c.id, *literals)))
    if result.rowcount != 1:
        raise exception.InstanceActionNotFound(request_id=request_id,
                                               instance_uuid=instance_uuid)


def event_finish(s, instance_uuid, request_id, values):
    """Record how step ``values['event']`` ended.

    The newest unfinished event of that name is finished; when there is none
    (its start was never recorded on its own), one is written with both its
    start and finish. An error result marks the action ``Error``, as Nova's
    ``os-instance-actions`` shows it.
    """
    events = models.InstanceActionEvent.__table__
    actions = models.InstanceAction.__table__
    action_id = _action_id_query(instance_uuid, request_id).scalar_subquery()
    unfinished = (sa.select(sa.func.max(events.c.id))
                  .where(events.c.action_id == action_id,
                         events.c.event == values['event'],
                         events.c.finish_time.is_(None))
                  .scalar_subquery())
    updates = {key: value for key, value in values.items()
               if key not in ('start_time', 'host', 'event')}
    updates['updated_at'] = timeutils.utcnow()
    result = s.execute(sa.update(events).where(events.c.id == unfinished)
                       .values(updates))
    if result.rowcount != 1:
        event_start(s, instance_uuid, request_id, values)
    if (values.get('result') or '').lower() == 'error':
        s.execute(sa.update(actions).where(actions.c.id == action_id)
                  .values(message='Error'))
