"""The inproc:// bus: each message reaches a listener that may take it, and
wakes no other; calls get their answer or time out."""

import threading

import oslo_messaging as messaging
import testtools

from minova import context
from minova import rpc
from minova import rpc_inproc
from minova.tests import fixtures as minova_fixtures


class TestTopic(testtools.TestCase):

    def setUp(self):
        super().setUp()
        self.topic = rpc_inproc._Topic()
        self.stopped = threading.Event()

    def _waiting(self, server):
        """A thread taking one message for ``server``; and its result."""
        ready = self.topic.add_listener(server)
        taken = []
        thread = threading.Thread(target=lambda: taken.append(
            self.topic.take(server, ready, None, self.stopped)))
        thread.start()
        self.addCleanup(thread.join, 5)
        for _ in range(500):  # until it waits
            with self.topic._lock:
                if ready in self.topic._idle:
                    return ready, thread, taken
            threading.Event().wait(0.01)
        self.fail('the listener never waited')

    def test_a_message_for_one_server_wakes_only_it(self):
        ready1, thread1, taken1 = self._waiting('host1')
        ready2, thread2, taken2 = self._waiting('host2')
        self.topic.put('m', server='host2')
        thread2.join(5)
        self.assertEqual(['m'], taken2)
        self.assertEqual([ready1], self.topic._idle)  # host1 sleeps on
        self.stopped.set()
        self.topic.wake()
        thread1.join(5)
        self.assertEqual([None], taken1)

    def test_shared_messages_each_wake_one_idle_listener(self):
        _, thread1, taken1 = self._waiting('host1')
        _, thread2, taken2 = self._waiting('host2')
        self.topic.put('a')
        self.topic.put('b')
        thread1.join(5)
        thread2.join(5)
        self.assertEqual(['a', 'b'], sorted(taken1 + taken2))

    def test_a_busy_listener_finds_its_message_when_it_comes_back(self):
        ready = self.topic.add_listener('host1')
        self.topic.put('own', server='host1')
        self.topic.put('shared')
        self.assertEqual(
            ['own', 'shared', None],
            [self.topic.take('host1', ready, 0, self.stopped)
             for _ in range(3)])

    def test_fanout_reaches_every_server(self):
        _, thread1, taken1 = self._waiting('host1')
        _, thread2, taken2 = self._waiting('host2')
        self.topic.put('all', fanout=True)
        thread1.join(5)
        thread2.join(5)
        self.assertEqual((['all'], ['all']), (taken1, taken2))


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
