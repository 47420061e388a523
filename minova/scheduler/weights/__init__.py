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
1.0 suits it); a weigher that must be fast on many hosts overrides
:meth:`BaseHostWeigher.weigh_objects` and
:meth:`BaseHostWeigher.weight_multipliers`, which receive all hosts at
once.
"""


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

    def weight_multipliers(self, host_states):
        """The multipliers of ``host_states``, a list in the same order.

        Override it with :meth:`weigh_objects` to weigh all hosts at once
        (e.g. when the multiplier is one config value for every host); the
        default asks :meth:`weight_multiplier` host by host.
        """
        return [self.weight_multiplier(host) for host in host_states]

    def _weigh_object(self, host_state, weight_properties):
        """The raw weight of ``host_state`` (higher is better) for the
        request ``weight_properties`` (a RequestSpec)."""
        raise NotImplementedError()

    def weigh_objects(self, host_states, weight_properties):
        """The raw weights of ``host_states``, a list in the same order.

        Override it to weigh all hosts at once; the default asks
        :meth:`_weigh_object` host by host.
        """
        return [self._weigh_object(host, weight_properties)
                for host in host_states]


class WeighedHost:
    """A host state and its total weight."""

    __slots__ = ('obj', 'weight')

    def __init__(self, obj, weight):
        self.obj = obj
        self.weight = weight

    def __repr__(self):
        return 'WeighedHost [host: %r, weight: %s]' % (self.obj, self.weight)


def normalize(weights, minval=None, maxval=None):
    """``weights`` scaled to 0..1 between ``minval`` and ``maxval`` (by
    default their own lowest and highest); all 0 when those are equal."""
    if not weights:
        return []
    minval = float(min(weights) if minval is None else minval)
    maxval = float(max(weights) if maxval is None else maxval)
    if minval == maxval:
        return [0.0] * len(weights)
    span = maxval - minval
    return [(w - minval) / span for w in weights]


def get_weighed_hosts(weighers, host_states, weight_properties):
    """``host_states`` as :class:`WeighedHost`, best first.

    Hosts of equal weight keep their order (the sort is stable).
    """
    host_states = list(host_states)
    weighed = [WeighedHost(host, 0.0) for host in host_states]
    if len(weighed) <= 1:
        return weighed
    for weigher in weighers:
        raw = weigher.weigh_objects(host_states, weight_properties)
        normalized = normalize(raw, weigher.minval, weigher.maxval)
        multipliers = weigher.weight_multipliers(host_states)
        for item, multiplier, weight in zip(weighed, multipliers, normalized):
            item.weight += multiplier * weight
    weighed.sort(key=lambda item: item.weight, reverse=True)
    return weighed
