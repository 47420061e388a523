"""HostTable and Hosts: host states as columns."""

import fixtures
import numpy as np
import testtools

from minova.scheduler import host_table
from minova.tests.unit.scheduler import fakes


class TestHostTable(testtools.TestCase):
    def setUp(self):
        super().setUp()
        self.states = [fakes.host_state(name, compute_node_id=i,
                                        running_vms=i)
                       for i, name in enumerate(('a', 'b', 'c'), 1)]
        self.table = host_table.HostTable(self.states)

    def test_columns_have_number_types_or_objects(self):
        self.assertEqual(np.int64, self.table.column('num_instances').dtype)
        self.assertEqual(np.float64, self.table.column('usable_vcpus').dtype)
        self.assertEqual(bool, self.table.column('service_enabled').dtype)
        self.assertEqual(object, self.table.column('host').dtype)
        self.assertEqual(['a', 'b', 'c'], list(self.table.column('host')))

    def test_row_changed_updates_built_columns(self):
        column = self.table.column('num_instances')
        self.states[1].num_instances = 7
        self.table.row_changed(1)
        self.assertEqual([1, 7, 3], list(self.table.column('num_instances')))
        self.assertIs(column, self.table.column('num_instances'))

    def test_a_value_the_column_cannot_hold_rebuilds_it(self):
        self.table.column('num_instances')
        self.states[0].num_instances = 2.5
        self.table.row_changed(0)
        self.assertEqual([2.5, 2, 3], list(self.table.column('num_instances')))

    def test_with_changes_is_a_new_table(self):
        new = fakes.host_state('d', compute_node_id=9)
        changed = self.table.with_changes(added=[new], removed=[0])
        self.assertEqual(['b', 'c', 'd'], list(changed.column('host')))
        self.assertEqual(2, changed.row_of_node(9))
        self.assertEqual(['a', 'b', 'c'], list(self.table.column('host')))

    def test_hosts_subset_and_order(self):
        hosts = self.table.all()
        some = hosts.subset(np.array([True, False, True]))
        self.assertEqual(['a', 'c'], [s.host for s in some])
        self.assertEqual(['c', 'a'], list(some.subset([1, 0]).column('host')))
        self.assertIs(self.states[2], some.state(1))

    def test_rows_of_host(self):
        self.assertEqual([1], self.table.rows_of_host('b'))
        self.assertEqual([], self.table.rows_of_host('x'))

    def test_distinct_values_and_codes(self):
        self.states[2].hypervisor_type = 'qemu'
        values, codes = self.table.distinct('hypervisor_type')
        self.assertEqual([None, 'qemu'], values)
        self.assertEqual([0, 0, 1], list(codes))
        # A change of a row keeps them in step, a new value included.
        self.states[0].hypervisor_type = 'kvm'
        self.table.row_changed(0)
        values, codes = self.table.distinct('hypervisor_type')
        self.assertEqual(['kvm', None, 'qemu'],
                         [values[code] for code in codes])

    def test_judge_distinct_asks_once_per_value(self):
        asked = []

        def judge(value):
            asked.append(value)
            return value == 'qemu'

        for state, kind in zip(self.states, ('qemu', 'xen', 'qemu')):
            state.hypervisor_type = kind
        hosts = host_table.HostTable(self.states).all()
        self.assertEqual([True, False, True],
                         list(hosts.judge_distinct('hypervisor_type', judge)))
        self.assertEqual(['qemu', 'xen'], sorted(asked))

    def test_attributes_changed_rebuilds_their_columns(self):
        self.table.column('availability_zone')
        self.table.distinct('availability_zone')
        kept = self.table.column('num_instances')
        for state in self.states:
            state.availability_zone = 'az9'
        self.table.attributes_changed(['availability_zone'])
        self.assertEqual(['az9'] * 3,
                         list(self.table.column('availability_zone')))
        self.assertEqual(['az9'], self.table.distinct('availability_zone')[0])
        self.assertIs(kept, self.table.column('num_instances'))

    def test_prime_builds_the_columns_the_other_table_built(self):
        self.table.column('num_instances')
        self.table.distinct('host')
        new = host_table.HostTable(self.states)
        paused = []
        new.prime(self.table, pause=lambda: paused.append(1))
        self.assertEqual({'num_instances'}, set(new._columns))
        self.assertEqual({'host'}, set(new._distinct))
        self.assertEqual(2, len(paused))

    def test_free_drops_everything_in_steps(self):
        self.table.column('host')
        paused = []
        self.table.free(lambda: paused.append(1), step=2)
        self.assertEqual(0, len(self.table))
        self.assertEqual({}, self.table._columns)
        self.assertEqual({}, self.table._rows_of_host)
        self.assertEqual(4, len(paused))    # 3 hosts, then 3 states

    def test_a_build_with_pause_yields_between_steps(self):
        # A single C call over 100,000 rows would hold the GIL for tens of
        # ms: with a pause, every part of a build goes STEP rows at a time.
        self.useFixture(fixtures.MockPatchObject(host_table, 'STEP', 1))
        self.states[2].hypervisor_type = 'qemu'
        paused = []
        table = host_table.HostTable(self.states,
                                     pause=lambda: paused.append(1))
        self.assertEqual(2, len(paused))    # between the 3 rows
        self.assertEqual(2, table.row_of_node(3))
        self.assertEqual([1], table.rows_of_host('b'))
        for name in ('num_instances', 'usable_vcpus', 'service_enabled',
                     'host', 'service'):
            del paused[:]
            column = table.column(name, pause=lambda: paused.append(1))
            expected = self.table.column(name)
            self.assertEqual(expected.dtype, column.dtype)
            self.assertEqual(list(expected), list(column))
            # The values, their types, the array: 2 pauses each.
            self.assertEqual(6, len(paused), name)
        del paused[:]
        values, codes = table.distinct('hypervisor_type',
                                       pause=lambda: paused.append(1))
        self.assertEqual([None, 'qemu'], values)
        self.assertEqual([0, 0, 1], list(codes))
        self.assertEqual(np.int64, codes.dtype)
        self.assertEqual(2, len(paused))

    def test_prime_builds_in_steps(self):
        self.useFixture(fixtures.MockPatchObject(host_table, 'STEP', 1))
        self.table.column('num_instances')
        new = host_table.HostTable(self.states)
        paused = []
        new.prime(self.table, pause=lambda: paused.append(1))
        # 6 within the column, 1 after it.
        self.assertEqual(7, len(paused))

    def test_an_empty_table_builds_with_pause(self):
        table = host_table.HostTable([], pause=self.fail)
        self.assertEqual(0, len(table.column('host', pause=self.fail)))
        self.assertEqual(([], []), tuple(
            map(list, table.distinct('host', pause=self.fail))))
