"""The Instance object: a server, as every service sees it.

The api and the conductor read and write it in the database; a compute gets
it in its RPC messages and asks the conductor for every change (a compute
never calls the methods that touch the database).

Every state change is :meth:`Instance.save` with the task_state (and maybe
vm_state) the caller expects: one conditional UPDATE, so of two racing
actions one wins and the other gets UnexpectedTaskStateError (409) having
changed nothing.
"""

import contextlib
import datetime
import functools

from oslo_serialization import jsonutils
from oslo_utils import timeutils
from oslo_utils import versionutils
from oslo_versionedobjects import base as ovo_base

from minova.db import instances as db
from minova.db import session as db_session
from minova.objects import base
from minova.objects import fields
from minova.objects import flavor as flavor_obj
from minova.objects import instance_fault

#: Used when the caller did not set ``name_template`` from its
#: ``[DEFAULT] instance_name_template``; the same default.
DEFAULT_NAME_TEMPLATE = 'instance-%08x'

# Columns copied from the flavor when it is set, for quota sums in SQL.
_FLAVOR_COLUMNS = ('memory_mb', 'vcpus', 'root_gb', 'ephemeral_gb')


@contextlib.contextmanager
def writer(session=None):
    """The caller's transaction when it passes one, else a new one that
    commits on exit: objects write in the caller's transaction so that one
    request's rows commit together.

    The new one is a Connection (:func:`minova.db.session.writer_connection`):
    every write of the objects is a Core statement, which runs as well in a
    Session as in a Connection, and a Connection costs less."""
    if session is not None:
        yield session
    else:
        with db_session.writer_connection() as s:
            yield s


class _JSON(fields.FieldType):
    """Plain JSON data (lists, dicts, strings, numbers): network_info."""

    @staticmethod
    def coerce(obj, attr, value):
        return value

    def to_primitive(self, obj, attr, value):
        return value

    def from_primitive(self, obj, attr, value):
        return value


class JSONField(fields.AutoTypedField):
    AUTO_TYPE = _JSON()


@functools.lru_cache(maxsize=256)
def _flavor_fields(text):
    # Many instances share one flavor snapshot: parse each text once.
    return jsonutils.loads(text)


def _flavor_from_db(text):
    values = _flavor_fields(text)
    flavor = flavor_obj.Flavor()
    base.load_stored(flavor, _flavor_loaders(tuple(values)), values.get)
    return flavor


@functools.lru_cache(maxsize=16)
def _flavor_loaders(names):
    return base.stored_loaders(flavor_obj.Flavor, names)


def _flavor_to_db(flavor):
    return jsonutils.dumps({name: getattr(flavor, name)
                            for name in flavor.fields
                            if flavor.obj_attr_is_set(name)})


def _naive(value):
    """The naive UTC datetime the database stores."""
    if value is not None and value.tzinfo is not None:
        return timeutils.normalize_time(value)
    return value


