"""AggregateInstanceExtraSpecsFilter: a flavor's extra specs against the
metadata of the host's aggregates (Nova's filter of that name)."""

import collections

import numpy as np
from oslo_log import log as logging

from minova.scheduler import filters
from minova.scheduler.filters import extra_specs_ops

LOG = logging.getLogger(__name__)

SCOPE = 'aggregate_instance_extra_specs'


def requirements(extra_specs):
    """``[(metadata key, requirement)]`` of the extra specs this filter
    checks: those scoped ``aggregate_instance_extra_specs:`` (scope
    stripped) and those with no scope at all. Specs of other scopes
    (``hw:``, ``capabilities:``, ...) are for others."""
    found = []
    for key, requirement in sorted((extra_specs or {}).items()):
        scope, sep, rest = key.partition(':')
        if not sep:
            found.append((key, requirement))
        elif scope == SCOPE:
            found.append((rest, requirement))
    return found


def aggregate_metadata(membership):
    """``{key: {values}}`` over the aggregates of one membership."""
    metadata = collections.defaultdict(set)
    for aggregate in membership:
        for key, value in aggregate.metadata.items():
            metadata[key].add(value)
    return metadata


def unmet(membership, wanted):
    """The first ``(key, requirement)`` of ``wanted`` that no aggregate of
    ``membership`` meets, or None when all are met."""
    metadata = aggregate_metadata(membership)
    for key, requirement in wanted:
        if not any(extra_specs_ops.match(value, requirement)
                   for value in metadata.get(key, ())):
            return key, requirement
    return None


class AggregateInstanceExtraSpecsFilter(filters.BaseHostFilter):
    """Passes a host when, for every extra spec of the flavor in this
    filter's scope (or unscoped), one of the host's aggregates has that
    metadata key with a value meeting the spec (see
    :mod:`extra_specs_ops`). A flavor without such specs passes every
    host; a host in no aggregate passes only such flavors."""

    # Aggregates and the flavor do not change within a request.
    run_on_each_instance = False

    def host_passes(self, host_state, spec_obj):
        wanted = requirements(spec_obj.flavor.extra_specs)
        if not wanted:
            return True
        failed = unmet(host_state.aggregates, wanted)
        if failed:
            LOG.debug('%s fails flavor extra spec %s=%r of its aggregates',
                      host_state.host, *failed)
        return failed is None

    def filter_mask(self, hosts, spec_obj):
        """Judge each distinct membership once (there are few: hosts come
        in racks) and spread the verdicts over the hosts by their
        ``aggregates_key``."""
        wanted = requirements(spec_obj.flavor.extra_specs)
        if not wanted or not len(hosts):
            return np.ones(len(hosts), dtype=bool)
        keys = hosts.column('aggregates_key')
        # The position of the first host of each key (later writes of a
        # repeated index win, so write the positions backwards).
        first = np.full(int(keys.max()) + 1, -1, dtype=np.int64)
        first[keys[::-1]] = np.arange(len(keys) - 1, -1, -1)
        verdicts = np.zeros(len(first), dtype=bool)
        for key in np.flatnonzero(first >= 0).tolist():
            membership = hosts.state(int(first[key])).aggregates
            verdicts[key] = unmet(membership, wanted) is None
        return verdicts[keys]

    def rejection_reason(self, hosts, spec_obj):
        wanted = requirements(spec_obj.flavor.extra_specs)
        return "no host's aggregates meet the flavor's extra specs %s" % (
            ', '.join('%s=%r' % pair for pair in wanted))
