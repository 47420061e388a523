"""No over-admission on PostgreSQL: 50 creates racing for a quota of 10
admit exactly 10.

The quota re-check runs inside each create's transaction. On SQLite the
writers take turns, so the functional test
(minova/tests/functional/test_quotas_api.py) cannot see what read
committed allows: two transactions that each count only their own insert
and both commit. Here the creates run in threads of one API process
against a real PostgreSQL, as a threaded minova-api does; the conductor
is not needed (the casts go to a bus no one listens on).
"""

from concurrent import futures
import uuid

import fixtures
import testtools

from minova.compute import api as compute_api
from minova import context
from minova.db import models
from minova.db import quotas as db_quotas
from minova.db import session
from minova import exception
from minova import flavors
from minova.image import local as local_image
from minova import rpc
from minova.tests import fixtures as minova_fixtures
from minova.tests.integration import fixtures as cloud_fixtures

REQUESTS = 50
LIMIT = 10


class TestQuotaRaceOnPostgreSQL(testtools.TestCase):

    def setUp(self):
        super().setUp()
        database = self.useFixture(cloud_fixtures.PostgreSQLDatabase())
        self.useFixture(fixtures.EnvironmentVariable('MINOVA_TEST_DB_URL',
                                                     database.url))
        bus = uuid.uuid4().hex
        self.conf = self.useFixture(minova_fixtures.ConfFixture(
            transport_url='inproc:///%s' % bus,
            control_exchange='minova-%s' % bus,
            **{'database.max_pool_size': 30,
               'database.max_overflow': 30})).conf
        self.useFixture(minova_fixtures.DatabaseFixture(self.conf))
        self.assertEqual('postgresql', session.get_engine().dialect.name)
        flavors.bootstrap_flavors()
        admin = context.get_admin_context()
        self.image_id = local_image.bootstrap(self.conf, admin)
        with session.writer_connection() as s:
            db_quotas.set_limits(s, 'demo', {'instances': LIMIT})
        self.api = compute_api.API(self.conf, rpc.get_transport(self.conf))

    def test_50_creates_against_a_quota_of_10(self):
        ctx = context.RequestContext(user_id='demo', project_id='demo')

        def create(index):
            try:
                self.api.create(ctx, '1', self.image_id, 'race-%02d' % index)
            except exception.TooManyInstances as error:
                return error.format_message()
            return 'created'

        with futures.ThreadPoolExecutor(REQUESTS) as pool:
            results = list(pool.map(create, range(REQUESTS)))
        self.assertEqual(LIMIT, results.count('created'), results)
        refused = [r for r in results if r != 'created']
        self.assertEqual(REQUESTS - LIMIT, len(refused))
        self.assertEqual({'Quota exceeded for instances: Requested 1, but '
                          'already used 10 of 10 instances'}, set(refused))
        with session.reader() as s:
            self.assertEqual(LIMIT, s.query(models.Instance).filter_by(
                project_id='demo', deleted=0).count())
