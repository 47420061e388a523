"""setup.cfg is true to the code: every library minova imports is declared
(in install_requires, or in the extra that names the optional part), and
every declared one is imported."""

import ast
import importlib.metadata
import os
import re
import sys

from setuptools.config import setupcfg
import testtools

import minova

MINOVA_DIR = os.path.dirname(os.path.abspath(minova.__file__))
SETUP_CFG = os.path.join(os.path.dirname(MINOVA_DIR), 'setup.cfg')
# Declared, and loaded by another library rather than imported by minova.
USED_INDIRECTLY = {
    'psycopg2-binary': "SQLAlchemy's driver for postgresql+psycopg2:// URLs",
}


def _name(requirement):
    """``oslo.messaging>=18,<19`` -> ``oslo-messaging``."""
    name = re.match(r'[A-Za-z0-9._-]+', requirement).group(0)
    return re.sub(r'[-_.]+', '-', name).lower()


def _imported_modules():
    """Top-level modules imported by minova's code (tests aside)."""
    modules = set()
    for root, dirs, files in os.walk(MINOVA_DIR):
        dirs[:] = [d for d in dirs if d not in ('tests', '__pycache__')]
        for name in files:
            if not name.endswith('.py'):
                continue
            with open(os.path.join(root, name)) as f:
                tree = ast.parse(f.read())
            for node in ast.walk(tree):
                if isinstance(node, ast.Import):
                    modules.update(a.name.split('.')[0] for a in node.names)
                elif isinstance(node, ast.ImportFrom) and not node.level:
                    modules.add(node.module.split('.')[0])
    return {m for m in modules
            if m != 'minova' and m not in sys.stdlib_module_names}


class TestRequirements(testtools.TestCase):

    def setUp(self):
        super().setUp()
        options = setupcfg.read_configuration(SETUP_CFG)['options']
        self.declared = {_name(r) for r in options['install_requires']}
        for extra in options.get('extras_require', {}).values():
            self.declared |= {_name(r) for r in extra}
        distributions = importlib.metadata.packages_distributions()
        self.needed = {}
        for module in _imported_modules():
            for dist in distributions.get(module, [module]):
                self.needed.setdefault(_name(dist), set()).add(module)
        # paste is PasteDeploy's namespace, shared with Paste.
        self.needed.pop('paste', None)

    def test_every_imported_library_is_declared(self):
        missing = {dist: sorted(modules)
                   for dist, modules in self.needed.items()
                   if dist not in self.declared}
        self.assertEqual({}, missing, 'imported by minova but not in '
                         'setup.cfg (distribution: modules)')

    def test_every_declared_library_is_imported(self):
        self.assertEqual(set(), self.declared - set(self.needed) -
                         set(USED_INDIRECTLY),
                         'in setup.cfg but imported nowhere in minova')
