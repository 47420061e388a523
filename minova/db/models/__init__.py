"""SQLAlchemy models of everything the boot path stores (the local image
and volume back ends' tables in :mod:`.storage`, shown here too).

Instances are soft-deleted as in Nova: ``deleted`` is 0 while the row is
live and takes the row's id when it is deleted, so a unique constraint on
(uuid, deleted) still lets a name or uuid be reused.
"""

from oslo_utils import timeutils
from sqlalchemy import (Boolean, Column, DateTime, Float, ForeignKey, Index,
                        Integer, String, Text, UniqueConstraint)
from sqlalchemy.dialects import mysql
from sqlalchemy import orm


class Base(orm.DeclarativeBase):
    pass


class TimestampMixin:
    created_at = Column(DateTime, default=timeutils.utcnow)
    updated_at = Column(DateTime, onupdate=timeutils.utcnow)


class SoftDeleteMixin:
    deleted_at = Column(DateTime)
    deleted = Column(Integer, default=0, nullable=False)


class Service(TimestampMixin, SoftDeleteMixin, Base):
    """A running service (binary on host); ``last_seen_up`` is its
    heartbeat, ``updated_at`` its last change (schedulers look for those)."""
    __tablename__ = 'services'
    __table_args__ = (
        UniqueConstraint('host', 'binary', 'deleted',
                         name='uniq_services0host0binary0deleted'),
        Index('services_updated_at_idx', 'updated_at'),
        Index('services_created_at_idx', 'created_at'))
    id = Column(Integer, primary_key=True)
    uuid = Column(String(36), nullable=False, unique=True)
    host = Column(String(255), nullable=False)
    binary = Column(String(255), nullable=False)
    topic = Column(String(255))
    report_count = Column(Integer, nullable=False, default=0)
    last_seen_up = Column(DateTime)
    disabled = Column(Boolean, nullable=False, default=False)
    disabled_reason = Column(String(255))
    forced_down = Column(Boolean, nullable=False, default=False)
    version = Column(Integer, nullable=False, default=0)


class ComputeNode(TimestampMixin, SoftDeleteMixin, Base):
    """What one hypervisor offers and uses; ``generation`` guards claims."""
    __tablename__ = 'compute_nodes'
    __table_args__ = (
        UniqueConstraint('host', 'hypervisor_hostname', 'deleted',
                         name='uniq_compute_nodes0host0hypervisor_hostname0deleted'),
        Index('compute_nodes_updated_at_idx', 'updated_at'),
        Index('compute_nodes_created_at_idx', 'created_at'))
    id = Column(Integer, primary_key=True)
    uuid = Column(String(36), nullable=False, unique=True)
    service_id = Column(Integer, ForeignKey('services.id'))
    host = Column(String(255), nullable=False)
    hypervisor_hostname = Column(String(255), nullable=False)
    hypervisor_type = Column(String(255), nullable=False, default='fake')
    hypervisor_version = Column(Integer, nullable=False, default=0)
    vcpus = Column(Integer, nullable=False, default=0)
    memory_mb = Column(Integer, nullable=False, default=0)
    local_gb = Column(Integer, nullable=False, default=0)
    vcpus_used = Column(Integer, nullable=False, default=0)
    memory_mb_used = Column(Integer, nullable=False, default=0)
    local_gb_used = Column(Integer, nullable=False, default=0)
    running_vms = Column(Integer, nullable=False, default=0)
    cpu_info = Column(Text, nullable=False, default='{}')
    supported_instances = Column(Text, nullable=False, default='[]')
    host_ip = Column(String(39))
    cpu_allocation_ratio = Column(Float, nullable=False, default=16.0)
    ram_allocation_ratio = Column(Float, nullable=False, default=1.5)
    disk_allocation_ratio = Column(Float, nullable=False, default=1.0)
    reserved_host_memory_mb = Column(Integer, nullable=False, default=0)
    reserved_host_disk_mb = Column(Integer, nullable=False, default=0)
    # Bumped by every claim: a claim that read an older generation loses.
    generation = Column(Integer, nullable=False, default=0)
    # Builds that failed in a row on this node (BuildFailureWeigher).
    failed_builds = Column(Integer, nullable=False, default=0,
                           server_default='0')