@base.MinovaObjectRegistry.register
class Instance(base.MinovaPersistentObject, base.MinovaObject):
    # Version 1.0: initial version
    # Version 1.1: locked_by, system_metadata
    # Version 1.2: key_data
    VERSION = '1.2'

    fields = dict(base.MinovaPersistentObject.fields, **{
        'id': fields.IntegerField(),
        'uuid': fields.UUIDField(),
        'user_id': fields.StringField(nullable=True),
        'project_id': fields.StringField(nullable=True),
        'display_name': fields.StringField(nullable=True),
        'display_description': fields.StringField(nullable=True),
        'hostname': fields.StringField(nullable=True),
        'reservation_id': fields.StringField(nullable=True),
        'launch_index': fields.IntegerField(default=0),
        'image_ref': fields.StringField(nullable=True),
        'key_name': fields.StringField(nullable=True),
        # key_name's public key, copied at boot: what the driver gives the
        # guest (the keypair may change or go later; the server keeps it).
        'key_data': fields.StringField(nullable=True),
        'user_data': fields.StringField(nullable=True),
        'flavor': fields.ObjectField('Flavor'),
        'instance_type_id': fields.IntegerField(nullable=True),
        'memory_mb': fields.IntegerField(default=0),
        'vcpus': fields.IntegerField(default=0),
        'root_gb': fields.IntegerField(default=0),
        'ephemeral_gb': fields.IntegerField(default=0),
        'host': fields.StringField(nullable=True),
        'node': fields.StringField(nullable=True),
        'availability_zone': fields.StringField(nullable=True),
        'vm_state': fields.StringField(nullable=True),
        'task_state': fields.StringField(nullable=True),
        'power_state': fields.IntegerField(default=0),
        'launched_at': fields.DateTimeField(nullable=True),
        'terminated_at': fields.DateTimeField(nullable=True),
        'locked': fields.BooleanField(default=False),
        'locked_by': fields.StringField(nullable=True),  # owner, admin
        'config_drive': fields.StringField(nullable=True),
        'access_ip_v4': fields.IPV4AddressField(nullable=True),
        'access_ip_v6': fields.IPV6AddressField(nullable=True),
        'metadata': fields.DictOfStringsField(default={}),
        # The VIFs the network back end gave the instance (Nova keeps them
        # in info_cache.network_info): [{'id', 'address' (the MAC),
        # 'network': {'label', 'subnets': [{'cidr', 'ips': [...]}]}}].
        'network_info': JSONField(default=[]),
        # What minova keeps for itself, as Nova's system_metadata: the
        # lock's reason, shelved_at / shelved_image_id / shelved_host.
        # Assign a new dict to change it (changes in place are not seen).
        'system_metadata': JSONField(default={}),
        'fault': fields.ObjectField('InstanceFault', nullable=True),
    })

    # What the database stores in other tables or other forms.
    _NOT_COLUMNS = ('metadata', 'fault')

    name_template = DEFAULT_NAME_TEMPLATE

    @property
    def name(self):
        """The hypervisor's name of the guest, from its database id.

        A service sets ``name_template`` from its ``[DEFAULT]
        instance_name_template`` before handing the instance to a driver.
        """
        return self.name_template % self.id

    def obj_make_compatible(self, primitive, target_version):
        # Not the base's: it wants obj_relationships for the child objects,
        # which are all still at the versions a 1.0 reader knows.
        target = versionutils.convert_version_to_tuple(target_version)
        if target < (1, 2):
            primitive.pop('key_data', None)
        if target < (1, 1):
            primitive.pop('locked_by', None)
            primitive.pop('system_metadata', None)

    # -- database rows -----------------------------------------------------

    @classmethod
    def _from_db_object(cls, context, obj, row, expected_attrs=(),
                        metadata=None):
        """Fill ``obj`` from a plain row, with its ``metadata`` dict."""
        base.load_stored(obj, _COLUMN_LOADERS, row._mapping.__getitem__)
        if row.flavor:
            obj._obj_flavor = _flavor_from_db(row.flavor)
        obj._obj_network_info = (jsonutils.loads(row.network_info)
                                 if row.network_info else [])
        obj._obj_system_metadata = (jsonutils.loads(row.system_metadata)
                                    if row.system_metadata else {})
        if 'metadata' in expected_attrs:
            obj._obj_metadata = dict(metadata or {})
        obj._context = context
        obj.obj_reset_changes()
        return obj

    @classmethod
    def _from_row(cls, context, row, expected_attrs=(), metadata=None):
        return cls._from_db_object(context, cls(), row, expected_attrs,
                                   metadata)

    def _db_values(self, updates):
        values = {}
        for name, value in updates.items():
            if name in self._NOT_COLUMNS:
                continue
            if name == 'flavor':
                values['flavor'] = _flavor_to_db(value)
                values['instance_type_id'] = value.get('id')
                values.update({key: getattr(value, key)
                               for key in _FLAVOR_COLUMNS})
            elif name in ('network_info', 'system_metadata'):
                values[name] = jsonutils.dumps(value)
            elif isinstance(value, datetime.datetime):
                values[name] = _naive(value)
            elif name in ('access_ip_v4', 'access_ip_v6') and value:
                values[name] = str(value)
            elif name == 'deleted':
                continue
            else:
                values[name] = value
        return values

    def obj_load_attr(self, attrname):
        """Load ``metadata`` or ``fault`` on first use (api, conductor)."""
        if attrname == 'fault':
            self.fault = instance_fault.InstanceFault.get_latest_for_instance(
                self._context, self.uuid)
        elif attrname == 'metadata':
            with db_session.reader_connection() as s:
                db.get_by_uuid(s, self.uuid)  # InstanceNotFound once deleted
                self.metadata = db.get_metadata(s, [self.uuid]).get(
                    self.uuid, {})
        else:
            raise NotImplementedError(
                'Cannot load %s of an instance' % attrname)
        self.obj_reset_changes([attrname])

    # -- reads -------------------------------------------------------------

    @classmethod
    def get_by_uuid(cls, context, uuid, expected_attrs=('metadata',),
                    read_deleted=False):
        with db_session.reader_connection() as s:
            row = db.get_by_uuid(s, uuid, read_deleted=read_deleted)
            metadata = (db.get_metadata(s, [uuid]).get(uuid)
                        if 'metadata' in expected_attrs else None)
            instance = cls._from_row(context, row, expected_attrs, metadata)
        if 'fault' in expected_attrs:
            instance.fault = (instance_fault.InstanceFault
                              .get_latest_for_instance(context, uuid))
            instance.obj_reset_changes(['fault'])
        return instance

    @classmethod
    def deleted_among(cls, context, uuids):
        """Which of ``uuids`` name a deleted instance."""
        with db_session.reader_connection() as s:
            return db.deleted_among(s, uuids)

    @classmethod
    def get_unchanged_tasks(cls, context, before):
        """The live instances whose task_state has not changed since
        ``before`` (naive UTC), oldest first."""
        with db_session.reader_connection() as s:
            return [cls._from_row(context, row)
                    for row in db.get_unchanged_tasks(s, before)]

    # -- writes ------------------------------------------------------------

    def create(self, session=None):
        """Insert this new instance (with its metadata)."""
        values = self._db_values(self.obj_get_changes())
        metadata = self.metadata if self.obj_attr_is_set('metadata') else {}
        with writer(session) as s:
            stored = db.create(s, values, metadata)
        # What the database filled in (id, defaults); the rest is ours.
        for name, field in self.fields.items():
            if self.obj_attr_is_set(name) or name in self._NOT_COLUMNS:
                continue
            if name == 'deleted':
                self.deleted = False
            elif name in stored:
                setattr(self, name, stored[name])
            elif field.nullable:
                setattr(self, name, None)
        self.metadata = dict(metadata)
        self.obj_reset_changes()

    def save(self, expected_task_state=None, expected_vm_state=None,
             session=None):
        """Write what changed, only if the instance is still in
        ``expected_task_state`` / ``expected_vm_state`` (None: any; a state
        or a list; ``[None]`` expects no task in flight)."""
        updates = self.obj_get_changes()
        metadata = updates.pop('metadata', None)
        values = self._db_values(updates)
        with writer(session) as s:
            row = db.update(s, self.uuid, values,
                            expected_task_state=expected_task_state,
                            expected_vm_state=expected_vm_state)
            if metadata is not None:
                db.metadata_update(s, self.uuid, metadata, delete=True)
            self._refresh(row)

    def _refresh(self, row):
        """Take the row's values, keeping what the row does not carry."""
        kept = {name: getattr(self, name) for name in self._NOT_COLUMNS
                if self.obj_attr_is_set(name)}
        self._from_db_object(self._context, self, row)
        for name, value in kept.items():
            setattr(self, name, value)
        self.obj_reset_changes()

    @classmethod
    def update_by_uuid(cls, context, uuid, updates, expected_task_state=None,
                       expected_vm_state=None, session=None):
        """Apply ``updates`` (field: value) to instance ``uuid`` in one
        statement, reading nothing (the hot path of a build: the caller
        knows what it wrote)."""
        instance = cls(context, uuid=uuid)
        for name, value in updates.items():
            setattr(instance, name, value)  # coerced as the field wants
        # What changed is what was set (no need to ask every field).
        values = instance._db_values({name: getattr(instance, name)
                                      for name in updates})
        with writer(session) as s:
            db.update(s, uuid, values,
                      expected_task_state=expected_task_state,
                      expected_vm_state=expected_vm_state, return_row=False)

    def destroy(self, expected_task_state=None, session=None):
        """Soft-delete: vm_state deleted, ``deleted`` set, metadata gone."""
        now = timeutils.utcnow()
        values = {'vm_state': 'deleted', 'task_state': None,
                  'terminated_at': now}
        with writer(session) as s:
            row = db.soft_delete(s, self.uuid, values,
                                 expected_task_state=expected_task_state)
            self._refresh(row)


