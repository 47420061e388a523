"""The simulated hosts' RPC servers on one AMQP connection and one thread.

oslo.messaging's rabbit driver gives each RPC server a listening connection
of its own and a thread polling it, woken at least every 5 s
(``ACK_REQUEUE_EVERY_SECONDS_MAX``) to check the connection's heartbeat:
a thousand simulated hosts were a thousand connections to the broker, a
thousand threads and 200 wake-ups a second in one process.

``SharedListener`` consumes the queues of all of them on one connection
(one channel) with one thread. Each host's RPC server is still oslo's own
``RPCServer`` (its executor, dispatcher and replies), only its listener is
a ``HostListener`` here; each host still has what a compute's RPC server
declares: ``compute.<host>`` and a fanout queue of its own. The topic's
shared queue (``compute``, a cast to any compute) is consumed once and each
of its messages goes to the next running host, as the broker would
round-robin between a thousand consumers.

kombu is not thread-safe, so declaring and cancelling consumers runs in
the polling thread (queued with ``MessageOperationsHandler.do``); while
there is such work the thread polls every ``BUSY_POLL`` seconds, else
every ``IDLE_POLL`` seconds.
"""

import threading
import time

from oslo_log import log as logging
import oslo_messaging as messaging
from oslo_messaging._drivers import amqpdriver
from oslo_messaging._drivers import base as driver_base
from oslo_messaging._drivers import common as rpc_common
from oslo_messaging.rpc import server as rpc_server

from minova import rpc

LOG = logging.getLogger(__name__)

#: Seconds the polling thread waits for a message when nothing else is to
#: do (the connection's heartbeat is checked as often: it needs one check
#: per heartbeat_timeout_threshold / heartbeat_rate, 20 s by default).
IDLE_POLL = 1.0
#: ... and while consumers are being declared or cancelled (hosts starting
#: or stopping side by side wait on it).
BUSY_POLL = 0.01
#: Seconds after the last declaration or cancellation the thread stays busy.
BUSY_FOR = 1.0
#: Seconds a host's listener waits for its consumers to be declared or
#: cancelled before giving up.
OPERATION_TIMEOUT = 60


def supported(transport):
    """Whether ``transport``'s driver is an AMQP one (rabbit) whose
    connections can consume many queues."""
    return isinstance(getattr(transport, '_driver', None),
                      amqpdriver.AMQPDriverBase)


class HostListener(amqpdriver.RpcAMQPListener):
    """One host's RPC listener on the shared connection: what oslo's
    ``RpcAMQPListener`` does with a message (ack, build the incoming
    message), then straight to the host's RPC server, which submits it to
    its executor."""

    def __init__(self, shared, target):
        super().__init__(shared.driver, shared.conn)
        self.shared = shared
        self.target = target
        self.consumers = []
        self.on_incoming_callback = None
        self.running = False

    def __call__(self, message):
        if not self.running:
            # Between stop() and the cancel of its consumers: back to its
            # queue, for the host's next start.
            message.requeue()
            return
        super().__call__(message)
        while self.incoming:
            self.on_incoming_callback([self.incoming.pop(0)])


class ListenerAdapter(driver_base.Listener):
    """The ``Listener`` face oslo's ``MessageHandlingServer`` expects."""

    def __init__(self, listener):
        super().__init__(batch_size=1, batch_timeout=None)
        self.listener = listener

    def start(self, on_incoming_callback):
        super().start(on_incoming_callback)
        self.listener.on_incoming_callback = on_incoming_callback
        self.listener.shared.start_host(self.listener)

    def stop(self):
        self.listener.shared.stop_host(self.listener)

    def cleanup(self):
        self.listener.shared.release(self.listener)


class SharedRPCServer(rpc_server.RPCServer):
    """oslo's RPC server, listening on ``shared``."""

    def __init__(self, shared, transport, target, dispatcher, executor=None):
        super().__init__(transport, target, dispatcher, executor)
        self.shared = shared

    def _create_listener(self):
        return ListenerAdapter(HostListener(self.shared, self._target))


