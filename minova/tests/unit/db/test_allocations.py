"""Claims: room under the allocation ratios, atomically, also when many
claim at once. Runs on SQLite; set MINOVA_TEST_DB_URL to run it on
PostgreSQL."""

import threading

import sqlalchemy as sa
import testtools

from minova.db import allocations
from minova.db import models
from minova.db import session
from minova import exception
from minova.tests import fixtures as minova_fixtures
from minova.tests.unit.scheduler import fakes


def _node(node_id):
    with session.reader() as s:
        row = s.get(models.ComputeNode, node_id)
        return (row.vcpus_used, row.memory_mb_used, row.local_gb_used,
                row.generation)


def _allocation_rows():
    with session.reader() as s:
        return s.execute(sa.select(sa.func.count()).select_from(
            models.Allocation)).scalar()


def _res(vcpu=0, ram=0, disk=0):
    return {'VCPU': vcpu, 'MEMORY_MB': ram, 'DISK_GB': disk}


class TestClaim(testtools.TestCase):
    def setUp(self):
        super().setUp()
        conf = self.useFixture(minova_fixtures.ConfFixture()).conf
        self.useFixture(minova_fixtures.DatabaseFixture(conf))

    def test_claim_adds_to_used_and_bumps_generation(self):
        node = fakes.create_compute('h1')
        self.assertTrue(allocations.claim(node, 'c1', _res(2, 1024, 10)))
        self.assertEqual((2, 1024, 10, 1), _node(node))
        self.assertEqual({node: {'VCPU': 2, 'MEMORY_MB': 1024,
                                 'DISK_GB': 10}},
                         allocations.get_by_consumer('c1'))

    def test_claim_and_release_stamp_updated_at(self):
        # Schedulers find the nodes changed since they last looked by it.
        node = fakes.create_compute('h1')

        def updated_at():
            with session.reader() as s:
                return s.get(models.ComputeNode, node).updated_at

        self.assertIsNone(updated_at())
        allocations.claim(node, 'c1', _res(1, 512, 1))
        claimed = updated_at()
        self.assertIsNotNone(claimed)
        allocations.release('c1')
        self.assertGreater(updated_at(), claimed)

    def test_claim_statements(self):
        # PostgreSQL: the UPDATE and the allocation rows in one statement.
        node = fakes.create_compute('h1')
        counter = self.useFixture(minova_fixtures.StatementCounter())
        one = session.get_engine().dialect.name == 'postgresql'
        self.assertTrue(allocations.claim(node, 'c1', _res(1, 512, 1)))
        self.assertEqual(1 if one else 2, len(counter.statements))
        self.assertEqual(1, counter.commits)
        counter.reset()
        self.assertFalse(allocations.claim(node, 'c2', _res(1000)))
        self.assertEqual(1, len(counter.statements))
        self.assertEqual((1, 512, 1, 1), _node(node))
        self.assertEqual(3, _allocation_rows())
        with session.reader() as s:
            rows = s.execute(sa.select(
                models.Allocation.consumer_id,
                models.Allocation.resource_class, models.Allocation.used,
                models.Allocation.created_at.isnot(None)).order_by(
                models.Allocation.resource_class)).all()
        self.assertEqual([('c1', 'DISK_GB', 1, True),
                          ('c1', 'MEMORY_MB', 512, True),
                          ('c1', 'VCPU', 1, True)],
                         [tuple(row) for row in rows])

    def test_ram_boundary(self):
        # 4096 * 1.5 - 512 reserved = 5632 MB.
        node = fakes.create_compute('h1', memory_mb=4096,
                                    ram_allocation_ratio=1.5,
                                    reserved_host_memory_mb=512)
        self.assertFalse(allocations.claim(node, 'c0', _res(ram=5633)))
        self.assertTrue(allocations.claim(node, 'c1', _res(ram=5000)))
        self.assertFalse(allocations.claim(node, 'c2', _res(ram=633)))
        self.assertTrue(allocations.claim(node, 'c3', _res(ram=632)))
        self.assertEqual((0, 5632, 0, 2), _node(node))

    def test_vcpu_boundary(self):
        # 3 * 1.5 = 4.5 vCPUs: 4 fit, a fifth does not.
        node = fakes.create_compute('h1', vcpus=3, cpu_allocation_ratio=1.5)
        self.assertTrue(allocations.claim(node, 'c1', _res(vcpu=4)))
        self.assertFalse(allocations.claim(node, 'c2', _res(vcpu=1)))

    def test_disk_boundary(self):
        # 100 GB * 1.0 - 1536 MB reserved = 98.5 GB: 98 fit, 99 do not.
        node = fakes.create_compute('h1', local_gb=100,
                                    reserved_host_disk_mb=1536)
        self.assertFalse(allocations.claim(node, 'c1', _res(disk=99)))
        self.assertTrue(allocations.claim(node, 'c1', _res(disk=98)))

    def test_disk_ratio(self):
        node = fakes.create_compute('h1', local_gb=100,
                                    disk_allocation_ratio=2.0)
        self.assertTrue(allocations.claim(node, 'c1', _res(disk=150)))
        self.assertTrue(allocations.claim(node, 'c2', _res(disk=50)))
        self.assertFalse(allocations.claim(node, 'c3', _res(disk=1)))

    def test_any_class_short_refuses_all(self):
        node = fakes.create_compute('h1', vcpus=1, memory_mb=4096)
        self.assertFalse(allocations.claim(node, 'c1', _res(2, 512, 1)))
        self.assertEqual((0, 0, 0, 0), _node(node))
        self.assertEqual({}, allocations.get_by_consumer('c1'))

    def test_zero_is_not_asked(self):
        node = fakes.create_compute('h1', local_gb=0)
        self.assertTrue(allocations.claim(node, 'c1', _res(1, 512, 0)))
        self.assertEqual({node: {'VCPU': 1, 'MEMORY_MB': 512}},
                         allocations.get_by_consumer('c1'))

    def test_unknown_or_deleted_node(self):
        self.assertFalse(allocations.claim(999, 'c1', _res(1, 1, 1)))
        node = fakes.create_compute('h1')
        with session.writer() as s:
            s.get(models.ComputeNode, node).deleted = node
        self.assertFalse(allocations.claim(node, 'c1', _res(1, 1, 1)))

    def test_same_consumer_twice_on_a_node_conflicts(self):
        node = fakes.create_compute('h1')
        self.assertTrue(allocations.claim(node, 'c1', _res(1, 512, 1)))
        self.assertRaises(exception.Conflict, allocations.claim, node, 'c1',
                          _res(1, 512, 1))
        # Nothing of the second claim stayed.
        self.assertEqual((1, 512, 1, 1), _node(node))

    def test_bad_resources(self):
        node = fakes.create_compute('h1')
        self.assertRaises(exception.Invalid, allocations.claim, node, 'c1',
                          {'GPU': 1})
        self.assertRaises(exception.Invalid, allocations.claim, node, 'c1',
                          {'VCPU': -1})

    def test_resources_from_flavor(self):
        spec = fakes.request_spec_obj(memory_mb=2048, vcpus=2, root_gb=20,
                                      ephemeral_gb=5, swap=1025)
        self.assertEqual({'VCPU': 2, 'MEMORY_MB': 2048, 'DISK_GB': 27},
                         allocations.resources_from_flavor(spec.flavor))


