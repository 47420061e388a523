"""The base of every manager: the RPC endpoint object of a service.

A manager's public methods are what the bus may call; helpers are
``_private`` (oslo.messaging refuses to dispatch them). Periodic work is a
method marked with :func:`periodic_task`, run by the service's timer.
"""

import time

from oslo_log import log as logging
import oslo_messaging as messaging

LOG = logging.getLogger(__name__)


def periodic_task(spacing=None, run_immediately=False):
    """Mark a manager method to run every ``spacing`` seconds (default:
    ``[DEFAULT] periodic_interval``). ``spacing`` may name an option
    instead (``name`` in ``[DEFAULT]``, or ``group.name``), read at each
    run; its value 0 or less disables the task."""
    def decorator(func):
        func._periodic_spacing = spacing
        func._periodic_run_immediately = run_immediately
        return func
    return decorator


class Manager:
    """Holds the service's config, host and the periodic task table."""

    target = messaging.Target(version='1.0')

    def __init__(self, conf, host=None, service_name=None):
        self.conf = conf
        self.host = host or conf.host
        self.service_name = service_name
        self._periodic_last_run = {}

    def init_host(self):
        """Prepare the host before the service takes work."""

    def cleanup_host(self):
        """Release what init_host took, when the service stops."""

    def _periodic_tasks(self):
        return [getattr(self, name) for name in dir(type(self))
                if callable(getattr(type(self), name, None)) and
                hasattr(getattr(type(self), name), '_periodic_spacing')]

    def _option(self, name):
        group, _dot, option = name.rpartition('.')
        return getattr(getattr(self.conf, group) if group else self.conf,
                       option)

    def run_periodic_tasks(self, context):
        """Run the periodic tasks that are due; return seconds to the next.

        A failing task is logged and does not stop the others.
        """
        now = time.monotonic()
        idle = self.conf.periodic_interval
        for task in self._periodic_tasks():
            spacing = task._periodic_spacing or self.conf.periodic_interval
            if isinstance(spacing, str):
                spacing = self._option(spacing)
                if spacing <= 0:
                    continue
            last = self._periodic_last_run.get(task.__name__)
            if last is None and not task._periodic_run_immediately:
                self._periodic_last_run[task.__name__] = last = now
            if last is None or now - last >= spacing:
                self._periodic_last_run[task.__name__] = now
                try:
                    task(context)
                except Exception:
                    LOG.exception('Periodic task %s failed', task.__name__)
                last = now
            idle = min(idle, spacing - (now - last))
        return max(idle, 0.1)