class Allocation(Base):
    """Resources of one compute node held by one consumer (an instance)."""
    __tablename__ = 'allocations'
    __table_args__ = (
        Index('allocations_consumer_id_idx', 'consumer_id'),
        Index('allocations_compute_node_id_idx', 'compute_node_id'),
        UniqueConstraint('compute_node_id', 'consumer_id', 'resource_class',
                         name='uniq_allocations0node0consumer0class'),)
    id = Column(Integer, primary_key=True)
    compute_node_id = Column(Integer, ForeignKey('compute_nodes.id'),
                             nullable=False)
    consumer_id = Column(String(36), nullable=False)
    resource_class = Column(String(255), nullable=False)
    used = Column(Integer, nullable=False)
    created_at = Column(DateTime, default=timeutils.utcnow)


class Flavor(TimestampMixin, Base):
    __tablename__ = 'flavors'
    id = Column(Integer, primary_key=True)
    flavorid = Column(String(255), nullable=False, unique=True)
    name = Column(String(255), nullable=False, unique=True)
    memory_mb = Column(Integer, nullable=False)
    vcpus = Column(Integer, nullable=False)
    root_gb = Column(Integer, nullable=False, default=0)
    ephemeral_gb = Column(Integer, nullable=False, default=0)
    swap = Column(Integer, nullable=False, default=0)
    rxtx_factor = Column(Float, nullable=False, default=1.0)
    is_public = Column(Boolean, nullable=False, default=True)
    disabled = Column(Boolean, nullable=False, default=False)
    description = Column(Text)
    extra_specs = orm.relationship('FlavorExtraSpec', lazy='selectin',
                                   cascade='all, delete-orphan')


class FlavorExtraSpec(Base):
    __tablename__ = 'flavor_extra_specs'
    __table_args__ = (UniqueConstraint('flavor_id', 'key',
                                       name='uniq_flavor_extra_specs0flavor_id0key'),)
    id = Column(Integer, primary_key=True)
    flavor_id = Column(Integer, ForeignKey('flavors.id', ondelete='CASCADE'),
                       nullable=False)
    key = Column(String(255), nullable=False)
    value = Column(String(255))


class Instance(TimestampMixin, SoftDeleteMixin, Base):
    """A server. Its flavor is copied in, so a later flavor change or
    deletion never changes what a running server was given."""
    __tablename__ = 'instances'
    __table_args__ = (
        UniqueConstraint('uuid', name='uniq_instances0uuid'),
        Index('instances_project_id_deleted_created_at_idx', 'project_id',
              'deleted', 'created_at'),
        Index('instances_deleted_created_at_idx', 'deleted', 'created_at'),
        Index('instances_host_deleted_idx', 'host', 'deleted'),
        Index('instances_reservation_id_idx', 'reservation_id'),
        Index('instances_updated_at_idx', 'updated_at'),
        Index('instances_project_id_updated_at_idx', 'project_id',
              'updated_at'),)
    id = Column(Integer, primary_key=True)
    uuid = Column(String(36), nullable=False)
    user_id = Column(String(255))
    project_id = Column(String(255))
    display_name = Column(String(255))
    display_description = Column(Text)
    hostname = Column(String(255))
    reservation_id = Column(String(255))
    launch_index = Column(Integer, nullable=False, default=0)
    image_ref = Column(String(255))
    key_name = Column(String(255))
    # The public key of key_name when the server was created: the guest
    # keeps it whatever later happens to the keypair (Nova's key_data).
    key_data = Column(Text)
    user_data = Column(Text)
    flavor = Column(Text)  # the flavor snapshot, JSON
    instance_type_id = Column(Integer)
    memory_mb = Column(Integer, nullable=False, default=0)
    vcpus = Column(Integer, nullable=False, default=0)
    root_gb = Column(Integer, nullable=False, default=0)
    ephemeral_gb = Column(Integer, nullable=False, default=0)
    host = Column(String(255))
    node = Column(String(255))
    availability_zone = Column(String(255))
    vm_state = Column(String(255))
    task_state = Column(String(255))
    power_state = Column(Integer, nullable=False, default=0)
    launched_at = Column(DateTime)
    terminated_at = Column(DateTime)
    locked = Column(Boolean, nullable=False, default=False)
    locked_by = Column(String(255))  # 'owner' or 'admin'
    config_drive = Column(String(255))
    access_ip_v4 = Column(String(39))
    access_ip_v6 = Column(String(39))
    network_info = Column(Text, nullable=False, default='[]')
    # What minova keeps for itself (lock reason, shelve details), JSON.
    system_metadata = Column(Text)
    metadata_items = orm.relationship(
        'InstanceMetadata', lazy='selectin', cascade='all, delete-orphan')


