"""What the scheduler knows of each compute node, and the plugins that judge
them.

:class:`HostManager` reads every compute node with its compute service in
one query per request (the scheduler keeps no cache of them, so several
scheduler processes never disagree on what they saw), turns each row into a
:class:`HostState`, and runs the enabled filters and weighers over them.
The hosts' aggregates change rarely: they are kept, and read again when
one tiny query says they changed.
"""

import collections

from oslo_log import log as logging
import sqlalchemy as sa

from minova.db import aggregates as db_aggregates
from minova.db import allocations
from minova.db import models
from minova.db import session
from minova import exception
from minova import plugins
from minova.scheduler import filters
from minova.scheduler import weights

LOG = logging.getLogger(__name__)

COMPUTE_BINARY = 'minova-compute'

# The compute service of a host, as the scheduler read it (read only).
HostService = collections.namedtuple('HostService', [
    'id', 'host', 'disabled', 'disabled_reason', 'forced_down',
    'last_seen_up', 'updated_at', 'created_at'])

# The compute_nodes columns a HostState is built from, each under the name
# of HostState's keyword argument.
_NODE_COLUMNS = (
    ('host', 'host'), ('hypervisor_hostname', 'nodename'),
    ('id', 'compute_node_id'), ('uuid', 'uuid'),
    ('hypervisor_type', 'hypervisor_type'), ('vcpus', 'vcpus'),
    ('memory_mb', 'memory_mb'), ('local_gb', 'local_gb'),
    ('vcpus_used', 'vcpus_used'), ('memory_mb_used', 'memory_mb_used'),
    ('local_gb_used', 'local_gb_used'), ('running_vms', 'running_vms'),
    ('cpu_allocation_ratio', 'cpu_allocation_ratio'),
    ('ram_allocation_ratio', 'ram_allocation_ratio'),
    ('disk_allocation_ratio', 'disk_allocation_ratio'),
    ('reserved_host_memory_mb', 'reserved_host_memory_mb'),
    ('reserved_host_disk_mb', 'reserved_host_disk_mb'),
    ('generation', 'generation'), ('updated_at', 'updated'))
_STATE_ARGS = tuple(arg for _, arg in _NODE_COLUMNS)


class HostState:
    """One compute node as a filter or weigher sees it.

    The raw numbers come from the compute node record (``*_used`` is the
    sum of the claims on it); the ``usable_*`` numbers are what is left
    under the allocation ratios, computed by the same formulas as the claim
    in :mod:`minova.db.allocations`, so a host that passes RamFilter,
    CoreFilter and DiskFilter is a host the claim accepts (unless another
    scheduler filled it meanwhile). ``free_*`` are Nova's physical
    free amounts (no allocation ratio), which the weighers read.
    """

    def __init__(self, host, nodename, compute_node_id=None, uuid=None,
                 service=None, availability_zone=None, hypervisor_type=None,
                 vcpus=0, memory_mb=0, local_gb=0, vcpus_used=0,
                 memory_mb_used=0, local_gb_used=0, running_vms=0,
                 cpu_allocation_ratio=16.0, ram_allocation_ratio=1.5,
                 disk_allocation_ratio=1.0, reserved_host_memory_mb=0,
                 reserved_host_disk_mb=0, generation=0, updated=None,
                 aggregates=db_aggregates.NO_AGGREGATES):
        self.host = host
        self.nodename = nodename
        self.compute_node_id = compute_node_id
        self.uuid = uuid
        self.service = service
        self.availability_zone = availability_zone
        self.hypervisor_type = hypervisor_type
        self.vcpus_total = vcpus
        self.total_usable_ram_mb = memory_mb
        self.total_usable_disk_gb = local_gb
        self.vcpus_used = vcpus_used
        self.memory_mb_used = memory_mb_used
        self.local_gb_used = local_gb_used
        self.num_instances = running_vms
        self.cpu_allocation_ratio = cpu_allocation_ratio
        self.ram_allocation_ratio = ram_allocation_ratio
        self.disk_allocation_ratio = disk_allocation_ratio
        self.reserved_host_memory_mb = reserved_host_memory_mb
        self.reserved_host_disk_mb = reserved_host_disk_mb
        self.generation = generation
        self.updated = updated
        # The host's aggregates (db.aggregates.AggregateInfo), a tuple
        # shared by every host of the same membership.
        self.aggregates = aggregates
        self._update_derived()

    def _update_derived(self):
        self.free_ram_mb = (self.total_usable_ram_mb
                            - self.reserved_host_memory_mb
                            - self.memory_mb_used)
        self.free_disk_mb = (self.total_usable_disk_gb * 1024
                             - self.reserved_host_disk_mb
                             - self.local_gb_used * 1024)
        self.usable_vcpus = allocations.vcpu_headroom(
            self.vcpus_total, self.cpu_allocation_ratio, self.vcpus_used)
        self.usable_ram_mb = allocations.ram_headroom_mb(
            self.total_usable_ram_mb, self.ram_allocation_ratio,
            self.reserved_host_memory_mb, self.memory_mb_used)
        self.usable_disk_mb = allocations.disk_headroom_mb(
            self.total_usable_disk_gb, self.disk_allocation_ratio,
            self.reserved_host_disk_mb, self.local_gb_used)

    def consume_from_request(self, resources):
        """Account for a claim this scheduler just made on this host, so
        the next instance of the same request sees it."""
        self.vcpus_used += resources.get(allocations.VCPU, 0)
        self.memory_mb_used += resources.get(allocations.MEMORY_MB, 0)
        self.local_gb_used += resources.get(allocations.DISK_GB, 0)
        self.num_instances += 1
        self.generation += 1
        self._update_derived()

    def __repr__(self):
        return ('(%s, %s) usable: %d MB RAM, %d MB disk, %g vCPUs; '
                'instances: %d' % (self.host, self.nodename,
                                   self.usable_ram_mb, self.usable_disk_mb,
                                   self.usable_vcpus, self.num_instances))


