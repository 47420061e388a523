"""The sample plugin's own tests: its classes, built as the scheduler builds
them, judging host states as the scheduler hands them.

Run them where minova and the plugin are installed::

    python -m unittest discover -s tests
"""

import os
import tempfile
import unittest

from oslo_config import cfg

from minova.objects import flavor
from minova.objects import image_meta
from minova.objects import request_spec
from minova.scheduler import host_manager

from minova_sample_plugin import filters
from minova_sample_plugin import weights


def make_conf(text):
    """A ConfigOpts read from a config file holding ``text``, as a minova
    service reads its own."""
    handle, path = tempfile.mkstemp(suffix='.conf')
    with os.fdopen(handle, 'w') as f:
        f.write(text)
    conf = cfg.ConfigOpts()
    conf(['--config-file', path], project='minova', default_config_files=[])
    os.unlink(path)
    return conf


def host(name):
    return host_manager.HostState(name, name, vcpus=8, memory_mb=16384,
                                  local_gb=100)


def spec():
    return request_spec.RequestSpec(
        flavor=flavor.Flavor(flavorid='1', name='m1.tiny', memory_mb=512,
                             vcpus=1, root_gb=1),
        image=image_meta.ImageMeta(properties={}), num_instances=1)


class TestHostNamePatternFilter(unittest.TestCase):

    def passing(self, config, names):
        host_filter = filters.HostNamePatternFilter(make_conf(config))
        return [name for name in names
                if host_filter.host_passes(host(name), spec())]

    def test_no_options_pass_every_host(self):
        self.assertEqual(['a1', 'b1'], self.passing('', ['a1', 'b1']))

    def test_pattern_must_match_the_whole_name(self):
        self.assertEqual(['rack1-a'], self.passing(
            '[minova_sample_plugin]\nhost_pattern = rack1-.*\n',
            ['rack1-a', 'rack2-a', 'old-rack1-a']))

    def test_excluded_hosts_never_pass(self):
        self.assertEqual(['rack1-b'], self.passing(
            '[minova_sample_plugin]\nhost_pattern = rack1-.*\n'
            'excluded_hosts = rack1-a,rack2-b\n', ['rack1-a', 'rack1-b']))

    def test_a_bad_pattern_stops_the_start(self):
        conf = make_conf('[minova_sample_plugin]\nhost_pattern = rack(\n')
        with self.assertRaises(ValueError) as caught:
            filters.HostNamePatternFilter(conf)
        self.assertIn("host_pattern 'rack(' is not a regular expression",
                      str(caught.exception))

    def test_rejection_reason_names_the_rules(self):
        host_filter = filters.HostNamePatternFilter(make_conf(
            '[minova_sample_plugin]\nhost_pattern = r.*\n'
            'excluded_hosts = r2,r1\n'))
        self.assertEqual("host names must match 'r.*' and not be one of "
                         "r1, r2",
                         host_filter.rejection_reason([host('x')], spec()))


class TestPreferredHostWeigher(unittest.TestCase):

    def test_weights_and_multiplier_come_from_the_config(self):
        weigher = weights.PreferredHostWeigher(make_conf(
            '[minova_sample_plugin]\nhost_preferences = a:10,b:2.5\n'
            'default_preference = -1\n'
            'preferred_host_weight_multiplier = 3\n'))
        self.assertEqual([10.0, 2.5, -1.0], [
            weigher._weigh_object(host(name), spec())
            for name in ('a', 'b', 'c')])
        self.assertEqual(3.0, weigher.weight_multiplier(host('a')))

    def test_defaults_weigh_every_host_the_same(self):
        weigher = weights.PreferredHostWeigher(make_conf(''))
        self.assertEqual({0.0}, {weigher._weigh_object(host(name), spec())
                                 for name in ('a', 'b')})
        self.assertEqual(1.0, weigher.weight_multiplier(host('a')))


if __name__ == '__main__':
    unittest.main()
