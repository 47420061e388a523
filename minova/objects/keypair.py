"""The KeyPair object: a user's public key, by name (``/os-keypairs``).

The api reads and writes it; a boot copies its public key onto the
instance (``key_name``, ``key_data``), so no other service needs it.
``deleted`` and ``deleted_at`` exist for the API's sake (Nova shows them at
2.1) and are always False and None: a keypair is deleted for good.
"""

from oslo_versionedobjects import base as ovo_base

from minova.db import key_pairs as db
from minova.db import session as db_session
from minova.objects import base
from minova.objects import fields

KEYPAIR_TYPE_SSH = 'ssh'
KEYPAIR_TYPE_X509 = 'x509'
KEYPAIR_TYPES = (KEYPAIR_TYPE_SSH, KEYPAIR_TYPE_X509)


@base.MinovaObjectRegistry.register
class KeyPair(base.MinovaPersistentObject, base.MinovaObject):
    # Version 1.0: initial version
    VERSION = '1.0'

    fields = dict(base.MinovaPersistentObject.fields, **{
        'id': fields.IntegerField(),
        'name': fields.StringField(),
        'user_id': fields.StringField(),
        'fingerprint': fields.StringField(nullable=True),
        'public_key': fields.StringField(nullable=True),
        'type': fields.StringField(),
    })

    @classmethod
    def _from_row(cls, context, row):
        keypair = cls._from_db_object(context, cls(), row)
        keypair.deleted = False
        keypair.deleted_at = None
        keypair.obj_reset_changes()
        return keypair

    @classmethod
    def get_by_name(cls, context, user_id, name):
        """KeypairNotFound (404) unless ``user_id`` has one named so."""
        with db_session.reader_connection() as s:
            return cls._from_row(context, db.get_by_name(s, user_id, name))

    def create(self):
        """Insert this new keypair; KeyPairExists (409) if its user has
        one of its name."""
        values = {name: getattr(self, name) for name in (
            'name', 'user_id', 'fingerprint', 'public_key', 'type')}
        with db_session.writer_connection() as s:
            row = db.create(s, values)
        self._from_db_object(self._context, self, row)
        self.deleted = False
        self.deleted_at = None
        self.obj_reset_changes()

    @classmethod
    def destroy_by_name(cls, context, user_id, name):
        """KeypairNotFound (404) unless ``user_id`` has one named so."""
        with db_session.writer_connection() as s:
            db.destroy(s, user_id, name)


@base.MinovaObjectRegistry.register
class KeyPairList(ovo_base.ObjectListBase, base.MinovaObject):
    # Version 1.0: initial version
    VERSION = '1.0'

    fields = {'objects': fields.ListOfObjectsField('KeyPair')}

    @classmethod
    def get_by_user(cls, context, user_id, limit=None, marker=None):
        """The user's keypairs by name; ``marker``: after that name."""
        with db_session.reader_connection() as s:
            rows = db.get_all_by_user(s, user_id, limit=limit, marker=marker)
        return cls(context, objects=[KeyPair._from_row(context, row)
                                     for row in rows])

    @classmethod
    def get_count_by_user(cls, context, user_id):
        """The user's keypairs: what Nova's ``key_pairs`` quota counts."""
        with db_session.reader_connection() as s:
            return db.count_by_user(s, user_id)
