"""The filter scheduler: filter the hosts, weigh them, pick one, claim it.

For each instance of a request, in order:

1. the hosts that passed for the previous instance (for the first, every
   compute node, as the HostManager's cache has them once brought up to
   date) go through the enabled filters;
2. the weighers rank those that pass (only the best few are sorted);
3. one of the best ``[filter_scheduler] host_subset_size`` is picked at
   random, so that concurrent requests do not all race for the same host;
4. its resources are claimed in the database (one conditional UPDATE);
   when another scheduler filled it since it was read, the claim fails and
   the next best host is tried;
5. the answer for the instance is the claimed host plus up to
   ``[scheduler] max_attempts - 1`` alternates: other hosts that passed,
   best first, not claimed (the conductor claims one if the build on the
   first fails).

When an instance finds no host, the claims made for the earlier instances
of the request are released and NoValidHost says which filter removed the
last hosts, and why.
"""

import itertools
import random

import numpy as np
from oslo_log import log as logging

from minova.db import allocations
from minova import exception
from minova.objects import request_spec
from minova.scheduler import driver
from minova.scheduler import host_manager
from minova.scheduler import utils as scheduler_utils

LOG = logging.getLogger(__name__)


class FilterScheduler(driver.Scheduler):
    """Chooses hosts with the HostManager's filters and weighers and claims
    them."""

    def __init__(self, conf):
        super().__init__(conf)
        self.host_manager = host_manager.HostManager(conf)
        self.random = random.Random()

    def start(self):
        self.host_manager.start()

    def stop(self):
        self.host_manager.stop()

    def select_destinations(self, context, spec_obj, instance_uuids,
                            return_alternates=True):
        """Per instance uuid, ``[selected] + alternates`` Selections, the
        selected host claimed for that instance (the consumer of the claim
        is the instance uuid). Raises NoValidHost, having released what it
        claimed, when any instance finds no host."""
        with self.host_manager.serving():
            return self._select(context, spec_obj, instance_uuids,
                                return_alternates)

    def _select(self, context, spec_obj, instance_uuids, return_alternates):
        instance_uuids = list(instance_uuids or [spec_obj.instance_uuid])
        if scheduler_utils.request_is_rebuild(spec_obj):
            return [self._check_rebuild(context, spec_obj)]
        num_alts = self.conf.scheduler.max_attempts - 1 if (
            return_alternates) else 0
        resources = allocations.resources_from_flavor(spec_obj.flavor)
        hosts = self.host_manager.get_all_host_states(context)
        claimed = []
        selections = []
        try:
            for index, instance_uuid in enumerate(instance_uuids):
                hosts, chosen, alternates = self._schedule_instance(
                    spec_obj, hosts, index, len(instance_uuids),
                    instance_uuid, resources, num_alts)
                claimed.append(instance_uuid)
                selections.append([_selection(host) for host in
                                   [chosen] + alternates])
        except Exception:
            self._release(claimed)
            raise
        return selections

    def _check_rebuild(self, context, spec_obj):
        """A rebuild's check of its host (forced) against the filters that
        judge the new image: ``[Selection]``, nothing claimed (the server
        keeps its claim there); NoValidHost naming the filter otherwise."""
        hosts = self.host_manager.get_all_host_states(context)
        result = self.host_manager.get_filtered_hosts(hosts, spec_obj)
        if not len(result.hosts):
            raise self._no_valid_host(0, 1, result.explain(),
                                      result.explain(host_names=True))
        return [_selection(result.hosts.state(0))]

    def _schedule_instance(self, spec_obj, hosts, index, count,
                           instance_uuid, resources, num_alts):
        """Claim a host for one instance: returns the hosts that passed the
        filters (minus any found full), the claimed HostState, and up to
        ``num_alts`` other passing HostStates, best first."""
        if spec_obj.get('instance_uuid', None) != instance_uuid:
            # Filters and weighers may read it.
            spec_obj.instance_uuid = instance_uuid
            spec_obj.obj_reset_changes(['instance_uuid'])
        result = self.host_manager.get_filtered_hosts(hosts, spec_obj, index)
        if not len(result.hosts):
            raise self._no_valid_host(index, count, result.explain(),
                                      result.explain(host_names=True))
        # The best few are all the claim and the alternates need, unless
        # other requests filled them meanwhile: then weigh them all.
        limit = self.conf.filter_scheduler.host_subset_size + num_alts
        weighed = self.host_manager.get_weighed_hosts(result.hosts, spec_obj,
                                                      limit)
        position, full = self._claim_best(weighed, instance_uuid, resources)
        if position is None and len(weighed) < len(result.hosts):
            weighed = self.host_manager.get_weighed_hosts(result.hosts,
                                                          spec_obj)
            position, more = self._claim_best(weighed, instance_uuid,
                                              resources, skip=set(full))
            full += more
        passed = result.hosts
        if full:
            passed = passed.subset(~np.isin(passed.rows, full))
        if position is None:
            raise self._no_valid_host(index, count, (
                'all %d hosts that passed the filters were filled by other '
                'requests before this one could claim them' % len(full)))
        chosen = weighed.state(position)
        self.host_manager.consume(weighed, position, resources)
        group = spec_obj.get('instance_group', None)
        if group is not None:
            # The next instance of the request sees this one in its group.
            group.hosts = list(group.get('hosts', None) or ()) + [chosen.host]
        LOG.debug('Claimed %s for instance %s', chosen, instance_uuid)
        full = set(full)
        alternates = []
        for other, row in enumerate(weighed.rows.tolist()):
            if len(alternates) == num_alts:
                break
            if other != position and row not in full:
                alternates.append(weighed.state(other))
        return passed, chosen, alternates

    def _claim_best(self, weighed, consumer_id, resources, skip=()):
        """Claim a host at random among the ``host_subset_size`` best of
        ``weighed`` (best first), then the others best first, until a claim
        succeeds; hosts whose table row is in ``skip`` are not tried.
        Returns the position of the claimed host in ``weighed`` (or None)
        and the table rows of the hosts whose claim failed."""
        subset_size = max(1, min(self.conf.filter_scheduler.host_subset_size,
                                 len(weighed)))
        first = self.random.randrange(subset_size)
        full = []
        others = (p for p in range(len(weighed)) if p != first)
        for position in itertools.chain([first], others):
            row = int(weighed.rows[position])
            if row in skip:
                continue
            host = weighed.state(position)
            if allocations.claim(host.compute_node_id, consumer_id,
                                 resources):
                return position, full
            LOG.info('Host %s (%s) was filled by another request since it '
                     'was read; trying the next one', host.host,
                     host.nodename)
            full.append(row)
        return None, full

    def _no_valid_host(self, index, count, reason, details=None):
        """NoValidHost with ``reason`` for everyone and ``details`` (the
        same with host names) for admins."""
        details = details or reason
        if count > 1:
            prefix = 'Placed %d of %d instances, then: ' % (index, count)
            reason, details = prefix + reason, prefix + details
        LOG.info('No valid host: %s', details)
        return exception.NoValidHost(reason=reason, details=details)

    @staticmethod
    def _release(consumer_ids):
        for consumer_id in consumer_ids:
            try:
                allocations.release(consumer_id)
            except Exception:
                LOG.exception('Could not release the claim of %s',
                              consumer_id)


def _selection(host):
    return request_spec.Selection(
        service_host=host.host, nodename=host.nodename,
        compute_node_uuid=host.uuid,
        availability_zone=host.availability_zone)
