"""The Service object: one binary running on one host, and its heartbeat."""

from minova.db import services as db
from minova.objects import base
from minova.objects import fields


@base.MinovaObjectRegistry.register
class Service(base.MinovaPersistentObject, base.MinovaObject):
    # Version 1.0: initial version
    VERSION = '1.0'

    fields = dict(base.MinovaPersistentObject.fields, **{
        'id': fields.IntegerField(read_only=True),
        'uuid': fields.UUIDField(),
        'host': fields.StringField(),
        'binary': fields.StringField(),
        'topic': fields.StringField(nullable=True),
        'report_count': fields.IntegerField(default=0),
        'last_seen_up': fields.DateTimeField(nullable=True),
        'disabled': fields.BooleanField(default=False),
        'disabled_reason': fields.StringField(nullable=True),
        'forced_down': fields.BooleanField(default=False),
        'version': fields.IntegerField(default=0),
    })

    @classmethod
    def _load(cls, context, row):
        return cls._from_db_object(context, cls(), row)

    @classmethod
    def get_by_id(cls, context, service_id):
        return cls._load(context, db.get(service_id))

    @classmethod
    def get_by_uuid(cls, context, service_uuid):
        return cls._load(context, db.get_by_uuid(service_uuid))

    @classmethod
    def get_by_host_and_binary(cls, context, host, binary):
        return cls._load(context, db.get_by_host_and_binary(host, binary))

    @classmethod
    def get_or_create(cls, context, host, binary, topic, version):
        return cls._load(context, db.get_or_create(host, binary, topic,
                                                   version))

    @classmethod
    def get_all(cls, context, binary=None, host=None):
        return [cls._load(context, row)
                for row in db.get_all(binary=binary, host=host)]

    @classmethod
    def heartbeat_many(cls, context, service_ids):
        """One heartbeat of each service in one statement; how many."""
        return db.heartbeat_many(service_ids)

    @classmethod
    def heartbeat_by_id(cls, context, service_id):
        """One heartbeat of service ``service_id``; the service as it is
        now (one statement: no read of it before)."""
        return cls._load(context, db.heartbeat(service_id))

    def heartbeat(self):
        self._from_db_object(self._context, self, db.heartbeat(self.id))

    def destroy(self):
        db.destroy(self.id)

    def save(self):
        updates = self.obj_get_changes()
        if updates:
            self._from_db_object(self._context, self, db.update(
                self.id, base.db_values(updates)))
