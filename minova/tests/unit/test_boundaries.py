"""The boundaries DESIGN.md promises, tested rather than hoped for.

1. Compute reaches the database only through the conductor: no module under
   ``minova/compute/`` (but ``compute/api/``, the API-side face) or
   ``minova/virt/`` imports ``minova.db``, in any spelling.
2. Every plugin registered in a namespace minova loads from
   (:data:`minova.plugins.NAMESPACES`) loads with stevedore and subclasses the
   base class a third party is told to subclass.
"""

import ast
import importlib
import os

from stevedore import extension
import testtools

import minova
from minova import plugins
from minova.tests.unit import test_plugins

MINOVA_DIR = os.path.dirname(os.path.abspath(minova.__file__))

# Trees whose code runs on a compute host, and the package among them
# allowed to use the database (it runs in the API service, not on the
# compute).
NO_DB_TREES = ('compute', 'virt')
NO_DB_ALLOWED = os.path.join('compute', 'api') + os.sep

# namespace -> (module, class) of the base every plugin there must subclass.
BASES = {
    'minova.scheduler.driver': ('minova.scheduler.driver', 'Scheduler'),
    'minova.scheduler.filters': ('minova.scheduler.filters',
                                 'BaseHostFilter'),
    'minova.scheduler.weighers': ('minova.scheduler.weights',
                                  'BaseHostWeigher'),
    'minova.virt.drivers': ('minova.virt.driver', 'ComputeDriver'),
    'minova.virt.libvirt.volume_drivers': ('minova.virt.libvirt.volume.volume',
                                           'LibvirtBaseVolumeDriver'),
    'minova.volume.api': ('minova.volume.api', 'VolumeAPI'),
    'minova.image.api': ('minova.image.api', 'ImageAPI'),
    'minova.network.api': ('minova.network.api', 'NetworkAPI'),
}


def _module_name(path):
    """``minova/compute/manager.py`` -> ``minova.compute.manager``."""
    rel = os.path.relpath(path, os.path.dirname(MINOVA_DIR))
    parts = rel[:-len('.py')].split(os.sep)
    if parts[-1] == '__init__':
        parts.pop()
    return '.'.join(parts)


def _absolute(module, level, package):
    """Resolve ``from <level dots><module> import ...`` inside ``package``."""
    if not level:
        return module or ''
    base = package.split('.')
    base = base[:len(base) - (level - 1)]
    return '.'.join(base + ([module] if module else []))


def _is_db(name):
    return name == 'minova.db' or name.startswith('minova.db.')


def db_imports(source, module_name, is_package=False):
    """Line numbers and spellings of every import of ``minova.db`` in
    ``source`` (the code of module ``module_name``)."""
    package = module_name if is_package else module_name.rpartition('.')[0]
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found += [(node.lineno, 'import ' + a.name) for a in node.names
                      if _is_db(a.name)]
        elif isinstance(node, ast.ImportFrom):
            base = _absolute(node.module, node.level, package)
            if _is_db(base):
                found.append((node.lineno, 'from %s import ...' % base))
            else:
                found += [(node.lineno, 'from %s import %s' % (base, a.name))
                          for a in node.names
                          if _is_db('%s.%s' % (base, a.name))]
        elif (isinstance(node, ast.Call) and node.args and
              isinstance(node.args[0], ast.Constant) and
              isinstance(node.args[0].value, str) and
              _is_db(node.args[0].value) and
              getattr(node.func, 'attr', getattr(node.func, 'id', None)) in
              ('import_module', '__import__')):
            found.append((node.lineno, 'import_module(%r)' %
                          node.args[0].value))
    return sorted(found)


class TestDbImportScanner(testtools.TestCase):
    """The scanner itself sees every spelling (else test 1 proves nothing)."""

    def _scan(self, source, module='minova.compute.manager'):
        return [spelling for _, spelling in db_imports(source, module)]

    def test_every_spelling_is_found(self):
        for source in ('import minova.db',
                       'import minova.db.session as s',
                       'from minova.db import session',
                       'from minova.db.services import get',
                       'from minova import db',
                       'from minova import context, db as database',
                       'from .. import db',
                       'from ..db import session',
                       'import importlib\n'
                       'importlib.import_module("minova.db.session")'):
            self.assertNotEqual([], self._scan(source), source)

    def test_relative_import_inside_a_package(self):
        self.assertEqual(['from minova.db import ...'],
                         self._scan('from ...db import x',
                                    'minova.virt.libvirt.driver'))

    def test_lookalikes_are_not_found(self):
        for source in ('import minova.dbx',
                       'from minova import objects',
                       'from minova.objects import service',
                       'from . import db_helpers',
                       'from minova.compute import db'):
            self.assertEqual([], self._scan(source), source)


