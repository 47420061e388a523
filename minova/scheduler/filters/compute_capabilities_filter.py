"""ComputeCapabilitiesFilter: a flavor's extra specs against what the host
is (Nova's filter of that name)."""

import json

import numpy as np

from minova.scheduler import filters
from minova.scheduler.filters import extra_specs_ops

SCOPE = 'capabilities'


def requirements(extra_specs):
    """``[(attribute path, requirement)]`` of the extra specs this filter
    checks: those scoped ``capabilities:`` (scope stripped), and, as in
    Nova, those with no scope at all; specs of other scopes (``hw:``,
    ``aggregate_instance_extra_specs:``, ...) are for others."""
    found = []
    for key, requirement in sorted((extra_specs or {}).items()):
        path = key.split(':')
        if len(path) > 1:
            if path[0] != SCOPE:
                continue
            path = path[1:]
        found.append((tuple(path), requirement))
    return found


def capability(value, path):
    """Walk ``path`` down from ``value``: into dicts by key, into JSON text
    once parsed (``cpu_info``), into objects by attribute. None when a step
    finds nothing."""
    for step in path:
        if isinstance(value, str):
            try:
                value = json.loads(value)
            except ValueError:
                return None
        if isinstance(value, dict):
            value = value.get(step)
        else:
            value = getattr(value, step, None)
        if value is None:
            return None
    return value


def meets(value, requirement):
    return value is not None and extra_specs_ops.match(str(value),
                                                       requirement)


class ComputeCapabilitiesFilter(filters.BaseHostFilter):
    """Passes a host when every ``capabilities:`` (or unscoped) extra spec
    of the flavor is met by the host attribute it names, e.g.
    ``capabilities:hypervisor_type=s== qemu``,
    ``capabilities:cpu_info:arch=x86_64``, ``capabilities:vcpus_total=>= 8``
    (the value language of :mod:`extra_specs_ops`). An attribute the host
    does not have fails the spec."""

    run_on_each_instance = False

    def host_passes(self, host_state, spec_obj):
        return all(meets(capability(host_state, path), requirement)
                   for path, requirement in requirements(
                       spec_obj.flavor.extra_specs))

    def filter_mask(self, hosts, spec_obj):
        """Each spec judged once per distinct value of the attribute it
        names (hosts have few distinct hypervisor types or CPU models)."""
        mask = np.ones(len(hosts), dtype=bool)
        for path, requirement in requirements(spec_obj.flavor.extra_specs):
            attribute, rest = path[0], path[1:]

            def judge(value, rest=rest, requirement=requirement):
                return meets(capability(value, rest), requirement)

            try:
                mask &= hosts.judge_distinct(attribute, judge)
            except (AttributeError, TypeError):
                # No such attribute, or values that cannot be grouped.
                mask &= np.fromiter(
                    (meets(capability(state, path), requirement)
                     for state in hosts.states()), dtype=bool,
                    count=len(hosts))
        return mask

    def rejection_reason(self, hosts, spec_obj):
        return "no host's capabilities meet the flavor's extra specs %s" % (
            ', '.join('%s=%r' % (':'.join((SCOPE,) + path), requirement)
                      for path, requirement in requirements(
                          spec_obj.flavor.extra_specs)))
