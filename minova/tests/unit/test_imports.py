"""Every module of minova imports: with the libraries installed (in tox's
``floors`` environment, each at its setup.cfg floor), no module uses a name
its dependencies do not have."""

import importlib
import pkgutil

import testtools

import minova

# Run by alembic, inside its migration context, not imported.
NOT_IMPORTED = ('minova.db.migrations.env',)


def _modules():
    for info in pkgutil.walk_packages(minova.__path__, 'minova.'):
        if not (info.name.startswith('minova.tests') or
                info.name in NOT_IMPORTED):
            yield info.name


class TestImports(testtools.TestCase):

    def test_every_module_imports(self):
        failed = {}
        names = list(_modules())
        for name in names:
            try:
                importlib.import_module(name)
            except Exception as exc:  # report them all at once
                failed[name] = '%s: %s' % (type(exc).__name__, exc)
        self.assertEqual({}, failed)
        # The walk found the package, not an empty path.
        self.assertIn('minova.compute.manager', names)
