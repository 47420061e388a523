"""The bus: transports, the serializer, RPC clients and servers, notifier.

This module owns the transport and the serializer and nothing else. Every
cast and call carries the request context (so its request id reaches the
logs of every service) and versioned objects (never ORM rows).
"""

import importlib
import threading

import oslo_messaging as messaging
from minova import context as minova_context
from minova import exception
import minova.objects  # noqa: F401  (registers every object class)
from minova.objects import base as objects_base

_TRANSPORTS = {}
_TRANSPORTS_LOCK = threading.Lock()

# minova-all's default: the in-process bus of minova.rpc_inproc.
IN_PROCESS_URL = 'inproc://'


# oslo.messaging's options, as its own ConfFixture registers them: some it
# registers only on the global cfg.CONF, yet reads from the conf it is given,
# and minova has no global conf. (list_opts() hands out copies, which would
# clash as duplicates when the library registers the originals.)
_MESSAGING_OPTS = (
    ('oslo_messaging._drivers.impl_rabbit', 'rabbit_opts',
     'oslo_messaging_rabbit'),
    ('oslo_messaging._drivers.amqp', 'amqp_opts', 'oslo_messaging_rabbit'),
    ('oslo_messaging.rpc.client', '_client_opts', None),
    ('oslo_messaging.transport', '_transport_opts', None),
    ('oslo_messaging.server', '_pool_opts', None),
    ('oslo_messaging.notify.notifier', '_notifier_opts',
     'oslo_messaging_notifications'),
    ('oslo_messaging._metrics.client', 'oslo_messaging_metrics',
     'oslo_messaging_metrics'),
    ('oslo_messaging._tracing.client', 'oslo_messaging_tracing',
     'oslo_messaging_tracing'),
)


def register_opts(conf):
    for module, attr, group in _MESSAGING_OPTS:
        conf.register_opts(getattr(importlib.import_module(module), attr),
                           group=group)


def get_transport(conf):
    """The RPC transport for ``[DEFAULT] transport_url``.

    Transports are shared per URL inside a process: services that share a
    process must share an ``inproc://`` transport to see each other, and sharing
    a RabbitMQ connection pool costs nothing.
    """
    messaging.set_transport_defaults('minova')
    url = conf.transport_url
    key = ('rpc', url)
    with _TRANSPORTS_LOCK:
        if key not in _TRANSPORTS:
            _TRANSPORTS[key] = _open(conf, url, messaging.get_rpc_transport)
        return _TRANSPORTS[key]


def get_notification_transport(conf):
    """The notification transport (same URL rules as :func:`get_transport`)."""
    url = conf.oslo_messaging_notifications.transport_url or conf.transport_url
    key = ('notify', url)
    with _TRANSPORTS_LOCK:
        if key not in _TRANSPORTS:
            _TRANSPORTS[key] = _open(conf, url,
                                     messaging.get_notification_transport)
        return _TRANSPORTS[key]


# minova's exceptions travel over the bus as themselves (NoValidHost,
# InstanceNotFound, ...), not as a generic RemoteError.
ALLOWED_EXMODS = ['minova.exception']


#: Seconds oslo.messaging's RabbitMQ listeners first wait for the next
#: message after one arrives (see :func:`_tune_ack_polling`).
ACK_POLL_FIRST_WAIT = 0.1


def _tune_ack_polling():
    """Let oslo.messaging's RabbitMQ listeners sleep longer after a message.

    After each message, every listener of a process (its RPC servers' and
    the reply waiter of its calls) wakes after 1 ms, then 2, 4, 8... up to
    5 s (``amqpdriver.ACK_REQUEUE_EVERY_SECONDS_MIN``), so that the
    acknowledgements a notification listener's executor queues go out soon.
    RPC servers and the reply waiter acknowledge in the consuming thread as
    a message arrives (oslo.messaging bug 1695746), and minova consumes no
    notifications: for it each wake-up only runs the consume loop's
    reconnection wrappers and raises a Timeout. A call and its reply
    (RabbitMQ on this 2-core machine, server and client in one process)
    cost, with a first wait of 1 ms and of 100 ms: 3.4 and 1.8 ms of CPU at
    a call every 100 ms (a compute's pace under the boot benchmark), 1.4 to
    2.1 and 1.0 ms at one every 10 ms, 0.8 ms either way back to back.
    Arriving messages wake the listeners at once either way.
    """
    try:
        from oslo_messaging._drivers import amqpdriver
    except ImportError:     # another driver only
        return
    if getattr(amqpdriver, 'ACK_REQUEUE_EVERY_SECONDS_MIN', None) is not None:
        amqpdriver.ACK_REQUEUE_EVERY_SECONDS_MIN = max(
            amqpdriver.ACK_REQUEUE_EVERY_SECONDS_MIN, ACK_POLL_FIRST_WAIT)


def _open(conf, url, factory):
    _tune_ack_polling()
    try:
        return factory(conf, url=url, allowed_remote_exmods=ALLOWED_EXMODS)
    except (messaging.InvalidTransportURL, messaging.DriverLoadFailure,
            ValueError) as e:
        raise exception.ConfigError(
            group='DEFAULT', option='transport_url', value=url,
            reason=str(e).splitlines()[0] if str(e) else type(e).__name__)


class RequestContextSerializer(messaging.Serializer):
    """Serializes the request context and versioned objects for the wire."""

    def __init__(self):
        self._base = objects_base.ObjectSerializer()

    def serialize_entity(self, context, entity):
        # Objects become primitives here; what is left (datetimes in plain
        # dicts) the drivers' JSON encoding (jsonutils) handles.
        return self._base.serialize_entity(context, entity)

    def deserialize_entity(self, context, entity):
        return self._base.deserialize_entity(context, entity)

    def serialize_context(self, context):
        return context.to_dict()

    def deserialize_context(self, context):
        # Making the context stores it for this thread: oslo.log then prints
        # its request id on every line the handler logs.
        return minova_context.RequestContext.from_dict(context)


def get_client(transport, topic, version, version_cap=None, namespace=None):
    """An RPC client for ``topic`` speaking at most ``version_cap``."""
    target = messaging.Target(topic=topic, version=version,
                              namespace=namespace)
    return messaging.get_rpc_client(transport, target, version_cap=version_cap,
                                    serializer=RequestContextSerializer())


def get_server(transport, topic, server, endpoints):
    """An RPC server consuming ``topic`` and ``topic.server``."""
    target = messaging.Target(topic=topic, server=server)
    return messaging.get_rpc_server(transport, target, endpoints,
                                    serializer=RequestContextSerializer())


def get_notifier(conf, publisher_id):
    """A notifier publishing as ``publisher_id`` (e.g. compute.host1)."""
    transport = get_notification_transport(conf)
    # With no driver configured, oslo.messaging still says it is enabled,
    # and each notification builds its message for nobody: 'noop' says
    # it is off, so callers skip building the payload.
    driver = (None if conf.oslo_messaging_notifications.driver
              else 'noop')
    return messaging.Notifier(transport, publisher_id=publisher_id,
                              driver=driver,
                              serializer=RequestContextSerializer())
