"""The migrations build the schema the models describe: a model change
without its migration (or the other way round) fails here."""

from alembic import autogenerate
from alembic import migration as alembic_migration
import testtools

from minova.db import models
from minova.db import session
from minova.tests import fixtures as minova_fixtures


class TestMigrationsMatchModels(testtools.TestCase):
    def test_no_difference(self):
        conf = self.useFixture(minova_fixtures.ConfFixture()).conf
        self.useFixture(minova_fixtures.DatabaseFixture(conf))
        with session.get_engine().connect() as connection:
            context = alembic_migration.MigrationContext.configure(
                connection, opts={'compare_type': True})
            diff = autogenerate.compare_metadata(context,
                                                 models.Base.metadata)
        self.assertEqual([], diff)