class InstanceMetadata(Base):
    __tablename__ = 'instance_metadata'
    __table_args__ = (UniqueConstraint('instance_uuid', 'key',
                                       name='uniq_instance_metadata0uuid0key'),)
    id = Column(Integer, primary_key=True)
    instance_uuid = Column(String(36), ForeignKey('instances.uuid'),
                           nullable=False)
    key = Column(String(255), nullable=False)
    value = Column(String(255))


class Tag(Base):
    """A server's tag (Nova's ``tags`` table, microversion 2.26): a short
    string, once per server."""
    __tablename__ = 'tags'
    __table_args__ = (Index('tags_tag_idx', 'tag'),)
    resource_id = Column(String(36), primary_key=True, nullable=False)
    tag = Column(String(60), primary_key=True, nullable=False)


class RequestSpec(Base):
    """What was asked for a build, kept for rescheduling and unshelve."""
    __tablename__ = 'request_specs'
    id = Column(Integer, primary_key=True)
    instance_uuid = Column(String(36), nullable=False, unique=True)
    spec = Column(Text, nullable=False)


class InstanceGroup(TimestampMixin, SoftDeleteMixin, Base):
    """A server group: its members are placed by its ``policy``
    (affinity, anti-affinity, soft-affinity, soft-anti-affinity) and
    ``rules`` (JSON, e.g. ``{"max_server_per_host": 2}``)."""
    __tablename__ = 'instance_groups'
    __table_args__ = (
        UniqueConstraint('uuid', 'deleted',
                         name='uniq_instance_groups0uuid0deleted'),
        Index('instance_groups_project_id_deleted_idx', 'project_id',
              'deleted'),)
    id = Column(Integer, primary_key=True)
    uuid = Column(String(36), nullable=False)
    name = Column(String(255))
    user_id = Column(String(255))
    project_id = Column(String(255))
    policy = Column(String(255), nullable=False)
    rules = Column(Text, nullable=False, default='{}')


class InstanceGroupMember(TimestampMixin, Base):
    """One instance of a server group. A member whose instance is deleted
    is no longer read as a member (reads join the live instances)."""
    __tablename__ = 'instance_group_member'
    __table_args__ = (
        UniqueConstraint('group_id', 'instance_uuid',
                         name='uniq_instance_group_member0group0instance'),
        Index('instance_group_member_instance_idx', 'instance_uuid'),)
    id = Column(Integer, primary_key=True)
    group_id = Column(Integer, ForeignKey('instance_groups.id'),
                      nullable=False)
    instance_uuid = Column(String(36), nullable=False)


class BlockDeviceMapping(TimestampMixin, SoftDeleteMixin, Base):
    __tablename__ = 'block_device_mapping'
    __table_args__ = (Index('block_device_mapping_instance_uuid_idx',
                            'instance_uuid'),)
    id = Column(Integer, primary_key=True)
    uuid = Column(String(36), nullable=False, unique=True)
    instance_uuid = Column(String(36), nullable=False)
    source_type = Column(String(255))
    destination_type = Column(String(255))
    guest_format = Column(String(255))
    device_type = Column(String(255))
    disk_bus = Column(String(255))
    device_name = Column(String(255))
    boot_index = Column(Integer)
    delete_on_termination = Column(Boolean, nullable=False, default=False)
    image_id = Column(String(36))
    snapshot_id = Column(String(36))
    volume_id = Column(String(36))
    volume_size = Column(Integer)
    no_device = Column(Boolean, nullable=False, default=False)
    connection_info = Column(Text)
    attachment_id = Column(String(36))
    tag = Column(String(255))