class TestRelease(testtools.TestCase):
    def setUp(self):
        super().setUp()
        conf = self.useFixture(minova_fixtures.ConfFixture()).conf
        self.useFixture(minova_fixtures.DatabaseFixture(conf))

    def test_release_gives_back_and_is_idempotent(self):
        node = fakes.create_compute('h1')
        allocations.claim(node, 'c1', _res(2, 1024, 10))
        allocations.claim(node, 'c2', _res(1, 512, 5))
        self.assertEqual({node: {'VCPU': 2, 'MEMORY_MB': 1024,
                                 'DISK_GB': 10}},
                         allocations.release('c1'))
        self.assertEqual((1, 512, 5, 3), _node(node))
        self.assertEqual({}, allocations.release('c1'))
        self.assertEqual((1, 512, 5, 3), _node(node))
        self.assertEqual({}, allocations.get_by_consumer('c1'))
        self.assertEqual(3, _allocation_rows())  # c2: one per class

    def test_release_on_several_nodes(self):
        n1 = fakes.create_compute('h1')
        n2 = fakes.create_compute('h2')
        allocations.claim(n1, 'c1', _res(1, 512, 1))
        allocations.claim(n2, 'c1', _res(2, 256, 0))
        allocations.release('c1')
        self.assertEqual((0, 0, 0, 2), _node(n1))
        self.assertEqual((0, 0, 0, 2), _node(n2))

    def test_released_room_can_be_claimed(self):
        node = fakes.create_compute('h1', memory_mb=1024)
        self.assertTrue(allocations.claim(node, 'c1', _res(ram=1024)))
        self.assertFalse(allocations.claim(node, 'c2', _res(ram=1024)))
        allocations.release('c1')
        self.assertTrue(allocations.claim(node, 'c2', _res(ram=1024)))


