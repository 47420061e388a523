"""The HostManager's background full read (host_refresh)."""

import datetime
import gc
import random
import sys
import threading
import time

import fixtures
from oslo_utils import timeutils
from oslo_utils import uuidutils
import sqlalchemy as sa
import testtools

from minova.db import allocations
from minova.db import models
from minova.db import services as db_services
from minova.db import session
from minova.scheduler import host_manager
from minova.scheduler import host_refresh
from minova.scheduler import host_table
from minova import servicegroup
from minova.tests import fixtures as minova_fixtures
from minova.tests.unit.scheduler import fakes

_services = models.Service.__table__


def _set_heartbeat(host, when):
    """As a heartbeat does: ``last_seen_up`` only, ``updated_at`` kept."""
    with session.writer() as s:
        s.execute(sa.update(_services).where(_services.c.host == host).values(
            last_seen_up=when, updated_at=_services.c.updated_at))


class TestBackgroundRead(testtools.TestCase):
    def setUp(self):
        super().setUp()
        self.conf = self.useFixture(minova_fixtures.ConfFixture(**{
            'filter_scheduler.host_state_reload_interval': 1,
            'service_down_time': 3})).conf
        self.useFixture(minova_fixtures.DatabaseFixture(self.conf))
        # Without the margin, a change missed is not read again by luck.
        self.useFixture(fixtures.MockPatchObject(
            host_manager, 'CHANGE_MARGIN', datetime.timedelta(0)))
        self.useFixture(fixtures.MockPatchObject(host_refresh, 'PAUSE', 0))
        self.manager = host_manager.HostManager(self.conf)
        self.addCleanup(self.manager.stop)
        self.node1 = fakes.create_compute('host1')
        self.node2 = fakes.create_compute('host2')

    def _states(self):
        return {s.host: s for s in self.manager.get_all_host_states(None)}

    def _wait_for(self, predicate, timeout):
        """Seconds until ``predicate()`` held, asking each 50 ms; fails
        after ``timeout``."""
        begun = time.monotonic()
        while not predicate():
            if time.monotonic() - begun > timeout:
                self.fail('not within %s s' % timeout)
            time.sleep(0.05)
        return time.monotonic() - begun

    def test_a_change_read_during_a_background_read_is_not_lost(self):
        self._states()
        read = self.manager._read_table()
        # After the background read's query, before its table is swapped
        # in: a request reads the claim into the table being replaced.
        allocations.claim(self.node1, 'c1', {'MEMORY_MB': 1024})
        self.assertEqual(3072, self._states()['host1'].usable_ram_mb)
        with self.manager._lock:
            self.manager._swap(*read)
        self.assertEqual(4096, read[0].state(0).usable_ram_mb)
        self.assertEqual(3072, self._states()['host1'].usable_ram_mb)

    def test_the_read_is_off_the_request_path_once_started(self):
        self._states()
        readers = []
        read_table = self.manager._read_table

        def recorded(*args, **kwargs):
            readers.append(threading.current_thread().name)
            return read_table(*args, **kwargs)
        self.useFixture(fixtures.MockPatchObject(
            self.manager, '_read_table', side_effect=recorded))
        self.manager.start()
        begun = time.monotonic()
        while time.monotonic() - begun < 2.5:     # past two intervals
            self.assertEqual(2, len(self._states()))
            time.sleep(0.05)
        self.assertIn(len(readers), (2, 3))
        self.assertEqual({'host-state-refresh'}, set(readers))

    def test_a_resumed_heartbeat_is_seen_within_the_interval(self):
        _set_heartbeat('host1', timeutils.utcnow()
                       - datetime.timedelta(hours=1))
        self.assertFalse(servicegroup.is_up(self._states()['host1'].service,
                                            self.conf.service_down_time))
        self.manager.start()
        [service] = db_services.get_all(host='host1')
        db_services.heartbeat(service.id)
        took = self._wait_for(lambda: servicegroup.is_up(
            self._states()['host1'].service, self.conf.service_down_time),
            timeout=3)
        # The interval, and the read's time.
        self.assertLess(took, 1.5)

    def test_a_stopped_heartbeat_is_seen_down_in_time(self):
        self._states()
        self.manager.start()
        stopped = time.monotonic()
        _set_heartbeat('host1', timeutils.utcnow())
        alive = threading.Event()

        def beat():     # host2 keeps heartbeating
            while not alive.wait(0.3):
                _set_heartbeat('host2', timeutils.utcnow())
        thread = threading.Thread(target=beat)
        thread.start()
        self.addCleanup(thread.join)
        self.addCleanup(alive.set)

        def host1_down():
            states = self._states()
            self.assertTrue(servicegroup.is_up(
                states['host2'].service, self.conf.service_down_time))
            return not servicegroup.is_up(states['host1'].service,
                                          self.conf.service_down_time)
        self._wait_for(host1_down, timeout=6)
        # service_down_time, and no later than a margin after it.
        self.assertLess(time.monotonic() - stopped,
                        self.conf.service_down_time + 1.5)

    def test_the_old_table_is_freed_once_no_request_holds_it(self):
        self.useFixture(fixtures.MockPatchObject(
            host_refresh, 'FREE_PATIENCE', 0.1))
        freed = []
        free = host_table.HostTable.free

        def recorded(table, *args, **kwargs):
            freed.append(len(table))
            return free(table, *args, **kwargs)
        self.useFixture(fixtures.MockPatchObject(
            host_table.HostTable, 'free', recorded))
        held = self.manager.get_all_host_states(None)
        self.manager._refresh()
        # Held by this request: left to its reference count.
        self.assertEqual([], freed)
        self.assertEqual(2, len(held.table))
        del held
        self.manager._refresh()
        self.assertEqual([2], freed)

    def test_the_new_table_is_built_and_primed_in_steps(self):
        self._states()
        self.manager._table.column('host')
        self.useFixture(fixtures.MockPatchObject(
            host_refresh, 'CHUNK_ROWS', 1))
        self.useFixture(fixtures.MockPatchObject(host_table, 'STEP', 1))
        self.useFixture(fixtures.MockPatchObject(host_refresh, 'WORK', 0))
        paused = []
        steps = {'_read_table', '__init__', 'column', '_as_column', 'prime',
                 'free'}

        def pause():    # which step of the read it pauses
            frame = sys._getframe(1)
            while frame.f_code.co_name not in steps:
                frame = frame.f_back
            paused.append(frame.f_code.co_name)
        self.useFixture(fixtures.MockPatchObject(
            self.manager, '_pause', pause))
        self.manager._refresh()
        # Between the 2 rows: of the read, of the index; of the column
        # 'host' the old table had (its values, their types, the array),
        # then after it.
        self.assertEqual(['_read_table'] * 2 + ['__init__', 'column']
                         + ['_as_column'] * 2 + ['prime'], paused[:7])

    def test_a_node_deleted_unseen_by_the_change_reads_disappears(self):
        self._states()
        with session.writer() as s:     # gone, and no updated_at to read
            s.execute(sa.delete(models.ComputeNode).where(
                models.ComputeNode.id == self.node2))
        self.assertIn('host2', self._states())
        self.manager._refresh()
        self.assertEqual(['host1'], list(self._states()))

    def test_concurrent_claims_and_reads_lose_no_change(self):
        for i in range(3, 9):
            fakes.create_compute('host%d' % i)
        self._states()
        stop = threading.Event()

        def refresh():
            while not stop.is_set():
                self.manager._refresh()

        def claim(seed):
            rng = random.Random(seed)
            for _ in range(30):
                hosts = self.manager.get_all_host_states(None)
                position = rng.randrange(len(hosts))
                node = hosts.state(position).compute_node_id
                if allocations.claim(node, uuidutils.generate_uuid(),
                                     {'MEMORY_MB': 64}):
                    self.manager.consume(hosts, position,
                                         {'MEMORY_MB': 64})
        refresher = threading.Thread(target=refresh)
        refresher.start()
        claimers = [threading.Thread(target=claim, args=(i,))
                    for i in range(4)]
        for thread in claimers:
            thread.start()
        for thread in claimers:
            thread.join()
        stop.set()
        refresher.join()
        with session.reader() as s:
            used = dict(s.execute(sa.select(
                models.ComputeNode.host,
                models.ComputeNode.memory_mb_used)).all())
        self.assertEqual(4 * 30 * 64, sum(used.values()))
        self.assertEqual(used, {host: state.memory_mb_used
                                for host, state in self._states().items()})


