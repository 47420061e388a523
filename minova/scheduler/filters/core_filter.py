"""CoreFilter: only hosts with the flavor's vCPUs left under the ratio."""

from minova.scheduler import filters


class CoreFilter(filters.BaseHostFilter):
    """Passes a host whose usable vCPUs cover the flavor's ``vcpus``, and
    that has at least that many physical CPUs (as in Nova: one instance
    never gets more vCPUs than its host has CPUs).

    Usable vCPUs are ``vcpus * cpu_allocation_ratio - vcpus_used`` of the
    compute node: the same room the claim checks.
    """

    def host_passes(self, host_state, spec_obj):
        needed = spec_obj.flavor.vcpus
        return (host_state.vcpus_total >= needed
                and host_state.usable_vcpus >= needed)

    def filter_mask(self, hosts, spec_obj):
        needed = spec_obj.flavor.vcpus
        return ((hosts.column('vcpus_total') >= needed)
                & (hosts.column('usable_vcpus') >= needed))

    def rejection_reason(self, hosts, spec_obj):
        needed = spec_obj.flavor.vcpus
        cpus = hosts.column('vcpus_total')
        if cpus.max() < needed:
            return ('flavor needs %d vCPUs, no host has more than %d CPUs'
                    % (needed, cpus.max()))
        best = hosts.column('usable_vcpus')[cpus >= needed].max()
        return ('flavor needs %d vCPUs, at most %g usable on any host'
                % (needed, best))
