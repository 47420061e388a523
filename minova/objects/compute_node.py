"""The ComputeNode object: what a hypervisor offers, uses and is."""

from minova.db import compute_nodes as db
from minova.objects import base
from minova.objects import fields


@base.MinovaObjectRegistry.register
class ComputeNode(base.MinovaPersistentObject, base.MinovaObject):
    # Version 1.0: initial version
    # Version 1.1: failed_builds
    VERSION = '1.1'

    fields = dict(base.MinovaPersistentObject.fields, **{
        'id': fields.IntegerField(read_only=True),
        'uuid': fields.UUIDField(),
        'service_id': fields.IntegerField(nullable=True),
        'host': fields.StringField(),
        'hypervisor_hostname': fields.StringField(),
        'hypervisor_type': fields.StringField(),
        'hypervisor_version': fields.IntegerField(),
        'vcpus': fields.IntegerField(),
        'memory_mb': fields.IntegerField(),
        'local_gb': fields.IntegerField(),
        'vcpus_used': fields.IntegerField(),
        'memory_mb_used': fields.IntegerField(),
        'local_gb_used': fields.IntegerField(),
        'running_vms': fields.IntegerField(),
        'cpu_info': fields.StringField(),
        'supported_instances': fields.StringField(),
        'host_ip': fields.StringField(nullable=True),
        'cpu_allocation_ratio': fields.FloatField(),
        'ram_allocation_ratio': fields.FloatField(),
        'disk_allocation_ratio': fields.FloatField(),
        'reserved_host_memory_mb': fields.IntegerField(),
        'reserved_host_disk_mb': fields.IntegerField(),
        'generation': fields.IntegerField(),
        'failed_builds': fields.IntegerField(default=0),
    })

    # The fields a compute reports. The *_used fields are not among them:
    # they are the sum of the claims (allocations) the scheduler wrote.
    REPORTED = ('service_id', 'hypervisor_type', 'hypervisor_version',
                'vcpus', 'memory_mb', 'local_gb', 'running_vms', 'cpu_info',
                'supported_instances', 'host_ip', 'cpu_allocation_ratio',
                'ram_allocation_ratio', 'disk_allocation_ratio',
                'reserved_host_memory_mb', 'reserved_host_disk_mb',
                'failed_builds')

    @classmethod
    def _load(cls, context, row):
        return cls._from_db_object(context, cls(), row)

    @classmethod
    def get_by_host_and_nodename(cls, context, host, nodename):
        return cls._load(context, db.get_by_host_and_nodename(host, nodename))

    @classmethod
    def get_by_id(cls, context, node_id):
        return cls._load(context, db.get(node_id))

    @classmethod
    def get_by_uuid(cls, context, node_uuid):
        return cls._load(context, db.get_by_uuid(node_uuid))

    @classmethod
    def get_all(cls, context, host=None):
        return [cls._load(context, row) for row in db.get_all(host=host)]

    @classmethod
    def create_or_update(cls, context, host, nodename, values):
        """Store what the compute on ``host`` reported for ``nodename``."""
        values = {k: v for k, v in values.items() if k in cls.REPORTED}
        return cls._load(context, db.create_or_update(host, nodename, values))
