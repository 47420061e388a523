"""An in-process bus for oslo.messaging: ``inproc://``.

minova-all runs every service in one process. oslo.messaging's ``fake://``
driver does that too, but its listeners poll their queues every 50 ms, so
each cast or call waits 25 ms on average: a boot's dozen hops cost a third
of a second. This driver hands a message to a waiting listener at once
(a condition variable per listener), and round-trips every message through
JSON, as a real bus would, so what works here works over RabbitMQ.

Queues belong to one driver (one transport): two transports, or two URLs
(``inproc://a``, ``inproc://b``), are two separate buses.
"""

import collections
import threading
import time

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
    """The queues of one topic: shared, and one per server.

    Each listener waits on its own condition (all on the topic's lock),
    and a message wakes one idle listener that may take it: a cast to
    compute.host3 wakes host3's listener, not the nine other computes'
    (each needless wake-up costs as much CPU as the message itself).
    """

    def __init__(self):
        self._lock = threading.Lock()
        self._ready = collections.defaultdict(list)  # server -> Conditions
        self._idle = []  # the Conditions of the listeners waiting
        self.shared = collections.deque()
        self.servers = collections.defaultdict(collections.deque)

    def add_listener(self, server):
        """A new listener's Condition, for :meth:`take`."""
        with self._lock:
            ready = threading.Condition(self._lock)
            self._ready[server].append(ready)
            return ready

    def _wake(self, candidates):
        for ready in candidates:
            if ready in self._idle:
                self._idle.remove(ready)
                ready.notify()
                return

    def put(self, item, server=None, fanout=False):
        with self._lock:
            if fanout:
                for q in self.servers.values():
                    q.append(item)
                for ready in self._idle:
                    ready.notify()
                self._idle.clear()
            elif server is not None:
                self.servers[server].append(item)
                self._wake(self._ready[server])
            else:
                self.shared.append(item)
                self._wake(self._idle[:1])

    def take(self, server, ready, timeout, stopped):
        deadline = None if timeout is None else time.monotonic() + timeout
        with self._lock:
            own = self.servers[server] if server is not None else None
            while not stopped.is_set():
                if own:
                    return own.popleft()
                if self.shared:
                    return self.shared.popleft()
                remaining = None if deadline is None else (
                    deadline - time.monotonic())
                if remaining is not None and remaining <= 0:
                    return None
                self._idle.append(ready)
                ready.wait(remaining)
                if ready in self._idle:  # woken by the timeout or stop
                    self._idle.remove(ready)
            return None

    def wake(self):
        with self._lock:
            for ready in self._idle:
                ready.notify()
            self._idle.clear()


class _Listener(base.PollStyleListener):
    def __init__(self, topic, server):
        super().__init__()
        self._topic = topic
        self._server = server
        self._ready = topic.add_listener(server)
        self._stopped = threading.Event()

    @base.batch_poll_helper
    def poll(self, timeout=None):
        item = self._topic.take(self._server, self._ready, timeout,
                                self._stopped)
        return None if item is None else _Incoming(*item)

    def stop(self):
        self._stopped.set()
        self._topic.wake()


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
        listener = _Listener(self._topic(target.exchange, target.topic),
                             target.server)
        return base.PollStyleListenerAdapter(listener, batch_size,
                                             batch_timeout)

    def listen_for_notifications(self, targets_and_priorities, pool,
                                 batch_size, batch_timeout):
        raise NotImplementedError('inproc:// carries no notifications; '
                                  'use [oslo_messaging_notifications] '
                                  'driver = log or noop')

    def cleanup(self):
        with self._lock:
            topics = list(self._topics.values())
        for topic in topics:
            topic.wake()
