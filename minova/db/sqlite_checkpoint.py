"""SQLite's checkpoints in a thread of their own, not in a commit.

In WAL mode SQLite copies the log back into the database file (a
checkpoint) when a commit finds the log longer than ``wal_autocheckpoint``
pages (1,000 by default), in the thread of that commit. At 100,000 hosts
such a commit of the scheduler's claim cost 17 ms of CPU instead of about
0.3 ms: the largest decisions of ``bench/scheduler.py`` (the others took
at most 6 ms). So minova's connections turn the automatic checkpoint off
(:func:`minova.db.session._sqlite_connect`) and a daemon thread checkpoints
every :data:`INTERVAL` seconds on a connection of its own, ``PASSIVE``: it
waits for no reader or writer and copies what they no longer need. The
sqlite3 module lets go of the GIL while SQLite works, so no request waits
for it; the log grows by what one interval writes at most. Every 0.2 s
rather than every second: on ``minova-all`` under ``bench/boot.py`` the
longer interval let the log grow and the boots slow by a few percent
(134 against 146 servers/s without the thread, in runs that vary by ten);
at 0.2 s the two were alike (140 and 142).
"""

import sqlite3
import threading

from oslo_log import log as logging

LOG = logging.getLogger(__name__)

#: Seconds between two checkpoints.
INTERVAL = 0.2


class Checkpointer:
    """Checkpoints the SQLite database at ``path`` until stopped."""

    def __init__(self, path, interval=None):
        self.path = path
        self.interval = INTERVAL if interval is None else interval
        self.checkpoints = 0
        self._stopped = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True,
                                        name='sqlite-checkpoint')

    def start(self):
        self._thread.start()
        return self

    def stop(self):
        self._stopped.set()
        if self._thread.is_alive():
            self._thread.join(timeout=10)

    def checkpoint(self, connection):
        """One checkpoint; ``(busy, log pages, pages copied)``."""
        return connection.execute('PRAGMA wal_checkpoint(PASSIVE)').fetchone()

    def _run(self):
        connection = None
        while not self._stopped.wait(self.interval):
            try:
                if connection is None:
                    connection = sqlite3.connect(
                        self.path, isolation_level=None,
                        check_same_thread=False)
                self.checkpoint(connection)
                self.checkpoints += 1
            except sqlite3.Error as e:
                LOG.warning('Checkpointing %s failed (trying again in %g s): '
                            '%s', self.path, self.interval, e)
                if connection is not None:
                    connection.close()
                    connection = None
        if connection is not None:
            connection.close()
