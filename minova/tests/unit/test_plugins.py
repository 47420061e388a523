"""minova.plugins: loading by entry-point name, and failing in one line."""

import os
import sys

import fixtures
import testtools

from minova import exception
from minova import plugins


class FirstWeigher:
    """Plugins the tests register; they only need to be importable."""


class SecondWeigher:
    pass


class ThirdWeigher:
    pass


class PluginPackageFixture(fixtures.Fixture):
    """Installs a throw-away distribution that declares ``entry_points``
    (``{namespace: {name: 'module:attribute'}}``), as ``pip install`` of a
    third-party plugin package would, by putting its dist-info on sys.path.
    """

    def __init__(self, entry_points):
        super().__init__()
        self.entry_points = entry_points

    def _setUp(self):
        root = self.useFixture(fixtures.TempDir()).path
        info = os.path.join(root, 'minova_test_plugins-1.0.dist-info')
        os.mkdir(info)
        with open(os.path.join(info, 'METADATA'), 'w') as f:
            f.write('Metadata-Version: 2.1\nName: minova-test-plugins\n'
                    'Version: 1.0\n')
        with open(os.path.join(info, 'entry_points.txt'), 'w') as f:
            for namespace, entries in self.entry_points.items():
                f.write('[%s]\n' % namespace)
                for name, target in entries.items():
                    f.write('%s = %s\n' % (name, target))
        # stevedore caches entry points by sys.path (and the mtimes of its
        # entries), so a new entry means a fresh scan; but its managers also
        # keep what they found per namespace for the life of the process.
        self.useFixture(fixtures.MonkeyPatch('sys.path', [root] + sys.path))
        self.useFixture(fixtures.MonkeyPatch(
            'stevedore.extension.ExtensionManager.ENTRY_POINT_CACHE', {}))


NAMESPACE = 'minova.scheduler.weighers'
HERE = __name__


class TestLoadClass(testtools.TestCase):

    def setUp(self):
        super().setUp()
        self.useFixture(PluginPackageFixture({NAMESPACE: {
            'FirstWeigher': HERE + ':FirstWeigher',
            'BrokenWeigher': 'minova.tests.unit.no_such_module:Weigher',
        }}))

    def test_loads_the_named_class(self):
        self.assertIs(FirstWeigher,
                      plugins.load_class(NAMESPACE, 'FirstWeigher'))

    def test_unknown_name_names_option_value_namespace_and_installed(self):
        error = self.assertRaises(exception.PluginLoadError,
                                  plugins.load_class, NAMESPACE,
                                  'NoSuchWeigher')
        message = str(error)
        self.assertIn('[filter_scheduler] weight_classes', message)
        self.assertIn('NoSuchWeigher', message)
        self.assertIn(NAMESPACE, message)
        self.assertIn('FirstWeigher', message)
        for name in plugins.installed(NAMESPACE):
            self.assertIn(name, message)
        self.assertEqual(1, len(message.splitlines()), message)

    def test_unknown_name_is_a_config_error(self):
        # The console scripts turn ConfigError into one line and exit 1.
        self.assertRaises(exception.ConfigError, plugins.load_class,
                          NAMESPACE, 'NoSuchWeigher')

    def test_plugin_that_fails_to_import_names_it_in_one_line(self):
        error = self.assertRaises(exception.PluginLoadError,
                                  plugins.load_class, NAMESPACE,
                                  'BrokenWeigher')
        message = str(error)
        self.assertIn('BrokenWeigher', message)
        self.assertIn('failed to load', message)
        self.assertIn('no_such_module', message)
        self.assertIn(NAMESPACE, message)
        self.assertEqual(1, len(message.splitlines()), message)


class TestLoadClasses(testtools.TestCase):

    def setUp(self):
        super().setUp()
        self.useFixture(PluginPackageFixture({NAMESPACE: {
            'FirstWeigher': HERE + ':FirstWeigher',
            'SecondWeigher': HERE + ':SecondWeigher',
            'ThirdWeigher': HERE + ':ThirdWeigher',
        }}))

    def test_keeps_the_order_given(self):
        for names, classes in (
                (['ThirdWeigher', 'FirstWeigher', 'SecondWeigher'],
                 [ThirdWeigher, FirstWeigher, SecondWeigher]),
                (['SecondWeigher', 'ThirdWeigher', 'FirstWeigher'],
                 [SecondWeigher, ThirdWeigher, FirstWeigher])):
            self.assertEqual(classes, plugins.load_classes(NAMESPACE, names))

    def test_empty_list(self):
        self.assertEqual([], plugins.load_classes(NAMESPACE, []))

    def test_one_unknown_name_among_known_ones(self):
        error = self.assertRaises(exception.PluginLoadError,
                                  plugins.load_classes, NAMESPACE,
                                  ['FirstWeigher', 'NoSuchWeigher'])
        message = str(error)
        self.assertIn('[filter_scheduler] weight_classes', message)
        self.assertIn("'NoSuchWeigher'", message)
        self.assertIn('SecondWeigher', message)   # what is installed


class TestNamespaces(testtools.TestCase):

    def test_every_namespace_names_its_option(self):
        for namespace, (group, option) in plugins.NAMESPACES.items():
            if option is None:
                continue   # chosen per volume type, not by an option
            self.assertTrue(namespace.startswith('minova.'), namespace)
            self.assertIsNotNone(group, namespace)

    def test_configured_reads_the_option(self):
        from minova.tests import fixtures as minova_fixtures
        conf = self.useFixture(minova_fixtures.ConfFixture(**{
            'filter_scheduler.weight_classes': ['FirstWeigher'],
            'compute_driver': 'fake.FakeDriver'})).conf
        self.assertEqual(['FirstWeigher'],
                         plugins.configured(conf, NAMESPACE))
        self.assertEqual(['fake.FakeDriver'],
                         plugins.configured(conf, 'minova.virt.drivers'))
