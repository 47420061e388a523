"""The InstanceFault object: why an instance went to ERROR, in words a user
can act on (the API shows it as the server's ``fault``)."""

import traceback

from minova.db import instance_faults as db
from minova.db import session as db_session
from minova import exception
from minova.objects import base
from minova.objects import fields

MAX_MESSAGE_LENGTH = 255


def fault_values(exc, host=None, exc_info=None, message=None):
    """The fields of a fault recording ``exc``.

    A minova error carries its user-facing message and HTTP code; any other
    error is named by its class only (its text may be internals), with the
    text and traceback in ``details``, which only admins see.
    """
    code = getattr(exc, 'code', 500) if isinstance(
        exc, exception.MinovaException) else 500
    if message is None:
        message = (exc.format_message()
                   if isinstance(exc, exception.MinovaException)
                   else exc.__class__.__name__)
    details = ''
    if isinstance(exc, exception.MinovaException) and exc.kwargs.get(
            'details'):
        # What the error tells admins only (e.g. NoValidHost's host names).
        details = exc.kwargs['details']
    elif exc_info is not None and code == 500:
        details = ''.join(traceback.format_exception(*exc_info))
    elif not isinstance(exc, exception.MinovaException):
        details = str(exc)
    return {'code': code, 'message': message[:MAX_MESSAGE_LENGTH],
            'details': details, 'host': host}


@base.MinovaObjectRegistry.register
class InstanceFault(base.MinovaObject):
    # Version 1.0: initial version
    VERSION = '1.0'

    fields = {
        'id': fields.IntegerField(),
        'instance_uuid': fields.UUIDField(),
        'code': fields.IntegerField(),
        'message': fields.StringField(nullable=True),
        'details': fields.StringField(nullable=True),
        'host': fields.StringField(nullable=True),
        'created_at': fields.DateTimeField(nullable=True),
    }

    @classmethod
    def _from_row(cls, context, row):
        return cls._from_db_object(context, cls(), row)

    @classmethod
    def create_for_instance(cls, context, instance_uuid, values,
                            session=None):
        """Record a fault (``values`` as :func:`fault_values` makes them)."""
        values = dict(values, instance_uuid=instance_uuid)
        values['message'] = (values.get('message') or '')[:MAX_MESSAGE_LENGTH]
        if session is not None:
            stored = db.create(session, values)
        else:
            with db_session.writer_connection() as s:
                stored = db.create(s, values)
        fault = cls(context, **{name: stored.get(name)
                                for name in cls.fields})
        fault.obj_reset_changes()
        return fault

    @classmethod
    def get_latest_for_instance(cls, context, instance_uuid):
        return cls.get_latest_by_instance_uuids(
            context, [instance_uuid]).get(instance_uuid)

    @classmethod
    def get_latest_by_instance_uuids(cls, context, instance_uuids):
        """``{instance_uuid: newest fault}`` in one query."""
        with db_session.reader_connection() as s:
            return {uuid: cls._from_row(context, row) for uuid, row in
                    db.get_latest_by_instance_uuids(s, instance_uuids).items()}
