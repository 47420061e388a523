"""DiskFilter: only hosts with the flavor's disk left under the ratio."""

import numpy as np

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

    def filter_mask(self, hosts, spec_obj):
        needed = _needed_mb(spec_obj)
        if not needed:
            return np.ones(len(hosts), dtype=bool)
        return hosts.column('usable_disk_mb') >= needed

    def rejection_reason(self, hosts, spec_obj):
        flavor = spec_obj.flavor
        parts = 'root %d + ephemeral %d GB' % (flavor.get('root_gb', 0),
                                               flavor.get('ephemeral_gb', 0))
        if flavor.get('swap', 0):
            parts += ' + swap %d MB rounded up' % flavor.swap
        best = hosts.column('usable_disk_mb').max()
        return ('flavor needs %d GB disk (%s), at most %.1f GB usable on any '
                'host' % (_needed_mb(spec_obj) // 1024, parts, best / 1024.0))
