"""A compute's own claim of an instance's resources while it builds.

The scheduler's claim (:mod:`minova.db.allocations`, written through the
conductor) is what keeps two builds out of the last free room. This one is
the compute's second look, with what it knows of its node: it refuses a
build that cannot fit what the host itself reported, and that refusal
reschedules the build to an alternate.
"""

from minova import exception


class Claim:
    """The resources of one instance on one node, held by the tracker until
    the build ends (kept) or fails (:meth:`abort`)."""

    def __init__(self, tracker, instance_uuid, nodename, vcpus, memory_mb,
                 disk_gb):
        self.tracker = tracker
        self.instance_uuid = instance_uuid
        self.nodename = nodename
        self.vcpus = vcpus
        self.memory_mb = memory_mb
        self.disk_gb = disk_gb

    def abort(self):
        self.tracker.drop_claim(self.instance_uuid)

    def __enter__(self):
        return self

    def __exit__(self, exc_type, exc_value, tb):
        if exc_type is not None:
            self.abort()
        return False


def check_fits(node, used, claim):
    """Raise ComputeResourcesUnavailable when ``claim`` does not fit
    ``node`` (a ComputeNode as last reported) on top of ``used``
    (vcpus, memory_mb, disk_gb of the other claims)."""
    vcpus, memory_mb, disk_gb = used
    limits = (
        ('vCPUs', vcpus + claim.vcpus,
         node.vcpus * node.cpu_allocation_ratio),
        ('MB of RAM', memory_mb + claim.memory_mb,
         node.memory_mb * node.ram_allocation_ratio -
         node.reserved_host_memory_mb),
        ('GB of disk', disk_gb + claim.disk_gb,
         node.local_gb * node.disk_allocation_ratio -
         node.reserved_host_disk_mb / 1024.0),
    )
    for what, wanted, limit in limits:
        if wanted > limit:
            raise exception.ComputeResourcesUnavailable(
                reason='node %s would need %s %s, it has %d' % (
                    claim.nodename, wanted, what, limit))
