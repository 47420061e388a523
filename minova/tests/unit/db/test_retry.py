"""retry_on_disconnect: an endpoint's calls ride out a lost database
connection, and nothing else."""

import sqlalchemy.exc
import testtools

from minova.db import retry
from minova import exception
from minova.tests import fixtures as minova_fixtures


def _lost():
    return sqlalchemy.exc.OperationalError(
        'SELECT 1', {}, Exception('server closed the connection'))


class Endpoint:
    def __init__(self, errors):
        self.errors = list(errors)
        self.calls = 0

    def instance_update(self, value):
        self.calls += 1
        if self.errors:
            raise self.errors.pop(0)
        return value

    def init_host(self):
        raise _lost()


class TestRetryOnDisconnect(testtools.TestCase):

    def setUp(self):
        super().setUp()
        self.conf = self.useFixture(minova_fixtures.ConfFixture()).conf
        self.conf.set_override('db_retry_interval', 0, group='database')
        self.conf.set_override('db_max_retries', 3, group='database')

    def test_a_lost_connection_is_tried_again(self):
        endpoint = retry.retry_on_disconnect(self.conf,
                                             Endpoint([_lost(), _lost()]))
        self.assertEqual('done', endpoint.instance_update('done'))
        self.assertEqual(3, endpoint.calls)
        self.assertEqual('instance_update', endpoint.instance_update.__name__)

    def test_it_gives_up_after_db_max_retries(self):
        endpoint = retry.retry_on_disconnect(self.conf,
                                             Endpoint([_lost()] * 10))
        self.assertRaises(sqlalchemy.exc.OperationalError,
                          endpoint.instance_update, 'x')
        self.assertEqual(4, endpoint.calls)

    def test_other_errors_pass_at_once(self):
        for error in (exception.InstanceNotFound(instance_id='i'),
                      sqlalchemy.exc.IntegrityError('INSERT', {},
                                                    Exception('dup'))):
            endpoint = retry.retry_on_disconnect(self.conf, Endpoint([error]))
            self.assertRaises(type(error), endpoint.instance_update, 'x')
            self.assertEqual(1, endpoint.calls)

    def test_skipped_methods_are_left_alone(self):
        endpoint = retry.retry_on_disconnect(self.conf, Endpoint([]),
                                             skip=('init_host',))
        self.assertNotIn('init_host', vars(endpoint))
