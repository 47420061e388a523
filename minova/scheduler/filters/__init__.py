"""Host filters: the plugins that say which hosts can take a request.

A filter is a class in the ``minova.scheduler.filters`` entry-point
namespace, named in ``[filter_scheduler] enabled_filters``. The scheduler
builds it once with the config and runs it on every request.

The least a filter implements is :meth:`BaseHostFilter.host_passes`, one
host at a time. A filter that must be fast on many hosts overrides
:meth:`BaseHostFilter.filter_all` instead, which receives all the candidate
hosts at once: it reads what it needs from the request once and judges
every host in one pass (a list comprehension, or arrays).
"""

from oslo_log import log as logging

LOG = logging.getLogger(__name__)


class BaseHostFilter:
    """The base of host filters: the only filter code a plugin must read."""

    #: False for a filter whose answer cannot change between the instances
    #: of one multi-instance request (service up, availability zone): it
    #: runs for the first instance only. (Nova's
    #: ``run_filter_once_per_request``, the other way round.) Filters of
    #: resources leave it True, since each instance placed uses some.
    run_on_each_instance = True

    def __init__(self, conf):
        self.conf = conf

    def host_passes(self, host_state, spec_obj):
        """True when ``host_state`` (a
        :class:`minova.scheduler.host_manager.HostState`) can take the
        request ``spec_obj`` (a :class:`minova.objects.request_spec.
        RequestSpec`)."""
        raise NotImplementedError()

    def filter_all(self, host_states, spec_obj):
        """The hosts of ``host_states`` that pass, in their order.

        Override it to judge all hosts at once; the default asks
        :meth:`host_passes` host by host.
        """
        return [host for host in host_states
                if self.host_passes(host, spec_obj)]

    def run_filter_for_index(self, index):
        """Whether to run for the ``index``-th instance of a request."""
        return self.run_on_each_instance or index == 0

    def rejection_reason(self, host_states, spec_obj):
        """Why this filter let none of ``host_states`` through, in words a
        user or an operator can act on (e.g. ``flavor needs 4096 MB RAM, at
        most 2048 MB usable on any host``). It becomes part of the
        NoValidHost message. None says nothing more than the filter's
        name."""
        return None


class FilterResult:
    """The hosts that passed a request's filters, and the trail of how many
    each step let through, to explain an empty result."""

    def __init__(self, host_states):
        self.hosts = list(host_states)
        self.initial = len(self.hosts)
        self.steps = []
        self.reason = None

    def record(self, name, hosts, why=None):
        """Step ``name`` kept ``hosts``; ``why`` explains an empty result."""
        hosts = list(hosts)
        self.steps.append((name, len(self.hosts), len(hosts)))
        if self.hosts and not hosts:
            self.reason = '%s %d\u21920' % (name, len(self.hosts))
            if why:
                self.reason += ': ' + why
        self.hosts = hosts

    def explain(self):
        """Which step removed the last hosts and why, and which steps
        removed hosts before it."""
        if self.hosts:
            return '%d hosts passed' % len(self.hosts)
        if self.reason is None:
            return 'There are no compute nodes.'
        earlier = ['%s %d\u2192%d' % step for step in self.steps[:-1]
                   if step[2] < step[1]]
        if earlier:
            return '%s (before it: %s)' % (self.reason, ', '.join(earlier))
        return self.reason


def get_filtered_hosts(filters, host_states, spec_obj, index=0, result=None):
    """Run ``filters`` in order over ``host_states`` for the ``index``-th
    instance of ``spec_obj``; stop at the first that lets none through.

    Returns a :class:`FilterResult` (``result``, continued, if given).
    """
    result = result or FilterResult(host_states)
    for host_filter in filters:
        if not result.hosts:
            break
        if not host_filter.run_filter_for_index(index):
            continue
        before = result.hosts
        after = list(host_filter.filter_all(before, spec_obj))
        why = None
        if not after:
            why = host_filter.rejection_reason(before, spec_obj)
        result.record(type(host_filter).__name__, after, why)
        LOG.debug('Filter %s returned %d of %d hosts',
                  type(host_filter).__name__, len(after), len(before))
    return result