class InstanceFault(Base):
    """Why an instance went to ERROR: the message a user can act on."""
    __tablename__ = 'instance_faults'
    __table_args__ = (Index('instance_faults_instance_uuid_idx',
                            'instance_uuid'),)
    id = Column(Integer, primary_key=True)
    instance_uuid = Column(String(36), nullable=False)
    code = Column(Integer, nullable=False)
    message = Column(String(255))
    details = Column(Text)
    host = Column(String(255))
    created_at = Column(DateTime, default=timeutils.utcnow)


class InstanceAction(TimestampMixin, Base):
    """One user action on an instance (create, delete, ...) and its request."""
    __tablename__ = 'instance_actions'
    __table_args__ = (Index('instance_actions_instance_uuid_idx',
                            'instance_uuid'),
                      Index('instance_actions_request_id_idx', 'request_id'))
    id = Column(Integer, primary_key=True)
    action = Column(String(255))
    instance_uuid = Column(String(36), nullable=False)
    request_id = Column(String(255))
    user_id = Column(String(255))
    project_id = Column(String(255))
    start_time = Column(DateTime)
    finish_time = Column(DateTime)
    message = Column(String(255))
    events = orm.relationship('InstanceActionEvent', lazy='selectin',
                              order_by='InstanceActionEvent.id')


class InstanceActionEvent(TimestampMixin, Base):
    """One step of an action, as a service ran it."""
    __tablename__ = 'instance_actions_events'
    __table_args__ = (Index('instance_actions_events_action_id_idx',
                            'action_id'),)
    id = Column(Integer, primary_key=True)
    action_id = Column(Integer, ForeignKey('instance_actions.id'),
                       nullable=False)
    event = Column(String(255))
    start_time = Column(DateTime)
    finish_time = Column(DateTime)
    result = Column(String(255))
    traceback = Column(Text)
    host = Column(String(255))
    details = Column(Text)


class FixedIP(TimestampMixin, Base):
    """An address of the flat network back end's pool."""
    __tablename__ = 'fixed_ips'
    __table_args__ = (
        UniqueConstraint('network', 'address', name='uniq_fixed_ips0network0address'),
        Index('fixed_ips_instance_uuid_idx', 'instance_uuid'),)
    id = Column(Integer, primary_key=True)
    network = Column(String(255), nullable=False)
    address = Column(String(39), nullable=False)
    mac = Column(String(17), nullable=False)
    instance_uuid = Column(String(36), nullable=False)


# MySQL's DATETIME keeps whole seconds unless asked for microseconds.
_PreciseDateTime = DateTime().with_variant(mysql.DATETIME(fsp=6), 'mysql')


class Aggregate(TimestampMixin, SoftDeleteMixin, Base):
    """A named group of compute hosts with key/value metadata; its
    ``availability_zone`` key makes it an availability zone.

    Every change to the aggregate, its hosts or its metadata bumps
    ``updated_at`` and ``generation``: the scheduler, which caches what it
    read, compares the count of rows and the sum of generations
    (:func:`minova.db.aggregates.get_version`) to know whether to read
    again. A sum of counters, unlike a newest timestamp, cannot miss a
    change committed late or stamped by a clock that lags.
    """
    __tablename__ = 'aggregates'
    __table_args__ = (
        UniqueConstraint('name', 'deleted', name='uniq_aggregates0name0deleted'),)
    id = Column(Integer, primary_key=True)
    uuid = Column(String(36), nullable=False, unique=True)
    name = Column(String(255), nullable=False)
    generation = Column(Integer, nullable=False, default=0)
    updated_at = Column(_PreciseDateTime, onupdate=timeutils.utcnow)
    hosts = orm.relationship('AggregateHost', lazy='selectin',
                             order_by='AggregateHost.id',
                             cascade='all, delete-orphan')
    metadata_items = orm.relationship('AggregateMetadata', lazy='selectin',
                                      order_by='AggregateMetadata.key',
                                      cascade='all, delete-orphan')


class AggregateHost(TimestampMixin, Base):
    """One compute host (by its ``[DEFAULT] host`` name) in an aggregate."""
    __tablename__ = 'aggregate_hosts'
    __table_args__ = (
        UniqueConstraint('host', 'aggregate_id',
                         name='uniq_aggregate_hosts0host0aggregate_id'),
        Index('aggregate_hosts_host_idx', 'host'),)
    id = Column(Integer, primary_key=True)
    host = Column(String(255), nullable=False)
    aggregate_id = Column(Integer, ForeignKey('aggregates.id'),
                          nullable=False)


