"""An in-process bus for oslo.messaging: ``inproc://``.

minova-all runs every service in one process. oslo.messaging's ``fake://``
driver does that too, but its listeners poll their queues every 50 ms, so
each cast or call waits 25 ms on average: a boot's dozen hops cost a third
of a second. This driver hands a message at once to the RPC server it is
for (to its executor, with no thread in between), and round-trips every
message through JSON, as a real bus would, so what works here works over
RabbitMQ.

Queues belong to one driver (one transport): two transports, or two URLs
(``inproc://a``, ``inproc://b``), are two separate buses.
"""

import collections
import threading

from oslo_messaging._drivers import base
from oslo_serialization import jsonutils

import oslo_messaging as messaging


class _Reply:
    """The answer to one call: set once by the server, awaited by the
    caller (a bare lock: a Queue per call costs three Conditions)."""

    def __init__(self):
        self._unset = threading.Lock()
        self._unset.acquire()
        self.value = None

    def set(self, value):
        if self.value is None:
            self.value = value
            self._unset.release()

    def wait(self, timeout):
        """The value, or None when ``timeout`` passed first."""
        if self._unset.acquire(timeout=-1 if timeout is None else timeout):
            return self.value
        return None


class _Incoming(base.RpcIncomingMessage):
    def __init__(self, ctxt, message, reply):
        super().__init__(ctxt, message)
        self._reply = reply

    def reply(self, reply=None, failure=None):
        if self._reply is not None:
            self._reply.set((reply, failure[1] if failure else None))

    def acknowledge(self):
        pass

    def requeue(self):
        pass

    def heartbeat(self):
        pass


class _Topic:
    """The started listeners of one topic, and the messages waiting for one.

    A message goes at once, in the sender's thread, to a started listener
    of its server (a message for the topic to each listener in turn),
    whose RPC server runs it on its own executor: no listener thread wakes
    up to pass it on. A message for a server not started waits for one.
    """

    def __init__(self):
        self._lock = threading.Lock()
        self._started = []  # (server, listener)
        self._turn = 0
        self.shared = collections.deque()
        self.servers = collections.defaultdict(collections.deque)

    def put(self, item, server=None, fanout=False):
        with self._lock:
            if fanout:
                names = set(self.servers) | {name for name, _ in self._started}
                for name in names:
                    self._deliver(item, name)
            elif server is not None:
                self._deliver(item, server)
            elif self._started:
                self._turn = (self._turn + 1) % len(self._started)
                self._started[self._turn][1].deliver(item)
            else:
                self.shared.append(item)

    def _deliver(self, item, server):
        for name, listener in self._started:
            if name == server:
                listener.deliver(item)
                return
        self.servers[server].append(item)

    def start(self, listener, server):
        """Deliver to ``listener`` from now on, the messages waiting
        first."""
        with self._lock:
            self._started.append((server, listener))
            for waiting in (self.servers[server], self.shared):
                while waiting:
                    listener.deliver(waiting.popleft())

    def stop(self, listener, server):
        with self._lock:
            if (server, listener) in self._started:
                self._started.remove((server, listener))


class _Listener(base.Listener):
    """What an RPC server of ``server`` on ``topic`` listens with."""

    def __init__(self, topic, server, batch_size, batch_timeout):
        super().__init__(batch_size, batch_timeout)
        self._topic = topic
        self._server = server

    def start(self, on_incoming_callback):
        super().start(on_incoming_callback)
        self._topic.start(self, self._server)

    def deliver(self, item):
        # The RPC server's callback only queues the message on its executor.
        self.on_incoming_callback([_Incoming(*item)])

    def stop(self):
        self._topic.stop(self, self._server)
        super().stop()

    def cleanup(self):
        pass


class InProcessDriver(base.BaseDriver):
    """oslo.messaging driver for ``inproc://``: one process, no polling."""

    def __init__(self, conf, url, default_exchange=None,
                 allowed_remote_exmods=None):
        super().__init__(conf, url, default_exchange, allowed_remote_exmods)
        self._lock = threading.Lock()
        self._topics = {}

    def _topic(self, exchange, topic):
        key = (exchange or self._default_exchange, topic)
        with self._lock:
            if key not in self._topics:
                self._topics[key] = _Topic()
            return self._topics[key]

    def require_features(self, requeue=True):
        pass

    def send(self, target, ctxt, message, wait_for_reply=None, timeout=None,
             call_monitor_timeout=None, retry=None, transport_options=None):
        answer = _Reply() if wait_for_reply else None
        # Through JSON and back, as over a real bus: the receiver gets its
        # own copy, and an unserializable message fails here, not in prod.
        ctxt, message = jsonutils.loads(jsonutils.dumps([ctxt, message]))
        self._topic(target.exchange, target.topic).put(
            (ctxt, message, answer), server=target.server,
            fanout=target.fanout)
        if answer is None:
            return None
        result = answer.wait(timeout)
        if result is None:
            raise messaging.MessagingTimeout(
                'No reply on topic %s' % target.topic)
        reply, failure = result
        if failure:
            raise failure
        return reply

    def send_notification(self, target, ctxt, message, version, retry=None):
        self.send(target, ctxt, message)

    def listen(self, target, batch_size, batch_timeout):
        return _Listener(self._topic(target.exchange, target.topic),
                         target.server, batch_size, batch_timeout)

    def listen_for_notifications(self, targets_and_priorities, pool,
                                 batch_size, batch_timeout):
        raise NotImplementedError('inproc:// carries no notifications; '
                                  'use [oslo_messaging_notifications] '
                                  'driver = log or noop')

    def cleanup(self):
        pass
