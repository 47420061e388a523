"""The resource tracker: what this compute's node has, as the driver says.

It reports the node to the conductor (a compute has no database), which
creates the compute node record on the first report: a new host is
schedulable from its first report, with no discovery step.
"""

import json
import threading

from oslo_log import log as logging

from minova.compute import claims

LOG = logging.getLogger(__name__)


class ResourceTracker:
    def __init__(self, conf, host, driver, conductor_api):
        self.conf = conf
        self.host = host
        self.driver = driver
        self.conductor_api = conductor_api
        self.compute_nodes = {}
        # instance uuid -> Claim, of the instances this compute runs, and
        # their sum per node (kept as they change: a claim costs the same
        # on an empty host and a full one).
        self.claims = {}
        self._usage = {}
        self._lock = threading.Lock()
        # nodename -> builds that failed in a row there, as last reported.
        self.failed_builds = {}

    def instance_claim(self, context, instance, nodename, flavor=None):
        """Claim ``instance``'s flavor (or ``flavor``: a resize's
        ``prep_resize``) on ``nodename``; a context manager that gives the
        claim back if the block fails.

        Raises ComputeResourcesUnavailable when it does not fit what the
        node last reported (the build is then rescheduled).
        """
        flavor = flavor or instance.flavor
        claim = claims.Claim(
            self, instance.uuid, nodename, flavor.vcpus, flavor.memory_mb,
            flavor.root_gb + flavor.ephemeral_gb + -(-flavor.swap // 1024))
        with self._lock:
            self._drop(instance.uuid)
            usage = self._usage.setdefault(nodename, [0, 0, 0])
            node = self.compute_nodes.get(nodename)
            if node is not None:
                claims.check_fits(node, usage, claim)
            self.claims[instance.uuid] = claim
            self._add(usage, claim, 1)
        return claim

    def drop_claim(self, instance_uuid):
        """Forget the claim of an instance that failed or was deleted."""
        with self._lock:
            self._drop(instance_uuid)

    def move_claim(self, old_key, new_key):
        """Keep a claim under another key: the source host's claim of a
        resize is the migration's (as its allocations are), so that the
        instance can claim the new flavor on the same host."""
        with self._lock:
            claim = self.claims.pop(old_key, None)
            if claim is not None:
                claim.instance_uuid = new_key
                self.claims[new_key] = claim

    def _drop(self, instance_uuid):
        claim = self.claims.pop(instance_uuid, None)
        if claim is not None:
            self._add(self._usage[claim.nodename], claim, -1)

    @staticmethod
    def _add(usage, claim, sign):
        usage[0] += sign * claim.vcpus
        usage[1] += sign * claim.memory_mb
        usage[2] += sign * claim.disk_gb

    def build_failed(self, context, nodename):
        """One more build failed in a row on ``nodename``: report it, so
        that the BuildFailureWeigher steers builds away."""
        self._report_failed_builds(
            context, nodename, self.failed_builds.get(nodename, 0) + 1)

    def build_succeeded(self, context, nodename):
        """A build succeeded: the failures in a row are over. Costs nothing
        when there were none."""
        if self.failed_builds.get(nodename, 0):
            self._report_failed_builds(context, nodename, 0)

    def _report_failed_builds(self, context, nodename, count):
        self.failed_builds[nodename] = count
        try:
            self.conductor_api.compute_node_update(
                context, self.host, nodename, {'failed_builds': count})
        except Exception:
            # The next periodic report carries it again.
            LOG.exception('Could not report %d failed builds on %s', count,
                          nodename)

    def update_available_resource(self, context, service_id=None):
        """Ask the driver what each node has and report it."""
        for nodename in self.driver.get_available_nodes():
            resources = self.driver.get_available_resource(nodename)
            self.compute_nodes[nodename] = self.conductor_api.compute_node_update(
                context, self.host, nodename,
                self._node_values(nodename, resources, service_id))

    def _node_values(self, nodename, resources, service_id):
        ratios = self.conf.compute
        # Totals only: a node's *_used are the sum of the scheduler's claims,
        # never what the hypervisor reports (ComputeNode.REPORTED).
        values = {
            key: resources[key] for key in (
                'vcpus', 'memory_mb', 'local_gb', 'hypervisor_type',
                'hypervisor_version') if key in resources}
        values.update(
            service_id=service_id,
            cpu_info=_as_json(resources.get('cpu_info', '{}')),
            supported_instances=_as_json(
                resources.get('supported_instances', [])),
            running_vms=resources.get('running_vms', 0),
            cpu_allocation_ratio=ratios.cpu_allocation_ratio,
            ram_allocation_ratio=ratios.ram_allocation_ratio,
            disk_allocation_ratio=ratios.disk_allocation_ratio,
            reserved_host_memory_mb=ratios.reserved_host_memory_mb,
            reserved_host_disk_mb=ratios.reserved_host_disk_mb,
            failed_builds=self.failed_builds.get(nodename, 0))
        return values


def _as_json(value):
    return value if isinstance(value, str) else json.dumps(value)