def _load_plugins(conf, namespace, names, base):
    """Instantiate the configured plugins. A bad name, a class that is not
    a ``base``, or one that cannot be built stops the scheduler at start
    with a PluginLoadError naming it."""
    group, option = plugins.NAMESPACES[namespace]
    instances = []
    for name, cls in zip(names, plugins.load_classes(namespace, names)):
        if not (isinstance(cls, type) and issubclass(cls, base)):
            reason = 'is not a %s.%s' % (base.__module__, base.__name__)
        else:
            try:
                instances.append(cls(conf))
                continue
            except Exception as e:
                reason = 'cannot be built with the config: %s: %s' % (
                    type(e).__name__, e)
        raise exception.PluginLoadError(
            group=group, option=option, value=names,
            reason='plugin %s (%r) %s (namespace %s)' % (
                name, cls, reason, namespace))
    return instances


class HostManager:
    """Builds host states and runs the enabled filters and weighers."""

    def __init__(self, conf):
        self.conf = conf
        fs = conf.filter_scheduler
        self.enabled_filters = _load_plugins(
            conf, 'minova.scheduler.filters', fs.enabled_filters,
            filters.BaseHostFilter)
        self.weighers = _load_plugins(
            conf, 'minova.scheduler.weighers', fs.weight_classes,
            weights.BaseHostWeigher)
        self._aggregates = None

    def get_all_host_states(self, context):
        """Every live compute node, with its compute service attached (None
        when it has none), in compute node id order: one query."""
        nodes = models.ComputeNode.__table__
        services = models.Service.__table__
        query = (
            sa.select(*[nodes.c[column] for column, _ in _NODE_COLUMNS],
                      *[services.c[name] for name in HostService._fields])
            .select_from(nodes.outerjoin(services, sa.and_(
                services.c.host == nodes.c.host,
                services.c.binary == COMPUTE_BINARY,
                services.c.deleted == 0)))
            .where(nodes.c.deleted == 0)
            .order_by(nodes.c.id))
        with session.reader() as s:
            rows = s.execute(query).all()
        host_aggregates, zones = self._get_aggregates()
        split = len(_NODE_COLUMNS)
        states = []
        # By position, not by name: this loop runs once per host per
        # request, and a Row's attribute lookup costs more than the rest.
        for row in rows:
            values = tuple(row)
            service = values[split:]
            position = host_aggregates.position(values[0])
            states.append(HostState(
                service=None if service[0] is None else HostService._make(
                    service),
                availability_zone=zones[position],
                aggregates=host_aggregates.memberships[position],
                **dict(zip(_STATE_ARGS, values[:split]))))
        LOG.debug('Read %d compute nodes', len(states))
        return states

    def _get_aggregates(self):
        """Every host's aggregates and, per distinct membership, its zone;
        read again only when the aggregates' version moved (one tiny
        query per request otherwise)."""
        version = db_aggregates.get_version()
        if self._aggregates is None or self._aggregates[0].version != version:
            host_aggregates = db_aggregates.get_host_aggregates()
            default = self.conf.compute.default_availability_zone
            self._aggregates = (host_aggregates, [
                db_aggregates.availability_zone(membership) or default
                for membership in host_aggregates.memberships])
        return self._aggregates

    def get_filtered_hosts(self, host_states, spec_obj, index=0):
        """The hosts that pass, as a :class:`filters.FilterResult`.

        ``ignore_hosts`` are dropped first. When ``force_hosts`` is set,
        only those hosts are kept and the filters are skipped, as in Nova:
        an admin who forces a host knows better (the claim still checks
        for room).
        """
        result = filters.FilterResult(host_states)
        ignored = set(spec_obj.get('ignore_hosts', None) or ())
        if ignored:
            result.record('ignore_hosts', [
                h for h in result.hosts if h.host not in ignored],
                'ignore_hosts is %s' % ', '.join(sorted(ignored)))
        forced = set(spec_obj.get('force_hosts', None) or ())
        if forced:
            result.record('force_hosts', [
                h for h in result.hosts if h.host in forced],
                'no compute node on %s' % ', '.join(sorted(forced)))
            return result
        return filters.get_filtered_hosts(self.enabled_filters, host_states,
                                          spec_obj, index, result=result)

    def get_weighed_hosts(self, host_states, spec_obj):
        """``host_states`` as :class:`weights.WeighedHost`, best first."""
        return weights.get_weighed_hosts(self.weighers, host_states, spec_obj)
