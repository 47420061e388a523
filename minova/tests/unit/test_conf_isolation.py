"""Regression: an override on one service's conf must not leak into
another's (two computes share a process in minova-all and in tests)."""

import testtools

from minova import config


class TestConfIsolation(testtools.TestCase):
    def test_group_override_stays_in_its_conf(self):
        a, b = config.new_conf(), config.new_conf()
        a([]), b([])
        a.set_override('fail_spawn_on_hosts', ['h1'], group='fake_driver')
        a.set_override('connection_uri', 'qemu:///system', group='libvirt')
        self.assertEqual(['h1'], a.fake_driver.fail_spawn_on_hosts)
        self.assertEqual([], b.fake_driver.fail_spawn_on_hosts)
        self.assertEqual('test:///default', b.libvirt.connection_uri)
