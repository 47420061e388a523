"""Host filters: the plugins that say which hosts can take a request.

A filter is a class in the ``minova.scheduler.filters`` entry-point
namespace, named in ``[filter_scheduler] enabled_filters``. The scheduler
builds it once with the config and runs it on every request.

The least a filter implements is :meth:`BaseHostFilter.host_passes`, one
host at a time. A filter that must be fast on many hosts also overrides
:meth:`BaseHostFilter.filter_mask`, which judges all the candidate hosts at
once: it reads what it needs from the request once and compares it with
numpy columns of host state (``hosts.column('usable_ram_mb')``), so 10,000
hosts cost microseconds, not milliseconds. Every in-tree filter does.
"""

from oslo_log import log as logging
import numpy as np

from minova.scheduler import host_table

LOG = logging.getLogger(__name__)


class BaseHostFilter:
    """The base of host filters: the only filter code a plugin must read."""

    #: False for a filter whose answer cannot change between the instances
    #: of one multi-instance request (service up, availability zone): it
    #: runs for the first instance only. (Nova's
    #: ``run_filter_once_per_request``, the other way round.) Filters of
    #: resources leave it True, since each instance placed uses some.
    run_on_each_instance = True

    #: True for a filter that judges what a rebuild changes (the image):
    #: a rebuild's check of its host runs only these (Nova's name).
    RUN_ON_REBUILD = False

    def __init__(self, conf):
        self.conf = conf

    def host_passes(self, host_state, spec_obj):
        """True when ``host_state`` (a
        :class:`minova.scheduler.host_state.HostState`) can take the
        request ``spec_obj`` (a :class:`minova.objects.request_spec.
        RequestSpec`)."""
        raise NotImplementedError()

    def filter_mask(self, hosts, spec_obj):
        """Which of ``hosts`` (a :class:`minova.scheduler.host_table.
        Hosts`) pass: a numpy bool array, one per host, in their order.

        Override it to judge all hosts at once; the default asks
        :meth:`host_passes` host by host.
        """
        return np.fromiter(
            (bool(self.host_passes(state, spec_obj))
             for state in hosts.states()), dtype=bool, count=len(hosts))

    def run_filter_for_index(self, index):
        """Whether to run for the ``index``-th instance of a request."""
        return self.run_on_each_instance or index == 0

    def rejection_reason(self, hosts, spec_obj):
        """Why this filter let none of ``hosts`` through, in words a user
        can act on and without host names (e.g. ``flavor needs 4096 MB
        RAM, at most 2048 MB usable on any host``). It becomes part of the
        NoValidHost message. None says nothing more than the filter's
        name."""
        return None


class FilterResult:
    """The hosts that passed a request's filters, and the trail of how many
    each step let through, to explain an empty result."""

    #: How many of the hosts the last step turned away an admin is told.
    NAMES_SHOWN = 10

    def __init__(self, hosts):
        self.hosts = hosts
        self.initial = len(hosts)
        self.steps = []
        self.reason = None
        self.rejected = None

    def record(self, name, hosts, why=None):
        """Step ``name`` kept ``hosts``; ``why`` explains an empty result
        (in words for everyone: no host names)."""
        self.steps.append((name, len(self.hosts), len(hosts)))
        if len(self.hosts) and not len(hosts):
            self.reason = '%s %d\u21920' % (name, len(self.hosts))
            if why:
                self.reason += ': ' + why
            self.rejected = self.hosts
        self.hosts = hosts

    def explain(self, host_names=False):
        """Which step removed the last hosts and why, and which steps
        removed hosts before it; with ``host_names`` (for admins), which
        hosts that last step turned away."""
        if len(self.hosts):
            return '%d hosts passed' % len(self.hosts)
        if self.reason is None:
            return 'There are no compute nodes.'
        text = self.reason
        earlier = ['%s %d\u2192%d' % step for step in self.steps[:-1]
                   if step[2] < step[1]]
        if earlier:
            text += ' (before it: %s)' % ', '.join(earlier)
        if host_names:
            names = [str(name) for name in
                     self.rejected.column('host')[:self.NAMES_SHOWN]]
            more = len(self.rejected) - len(names)
            text += '; it turned away %s%s' % (
                ', '.join(names), ' and %d more' % more if more else '')
        return text


def get_filtered_hosts(filters, hosts, spec_obj, index=0, result=None):
    """Run ``filters`` in order over ``hosts`` (a :class:`minova.scheduler.
    host_table.Hosts`) for the ``index``-th instance of ``spec_obj``; stop
    at the first that lets none through.

    Returns a :class:`FilterResult` (``result``, continued, if given).
    """
    result = result or FilterResult(host_table.as_hosts(hosts))
    for host_filter in filters:
        if not len(result.hosts):
            break
        if not host_filter.run_filter_for_index(index):
            continue
        name = type(host_filter).__name__
        before = result.hosts
        mask = np.asarray(host_filter.filter_mask(before, spec_obj),
                          dtype=bool)
        if mask.shape != (len(before),):
            raise TypeError('%s.filter_mask returned %d values for %d hosts'
                            % (name, mask.size, len(before)))
        after = before.subset(mask)
        why = None
        if not len(after):
            why = host_filter.rejection_reason(before, spec_obj)
        result.record(name, after, why)
        LOG.debug('Filter %s returned %d of %d hosts', name, len(after),
                  len(before))
    return result
