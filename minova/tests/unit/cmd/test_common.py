"""What every console script does at start: build, start, freeze, wait."""

import subprocess
import sys

import fixtures
import testtools

from minova.cmd import common


class _Service:
    binary = 'minova-test'

    def __init__(self, calls):
        self.calls = calls

    def start(self):
        self.calls.append('start')

    def stop(self):
        self.calls.append('stop')


class TestStart(testtools.TestCase):
    def test_freezes_what_start_up_built_once_every_service_started(self):
        calls = []
        self.useFixture(fixtures.MonkeyPatch(
            'minova.cmd.common.tune_garbage_collector',
            lambda: calls.append('freeze')))
        self.useFixture(fixtures.MonkeyPatch(
            'minova.cmd.common.run_until_signalled',
            lambda services, timeout, parent=None: calls.append((
                'run', len(services), timeout))))
        common.start('minova-test', ['--config-file', '/dev/null'],
                     lambda conf, transport: [_Service(calls),
                                              _Service(calls)],
                     defaults={'transport_url': 'inproc://test-common'})
        self.assertEqual(['start', 'start', 'freeze', ('run', 2, 60)], calls)

    def test_freezes_start_up_and_collects_the_young_less_often(self):
        # In a child: the test runner's own objects stay as they are.
        code = ('import gc\n'
                'from minova.cmd import common\n'
                'before = gc.get_freeze_count()\n'
                'common.tune_garbage_collector()\n'
                'print(before, gc.get_freeze_count() > 10000,'
                ' *gc.get_threshold())\n')
        out = subprocess.run([sys.executable, '-c', code], check=True,
                             capture_output=True, text=True).stdout.split()
        self.assertEqual(['0', 'True', '10000', '10', '10'], out)
