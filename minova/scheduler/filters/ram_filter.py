"""RamFilter: only hosts with the flavor's RAM left under the ratio."""

from minova.scheduler import filters


class RamFilter(filters.BaseHostFilter):
    """Passes a host whose usable RAM covers the flavor's ``memory_mb``.

    Usable RAM is ``memory_mb * ram_allocation_ratio -
    reserved_host_memory_mb - memory_mb_used`` of the compute node: the
    same room the claim checks.
    """

    def host_passes(self, host_state, spec_obj):
        return host_state.usable_ram_mb >= spec_obj.flavor.memory_mb

    def filter_mask(self, hosts, spec_obj):
        return hosts.column('usable_ram_mb') >= spec_obj.flavor.memory_mb

    def rejection_reason(self, hosts, spec_obj):
        best = hosts.column('usable_ram_mb').max()
        return ('flavor needs %d MB RAM, at most %d MB usable on any host'
                % (spec_obj.flavor.memory_mb, best))
