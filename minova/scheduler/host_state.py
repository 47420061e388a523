"""One compute node as a filter or weigher sees it."""

import collections
import json

from minova.db import allocations
from minova import servicegroup

# The compute service of a host, as the scheduler read it (read only).
HostService = collections.namedtuple('HostService', [
    'id', 'host', 'disabled', 'disabled_reason', 'forced_down',
    'last_seen_up', 'updated_at', 'created_at'])


def _instance_types(supported_instances):
    """``(arch, hv_type, vm_mode)`` triples, lower case, as a tuple (so
    that hosts with the same ones share a key), from the compute's report
    (a JSON list of triples, or the list itself)."""
    if isinstance(supported_instances, str):
        supported_instances = json.loads(supported_instances or '[]')
    return tuple(tuple(str(part).lower() for part in triple)
                 for triple in supported_instances)


class HostState:
    """One compute node: what it has, what is claimed of it, its service.

    The raw numbers come from the compute node record (``*_used`` is the
    sum of the claims on it); the ``usable_*`` numbers are what is left
    under the allocation ratios, computed by the same formulas as the claim
    in :mod:`minova.db.allocations`, so a host that passes RamFilter,
    CoreFilter and DiskFilter is a host the claim accepts (unless another
    scheduler filled it meanwhile). ``free_*`` are Nova's physical
    free amounts (no allocation ratio), which the weighers read.

    Every attribute is also a column of the scheduler's
    :class:`minova.scheduler.host_table.HostTable`, which is how the
    in-tree filters read all hosts at once.
    """

    def __init__(self, host, nodename, compute_node_id=None, uuid=None,
                 service=None, availability_zone=None, hypervisor_type=None,
                 hypervisor_version=0, cpu_info='{}', supported_instances=(),
                 vcpus=0, memory_mb=0, local_gb=0, vcpus_used=0,
                 memory_mb_used=0, local_gb_used=0, running_vms=0,
                 cpu_allocation_ratio=16.0, ram_allocation_ratio=1.5,
                 disk_allocation_ratio=1.0, reserved_host_memory_mb=0,
                 reserved_host_disk_mb=0, generation=0, failed_builds=0,
                 updated=None, aggregates=(), aggregates_key=0):
        self.host = host
        self.nodename = nodename
        self.compute_node_id = compute_node_id
        self.uuid = uuid
        self.service = service
        self.availability_zone = availability_zone
        self.hypervisor_type = hypervisor_type
        self.hypervisor_version = hypervisor_version
        # As the compute reported it: a JSON object (Nova's).
        self.cpu_info = cpu_info
        self.supported_instances = _instance_types(supported_instances)
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
        self.failed_builds = failed_builds
        self.updated = updated
        # The host's aggregates (minova.db.aggregates.AggregateInfo), a
        # tuple shared by every host in the same aggregates; hosts in the
        # same aggregates have the same aggregates_key, a small int, so a
        # filter judges each distinct membership once.
        self.aggregates = aggregates
        self.aggregates_key = aggregates_key
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

    @property
    def service_enabled(self):
        """The host has a compute service, not disabled nor forced down."""
        service = self.service
        return (service is not None and not service.disabled
                and not service.forced_down)

    @property
    def service_heartbeat(self):
        """The service's last heartbeat in seconds since the epoch (NaN
        when there is none), for ComputeFilter to compare with now."""
        service = self.service
        last = None if service is None else servicegroup.last_heartbeat(
            service)
        return float('nan') if last is None else last

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
