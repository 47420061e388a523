"""The InstanceGroup object: a server group (``/os-server-groups``), as the
API shows it and the scheduler's server group filters and weighers read it.

``members`` are the uuids of the group's live instances. ``hosts`` are the
hosts of those members, one entry per member placed, so a host appears as
often as the group has members on it (the anti-affinity filter's
``max_server_per_host`` rule and the soft weighers count them). The
conductor fills ``hosts`` just before scheduling
(:func:`minova.scheduler.utils.setup_instance_group`), and the scheduler
appends each host it picks for an instance of a multi-create, so the next
instance of the same request sees it.
"""

from oslo_serialization import jsonutils
from oslo_versionedobjects import base as ovo_base

from minova.db import instance_groups as db
from minova.db import session as db_session
from minova import exception
from minova.objects import base
from minova.objects import fields
from minova.objects import instance as instance_obj

AFFINITY = 'affinity'
ANTI_AFFINITY = 'anti-affinity'
SOFT_AFFINITY = 'soft-affinity'
SOFT_ANTI_AFFINITY = 'soft-anti-affinity'
POLICIES = (AFFINITY, ANTI_AFFINITY, SOFT_AFFINITY, SOFT_ANTI_AFFINITY)


def _visible(context, row):
    """Another project's group does not exist for a non-admin."""
    return context is None or context.is_admin or \
        row.project_id == context.project_id


@base.MinovaObjectRegistry.register
class InstanceGroup(base.MinovaPersistentObject, base.MinovaObject):
    # Version 1.0: initial version
    VERSION = '1.0'

    fields = dict(base.MinovaPersistentObject.fields, **{
        'id': fields.IntegerField(),
        'uuid': fields.UUIDField(),
        'name': fields.StringField(nullable=True),
        'user_id': fields.StringField(nullable=True),
        'project_id': fields.StringField(nullable=True),
        'policy': fields.StringField(nullable=True),
        # Nova's only rule is max_server_per_host, an integer.
        'rules': fields.DictOfIntegersField(default={}),
        'members': fields.ListOfStringsField(default=[]),
        'hosts': fields.ListOfStringsField(default=[]),
    })

    @classmethod
    def _from_row(cls, context, row, members):
        group = cls(context)
        for name in ('id', 'uuid', 'name', 'user_id', 'project_id', 'policy',
                     'created_at', 'updated_at', 'deleted_at'):
            setattr(group, name, getattr(row, name))
        group.deleted = bool(row.deleted)
        group.rules = jsonutils.loads(row.rules or '{}')
        group.members = list(members)
        group.hosts = []
        group.obj_reset_changes()
        return group

    @classmethod
    def get_by_uuid(cls, context, uuid):
        """The group with its live members; InstanceGroupNotFound (404)
        when it does not exist, or belongs to another project and the
        caller is not an admin."""
        with db_session.reader_connection() as s:
            row = db.get_by_uuid(s, uuid)
            if not _visible(context, row):
                raise exception.InstanceGroupNotFound(group_uuid=uuid)
            members = db.get_members(s, [row.id])[row.id]
        return cls._from_row(context, row, members)

    def create(self, session=None):
        """Insert this new group (with ``members``, if set)."""
        values = {name: getattr(self, name) for name in (
            'uuid', 'name', 'user_id', 'project_id', 'policy')
            if self.obj_attr_is_set(name)}
        self.obj_set_defaults('rules', 'members', 'hosts')
        values['rules'] = jsonutils.dumps(self.rules)
        with instance_obj.writer(session) as s:
            row = db.create(s, values, self.members)
            for name in ('id', 'created_at', 'updated_at', 'deleted_at'):
                setattr(self, name, getattr(row, name))
        self.deleted = False
        self.obj_reset_changes()

    def destroy(self, session=None):
        with instance_obj.writer(session) as s:
            db.destroy(s, self.uuid)
        self.deleted = True
        self.obj_reset_changes()

    @classmethod
    def add_members(cls, context, group_id, instance_uuids, session=None):
        """Make ``instance_uuids`` members of the group (by its id)."""
        with instance_obj.writer(session) as s:
            db.add_members(s, group_id, instance_uuids)

    def get_hosts(self, exclude=None, taken_only=False):
        """The hosts of the live members (one entry per member placed),
        except the members in ``exclude``; ``taken_only``: of the members
        a compute has taken."""
        with db_session.reader_connection() as s:
            return db.get_hosts(s, self.id, exclude or (), taken_only)

    def count_members_by_user(self, user_id, session=None):
        if session is not None:
            return db.count_members_by_user(session, self.id, user_id)
        with db_session.reader_connection() as s:
            return db.count_members_by_user(s, self.id, user_id)


@base.MinovaObjectRegistry.register
class InstanceGroupList(ovo_base.ObjectListBase, base.MinovaObject):
    # Version 1.0: initial version
    VERSION = '1.0'

    fields = {'objects': fields.ListOfObjectsField('InstanceGroup')}

    @classmethod
    def get_all(cls, context, project_id=None, limit=None, offset=0):
        """One page of groups (of ``project_id``, or of every project),
        oldest first, with their live members: two queries."""
        with db_session.reader_connection() as s:
            rows = db.get_all(s, project_id=project_id, limit=limit,
                              offset=offset)
            members = db.get_members(s, [row.id for row in rows])
        return cls(context, objects=[
            InstanceGroup._from_row(context, row, members[row.id])
            for row in rows])

    @classmethod
    def get_by_project_id(cls, context, project_id, limit=None, offset=0):
        return cls.get_all(context, project_id=project_id, limit=limit,
                           offset=offset)

    @classmethod
    def count_by_project(cls, context, project_id, user_id=None,
                         session=None):
        """The project's live groups (the ``server_groups`` quota), or its
        user's."""
        if session is not None:
            return db.count_by_project(session, project_id, user_id)
        with db_session.reader_connection() as s:
            return db.count_by_project(s, project_id, user_id)
