"""Host weighers: the plugins that rank the hosts the filters let through.

A weigher is a class in the ``minova.scheduler.weighers`` entry-point
namespace, named in ``[filter_scheduler] weight_classes``. The scheduler
builds it once with the config.

Weighing works as in Nova. Each weigher gives every host a raw weight
(higher is better); the raw weights of one weigher are normalised to 0..1
over the hosts being weighed (the lowest becomes 0, the highest 1; all 0
when they are equal), multiplied by the weigher's multiplier and summed
over the weighers. The host with the largest sum is the best. So a
multiplier says how much a weigher counts against the others, whatever the
unit of its raw weights, and a negative one turns "more is better" into
"less is better" (stacking instead of spreading).

The least a weigher implements is :meth:`BaseHostWeigher._weigh_object`,
one host at a time (and :meth:`BaseHostWeigher.weight_multiplier` unless
1.0 suits it); a weigher that must be fast on many hosts also overrides
:meth:`BaseHostWeigher.weigh_all` and :meth:`BaseHostWeigher.multipliers`,
which weigh all hosts at once with numpy columns of host state. Every
in-tree weigher does.
"""

import numpy as np

from minova.scheduler import host_table


class BaseHostWeigher:
    """The base of host weighers: the only weigher code a plugin must read."""

    #: Fixed bounds for normalisation; None (the default) uses the lowest
    #: and highest raw weight of the hosts being weighed.
    minval = None
    maxval = None

    def __init__(self, conf):
        self.conf = conf

    def weight_multiplier(self, host_state):
        """How much this weigher counts for ``host_state``."""
        return 1.0

    def multipliers(self, hosts):
        """The multipliers of ``hosts`` (a :class:`minova.scheduler.
        host_table.Hosts`): one number for all, or a numpy array.

        Override it with :meth:`weigh_all` to weigh all hosts at once
        (e.g. return the config value); the default asks
        :meth:`weight_multiplier` host by host.
        """
        return np.fromiter((self.weight_multiplier(state)
                            for state in hosts.states()),
                           dtype=float, count=len(hosts))

    def _weigh_object(self, host_state, weight_properties):
        """The raw weight of ``host_state`` (higher is better) for the
        request ``weight_properties`` (a RequestSpec)."""
        raise NotImplementedError()

    def weigh_all(self, hosts, weight_properties):
        """The raw weights of ``hosts``, a numpy array in their order.

        Override it to weigh all hosts at once; the default asks
        :meth:`_weigh_object` host by host.
        """
        return np.fromiter((self._weigh_object(state, weight_properties)
                            for state in hosts.states()),
                           dtype=float, count=len(hosts))


class ColumnWeigher(BaseHostWeigher):
    """A weigher whose raw weight is one HostState attribute and whose
    multiplier is one ``[filter_scheduler]`` option, the same for every
    host (the in-tree resource weighers)."""

    #: The HostState attribute weighed.
    attribute = None
    #: The ``[filter_scheduler]`` option of the multiplier.
    multiplier_option = None

    def weight_multiplier(self, host_state):
        return getattr(self.conf.filter_scheduler, self.multiplier_option)

    def multipliers(self, hosts):
        return self.weight_multiplier(None)

    def _weigh_object(self, host_state, weight_properties):
        return getattr(host_state, self.attribute)

    def weigh_all(self, hosts, weight_properties):
        return hosts.column(self.attribute)


class WeighedHost:
    """A host state and its total weight."""

    __slots__ = ('obj', 'weight')

    def __init__(self, obj, weight):
        self.obj = obj
        self.weight = weight

    def __repr__(self):
        return 'WeighedHost [host: %r, weight: %s]' % (self.obj, self.weight)


def normalize(weights, minval=None, maxval=None):
    """``weights`` (a numpy array) scaled to 0..1 between ``minval`` and
    ``maxval`` (by default their own lowest and highest); all 0 when those
    are equal."""
    weights = np.asarray(weights, dtype=float)
    if not weights.size:
        return weights
    minval = float(weights.min() if minval is None else minval)
    maxval = float(weights.max() if maxval is None else maxval)
    if minval == maxval:
        return np.zeros_like(weights)
    return (weights - minval) / (maxval - minval)


def weigh(weighers, hosts, weight_properties):
    """The total weight of each of ``hosts``, a numpy array in their
    order: per weigher, raw weights normalised, times its multipliers,
    summed."""
    totals = np.zeros(len(hosts))
    if len(hosts) <= 1:
        return totals
    for weigher in weighers:
        multipliers = weigher.multipliers(hosts)
        if np.isscalar(multipliers) and multipliers == 0:
            continue    # switched off: no need to weigh
        raw = weigher.weigh_all(hosts, weight_properties)
        totals += (np.asarray(multipliers, dtype=float)
                   * normalize(raw, weigher.minval, weigher.maxval))
    return totals


def best_first(weighers, hosts, weight_properties, limit=None):
    """``hosts`` ordered best first; hosts of equal weight keep their
    order. With ``limit``, only the best ``limit`` (more when several tie
    with the last of them), which is cheaper than sorting 10,000."""
    totals = weigh(weighers, hosts, weight_properties)
    if limit is not None and limit < len(totals) // 4:
        kth_best = -np.partition(-totals, limit - 1)[limit - 1]
        # Every host at least as good as the kth, in their order, so that
        # ties are broken the same way as by the full sort.
        positions = np.flatnonzero(totals >= kth_best)
    else:
        positions = np.arange(len(totals))
    order = positions[np.argsort(-totals[positions], kind='stable')]
    return hosts.subset(order)


def get_weighed_hosts(weighers, host_states, weight_properties):
    """``host_states`` (HostStates, or a :class:`host_table.Hosts`) as
    :class:`WeighedHost`, best first: the weights spelled out, for tools
    and tests (the scheduler itself uses :func:`best_first`)."""
    hosts = host_table.as_hosts(host_states)
    totals = weigh(weighers, hosts, weight_properties)
    return [WeighedHost(hosts.state(position), float(totals[position]))
            for position in np.argsort(-totals, kind='stable')]
