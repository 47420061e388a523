"""Instance actions and their events: what was done to a server, step by
step, by which request (``os-instance-actions``).

The API records the action (``create``, ``delete``...) under the request id;
each service records its steps as events of that action, found again by the
request id its context carries. :class:`EventReporter` is the one context
manager a step is wrapped in::

    with instance_action.EventReporter(context, recorder,
                                       'compute_terminate_instance',
                                       self.host, instance.uuid):
        ...

It records the start, then the finish with the result (``Success`` or
``Error``) and, on error, the traceback. The recorder is the database
(:data:`DATABASE`, in the api and the conductor) or the conductor's RPC API
(on a compute).
"""

import sys
import traceback

from oslo_log import log as logging
from oslo_utils import timeutils

from minova.db import instance_actions as db
from minova.db import session as db_session
from minova import exception
from minova.objects import base
from minova.objects import fields

LOG = logging.getLogger(__name__)

SUCCESS = 'Success'
ERROR = 'Error'

CREATE = 'create'
DELETE = 'delete'


@base.MinovaObjectRegistry.register
class InstanceActionEvent(base.MinovaObject):
    # Version 1.0: initial version
    VERSION = '1.0'

    fields = {
        'id': fields.IntegerField(),
        'action_id': fields.IntegerField(),
        'event': fields.StringField(),
        'start_time': fields.DateTimeField(nullable=True),
        'finish_time': fields.DateTimeField(nullable=True),
        'result': fields.StringField(nullable=True),
        'traceback': fields.StringField(nullable=True),
        'host': fields.StringField(nullable=True),
        'details': fields.StringField(nullable=True),
    }


@base.MinovaObjectRegistry.register
class InstanceAction(base.MinovaObject):
    # Version 1.0: initial version
    # Version 1.1: updated_at
    VERSION = '1.1'

    fields = {
        'id': fields.IntegerField(),
        'action': fields.StringField(),
        'instance_uuid': fields.UUIDField(),
        'request_id': fields.StringField(nullable=True),
        'user_id': fields.StringField(nullable=True),
        'project_id': fields.StringField(nullable=True),
        'start_time': fields.DateTimeField(nullable=True),
        'finish_time': fields.DateTimeField(nullable=True),
        'message': fields.StringField(nullable=True),
        'updated_at': fields.DateTimeField(nullable=True),
        'events': fields.ListOfObjectsField('InstanceActionEvent',
                                            default=[]),
    }

    @classmethod
    def _from_row(cls, context, row, with_events=False):
        action = cls(context)
        for name in cls.fields:
            if name != 'events':
                setattr(action, name, getattr(row, name))
        if with_events:
            action.events = [
                InstanceActionEvent._from_db_object(
                    context, InstanceActionEvent(), event)
                for event in row.events]
        action.obj_reset_changes()
        return action

    @classmethod
    def action_start(cls, context, instance_uuid, action, session=None):
        """Record that the request of ``context`` started ``action``."""
        values = {'action': action, 'instance_uuid': instance_uuid,
                  'request_id': context.request_id,
                  'user_id': context.user_id,
                  'project_id': context.project_id,
                  'start_time': timeutils.utcnow()}
        if session is not None:
            action_id = db.action_start(session, values)
        else:
            with db_session.writer_connection() as s:
                action_id = db.action_start(s, values)
        action = cls(context, id=action_id, finish_time=None, message=None,
                     events=[], updated_at=values['start_time'], **values)
        action.obj_reset_changes()
        return action

    @classmethod
    def get_by_request_id(cls, context, instance_uuid, request_id):
        """The action with its events."""
        with db_session.reader() as s:
            return cls._from_row(context, db.get_by_request_id(
                s, instance_uuid, request_id), with_events=True)

    @classmethod
    def get_by_instance_uuid(cls, context, instance_uuid, limit=None,
                             marker=None, changes_since=None,
                             changes_before=None):
        """The instance's actions, newest first, without events (a page
        after request id ``marker``, updated in the range asked)."""
        with db_session.reader() as s:
            return [cls._from_row(context, row) for row in
                    db.get_by_instance_uuid(
                        s, instance_uuid, limit=limit, marker=marker,
                        changes_since=changes_since,
                        changes_before=changes_before)]


