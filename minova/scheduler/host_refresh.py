"""The scheduler's background full read of the host states.

A request reads only the compute nodes and services changed since the
previous read; heartbeats do not stamp them, so every
``[filter_scheduler] host_state_reload_interval`` seconds all hosts are
read again. At 100,000 hosts that read costs about two seconds, too long
for a request to wait: a thread of the scheduler does it instead and the
HostManager swaps the new table in when it is done
(:meth:`~minova.scheduler.host_manager.HostManager._refresh`).

The thread shares the GIL with the requests, and a decision lets go of it
often (every numpy operation on 100,000 hosts, every query): each time,
a busy reading thread would take it back for up to the interpreter's
switch interval (5 ms) -- 100 ms and more added to a decision. So the read
goes a hundred rows at a time (about 2 ms), and between two such steps it
sleeps while a decision is being made, up to :data:`MAX_YIELD` (so that a
scheduler that is never idle still reads). A decision then waits at most
for one step.

Every other part of the work is stepped too. Building the new table's
index of 100,000 rows (70 to 100 ms of CPU) and each column
:meth:`~minova.scheduler.host_table.HostTable.prime` builds (15 to 45 ms)
went without a pause: a loop in Python gives the GIL up only every switch
interval, a C call over every row (``np.fromiter``, ``set(map(type,
...))``) not at all, and a decision that met them waited up to 5 ms at
each of its own releases -- 113 ms of the reading thread's CPU during a
single decision, the 130 ms tail at 100,000 hosts. They now go
:data:`~minova.scheduler.host_table.STEP` rows at a time and pause once
the thread has worked :data:`WORK` seconds (:func:`paced`, by its CPU
time: time it held the GIL). Measured at 100,000 hosts (its CPU time
between pauses, and during each decision by its CPU clock): the longest
stretch between two pauses fell from 143 ms to 5 ms, the most it ran
during a decision from 113 ms to 5 to 9 ms. The swap is O(1) under the
HostManager's lock; nothing else the thread does takes a lock a request
needs.

The garbage collector is the other hazard. A table of 100,000 hosts is
some 300,000 objects the collector tracks; building a new one triggers
full collections, each of which walks every tracked object of the process
while holding the GIL -- 0.1 s at 10,000 hosts (measured), ten times
that at 100,000. So no full collection runs while a table is built (the young
generations still are collected, which is cheap), and once it is in place
every object then alive is moved out of the collector's
sight (:func:`gc.freeze`) -- see :func:`frozen_when_built`. Frozen
objects are still freed by their reference counts, so a table swapped out
is freed as before. What could leak is a reference cycle that outlived two
young collections and became garbage during the build; the scheduler's
decisions make none (1,000 decisions: 0 unreachable objects). Freeing
the table swapped out costs as much as building one; it is done here too,
in steps (:func:`free_when_unused`). The young collections that remain
cost up to 4 ms (the longest seen during a build).
"""

import contextlib
import gc
import sys
import threading
import time

from oslo_log import log as logging

LOG = logging.getLogger(__name__)

#: Rows read and built between two pauses (about 2 ms of work).
CHUNK_ROWS = 100
#: Seconds of work (CPU time of the thread, which holds the GIL for it)
#: between two pauses of a table's stepwise build or free (:func:`paced`).
WORK = 0.002
#: Seconds of one sleep of a pause.
PAUSE = 0.0005
#: Seconds a pause may wait for the decisions in progress.
MAX_YIELD = 0.02
#: Seconds a swapped-out table may stay in use before it is left to the
#: reference counts (a request holds it while it decides).
FREE_PATIENCE = 10.0
#: Seconds before trying again after a failed read.
RETRY = 1.0


def pause(busy):
    """Let the decisions have the GIL: sleep a moment, and on while
    ``busy()`` (a decision is being made), up to MAX_YIELD."""
    deadline = time.monotonic() + MAX_YIELD
    time.sleep(PAUSE)
    while busy() and time.monotonic() < deadline:
        time.sleep(PAUSE)


def paced(pause, work=None):
    """``pause`` for loops of steps much shorter than WORK seconds (``work``):
    it pauses only once the thread has worked that long since the previous
    pause, so that a build of many short steps does not take a pause -- and
    wait for the decisions -- after each."""
    work = WORK if work is None else work
    last = [time.thread_time()]

    def maybe():
        if time.thread_time() - last[0] >= work:
            pause()
            last[0] = time.thread_time()
    return maybe


_building = {'count': 0, 'threshold': None}
_building_lock = threading.Lock()


@contextlib.contextmanager
def frozen_when_built():
    """No full collection while the block builds a table (or while any
    thread does); every object alive when it ends is frozen
    (see the module's docstring)."""
    with _building_lock:
        if not _building['count']:
            _building['threshold'] = threshold = gc.get_threshold()
            gc.set_threshold(threshold[0], threshold[1], 2 ** 30)
        _building['count'] += 1
    try:
        yield
    finally:
        with _building_lock:
            _building['count'] -= 1
            gc.freeze()
            if not _building['count']:
                gc.set_threshold(*_building['threshold'])


def free_when_unused(table, pause):
    """Free ``table``, swapped out, once no request holds it any more (a
    request in flight may), a few rows at a time: whichever thread drops
    the last reference to 100,000 host states would otherwise spend 0.1 s
    freeing them, holding the GIL -- a request's, maybe. After
    FREE_PATIENCE seconds, it is left to the reference counts."""
    # The caller's, this function's argument and getrefcount's: no one
    # else's.
    deadline = time.monotonic() + FREE_PATIENCE
    while sys.getrefcount(table) > 3:
        if time.monotonic() > deadline:
            return
        time.sleep(0.01)
    table.free(paced(pause))


def refresh_loop(manager_ref, stopped):
    """Read every host every interval until ``stopped`` is set or the
    HostManager (``manager_ref``, a weak reference) is gone.

    The next read is due an interval after the previous one began, so a
    heartbeat reaches the cache within an interval and one read's time.
    """
    wait = 0.0
    while not stopped.wait(wait):
        manager = manager_ref()
        if manager is None:
            return
        try:
            wait = _refresh_if_due(manager)
        except Exception as e:
            LOG.warning('The background read of the host states failed '
                        '(trying again in %g s): %s', RETRY, e)
            wait = RETRY
        # Not kept alive by this thread while it waits.
        del manager


def _refresh_if_due(manager):
    """Seconds until the next read is due, having read if one was."""
    interval = manager.conf.filter_scheduler.host_state_reload_interval
    if not interval:
        return RETRY    # every request reads everything itself
    if manager._loaded_at is not None:
        due = manager._loaded_at + interval - time.monotonic()
        if due > 0:
            return due
    manager._refresh()
    return max(0.0, manager._loaded_at + interval - time.monotonic())