# The vm_states whose fault a listing loads at once.
_SHOWS_FAULT = ('error', 'deleted')

# How each column becomes a field ("deleted" is the row's id once deleted:
# the BooleanField's coercion makes it a bool).
_COLUMN_LOADERS = base.stored_loaders(Instance, [
    name for name in Instance.fields
    if name not in Instance._NOT_COLUMNS + ('flavor', 'network_info',
                                            'system_metadata')])


@base.MinovaObjectRegistry.register
class InstanceList(ovo_base.ObjectListBase, base.MinovaObject):
    # Version 1.0: initial version
    VERSION = '1.0'

    fields = {'objects': fields.ListOfObjectsField('Instance')}

    @classmethod
    def get_by_filters(cls, context, filters=None, limit=None, marker=None,
                       sort_keys=None, sort_dirs=None,
                       expected_attrs=('metadata',)):
        """One page of instances: one query for the page, one for their
        metadata, and (with ``fault`` expected) one for the faults of
        those in ERROR or deleted, the states whose faults a server shows
        (any other instance loads its fault when it is asked for)."""
        with db_session.reader_connection() as s:
            rows, metadata = db.get_all(
                s, filters=filters, limit=limit, marker=marker,
                sort_keys=sort_keys, sort_dirs=sort_dirs,
                with_metadata='metadata' in expected_attrs)
            objects = [Instance._from_row(context, row, expected_attrs,
                                          metadata.get(row.uuid))
                       for row in rows]
        faulty = [instance for instance in objects
                  if instance.vm_state in _SHOWS_FAULT]
        if 'fault' in expected_attrs and faulty:
            faults = instance_fault.InstanceFault.get_latest_by_instance_uuids(
                context, [instance.uuid for instance in faulty])
            for instance in faulty:
                instance.fault = faults.get(instance.uuid)
                instance.obj_reset_changes(['fault'])
        return cls(context, objects=objects)

    @classmethod
    def get_project_usage(cls, context, project_id, user_id=None,
                          session=None):
        """(instances, cores, ram) the project's live instances use (its
        user's, with ``user_id``), in the caller's transaction if it passes
        one."""
        if session is not None:
            return db.usage(session, project_id, user_id)
        with db_session.reader_connection() as s:
            return db.usage(s, project_id, user_id)