def _run_together(count, target):
    """Run ``target(i)`` in ``count`` threads released at once."""
    barrier = threading.Barrier(count)
    results = [None] * count

    def run(i):
        barrier.wait()
        try:
            results[i] = target(i)
        except Exception as e:
            results[i] = e

    threads = [threading.Thread(target=run, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    return results


class TestConcurrentClaims(testtools.TestCase):
    """Many claimers at once on a node with room for exactly K."""

    THREADS = 24
    K = 5

    def setUp(self):
        super().setUp()
        conf = self.useFixture(minova_fixtures.ConfFixture()).conf
        conf.set_override('max_pool_size', self.THREADS, group='database')
        self.useFixture(minova_fixtures.DatabaseFixture(conf))

    def test_exactly_k_claims_succeed(self):
        # Room for 5 under the ratio: 2048 * 1.5 - 512 = 2560 = 5 * 512.
        node = fakes.create_compute('h1', vcpus=64, memory_mb=2048,
                                    ram_allocation_ratio=1.5,
                                    reserved_host_memory_mb=512)
        results = _run_together(self.THREADS, lambda i: allocations.claim(
            node, 'consumer-%d' % i, _res(1, 512, 1)))
        self.assertEqual([], [r for r in results if not isinstance(r, bool)])
        self.assertEqual(self.K, results.count(True))
        self.assertEqual((self.K, self.K * 512, self.K, self.K), _node(node))
        self.assertEqual(self.K * 3, _allocation_rows())

    def test_concurrent_releases_subtract_once(self):
        node = fakes.create_compute('h1')
        allocations.claim(node, 'c1', _res(2, 1024, 10))
        allocations.claim(node, 'c2', _res(1, 512, 5))
        results = _run_together(8, lambda i: allocations.release('c1'))
        self.assertEqual([], [r for r in results if isinstance(r, Exception)])
        self.assertEqual(1, sum(1 for r in results if r))
        self.assertEqual((1, 512, 5), _node(node)[:3])


class TestMove(testtools.TestCase):
    """A resize hands the source's claim to its migration and back."""

    def setUp(self):
        super().setUp()
        conf = self.useFixture(minova_fixtures.ConfFixture()).conf
        self.useFixture(minova_fixtures.DatabaseFixture(conf))

    def test_move_changes_the_consumer_not_the_usage(self):
        source, dest = fakes.create_compute('h1'), fakes.create_compute('h2')
        allocations.claim(source, 'instance', _res(1, 512, 1))
        self.assertEqual(3, allocations.move('instance', 'migration'))
        self.assertEqual({}, allocations.get_by_consumer('instance'))
        self.assertEqual({source: _res(1, 512, 1)},
                         allocations.get_by_consumer('migration'))
        self.assertEqual(1, _node(source)[0])
        # The instance may now claim a bigger flavor on another node...
        self.assertTrue(allocations.claim(dest, 'instance', _res(2, 1024, 2)))
        # ...and on the same node too.
        self.assertTrue(allocations.claim(source, 'instance',
                                          _res(1, 512, 1)))
        allocations.release('instance')
        self.assertEqual(3, allocations.move('migration', 'instance'))
        self.assertEqual((1, 512, 1), _node(source)[:3])
        self.assertEqual((0, 0, 0), _node(dest)[:3])

    def test_move_of_nothing_moves_nothing(self):
        self.assertEqual(0, allocations.move('nobody', 'somebody'))