class TestComputeNeverImportsTheDatabase(testtools.TestCase):

    def _files(self):
        for tree in NO_DB_TREES:
            for root, dirs, files in os.walk(os.path.join(MINOVA_DIR, tree)):
                dirs[:] = [d for d in dirs if d != '__pycache__']
                for name in sorted(files):
                    path = os.path.join(root, name)
                    if (name.endswith('.py') and
                            not os.path.relpath(path, MINOVA_DIR)
                            .startswith(NO_DB_ALLOWED)):
                        yield path

    def test_no_compute_or_virt_module_imports_minova_db(self):
        files = list(self._files())
        self.assertNotEqual([], files, 'no files found under %s' % MINOVA_DIR)
        offences = []
        for path in files:
            with open(path, encoding='utf-8') as f:
                source = f.read()
            for lineno, spelling in db_imports(
                    source, _module_name(path),
                    os.path.basename(path) == '__init__.py'):
                offences.append('%s:%d: %s' % (
                    os.path.relpath(path, os.path.dirname(MINOVA_DIR)),
                    lineno, spelling))
        self.assertEqual(
            [], offences,
            'compute reaches the database only through the conductor '
            '(minova/conductor/api.py); these imports break that rule:\n  ' +
            '\n  '.join(offences))


class TestPluginConformance(testtools.TestCase):
    """One test per namespace: each entry point loads and subclasses its
    base class."""

    def test_every_namespace_has_a_base(self):
        self.assertEqual(
            [], sorted(set(plugins.NAMESPACES) - set(BASES)),
            'namespaces in minova.plugins.NAMESPACES without a base class in '
            'minova/tests/unit/test_boundaries.py BASES')

    def _check_namespace(self, namespace):
        module_name, class_name = BASES[namespace]
        try:
            module = importlib.import_module(module_name)
        except ModuleNotFoundError as e:
            if not _is_within(e.name, module_name):
                raise
            self.skipTest('%s: its base module %s does not exist yet, so '
                          'its plugins (%s) are not checked' % (
                              namespace, module_name,
                              ', '.join(plugins.installed(namespace))
                              or 'none installed'))
        base = getattr(module, class_name, None)
        self.assertIsNotNone(
            base, '%s: base class %s.%s not found; if it was renamed, update '
                  'BASES in %s' % (namespace, module_name, class_name,
                                   os.path.basename(__file__)))

        failures = []

        def on_load_failure(manager, entrypoint, error):
            failures.append('%s = %s: %s: %s' % (
                entrypoint.name, entrypoint.value, type(error).__name__,
                error))

        mgr = extension.ExtensionManager(
            namespace, invoke_on_load=False,
            on_load_failure_callback=on_load_failure)
        for ext in mgr:
            if not (isinstance(ext.plugin, type) and
                    issubclass(ext.plugin, base)):
                failures.append('%s = %s: %r is not a subclass of %s.%s' % (
                    ext.name, ext.entry_point.value, ext.plugin, module_name,
                    class_name))
        self.assertEqual([], failures, 'plugins in %s that do not conform:\n'
                         '  %s' % (namespace, '\n  '.join(failures)))


class TestConformanceCheck(testtools.TestCase):
    """The conformance check itself fails on a bad plugin."""

    def _check(self, namespace, entry_points):
        self.useFixture(test_plugins.PluginPackageFixture(
            {namespace: entry_points}))
        checker = TestPluginConformance('test_every_namespace_has_a_base')
        return str(self.assertRaises(AssertionError, checker._check_namespace,
                                     namespace))

    def test_a_class_that_is_not_a_subclass_fails(self):
        message = self._check('minova.scheduler.weighers', {
            'NotAWeigher': test_plugins.__name__ + ':FirstWeigher'})
        self.assertIn('NotAWeigher', message)
        self.assertIn('not a subclass of minova.scheduler.weights.'
                      'BaseHostWeigher', message)

    def test_a_plugin_that_does_not_import_fails(self):
        message = self._check('minova.scheduler.filters', {
            'GoneFilter': 'minova.scheduler.filters.gone:GoneFilter'})
        self.assertIn('GoneFilter', message)
        self.assertIn('ModuleNotFoundError', message)


def _is_within(missing, module_name):
    """True when the missing module is ``module_name`` or a parent of it."""
    return module_name == missing or module_name.startswith(missing + '.')


def _make_namespace_test(namespace):
    def test(self):
        self._check_namespace(namespace)
    test.__name__ = 'test_%s' % namespace.replace('.', '_')
    test.__doc__ = 'Every entry point in %s conforms.' % namespace
    return test


for _namespace in sorted(BASES):
    _test = _make_namespace_test(_namespace)
    setattr(TestPluginConformance, _test.__name__, _test)
