"""RequestSpec: what a build asks of the scheduler, and Selection: its answer."""

from oslo_serialization import jsonutils
from oslo_utils import versionutils

from minova.db import request_specs as db
from minova.db import session as db_session
from minova.objects import base
from minova.objects import fields


@base.MinovaObjectRegistry.register
class SchedulerRetries(base.MinovaObject):
    """The hosts a build already failed on (read by the RetryFilter)."""
    # Version 1.0: initial version
    VERSION = '1.0'

    fields = {
        'num_attempts': fields.IntegerField(default=0),
        'hosts': fields.ListOfStringsField(default=[]),
    }


@base.MinovaObjectRegistry.register
class RequestSpec(base.MinovaObject):
    # Version 1.0: initial version
    # Version 1.1: instance_group
    # Version 1.2: requested_destination
    VERSION = '1.2'

    fields = {
        'instance_uuid': fields.UUIDField(),
        'project_id': fields.StringField(nullable=True),
        'user_id': fields.StringField(nullable=True),
        'num_instances': fields.IntegerField(default=1),
        'flavor': fields.ObjectField('Flavor'),
        'image': fields.ObjectField('ImageMeta'),
        'availability_zone': fields.StringField(nullable=True),
        'scheduler_hints': fields.DictOfListOfStringsField(default={}),
        'ignore_hosts': fields.ListOfStringsField(default=[]),
        'force_hosts': fields.ListOfStringsField(default=[]),
        # The host an admin named for a move (a cold migration at 2.56, an
        # evacuation at 2.29 without force): only that host, and the
        # filters still judge it (Nova's Destination, its host only). Not
        # a forced host, which skips them.
        'requested_destination': fields.StringField(nullable=True,
                                                    default=None),
        'retry': fields.ObjectField('SchedulerRetries', nullable=True),
        # The server group of the ``group`` hint, its members' hosts filled
        # in just before scheduling.
        'instance_group': fields.ObjectField('InstanceGroup', nullable=True),
    }

    def obj_make_compatible(self, primitive, target_version):
        # Not the base's: it wants obj_relationships for every child
        # object, and every child of a RequestSpec is still at its 1.0.
        version = versionutils.convert_version_to_tuple(target_version)
        if version < (1, 2):
            primitive.pop('requested_destination', None)
        if version < (1, 1):
            primitive.pop('instance_group', None)

    @classmethod
    def get_by_instance_uuid(cls, context, instance_uuid):
        """The spec stored when the instance was created (api, conductor:
        for unshelve and other moves that schedule it again)."""
        with db_session.reader_connection() as s:
            row = db.get_by_instance_uuid(s, instance_uuid)
        return cls.obj_from_primitive(jsonutils.loads(row.spec),
                                      context=context)

    def save(self):
        """Store this spec in place of the instance's (a confirmed
        resize keeps its new flavor for the moves that follow)."""
        with db_session.writer_connection() as s:
            db.update(s, self.instance_uuid,
                      jsonutils.dumps(self.obj_to_primitive()))

    def get_scheduler_hint(self, name, default=None):
        """One hint's value: a single value unwrapped from its list."""
        values = self.scheduler_hints.get(name) if self.obj_attr_is_set(
            'scheduler_hints') else None
        if not values:
            return default
        return values[0] if len(values) == 1 else values


@base.MinovaObjectRegistry.register
class Selection(base.MinovaObject):
    """One host chosen for one instance (claimed if it is the first)."""
    # Version 1.0: initial version
    VERSION = '1.0'

    fields = {
        'service_host': fields.StringField(),
        'nodename': fields.StringField(),
        'compute_node_uuid': fields.UUIDField(),
        'availability_zone': fields.StringField(nullable=True),
    }
