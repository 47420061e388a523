"""Run a service as N worker processes: fork them, supervise, stop them.

minova-api, minova-conductor and minova-scheduler run their services in
``workers`` processes when their option says more than one (``[DEFAULT]
osapi_compute_workers``, ``[conductor] workers``, ``[scheduler] workers``),
so that they are not bound to one interpreter lock. The parent only reads
the config (and, for the API, binds the listening socket the children all
accept on); each child builds its own transport, database engine and
threads after the fork, so nothing of the parent's is shared.

Why not oslo.service's ProcessLauncher: with the threading backend it hands
the processes to cotyledon, which registers oslo.service's own
``graceful_shutdown_timeout`` (a DuplicateOptError beside minova's), takes
over the signals, and respawns a child that cannot start for ever; minova
wants the parent to stop with one line and a non-zero status then, as a
single process does. What is needed fits here.

A child that dies once started (killed, or stopped by itself) is
replaced, with a log line. A child that could not start (a config error,
the database away) exits with :data:`CANNOT_START`: the parent stops the
others and exits 1.
SIGTERM or SIGINT to the parent sends SIGTERM to every child, which stops
gracefully within ``graceful_shutdown_timeout``; a child still there a few
seconds after that is killed.
"""

import logging as std_logging
import os
import signal
import threading
import time

from oslo_log import log as logging

LOG = logging.getLogger(__name__)

# How often the parent looks for children gone.
POLL_INTERVAL = 0.2
# Seconds past graceful_shutdown_timeout before a child is killed.
KILL_MARGIN = 5
# A slot whose child lived less than this is refilled after a pause, so a
# child dying at once does not spin the parent.
RESPAWN_PAUSE = 1
# A child's exit status when its start() failed.
CANNOT_START = 3


class ProcessLauncher:
    """Keeps ``workers`` children running.

    Each child runs ``start()`` (which builds and starts its services, and
    returns them) then ``run(services)``, which returns once they stopped.
    """

    def __init__(self, prog, workers, start, run, graceful_shutdown_timeout):
        self.prog = prog
        self.workers = workers
        self.start = start
        self.run = run
        self.timeout = graceful_shutdown_timeout
        self.children = {}  # pid -> (slot, started at)
        self.stopping = threading.Event()

    def launch(self):
        """Start the children and supervise them until a signal; the exit
        status for the parent."""
        signal.signal(signal.SIGTERM, self._on_signal)
        signal.signal(signal.SIGINT, self._on_signal)
        LOG.info('%s: starting %d worker processes', self.prog, self.workers)
        for slot in range(self.workers):
            self._spawn(slot)
        status = 0
        while not self.stopping.wait(POLL_INTERVAL):
            if not self._reap_and_respawn():
                status = 1
                break
        self.stop_children()
        return status

    def _on_signal(self, signum, frame):
        self.stopping.set()

    def _spawn(self, slot):
        pid = os.fork()
        if pid == 0:
            self._child()
        self.children[pid] = (slot, time.monotonic())
        LOG.info('%s: worker %d started as pid %d', self.prog, slot, pid)
        return pid

    def _child(self):
        """Runs in the child, never returns."""
        status = CANNOT_START
        try:
            # The parent forwards SIGTERM on Ctrl-C: the terminal's SIGINT
            # to the whole group must not count as a second signal.
            signal.signal(signal.SIGINT, signal.SIG_IGN)
            signal.signal(signal.SIGTERM, signal.SIG_DFL)
            services = self.start()
            status = 1
            self.run(services)
            status = 0
        except SystemExit as e:
            if status != CANNOT_START:
                status = e.code if isinstance(e.code, int) else 1
        except BaseException:
            LOG.exception('%s: worker process failed', self.prog)
        finally:
            # os._exit skips the flush of the log handlers.
            std_logging.shutdown()
            os._exit(status)

    def _reap_and_respawn(self):
        """Replace the children gone; False when one could not start."""
        for pid, status in self._reap():
            slot, started = self.children.pop(pid)
            if os.WIFEXITED(status) and \
                    os.WEXITSTATUS(status) == CANNOT_START:
                LOG.error('%s: worker %d (pid %d) could not start: '
                          'stopping', self.prog, slot, pid)
                return False
            LOG.warning('%s: worker %d (pid %d) %s: starting another',
                        self.prog, slot, pid, describe(status))
            if time.monotonic() - started < RESPAWN_PAUSE:
                time.sleep(RESPAWN_PAUSE)
            self._spawn(slot)
        return True

    def _reap(self):
        """``(pid, wait status)`` of each child that has ended."""
        ended = []
        while self.children:
            try:
                pid, status = os.waitpid(-1, os.WNOHANG)
            except ChildProcessError:
                break
            if pid == 0:
                break
            if pid in self.children:
                ended.append((pid, status))
        return ended

    def stop_children(self):
        """SIGTERM every child, wait for them to stop gracefully, kill the
        ones still there past graceful_shutdown_timeout."""
        LOG.info('%s: stopping %d worker processes', self.prog,
                 len(self.children))
        for pid in self.children:
            _signal(pid, signal.SIGTERM)
        deadline = (time.monotonic() + self.timeout + KILL_MARGIN
                    if self.timeout else None)
        while self.children:
            for pid, _status in self._reap():
                del self.children[pid]
            if deadline is not None and time.monotonic() > deadline:
                for pid in self.children:
                    LOG.warning('%s: pid %d not stopped: killing it',
                                self.prog, pid)
                    _signal(pid, signal.SIGKILL)
                deadline = None
            time.sleep(POLL_INTERVAL)


def describe(status):
    """A wait status in words: 'was killed by signal 9', 'exited (0)'."""
    if os.WIFSIGNALED(status):
        return 'was killed by signal %d' % os.WTERMSIG(status)
    return 'exited (%d)' % os.waitstatus_to_exitcode(status)


def _signal(pid, signum):
    try:
        os.kill(pid, signum)
    except ProcessLookupError:
        pass
