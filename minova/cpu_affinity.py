"""Pinning minova-all to one CPU.

minova-all runs every service in one Python process, and under the GIL its
threads run one at a time: the process uses one core whatever the machine
has. Left free to move, its threads run on every core in turn: each time
one hands the GIL on at a blocking call (a statement, a socket read, a log
line written), the next may wake on another core, with cold caches and a
cross-core wake-up. On the boot benchmark (2 cores) that cost a third of a
boot's CPU time; pinned, the same work runs on one warm core.
"""

import os

from oslo_log import log as logging

from minova import exception

LOG = logging.getLogger(__name__)


def _error(value, reason):
    return exception.ConfigError(group='all_in_one', option='cpu_affinity',
                                 value=value, reason=reason)


def choose(setting, allowed, current):
    """The CPU to pin to for ``setting``, or None to leave it to the OS.

    ``setting`` is ``auto`` (``current``, the CPU the process runs on now,
    if it may run there, else the lowest it may), ``none``, or a CPU
    number; ``allowed`` the CPUs the process may run on, or None where the
    platform cannot pin.
    """
    setting = setting.strip().lower()
    if setting == 'none':
        return None
    if setting == 'auto':
        if not allowed:
            return None
        return current if current in allowed else min(allowed)
    try:
        cpu = int(setting)
    except ValueError:
        raise _error(setting, "not 'auto', 'none' or a CPU number")
    if allowed is None:
        raise _error(setting, 'this platform cannot pin a process to a CPU')
    if cpu not in allowed:
        raise _error(setting, 'CPU %d is not one this process may run on '
                     '(%s)' % (cpu, ', '.join(map(str, sorted(allowed)))))
    return cpu


def _allowed():
    if not hasattr(os, 'sched_getaffinity'):
        return None
    return os.sched_getaffinity(0)


def _current():
    """The CPU this thread last ran on (Linux), or None."""
    try:
        with open('/proc/thread-self/stat') as stat:
            # The fields after the command name (which may hold spaces and
            # parentheses): state is field 3, the processor field 39.
            return int(stat.read().rsplit(')', 1)[1].split()[36])
    except (OSError, IndexError, ValueError):
        return None


def _threads():
    try:
        return [int(tid) for tid in os.listdir('/proc/self/task')]
    except OSError:
        return [0]


def pin(setting):
    """Pin this process (every thread it has, and so every thread it will
    start) to the CPU ``setting`` chooses; return that CPU or None."""
    cpu = choose(setting, _allowed(), _current())
    if cpu is None:
        return None
    for tid in _threads():
        try:
            os.sched_setaffinity(tid, {cpu})
        except ProcessLookupError:
            pass  # a thread that ended meanwhile
    LOG.info('Pinned to CPU %d ([all_in_one] cpu_affinity = %s): the '
             'services of this process share one interpreter lock, so they '
             'run on one core at a time anyway.', cpu, setting)
    return cpu
