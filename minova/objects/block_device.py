"""The BlockDeviceMapping object: one disk of an instance and where it
comes from (``source_type``: image, volume, snapshot, blank) and goes
(``destination_type``: local, volume), as Nova's block device mapping v2."""

from oslo_utils import versionutils

from minova.db import block_device_mappings as db
from minova.db import session as db_session
from minova.objects import base
from minova.objects import fields


@base.MinovaObjectRegistry.register
class BlockDeviceMapping(base.MinovaPersistentObject, base.MinovaObject):
    # Version 1.0: initial version
    # Version 1.1: snapshot_id (boot from a volume snapshot)
    VERSION = '1.1'

    fields = dict(base.MinovaPersistentObject.fields, **{
        'id': fields.IntegerField(),
        'uuid': fields.UUIDField(),
        'instance_uuid': fields.UUIDField(),
        'source_type': fields.StringField(nullable=True),
        'destination_type': fields.StringField(nullable=True),
        'guest_format': fields.StringField(nullable=True),
        'device_type': fields.StringField(nullable=True),
        'disk_bus': fields.StringField(nullable=True),
        'device_name': fields.StringField(nullable=True),
        'boot_index': fields.IntegerField(nullable=True),
        'delete_on_termination': fields.BooleanField(default=False),
        'image_id': fields.StringField(nullable=True),
        'snapshot_id': fields.StringField(nullable=True),
        'volume_id': fields.StringField(nullable=True),
        'volume_size': fields.IntegerField(nullable=True),
        'no_device': fields.BooleanField(default=False),
        'connection_info': fields.StringField(nullable=True),
        'attachment_id': fields.StringField(nullable=True),
        'tag': fields.StringField(nullable=True),
    })

    def obj_make_compatible(self, primitive, target_version):
        if versionutils.convert_version_to_tuple(target_version) < (1, 1):
            primitive.pop('snapshot_id', None)

    @property
    def is_root(self):
        return self.obj_attr_is_set('boot_index') and self.boot_index == 0

    @property
    def is_volume(self):
        return self.destination_type == 'volume'

    @classmethod
    def _from_row(cls, context, row):
        return cls._from_db_object(context, cls(), row)

    def create(self, session=None):
        values = self.obj_get_changes()
        values.pop('deleted', None)
        if session is not None:
            self.id = db.create(session, values)
        else:
            with db_session.writer_connection() as s:
                self.id = db.create(s, values)
        self.deleted = False
        self.obj_set_defaults()
        for name, field in self.fields.items():
            if not self.obj_attr_is_set(name) and field.nullable:
                setattr(self, name, None)
        self.obj_reset_changes()

    @classmethod
    def get_by_instance_uuid(cls, context, instance_uuid):
        """The instance's live mappings, in creation order."""
        with db_session.reader_connection() as s:
            return [cls._from_row(context, row) for row in
                    db.get_by_instance_uuid(s, instance_uuid)]

    @classmethod
    def destroy_by_instance(cls, context, instance_uuid, session=None):
        """Soft-delete the instance's mappings (the instance is deleted)."""
        if session is not None:
            db.soft_delete_by_instance(session, instance_uuid)
        else:
            with db_session.writer_connection() as s:
                db.soft_delete_by_instance(s, instance_uuid)

    def save(self):
        """Write what changed (a volume's attachment id, its
        connection_info)."""
        values = self.obj_get_changes()
        with db_session.writer_connection() as s:
            db.update(s, self.uuid, values)
        self.obj_reset_changes()

    def destroy(self):
        """Soft-delete this mapping: its volume was detached."""
        with db_session.writer_connection() as s:
            db.soft_delete(s, self.uuid)
