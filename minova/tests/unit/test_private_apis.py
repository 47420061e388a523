"""The private APIs of libraries that minova builds on, checked one by one,
so that a release that moves one fails here, saying what minova relies on,
rather than somewhere deep in a boot.

- ``minova/rpc_inproc.py`` (the ``inproc://`` driver) subclasses
  oslo.messaging's driver base classes.
- ``minova/objects/base.py`` (the objects' fast getters and serialization)
  reads and writes oslo.versionedobjects' per-field attributes and change
  set directly.
- ``minova/rpc.py`` raises oslo.messaging's
  ``amqpdriver.ACK_REQUEUE_EVERY_SECONDS_MIN``, which its RabbitMQ
  listeners read each time they wait for a message; its RPC listeners
  must acknowledge a message as it arrives, not later.

setup.cfg bounds both libraries to the major versions these were checked
with; raise a bound only once this module passes on the new release.
"""

import inspect

from oslo_messaging._drivers import amqpdriver
from oslo_messaging._drivers import base as driver_base
from oslo_versionedobjects import base as ovo_base
import testtools

from minova.objects import base as minova_base
from minova.objects import flavor


def _parameters(func):
    return list(inspect.signature(func).parameters)


class TestOsloMessagingAckPolling(testtools.TestCase):
    """What minova.rpc._tune_ack_polling changes."""

    def test_the_listeners_read_the_first_wait_from_the_module(self):
        self.assertIsInstance(amqpdriver.ACK_REQUEUE_EVERY_SECONDS_MIN, float)
        for listener in (amqpdriver.AMQPListener, amqpdriver.ReplyWaiter):
            self.assertIn('ACK_REQUEUE_EVERY_SECONDS_MIN',
                          inspect.getsource(listener),
                          '%s no longer reads the first wait: '
                          'minova.rpc._tune_ack_polling does nothing' %
                          listener.__name__)

    def test_rpc_listeners_acknowledge_as_a_message_arrives(self):
        # Else a longer first wait would delay their acknowledgements.
        self.assertIn('message.acknowledge()',
                      inspect.getsource(amqpdriver.RpcAMQPListener.__call__))
        self.assertIn('message.acknowledge()',
                      inspect.getsource(amqpdriver.ReplyWaiter.__call__))


class TestOsloMessagingDriverBase(testtools.TestCase):
    """What the inproc:// driver takes from oslo_messaging._drivers.base."""

    def test_the_base_classes_are_there(self):
        for name in ('BaseDriver', 'Listener', 'RpcIncomingMessage'):
            self.assertTrue(hasattr(driver_base, name), 'oslo.messaging no '
                            'longer has _drivers.base.%s, which minova\'s '
                            'inproc:// driver subclasses' % name)

    def test_their_signatures(self):
        self.assertEqual(
            ['self', 'conf', 'url', 'default_exchange',
             'allowed_remote_exmods'],
            _parameters(driver_base.BaseDriver.__init__)[:5],
            'BaseDriver.__init__ changed: minova.rpc_inproc passes these')
        self.assertEqual(['self', 'batch_size', 'batch_timeout'],
                         _parameters(driver_base.Listener.__init__)[:3],
                         'Listener.__init__ changed')
        self.assertEqual(['self', 'on_incoming_callback'],
                         _parameters(driver_base.Listener.start)[:2],
                         'Listener.start changed')
        for method in ('send', 'send_notification', 'listen',
                       'listen_for_notifications', 'cleanup',
                       'require_features'):
            self.assertTrue(hasattr(driver_base.BaseDriver, method),
                            'BaseDriver.%s is gone' % method)
        for method in ('reply', 'acknowledge', 'requeue', 'heartbeat'):
            self.assertTrue(
                hasattr(driver_base.RpcIncomingMessage, method),
                'RpcIncomingMessage.%s is gone' % method)

    def test_the_default_exchange_attribute(self):
        class Probe(driver_base.BaseDriver):
            def send(self, *args, **kwargs):
                pass

            def send_notification(self, *args, **kwargs):
                pass

            def listen(self, *args, **kwargs):
                pass

            def listen_for_notifications(self, *args, **kwargs):
                pass

            def cleanup(self):
                pass
        probe = Probe(None, None, default_exchange='minova')
        self.assertEqual('minova', probe._default_exchange,
                         'BaseDriver no longer keeps _default_exchange')


class TestVersionedObjectsInternals(testtools.TestCase):
    """What minova.objects.base takes from oslo.versionedobjects."""

    def test_field_values_live_in_obj_attributes(self):
        self.assertEqual('_obj_name', ovo_base._get_attrname('name'),
                         'oslo.versionedobjects no longer stores a field '
                         'in _obj_<name>: minova.objects.base reads and '
                         'writes those attributes directly')
        obj = flavor.Flavor(name='m1.tiny')
        self.assertEqual('m1.tiny', obj.__dict__.get('_obj_name'))

    def test_changes_are_the_changed_fields_set(self):
        obj = ovo_base.VersionedObject()
        self.assertIsInstance(obj._changed_fields, set,
                              'VersionedObject._changed_fields is no longer '
                              'a set: minova.objects.base replaces it')

    def test_primitive_keys_and_the_deserialization_hook(self):
        self.assertEqual('minova_object.data',
                         minova_base.MinovaObject._obj_primitive_key('data'))
        self.assertEqual(
            ['context', 'objver', 'primitive'],
            _parameters(
                ovo_base.VersionedObject._obj_from_primitive.__func__)[1:],
            'VersionedObject._obj_from_primitive changed: minova overrides '
            'it')

    def test_fields_are_properties_the_registry_made(self):
        made = flavor.Flavor.__dict__.get('name')
        self.assertIsInstance(made, property,
                              'the registry no longer makes a property per '
                              'field: minova replaces its getter')
