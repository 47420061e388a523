"""The simulated hosts' shared listener: one connection consuming every
host's queues, each message to its host's RPC server."""

import itertools
import time
from unittest import mock

import oslo_messaging as messaging
from oslo_messaging._drivers import amqpdriver
from oslo_messaging._drivers import common as rpc_common
import testtools

from minova.compute import shared_listener


class FakeConsumer:

    def __init__(self, queue_name, type_, callback):
        self.queue_name = queue_name
        self.type = type_
        self.callback = callback
        self.queue = mock.Mock()
        self.cancelled = None

    def cancel(self, tag):
        self.cancelled = tag


class FakeConnection:
    """The part of impl_rabbit's Connection the shared listener uses."""

    def __init__(self):
        self._consumers, self._active_tags, self._new_tags = {}, {}, set()
        self._tags = itertools.count(1)
        self.consumed = 0
        self.closed = False

    def _add(self, consumer):
        tag = next(self._tags)
        self._active_tags[consumer.queue_name] = tag
        self._new_tags.add(tag)
        self._consumers[consumer] = tag

    def declare_topic_consumer(self, exchange_name, topic, callback):
        self._add(FakeConsumer(topic, 'topic', callback))

    def declare_fanout_consumer(self, topic, callback):
        self._add(FakeConsumer('%s_fanout_%d' % (topic, len(self._consumers)),
                               'fanout', callback))

    def consume(self, timeout):
        self.consumed += 1
        time.sleep(timeout)
        raise rpc_common.Timeout()

    def close(self):
        self.closed = True

    def queues(self):
        return sorted(consumer.queue_name for consumer in self._consumers)


def message():
    return mock.Mock(headers={}, payload={})


class TestSharedListener(testtools.TestCase):

    def setUp(self):
        super().setUp()
        self.conn = FakeConnection()
        driver = mock.Mock(spec=amqpdriver.AMQPDriverBase, prefetch_size=0)
        driver._get_connection.return_value = self.conn
        driver._get_exchange.return_value = 'minova'
        self.transport = mock.Mock(_driver=driver)
        self.shared = shared_listener.SharedListener(self.transport)
        self.addCleanup(self.shared._stopping.set)
        self.received = {}

    def listen(self, host):
        listener = shared_listener.HostListener(
            self.shared, messaging.Target(topic='compute', server=host))
        adapter = shared_listener.ListenerAdapter(listener)
        adapter.start(lambda incoming: self.received.setdefault(
            host, []).extend(incoming))
        return adapter

    def deliver(self, queue_name, count=1):
        consumer = next(consumer for consumer in self.conn._consumers
                        if consumer.queue_name == queue_name)
        with mock.patch.object(amqpdriver.RpcAMQPListener, '__call__',
                               autospec=True,
                               side_effect=lambda self, m:
                               self.incoming.append(m)):
            for _ in range(count):
                consumer.callback(message())

    def test_supported_on_amqp_drivers_only(self):
        self.assertTrue(shared_listener.supported(self.transport))
        self.assertFalse(shared_listener.supported(
            messaging.get_rpc_transport(mock.Mock(), url='fake://')))

    def test_one_connection_the_queues_of_every_host(self):
        adapters = [self.listen(host) for host in ('h0', 'h1', 'h2')]
        self.transport._driver._get_connection.assert_called_once_with(
            rpc_common.PURPOSE_LISTEN)
        # The topic's shared queue once, each host's own and fanout queue.
        self.assertEqual(['compute', 'compute.h0', 'compute.h1',
                          'compute.h2', 'compute_fanout_2',
                          'compute_fanout_4', 'compute_fanout_6'],
                         self.conn.queues())
        self.deliver('compute.h1')
        self.deliver('compute_fanout_6')
        self.assertEqual({'h1': [mock.ANY], 'h2': [mock.ANY]},
                         self.received)
        for adapter in adapters:
            adapter.stop()
            adapter.cleanup()
        self.assertTrue(self.conn.closed)
        self.assertFalse(self.shared._thread.is_alive())

    def test_the_topic_queue_goes_round_the_running_hosts(self):
        adapters = [self.listen(host) for host in ('h0', 'h1', 'h2')]
        self.deliver('compute', count=6)
        self.assertEqual({'h0': 2, 'h1': 2, 'h2': 2},
                         {host: len(got) for host, got in
                          self.received.items()})
        adapters[0].stop()
        self.received.clear()
        self.deliver('compute', count=4)
        self.assertEqual({'h1': 2, 'h2': 2},
                         {host: len(got) for host, got in
                          self.received.items()})

    def test_a_stopped_host_stops_consuming_and_requeues(self):
        adapters = [self.listen(host) for host in ('h0', 'h1')]
        fanout = next(consumer for consumer in self.conn._consumers
                      if consumer.queue_name == 'compute_fanout_2')
        own = adapters[0].listener
        adapters[0].stop()
        self.assertEqual(['compute', 'compute.h1', 'compute_fanout_4'],
                         self.conn.queues())
        self.assertEqual(3, fanout.cancelled)
        fanout.queue.delete.assert_called_once_with()
        # A message that was on its way: back to the queue.
        late = message()
        own(late)
        late.requeue.assert_called_once_with()
        self.assertEqual({}, self.received)
        # The other host still takes its own.
        self.deliver('compute.h1')
        self.assertEqual(['h1'], list(self.received))
        self.assertFalse(self.conn.closed)

    def test_polls_often_while_hosts_start(self):
        adapter = self.listen('h0')
        polls = self.conn.consumed
        # Busy after a declaration (the next host's is likely to follow):
        # it polls at BUSY_POLL, not IDLE_POLL.
        time.sleep(0.2)
        self.assertGreater(self.conn.consumed - polls, 5)
        adapter.stop()
        adapter.cleanup()