class TestRefreshLoop(testtools.TestCase):
    def test_frozen_when_built_holds_off_full_collections(self):
        before = gc.get_threshold()
        with host_refresh.frozen_when_built():
            with host_refresh.frozen_when_built():
                self.assertEqual(2 ** 30, gc.get_threshold()[2])
            self.assertEqual(2 ** 30, gc.get_threshold()[2])
            built = [[] for _ in range(10)]
        self.assertEqual(before, gc.get_threshold())
        # Frozen: in no generation a collection walks.
        self.assertTrue(gc.is_tracked(built))
        self.assertFalse(any(o is built for o in gc.get_objects()))
        self.assertGreater(gc.get_freeze_count(), 0)

    def test_a_failed_read_is_tried_again_and_the_loop_stops(self):
        self.useFixture(fixtures.MockPatchObject(host_refresh, 'RETRY', 0.01))
        stopped = threading.Event()
        calls = []

        class Manager:
            conf = minova_fixtures.ConfFixture()
            _loaded_at = None

            def _refresh(self):
                calls.append(1)
                if len(calls) == 3:
                    stopped.set()
                raise RuntimeError('database away')
        manager = Manager()
        manager.conf.setUp()
        self.addCleanup(manager.conf.cleanUp)
        manager.conf = manager.conf.conf
        host_refresh.refresh_loop(lambda: manager, stopped)
        self.assertEqual(3, len(calls))

    def test_the_loop_ends_with_its_manager(self):
        host_refresh.refresh_loop(lambda: None, threading.Event())

    def test_paced_pauses_after_work_not_after_sleep(self):
        paused = []
        maybe = host_refresh.paced(lambda: paused.append(1), work=0.02)
        time.sleep(0.05)    # waiting for the GIL, a query, a lock...
        maybe()
        self.assertEqual([], paused)
        begun = time.thread_time()
        while time.thread_time() - begun < 0.03:
            pass
        maybe()
        maybe()
        self.assertEqual([1], paused)

    def test_a_pause_waits_for_the_decisions_up_to_max_yield(self):
        self.useFixture(fixtures.MockPatchObject(host_refresh, 'MAX_YIELD',
                                                 0.05))
        begun = time.monotonic()
        host_refresh.pause(lambda: True)
        self.assertGreaterEqual(time.monotonic() - begun, 0.05)
        asked = []
        host_refresh.pause(lambda: asked.append(1))
        self.assertEqual([1], asked)


class TestServing(testtools.TestCase):
    def test_serving_counts_the_decisions_in_progress(self):
        conf = self.useFixture(minova_fixtures.ConfFixture()).conf
        manager = host_manager.HostManager(conf)
        with manager.serving():
            with manager.serving():
                self.assertEqual(2, manager._deciding)
            self.assertRaises(RuntimeError, self._fail_in, manager)
            self.assertEqual(1, manager._deciding)
        self.assertEqual(0, manager._deciding)

    def _fail_in(self, manager):
        with manager.serving():
            raise RuntimeError()
