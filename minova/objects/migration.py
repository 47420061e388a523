"""The Migration object: one move of an instance between hosts.

A resize and a cold migration (``migration_type`` ``resize`` or
``migration``) go through Nova's statuses: ``pre-migrating`` (recorded by
the api, scheduled by the conductor), ``migrating`` (the source hands the
disks over), ``post-migrating``, ``finished`` (the server waits in
VERIFY_RESIZE), then ``confirming``/``confirmed`` or
``reverting``/``reverted``; ``error`` when it failed. Its ``uuid`` is the
consumer of the source host's claim while the move is in flight, as in
Nova, so that both hosts' claims stay exact.

An evacuation (``evacuation``) goes ``accepted`` (the api), ``pre-migrating``
(the conductor chose and claimed its destination), ``done`` (rebuilt
there), then ``completed`` once the source's compute came back and
destroyed its stale guest; ``error`` if it could not be scheduled,
``failed`` if the rebuild failed.
"""

from oslo_utils import uuidutils

from minova.db import allocations
from minova.db import instance_migrations as db
from minova.db import session as db_session
from minova import exception
from minova.objects import base
from minova.objects import fields
from minova.objects import instance as instance_obj

#: The statuses of a move still in flight (neither done nor failed).
IN_PROGRESS = ('pre-migrating', 'migrating', 'post-migrating', 'finished',
               'confirming', 'reverting')

#: The statuses of an evacuation whose source still has something to
#: clean when its compute comes back (as Nova's
#: ``_destroy_evacuated_instances``).
EVACUATED = ('accepted', 'pre-migrating', 'done')

_FLAVORS = ('old_flavor', 'new_flavor')


@base.MinovaObjectRegistry.register
class Migration(base.MinovaObject):
    # Version 1.0: initial version
    VERSION = '1.0'

    fields = {
        'id': fields.IntegerField(),
        'uuid': fields.UUIDField(),
        'instance_uuid': fields.UUIDField(),
        'source_compute': fields.StringField(nullable=True),
        'source_node': fields.StringField(nullable=True),
        'dest_compute': fields.StringField(nullable=True),
        'dest_node': fields.StringField(nullable=True),
        'dest_host': fields.StringField(nullable=True),
        'old_instance_type_id': fields.IntegerField(nullable=True),
        'new_instance_type_id': fields.IntegerField(nullable=True),
        'old_flavor': fields.ObjectField('Flavor', nullable=True),
        'new_flavor': fields.ObjectField('Flavor', nullable=True),
        'status': fields.StringField(),
        'migration_type': fields.StringField(),
        'hidden': fields.BooleanField(default=False),
        'project_id': fields.StringField(nullable=True),
        'user_id': fields.StringField(nullable=True),
        'created_at': fields.DateTimeField(nullable=True),
        'updated_at': fields.DateTimeField(nullable=True),
    }

    @classmethod
    def _from_row(cls, context, row):
        obj = cls(context)
        for name in cls.fields:
            value = getattr(row, name)
            if name in _FLAVORS and value is not None:
                value = instance_obj._flavor_from_db(value)
            setattr(obj, name, value)
        obj.obj_reset_changes()
        return obj

    @staticmethod
    def db_values(values):
        """``values`` (field: value) as columns: flavors as their text."""
        return {name: (instance_obj._flavor_to_db(value)
                       if name in _FLAVORS and value is not None else value)
                for name, value in values.items()}

    @classmethod
    def create_for_instance(cls, context, instance, new_flavor,
                            migration_type, session, status='pre-migrating'):
        """Record the move of ``instance`` to ``new_flavor`` (its own flavor
        for a cold migration or an evacuation), in ``status``, in the
        caller's transaction (the one that starts the instance action)."""
        values = {
            'uuid': uuidutils.generate_uuid(),
            'instance_uuid': instance.uuid,
            'source_compute': instance.host, 'source_node': instance.node,
            'old_instance_type_id': instance.flavor.get('id'),
            'new_instance_type_id': new_flavor.get('id'),
            'old_flavor': instance.flavor, 'new_flavor': new_flavor,
            'status': status, 'migration_type': migration_type,
            'project_id': instance.project_id, 'user_id': instance.user_id}
        db.create(session, cls.db_values(values))
        return cls.get_by_uuid(context, values['uuid'], session=session)

    @classmethod
    def get_by_uuid(cls, context, uuid, session=None):
        if session is not None:
            return cls._from_row(context, db.get_by_uuid(session, uuid))
        with db_session.reader_connection() as s:
            return cls._from_row(context, db.get_by_uuid(s, uuid))

    @classmethod
    def get_by_instance_and_status(cls, context, instance_uuid, status):
        """The newest migration of ``instance_uuid`` in ``status``
        (MigrationNotFound if none)."""
        found = cls.get_all(context, {'instance_uuid': instance_uuid,
                                      'status': status}, limit=1)
        if not found:
            raise exception.MigrationNotFound(
                migration_id='of instance %s in status %s' % (
                    instance_uuid, status))
        return found[0]

    @classmethod
    def get_all(cls, context, filters=None, limit=None):
        with db_session.reader_connection() as s:
            return [cls._from_row(context, row)
                    for row in db.get_all(s, filters, limit)]

    @classmethod
    def get_evacuations_from(cls, context, host, instance_uuids=None):
        """The evacuations (of ``instance_uuids``, if given) off ``host``
        that its compute has yet to clean up after (:data:`EVACUATED`)."""
        filters = {'source_compute': host, 'migration_type': 'evacuation',
                   'status': list(EVACUATED)}
        if instance_uuids is not None:
            filters['instance_uuid'] = list(instance_uuids)
        return cls.get_all(context, filters)

    @classmethod
    def get_moving_through(cls, context, host, task_states):
        """The move in flight of each instance moving from or to
        ``host`` (its task_state one of ``task_states``)."""
        with db_session.reader_connection() as s:
            return [cls._from_row(context, row)
                    for row in db.get_moving_through(s, host, task_states)]

    @classmethod
    def get_unconfirmed(cls, context, before):
        with db_session.reader_connection() as s:
            return [cls._from_row(context, row)
                    for row in db.get_unconfirmed(s, before)]

    @classmethod
    def end_for_deleted_instance(cls, context, instance_uuid):
        """A deleted instance's moves in flight: their source claims go (a
        move being confirmed keeps its status: its confirm ends it)."""
        for migration in cls.get_all(context, {
                'instance_uuid': instance_uuid,
                'status': list(IN_PROGRESS)}):
            allocations.release(migration.uuid)
            if migration.status != 'confirming':
                cls.update_by_uuid(context, migration.uuid,
                                   {'status': 'error'})

    @classmethod
    def update_by_uuid(cls, context, uuid, values, expected_status=None,
                       session=None):
        values = cls.db_values(values)
        if session is not None:
            db.update(session, uuid, values, expected_status)
        else:
            with db_session.writer_connection() as s:
                db.update(s, uuid, values, expected_status)
