"""The database session: concurrent writers on SQLite wait for each other."""

import threading

import testtools

from minova.db import services as db_services
from minova.tests import fixtures as minova_fixtures


class TestConcurrentWriters(testtools.TestCase):
    def test_read_then_write_transactions_do_not_fail_as_locked(self):
        # Regression: writers began DEFERRED, so a heartbeat (read the row,
        # then update it) failed at once with "database is locked" whenever
        # another thread was writing.
        conf = self.useFixture(minova_fixtures.ConfFixture()).conf
        self.useFixture(minova_fixtures.DatabaseFixture(conf))
        service = db_services.get_or_create('h', 'minova-compute', 'compute',
                                            1)
        errors = []

        def beat():
            for _ in range(50):
                try:
                    db_services.heartbeat(service.id)
                except Exception as e:
                    errors.append(e)

        threads = [threading.Thread(target=beat) for _ in range(6)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        self.assertEqual([], errors)
        self.assertEqual(300, db_services.get(service.id).report_count)
