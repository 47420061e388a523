"""minova's errors cross the bus as themselves, those of the modules split
out of minova.exception (hosts, virt) too."""

from oslo_messaging import exceptions as messaging_exceptions
from oslo_serialization import jsonutils
import testtools

from minova import exception
from minova import rpc

try:
    from oslo_messaging._drivers import common as driver_common
except ImportError:  # pragma: no cover - oslo.messaging's layout moved
    driver_common = None


class TestErrorsOnTheWire(testtools.TestCase):

    def test_every_error_is_named_as_minova_exception(self):
        errors = [value for value in vars(exception).values()
                  if isinstance(value, type) and
                  issubclass(value, exception.MinovaException)]
        self.assertGreater(len(errors), 100)
        self.assertEqual([], [e for e in errors
                              if e.__module__ != 'minova.exception'])

    @testtools.skipIf(driver_common is None, 'oslo.messaging internals')
    def test_split_out_errors_come_back_as_themselves(self):
        for error in (exception.AggregateNotFound(aggregate_id=3),
                      exception.HypervisorUnavailable(
                          option='connection_uri', value='x', reason='r'),
                      exception.InstanceNotFound(instance_id='i')):
            wire = driver_common.serialize_remote_exception(
                (type(error), error, None))
            back = driver_common.deserialize_remote_exception(
                wire, rpc.ALLOWED_EXMODS)
            self.assertIsInstance(back, type(error))
            self.assertNotIsInstance(back, messaging_exceptions.MessagingException)
            self.assertIn(error.format_message(), str(back))
            self.assertEqual('minova.exception', jsonutils.loads(wire)[
                'module'])