def _time(value):
    """Event times travel over RPC as ISO strings; the database wants naive
    UTC datetimes."""
    if isinstance(value, str):
        value = timeutils.parse_isotime(value)
    if value is not None and value.tzinfo is not None:
        value = timeutils.normalize_time(value)
    return value


def _event_values(values):
    values = dict(values)
    for key in ('start_time', 'finish_time'):
        if key in values:
            values[key] = _time(values[key])
    return values


class DatabaseRecorder:
    """Writes events straight to the database (api, conductor).

    ``values`` carry ``instance_uuid`` and ``request_id`` (which find the
    action) and the event's fields. An event of a request without an action
    (a periodic task's) is not recorded: a missing record never fails the
    work it describes.
    """

    def action_event_start(self, context, values, session=None):
        self._write(db.event_start, values, session)

    def action_event_finish(self, context, values, session=None):
        self._write(db.event_finish, values, session)

    @staticmethod
    def _write(func, values, session):
        values = _event_values(values)
        instance_uuid = values.pop('instance_uuid')
        request_id = values.pop('request_id')
        try:
            if session is not None:
                func(session, instance_uuid, request_id, values)
            else:
                with db_session.writer_connection() as s:
                    func(s, instance_uuid, request_id, values)
        except exception.InstanceActionNotFound as e:
            LOG.debug('Event %s not recorded: %s', values.get('event'), e)


DATABASE = DatabaseRecorder()


class EventReporter:
    """Records one step (event) of an instance action around a block.

    ``recorder`` has ``action_event_start(context, values)`` and
    ``action_event_finish(context, values)``: :data:`DATABASE`, or the
    conductor API on a compute.

    With ``defer_start=True`` nothing is sent on entry: the caller sends
    :meth:`start_values` along with its first update (one round trip
    instead of two) and, if it reports the success itself with its last
    update (``finish_values()`` then :meth:`finished`), nothing is sent on
    exit either. Errors are always recorded on exit, with the traceback.
    """

    def __init__(self, context, recorder, event, host, *instance_uuids,
                 defer_start=False):
        self.context = context
        self.recorder = recorder
        self.event = event
        self.host = host
        self.instance_uuids = instance_uuids
        self.defer_start = defer_start
        self.start_time = timeutils.utcnow().isoformat()
        self._finished = False

    def start_values(self, instance_uuid=None):
        return {'instance_uuid': instance_uuid or self.instance_uuids[0],
                'request_id': self.context.request_id,
                'event': self.event, 'host': self.host,
                'start_time': self.start_time}

    def finish_values(self, instance_uuid=None, exc_info=None):
        values = self.start_values(instance_uuid)
        values.update(finish_time=timeutils.utcnow().isoformat(),
                      result=SUCCESS)
        if exc_info is not None and exc_info[0] is not None:
            values.update(result=ERROR, traceback=''.join(
                traceback.format_exception(*exc_info)))
        return values

    def finished(self):
        """The caller recorded the success itself (with its last update)."""
        self._finished = True

    def __enter__(self):
        if not self.defer_start:
            for uuid in self.instance_uuids:
                self._send(self.recorder.action_event_start,
                           self.start_values(uuid))
        return self

    def __exit__(self, exc_type, exc_value, tb):
        if self._finished and exc_type is None:
            return False
        exc_info = (exc_type, exc_value, tb) if exc_type else None
        for uuid in self.instance_uuids:
            self._send(self.recorder.action_event_finish,
                       self.finish_values(uuid, exc_info))
        return False

    def _send(self, method, values):
        try:
            method(self.context, values)
        except Exception:
            # The record must not hide the error of the work itself.
            LOG.warning('Could not record event %s of instance %s',
                        self.event, values['instance_uuid'],
                        exc_info=sys.exc_info())