class SharedListener:
    """One connection and one thread consuming many RPC servers' queues."""

    def __init__(self, transport):
        self.transport = transport
        self.driver = transport._driver
        self.conn = None
        self._ops = amqpdriver.MessageOperationsHandler('SharedListener')
        self._lock = threading.Lock()
        self._running = []
        self._topics = {}
        self._next = 0
        self._users = 0
        self._busy_until = 0
        self._stopping = threading.Event()
        self._thread = None

    def get_server(self, transport, topic, server, endpoints):
        """As ``minova.rpc.get_server``, on this connection."""
        return messaging.get_rpc_server(
            transport, messaging.Target(topic=topic, server=server),
            endpoints, serializer=rpc.RequestContextSerializer(),
            server_cls=lambda *args: SharedRPCServer(self, *args))

    def _connect(self):
        with self._lock:
            self._users += 1
            if self.conn is None:
                self.conn = self.driver._get_connection(
                    rpc_common.PURPOSE_LISTEN)
                self._stopping.clear()
                self._thread = threading.Thread(
                    target=self._run, daemon=True, name='shared-listener')
                self._thread.start()

    def _do(self, operation):
        """Run ``operation`` in the polling thread; wait for it."""
        done = threading.Event()
        failure = []

        def task():
            # Others are likely to follow (hosts start and stop side by
            # side): poll often for a while.
            self._busy_until = time.monotonic() + BUSY_FOR
            try:
                operation()
            except Exception as e:
                failure.append(e)
            finally:
                done.set()
        self._ops.do(task)
        if not done.wait(OPERATION_TIMEOUT):
            raise messaging.MessagingTimeout(
                'the shared listener did not answer in %d s'
                % OPERATION_TIMEOUT)
        if failure:
            raise failure[0]

    def start_host(self, listener):
        self._connect()
        self._do(lambda: self._declare(listener))

    def _declare(self, listener):
        """What ``AMQPDriverBase.listen`` declares for a server, the
        topic's shared queue once."""
        target, conn = listener.target, self.conn
        exchange = self.driver._get_exchange(target)
        if target.topic not in self._topics:
            conn.declare_topic_consumer(
                exchange_name=exchange, topic=target.topic,
                callback=lambda message: self._any_host(target.topic,
                                                        message))
            self._topics[target.topic] = True
        before = set(conn._consumers)
        conn.declare_topic_consumer(
            exchange_name=exchange,
            topic='%s.%s' % (target.topic, target.server), callback=listener)
        conn.declare_fanout_consumer(target.topic, listener)
        listener.consumers = [consumer for consumer in conn._consumers
                              if consumer not in before]
        listener.running = True
        with self._lock:
            self._running.append(listener)

    def _any_host(self, topic, message):
        """A message to ``topic`` alone, to the next running host."""
        with self._lock:
            hosts = [listener for listener in self._running
                     if listener.target.topic == topic]
            self._next += 1
        if not hosts:
            message.requeue()
            return
        hosts[self._next % len(hosts)](message)

    def stop_host(self, listener):
        with self._lock:
            if listener in self._running:
                self._running.remove(listener)
        listener.running = False
        if self.conn is not None:
            self._do(lambda: self._cancel(listener))

    def _cancel(self, listener):
        """Stop consuming the host's queues; delete its fanout queue (as
        closing its own connection would)."""
        conn = self.conn
        for consumer in listener.consumers:
            tag = conn._consumers.pop(consumer, None)
            if tag is None:
                continue
            conn._active_tags.pop(consumer.queue_name, None)
            conn._new_tags.discard(tag)
            try:
                consumer.cancel(tag)
                if consumer.type == 'fanout':
                    consumer.queue.delete()
            except Exception as e:
                LOG.warning('Could not cancel the consumer of %s: %s',
                            consumer.queue_name, e)
        listener.consumers = []

    def release(self, listener):
        """The host's server is done: the last one closes the connection."""
        with self._lock:
            self._users -= 1
            last = self._users == 0 and self.conn is not None
        if last:
            self._stopping.set()
            self._thread.join()
            self.conn.close()
            self.conn = None
            self._topics.clear()

    def _run(self):
        while not self._stopping.is_set():
            try:
                self._ops.process()
                busy = time.monotonic() < self._busy_until
                self.conn.consume(timeout=BUSY_POLL if busy else IDLE_POLL)
            except rpc_common.Timeout:
                pass
            except Exception:
                # As oslo's own poll loop: log and go on (the connection
                # reconnects by itself).
                LOG.exception('Shared listener failed to consume')
                time.sleep(BUSY_POLL)
        self._ops.process()