class AggregateMetadata(TimestampMixin, Base):
    __tablename__ = 'aggregate_metadata'
    __table_args__ = (
        UniqueConstraint('aggregate_id', 'key',
                         name='uniq_aggregate_metadata0aggregate_id0key'),
        Index('aggregate_metadata_key_idx', 'key'),)
    id = Column(Integer, primary_key=True)
    aggregate_id = Column(Integer, ForeignKey('aggregates.id'),
                          nullable=False)
    key = Column(String(255), nullable=False)
    value = Column(String(255), nullable=False)


class KeyPair(TimestampMixin, Base):
    """A user's public key (``/os-keypairs``), by name per user, as Nova's
    ``key_pairs``: ``type`` is ``ssh`` (an OpenSSH public key line) or
    ``x509`` (a PEM certificate). Not soft-deleted, as in Nova."""
    __tablename__ = 'key_pairs'
    __table_args__ = (
        UniqueConstraint('user_id', 'name',
                         name='uniq_key_pairs0user_id0name'),)
    id = Column(Integer, primary_key=True)
    name = Column(String(255), nullable=False)
    user_id = Column(String(255), nullable=False)
    fingerprint = Column(String(255))
    public_key = Column(Text)
    type = Column(String(4), nullable=False, server_default='ssh')


class Quota(TimestampMixin, Base):
    """A project's limit of one quota resource, overriding its ``[quota]``
    default (Nova's API database ``quotas``). Rows are deleted, not
    soft-deleted: deleting the quota set brings back the default."""
    __tablename__ = 'quotas'
    __table_args__ = (
        UniqueConstraint('project_id', 'resource',
                         name='uniq_quotas0project_id0resource'),)
    id = Column(Integer, primary_key=True)
    project_id = Column(String(255), nullable=False)
    resource = Column(String(255), nullable=False)
    hard_limit = Column(Integer, nullable=False)


class ProjectUserQuota(TimestampMixin, Base):
    """One user's limit of one resource within a project, at most the
    project's (Nova's ``project_user_quotas``)."""
    __tablename__ = 'project_user_quotas'
    __table_args__ = (
        UniqueConstraint('user_id', 'project_id', 'resource',
                         name='uniq_project_user_quotas0user_id0project_id0'
                              'resource'),
        Index('project_user_quotas_project_id_idx', 'project_id'),)
    id = Column(Integer, primary_key=True)
    project_id = Column(String(255), nullable=False)
    user_id = Column(String(255), nullable=False)
    resource = Column(String(255), nullable=False)
    hard_limit = Column(Integer, nullable=False)


class Migration(TimestampMixin, SoftDeleteMixin, Base):
    """One move of an instance between hosts (a resize or a cold
    migration), with Nova's columns; ``old_flavor``/``new_flavor`` hold the
    flavor snapshots a revert and a confirm need (Nova keeps them in
    instance_extra)."""
    __tablename__ = 'migrations'
    __table_args__ = (
        Index('migrations_instance_uuid_and_status_idx', 'deleted',
              'instance_uuid', 'status'),
        Index('migrations_by_status_idx', 'deleted', 'status', 'updated_at'),)
    id = Column(Integer, primary_key=True)
    uuid = Column(String(36), nullable=False, unique=True)
    instance_uuid = Column(String(36), nullable=False)
    source_compute = Column(String(255))
    source_node = Column(String(255))
    dest_compute = Column(String(255))
    dest_node = Column(String(255))
    dest_host = Column(String(255))
    old_instance_type_id = Column(Integer)
    new_instance_type_id = Column(Integer)
    old_flavor = Column(Text)
    new_flavor = Column(Text)
    status = Column(String(255), nullable=False)
    migration_type = Column(String(36), nullable=False)
    hidden = Column(Boolean, default=False, nullable=False)
    project_id = Column(String(255))
    user_id = Column(String(255))


# The local back ends' tables, as ``models.<Name>`` like the rest.
from minova.db.models.storage import *  # noqa: E402,F401,F403
