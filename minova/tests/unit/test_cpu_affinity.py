"""[all_in_one] cpu_affinity: which CPU minova-all pins itself to."""

import os
import subprocess
import sys
import unittest

import testtools

from minova import cpu_affinity
from minova import exception


class TestChoose(testtools.TestCase):
    def test_auto_is_the_cpu_the_process_runs_on(self):
        self.assertEqual(3, cpu_affinity.choose('auto', {0, 1, 2, 3}, 3))

    def test_auto_falls_back_to_the_lowest_allowed_cpu(self):
        self.assertEqual(2, cpu_affinity.choose('auto', {2, 5}, 0))
        self.assertEqual(2, cpu_affinity.choose('auto', {2, 5}, None))

    def test_auto_where_nothing_can_be_pinned_leaves_it_to_the_os(self):
        self.assertIsNone(cpu_affinity.choose('auto', None, None))

    def test_none_leaves_it_to_the_os(self):
        self.assertIsNone(cpu_affinity.choose('None', {0, 1}, 1))

    def test_a_number_is_that_cpu(self):
        self.assertEqual(0, cpu_affinity.choose(' 0 ', {0, 1}, 1))

    def test_a_cpu_the_process_may_not_use_is_refused_by_name(self):
        e = self.assertRaises(exception.ConfigError, cpu_affinity.choose,
                              '7', {0, 1}, 0)
        self.assertIn('[all_in_one] cpu_affinity', str(e))
        self.assertIn('CPU 7 is not one this process may run on (0, 1)',
                      str(e))

    def test_a_word_is_refused_naming_the_choices(self):
        e = self.assertRaises(exception.ConfigError, cpu_affinity.choose,
                              'fast', {0, 1}, 0)
        self.assertIn("'fast'", str(e))
        self.assertIn("not 'auto', 'none' or a CPU number", str(e))

    def test_a_number_where_nothing_can_be_pinned_is_refused(self):
        e = self.assertRaises(exception.ConfigError, cpu_affinity.choose,
                              '0', None, None)
        self.assertIn('cannot pin', str(e))


@unittest.skipUnless(hasattr(os, 'sched_setaffinity'), 'Linux only')
class TestPin(testtools.TestCase):
    def _in_child(self, code):
        # Pinning is for the whole process: never the test runner's.
        out = subprocess.run([sys.executable, '-c', code], check=True,
                             capture_output=True, text=True).stdout
        return out.split()

    def test_every_thread_old_and_new_runs_on_the_chosen_cpu(self):
        allowed = sorted(os.sched_getaffinity(0))
        cpu = allowed[-1]
        got = self._in_child(
            'import os, threading\n'
            'from minova import cpu_affinity\n'
            'seen = []\n'
            'started = threading.Event()\n'
            'def early():\n'
            '    started.set()\n'
            '    go.wait()\n'
            '    seen.append(os.sched_getaffinity(0))\n'
            'go = threading.Event()\n'
            't = threading.Thread(target=early)\n'
            't.start(); started.wait()\n'
            'print(cpu_affinity.pin("%d"))\n'
            'go.set(); t.join()\n'
            'late = threading.Thread(\n'
            '    target=lambda: seen.append(os.sched_getaffinity(0)))\n'
            'late.start(); late.join()\n'
            'print(sorted(os.sched_getaffinity(0)) == [%d],\n'
            '      all(s == {%d} for s in seen), len(seen))\n'
            % (cpu, cpu, cpu))
        self.assertEqual([str(cpu), 'True', 'True', '2'], got)

    def test_none_pins_nothing(self):
        got = self._in_child(
            'import os\n'
            'from minova import cpu_affinity\n'
            'print(cpu_affinity.pin("none"), len(os.sched_getaffinity(0)))\n')
        self.assertEqual(['None', str(len(os.sched_getaffinity(0)))], got)
