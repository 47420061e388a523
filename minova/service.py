"""A service: one manager behind an RPC server, with heartbeat and timers.

``Service`` is what every console script runs (api aside): it registers the
service record, consumes its topic (a compute also ``compute.<host>``),
heartbeats every ``report_interval`` and runs the manager's periodic tasks.
On stop it stops consuming, lets the requests in flight finish, then exits.
"""

import itertools
import threading

from oslo_log import log as logging

from minova import context as minova_context
from minova import rpc
from minova import servicegroup
from minova import version

LOG = logging.getLogger(__name__)

# Bumped when a service's RPC surface gains something others may rely on.
SERVICE_VERSION = 1


class Service:
    """Runs ``manager`` as ``binary`` on ``host``, consuming ``topic``."""

    def __init__(self, conf, binary, topic, manager, transport,
                 service_records=None, timers=True, get_server=None):
        self.conf = conf
        self.binary = binary
        self.topic = topic
        self.host = manager.host
        self.manager = manager
        self.transport = transport
        self.service_records = (service_records or
                                servicegroup.DatabaseServiceRecords())
        self.service_ref = None
        self.rpcserver = None
        self._stopping = threading.Event()
        self._threads = []
        # False: someone else heartbeats it and runs its periodic tasks
        # (minova.compute.simulated, for a thousand hosts in one process).
        self.timers = timers
        # How its RPC server is built: minova.compute.simulated's hosts
        # share one connection (minova.compute.shared_listener).
        self.get_server = get_server or rpc.get_server

    def __repr__(self):
        return '<Service %s on %s>' % (self.binary, self.host)

    def start(self):
        LOG.info('Starting %s on %s (minova %s)', self.binary, self.host,
                 version.__version__)
        ctxt = minova_context.get_admin_context()
        # Registering first also waits for the conductor (a compute's
        # records go through it), before init_host asks it anything.
        self.service_ref = self.service_records.get_or_create(
            ctxt, self.host, self.binary, self.topic, SERVICE_VERSION)
        self.manager.service_ref = self.service_ref
        self.manager.init_host()
        self._heartbeat(ctxt)
        endpoints = [self.manager] + list(getattr(self.manager,
                                                  'additional_endpoints', []))
        self.rpcserver = self.get_server(self.transport, self.topic,
                                         self.host, endpoints)
        self.rpcserver.start()
        if hasattr(self.manager, 'post_start_hook'):
            self.manager.post_start_hook()
        if self.timers:
            self._spawn(self._heartbeat_loop, 'heartbeat')
            self._spawn(self._periodic_loop, 'periodic')

    def _spawn(self, target, name):
        thread = threading.Thread(target=target, daemon=True,
                                  name='%s-%s-%s' % (self.binary, self.host,
                                                     name))
        thread.start()
        self._threads.append(thread)

    def _heartbeat(self, ctxt):
        try:
            self.service_ref = self.service_records.heartbeat(
                ctxt, self.service_ref)
        except Exception as e:
            # The bus or the database is away: keep trying, the service must
            # come back up by itself when they return.
            LOG.warning('%s on %s could not report its state: %s',
                        self.binary, self.host, e)

    def _heartbeat_loop(self):
        ctxt = minova_context.get_admin_context()
        while not self._stopping.wait(self.conf.report_interval):
            self._heartbeat(ctxt)

    def _periodic_loop(self):
        ctxt = minova_context.get_admin_context()
        idle = 0
        while not self._stopping.wait(idle):
            idle = self.manager.run_periodic_tasks(ctxt)

    def stop(self):
        """Stop taking work and wait (up to graceful_shutdown_timeout) for
        the requests in flight."""
        if self._stopping.is_set():
            return
        LOG.info('Stopping %s on %s', self.binary, self.host)
        self._stopping.set()
        if self.rpcserver is not None:
            self.rpcserver.stop()
            waiter = threading.Thread(target=self.rpcserver.wait, daemon=True)
            waiter.start()
            waiter.join(self.conf.graceful_shutdown_timeout or None)
            if waiter.is_alive():
                LOG.warning('%s on %s stopped with requests still running',
                            self.binary, self.host)
        for thread in self._threads:
            thread.join(timeout=5)
        self.manager.cleanup_host()

    def wait(self):
        self._stopping.wait()


def stop_all(services):
    """Stop ``services``, the last started first, a binary at a time.

    The services of one binary (minova-all's computes) stop side by side:
    each waits about a second for its executor's idle workers, so ten
    computes one after another took ten seconds. A binary starts to stop
    once the one started after it has stopped: the api stops taking
    requests before the services behind it, and the computes finish their
    builds before the scheduler and the conductor go.
    """
    for _, group in itertools.groupby(reversed(services),
                                      key=lambda service: service.binary):
        threads = [threading.Thread(target=service.stop,
                                    name='stop-%s' % service.binary)
                   for service in group]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
