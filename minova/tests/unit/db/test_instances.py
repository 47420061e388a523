"""The queries of the instances table read by the indexes meant for them."""

import datetime

import sqlalchemy
import testtools

from minova import context
from minova.db import session
from minova.objects import instance as instance_obj
from minova.tests import fixtures as minova_fixtures


class _PlanTestCase(testtools.TestCase):
    def setUp(self):
        super().setUp()
        conf = self.useFixture(minova_fixtures.ConfFixture()).conf
        self.useFixture(minova_fixtures.DatabaseFixture(conf))

    def _plan_of_listing(self, filters):
        """SQLite's plan for the instances query of a listing."""
        seen = []

        def record(conn, cursor, statement, parameters, *args):
            if statement.lstrip().startswith('SELECT instances.id'):
                seen.append((statement, parameters))
        engine = session.get_engine()
        sqlalchemy.event.listen(engine, 'before_cursor_execute', record)
        self.addCleanup(sqlalchemy.event.remove, engine,
                        'before_cursor_execute', record)
        instance_obj.InstanceList.get_by_filters(
            context.RequestContext(user_id='u', project_id='p1'), filters)
        statement, parameters = seen[-1]
        with engine.connect() as connection:
            return ' '.join(row[-1] for row in connection.exec_driver_sql(
                'EXPLAIN QUERY PLAN ' + statement, parameters))


class TestChangesSinceQuery(_PlanTestCase):
    def test_a_projects_changes_since_read_only_the_changed(self):
        # Regression: SQLite took the (project_id, deleted) index and read
        # every instance of the project, so a poll cost grew with the cloud.
        since = datetime.datetime(2026, 1, 1)
        plan = self._plan_of_listing({'changes-since': since,
                                      'project_id': 'p1'})
        self.assertIn('instances_project_id_updated_at_idx', plan)
        self.assertIn('updated_at>?', plan)

    def test_all_projects_changes_since_read_by_updated_at(self):
        plan = self._plan_of_listing({'changes-since':
                                      datetime.datetime(2026, 1, 1)})
        self.assertIn('instances_updated_at_idx', plan)


class TestListingOrderQuery(_PlanTestCase):
    """A page of servers, newest first, is read in index order: no sort of
    every live instance for each page."""

    def test_a_projects_page_reads_in_order(self):
        plan = self._plan_of_listing({'project_id': 'p1'})
        self.assertIn('instances_project_id_deleted_created_at_idx', plan)
        self.assertNotIn('TEMP B-TREE', plan)

    def test_all_projects_page_reads_in_order(self):
        plan = self._plan_of_listing({})
        self.assertIn('instances_deleted_created_at_idx', plan)
        self.assertNotIn('TEMP B-TREE', plan)
