"""The inproc:// bus: each message goes to a server that may take it, and
to no other; calls get their answer or time out."""

import threading

import oslo_messaging as messaging
import testtools

from minova import context
from minova import rpc
from minova import rpc_inproc
from minova.tests import fixtures as minova_fixtures


class _Listener:
    def __init__(self):
        self.delivered = []

    def deliver(self, item):
        self.delivered.append(item)


class TestTopic(testtools.TestCase):

    def setUp(self):
        super().setUp()
        self.topic = rpc_inproc._Topic()

    def _started(self, server):
        listener = _Listener()
        self.topic.start(listener, server)
        return listener

    def test_a_message_for_one_server_goes_to_it_alone(self):
        host1, host2 = self._started('host1'), self._started('host2')
        self.topic.put('m', server='host2')
        self.assertEqual(([], ['m']), (host1.delivered, host2.delivered))

    def test_messages_wait_for_their_server_to_start(self):
        self.topic.put('own', server='host1')
        self.topic.put('shared')
        self.topic.put('other', server='host2')
        self.assertEqual(['own', 'shared'], self._started('host1').delivered)
        self.assertEqual(['other'], self._started('host2').delivered)

    def test_messages_for_the_topic_go_to_each_server_in_turn(self):
        host1, host2 = self._started('host1'), self._started('host2')
        for item in 'abcd':
            self.topic.put(item)
        self.assertEqual(['a', 'b', 'c', 'd'],
                         sorted(host1.delivered + host2.delivered))
        self.assertEqual(2, len(host1.delivered))

    def test_a_stopped_server_gets_nothing_more(self):
        listener = self._started('host1')
        self.topic.stop(listener, 'host1')
        self.topic.put('m', server='host1')
        self.assertEqual([], listener.delivered)
        self.assertEqual(['m'], self._started('host1').delivered)

    def test_fanout_reaches_every_server(self):
        host1, host2 = self._started('host1'), self._started('host2')
        self.topic.put('all', fanout=True)
        self.assertEqual((['all'], ['all']),
                         (host1.delivered, host2.delivered))


class TestReply(testtools.TestCase):

    def test_answer(self):
        reply = rpc_inproc._Reply()
        reply.set(('r', None))
        reply.set(('late duplicate', None))
        self.assertEqual(('r', None), reply.wait(1))

    def test_timeout(self):
        self.assertIsNone(rpc_inproc._Reply().wait(0.01))


class Endpoint:
    target = messaging.Target(version='1.0')

    def echo(self, ctxt, value):
        return value


class TestBus(testtools.TestCase):

    def setUp(self):
        super().setUp()
        conf = self.useFixture(minova_fixtures.ConfFixture(
            transport_url='inproc://test-rpc-inproc-%s' % id(self))).conf
        self.transport = rpc.get_transport(conf)
        self.context = context.get_admin_context()

    def _server(self, server):
        rpc_server = rpc.get_server(self.transport, 'echo', server,
                                    [Endpoint()])
        rpc_server.start()
        self.addCleanup(rpc_server.wait)
        self.addCleanup(rpc_server.stop)

    def test_call_to_each_server(self):
        self._server('host1')
        self._server('host2')
        client = rpc.get_client(self.transport, 'echo', '1.0')
        for server in ('host1', 'host2', None):
            cctxt = client.prepare(server=server) if server else client
            self.assertEqual({'v': [server]},
                             cctxt.call(self.context, 'echo',
                                        value={'v': [server]}))

    def test_call_without_a_server_times_out(self):
        client = rpc.get_client(self.transport, 'nobody', '1.0')
        self.assertRaises(messaging.MessagingTimeout,
                          client.prepare(timeout=0.05).call,
                          self.context, 'echo', value=1)

    def test_a_call_waits_for_its_server_to_start(self):
        client = rpc.get_client(self.transport, 'echo', '1.0')
        answers = []
        caller = threading.Thread(target=lambda: answers.append(
            client.prepare(server='late', timeout=5).call(
                self.context, 'echo', value='v')))
        caller.start()
        self._server('late')
        caller.join(5)
        self.assertEqual(['v'], answers)
