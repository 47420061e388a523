"""The bus: context and objects survive the trip; version caps hold."""

import fixtures
import oslo_messaging as messaging
import testtools

from minova.conductor import rpcapi as conductor_rpcapi
from minova import context
from minova import exception
from minova.objects import flavor as flavor_obj
from minova import rpc
from minova.tests import fixtures as minova_fixtures


class TestSerializer(testtools.TestCase):
    def setUp(self):
        super().setUp()
        self.serializer = rpc.RequestContextSerializer()

    def test_context_round_trip_keeps_request_id_and_admin(self):
        ctxt = context.RequestContext(user_id='u', project_id='p',
                                      roles=['admin'], overwrite=False)
        back = self.serializer.deserialize_context(
            self.serializer.serialize_context(ctxt))
        self.assertIsInstance(back, context.RequestContext)
        self.assertEqual(ctxt.request_id, back.request_id)
        self.assertEqual(('u', 'p'), (back.user_id, back.project_id))
        self.assertTrue(back.is_admin)

    def test_object_round_trip(self):
        ctxt = context.get_admin_context()
        flavor = flavor_obj.Flavor(flavorid='1', name='m1.tiny', memory_mb=512,
                                   vcpus=1, extra_specs={'a': 'b'})
        wire = self.serializer.serialize_entity(ctxt, {'f': flavor})
        self.assertEqual('Flavor', wire['f']['minova_object.name'])
        back = self.serializer.deserialize_entity(ctxt, wire)['f']
        self.assertIsInstance(back, flavor_obj.Flavor)
        self.assertEqual({'a': 'b'}, back.extra_specs)
        self.assertEqual(512, back.memory_mb)


class TestTransport(testtools.TestCase):
    def test_transport_is_shared_per_url(self):
        conf = self.useFixture(minova_fixtures.ConfFixture(
            transport_url='fake://')).conf
        self.assertIs(rpc.get_transport(conf), rpc.get_transport(conf))

    def test_rabbitmq_listeners_wait_longer_after_a_message(self):
        from oslo_messaging._drivers import amqpdriver
        self.useFixture(fixtures.MonkeyPatch(
            'oslo_messaging._drivers.amqpdriver.'
            'ACK_REQUEUE_EVERY_SECONDS_MIN', 0.001))
        conf = self.useFixture(minova_fixtures.ConfFixture(
            transport_url='fake://')).conf
        rpc._TRANSPORTS.pop(('rpc', conf.transport_url), None)
        rpc.get_transport(conf)
        self.assertEqual(rpc.ACK_POLL_FIRST_WAIT,
                         amqpdriver.ACK_REQUEUE_EVERY_SECONDS_MIN)

    def test_malformed_url_names_the_option(self):
        conf = self.useFixture(minova_fixtures.ConfFixture(
            transport_url='nosuchdriver://x')).conf
        e = self.assertRaises(exception.ConfigError, rpc.get_transport, conf)
        self.assertIn('[DEFAULT] transport_url', str(e))
        self.assertIn('nosuchdriver://x', str(e))


class TestVersionCap(testtools.TestCase):
    def _api(self, cap):
        overrides = {'transport_url': 'fake://'}
        if cap:
            overrides['upgrade_levels.conductor'] = cap
        conf = self.useFixture(minova_fixtures.ConfFixture(**overrides)).conf
        return conductor_rpcapi.ConductorAPI(conf, rpc.get_transport(conf))

    def test_uncapped_can_send_current(self):
        api = self._api(None)
        self.assertTrue(api.can_send_version(api.VERSION))

    def test_cap_refuses_newer_message_naming_the_option(self):
        api = self._api('1.0')
        self.assertFalse(api.can_send_version('1.1'))
        e = self.assertRaises(exception.RPCPinnedToOldVersion,
                              api._prepare, '1.1')
        self.assertIn('[upgrade_levels] conductor', str(e))

    def test_all_evacuated_instances_need_1_8(self):
        # A compute pinned below 1.8 asks about the guests it has.
        api = self._api('1.7')
        self.assertRaises(exception.RPCPinnedToOldVersion,
                          api.instances_evacuated_from, None, 'h1')
        self.assertEqual('1.6', api._prepare('1.6').target.version)

    def test_prepared_message_carries_its_version(self):
        api = self._api('1.0')
        cctxt = api._prepare('1.0')
        self.assertIsInstance(cctxt, messaging.rpc.client._BaseCallContext)
        self.assertEqual('1.0', cctxt.target.version)

    def test_prepared_context_is_reused_per_version_server_and_timeout(self):
        api = self._api(None)
        self.assertIs(api._prepare('1.0', server='h1'),
                      api._prepare('1.0', server='h1'))
        other = api._prepare('1.0', server='h2', timeout=3)
        self.assertEqual(('h2', 3), (other.target.server, other.timeout))
        self.assertIsNot(other, api._prepare('1.0', server='h2'))


class TestNotifier(testtools.TestCase):
    def _notifier(self, **overrides):
        conf = self.useFixture(minova_fixtures.ConfFixture(
            transport_url='fake://', **overrides)).conf
        return rpc.get_notifier(conf, 'compute.host1')

    def test_off_without_a_driver(self):
        # So that callers skip building payloads nobody receives.
        self.assertFalse(self._notifier().is_enabled())

    def test_on_with_a_driver(self):
        notifier = self._notifier(
            **{'oslo_messaging_notifications.driver': ['test']})
        self.assertTrue(notifier.is_enabled())
