"""The worker process launcher: real forks of the test process, whose
children only sleep (they build no service), supervised by the parent."""

import os
import signal
import threading
import time

import fixtures
import testtools

from minova.cmd import launcher


class TestProcessLauncher(testtools.TestCase):

    def setUp(self):
        super().setUp()
        self.tmp = self.useFixture(fixtures.TempDir()).path
        self.log = self.useFixture(fixtures.FakeLogger(name='minova'))
        for signum in (signal.SIGTERM, signal.SIGINT):
            self.addCleanup(signal.signal, signum, signal.getsignal(signum))
        self.useFixture(fixtures.MonkeyPatch(
            'minova.cmd.launcher.RESPAWN_PAUSE', 0))

    def started(self):
        """The pids of the children started so far (each writes one file
        named for its pid)."""
        return sorted(int(name) for name in os.listdir(self.tmp)
                      if name.isdigit())

    def start_child(self):
        open(os.path.join(self.tmp, str(os.getpid())), 'w').close()

    def launch(self, workers, then, start=None, run=None, timeout=10):
        """Run a launcher in this process while ``then()`` runs in a
        thread; its exit status."""
        def drive():
            try:
                then()
            finally:
                os.kill(os.getpid(), signal.SIGTERM)
        threading.Thread(target=drive, daemon=True).start()
        return launcher.ProcessLauncher(
            'minova-test', workers, start or self.start_child,
            run or (lambda services: time.sleep(60)), timeout).launch()

    def wait_for(self, predicate, timeout=20):
        deadline = time.monotonic() + timeout
        while not predicate():
            self.assertLess(time.monotonic(), deadline)
            time.sleep(0.05)

    def assertGone(self, pids):
        for pid in pids:
            self.assertRaises(ProcessLookupError, os.kill, pid, 0)

    def test_sigterm_stops_every_child(self):
        status = self.launch(3, lambda: self.wait_for(
            lambda: len(self.started()) == 3))
        self.assertEqual(0, status)
        self.assertEqual(3, len(self.started()))
        self.assertNotIn(os.getpid(), self.started())
        self.assertGone(self.started())

    def test_a_child_killed_is_replaced(self):
        def kill_one():
            self.wait_for(lambda: len(self.started()) == 2)
            self.victim = self.started()[0]
            os.kill(self.victim, signal.SIGKILL)
            self.wait_for(lambda: len(self.started()) == 3)

        self.assertEqual(0, self.launch(2, kill_one))
        self.assertIn('(pid %d) was killed by signal 9: starting another'
                      % self.victim, self.log.output)
        self.assertGone(self.started())

    def test_a_child_stopping_by_itself_is_replaced(self):
        def run(services):
            try:
                os.close(os.open(os.path.join(self.tmp, 'once'),
                                 os.O_CREAT | os.O_EXCL))
            except FileExistsError:
                time.sleep(60)
            # The first child here stops at once, and exits 0.
        status = self.launch(2, lambda: self.wait_for(
            lambda: len(self.started()) == 3), run=run)
        self.assertEqual(0, status)
        self.assertIn('exited (0): starting another', self.log.output)

    def test_a_child_that_cannot_start_stops_them_all(self):
        def start():
            self.start_child()
            if len(self.started()) == 2:
                raise SystemExit(1)  # as common.fail() does
        status = launcher.ProcessLauncher(
            'minova-test', 2, start, lambda services: time.sleep(60),
            10).launch()
        self.assertEqual(1, status)
        self.assertEqual(2, len(self.started()))
        self.assertIn('could not start: stopping', self.log.output)
        self.assertGone(self.started())

    def test_a_child_not_stopped_in_time_is_killed(self):
        self.useFixture(fixtures.MonkeyPatch(
            'minova.cmd.launcher.KILL_MARGIN', 0))

        def deaf(services):
            signal.signal(signal.SIGTERM, signal.SIG_IGN)
            open(os.path.join(self.tmp, 'deaf'), 'w').close()
            time.sleep(60)
        started = time.monotonic()
        status = self.launch(
            1, lambda: self.wait_for(
                lambda: os.path.exists(os.path.join(self.tmp, 'deaf'))),
            run=deaf, timeout=1)
        self.assertEqual(0, status)
        self.assertLess(time.monotonic() - started, 20)
        self.assertIn('not stopped: killing it', self.log.output)


class TestDescribe(testtools.TestCase):
    def test_signal_and_exit(self):
        self.assertEqual('was killed by signal 9', launcher.describe(9))
        self.assertEqual('exited (0)', launcher.describe(0))
        self.assertEqual('exited (3)', launcher.describe(3 << 8))
