"""DiskFilter: only hosts with the flavor's disk left under the ratio."""

from minova.db import allocations
from minova.scheduler import filters


def _needed_mb(spec_obj):
    return allocations.resources_from_flavor(
        spec_obj.flavor)[allocations.DISK_GB] * 1024


class DiskFilter(filters.BaseHostFilter):
    """Passes a host whose usable disk covers the flavor's ``root_gb +
    ephemeral_gb`` plus its swap rounded up to whole GB (what the claim
    takes).

    Usable disk is ``local_gb * disk_allocation_ratio -
    reserved_host_disk_mb / 1024 - local_gb_used`` GB of the compute node:
    the same room the claim checks.
    """

    def host_passes(self, host_state, spec_obj):
        needed = _needed_mb(spec_obj)
        return not needed or host_state.usable_disk_mb >= needed

    def filter_all(self, host_states, spec_obj):
        needed = _needed_mb(spec_obj)
        if not needed:
            return list(host_states)
        return [h for h in host_states if h.usable_disk_mb >= needed]

    def rejection_reason(self, host_states, spec_obj):
        flavor = spec_obj.flavor
        parts = 'root %d + ephemeral %d GB' % (flavor.get('root_gb', 0),
                                               flavor.get('ephemeral_gb', 0))
        if flavor.get('swap', 0):
            parts += ' + swap %d MB rounded up' % flavor.swap
        best = max(h.usable_disk_mb for h in host_states)
        return ('flavor needs %d GB disk (%s), at most %.1f GB usable on any '
                'host' % (_needed_mb(spec_obj) // 1024, parts, best / 1024.0))
