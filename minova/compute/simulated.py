"""Many simulated compute hosts in one minova-compute process.

A scale test needs a cloud of a thousand computes, and one machine cannot
run a thousand processes. With ``[compute] simulated_hosts`` one
minova-compute runs that many hosts on the fake driver, each a whole
compute to the rest of the cloud: its own RPC server (queue
``compute.<host>``), service record, heartbeat and compute node.

What a host would cost alone is shared here: one thread heartbeats every
host with one conductor call (not a thread and a call per host), one thread
runs the periodic tasks of all of them, staggered over
``periodic_interval``, each host's RPC server gets a small executor
(``EXECUTOR_THREADS``: oslo.messaging's starts a thread per message until it
has them all, 64 by default), and on RabbitMQ their RPC servers listen on
one AMQP connection polled by one thread (:mod:`.shared_listener`; oslo's
rabbit driver gives each its own, woken every 5 s: 1,000 hosts were 1,000
broker connections, 1,020 threads and 200 wake-ups a second, now 1
connection and 21 threads; the compute's CPU per boot+delete cycle went
from 9.2 to 6.3 ms, idle from 0.07 to 0.04 s a second). What is still
per host: its queues (``compute.<host>`` and a fanout queue), its RPC
server's executor and its staggered node report.
"""

import concurrent.futures
import heapq
import threading
import time

from oslo_log import log as logging

from minova.compute import manager as compute_manager
from minova.compute import shared_listener
from minova.conductor import api as conductor_api
from minova import context as minova_context
from minova import exception
from minova import service
from minova import servicegroup

LOG = logging.getLogger(__name__)

#: The only driver a simulated host runs on: the others drive a real
#: hypervisor, which one host has once.
FAKE_DRIVER = 'fake.FakeDriver'
#: Threads per host's RPC server (the default ``executor_thread_pool_size``
#: here; a config file may say otherwise). A simulated host sees a boot or
#: a delete at a time; a thousand hosts at 64 each would be 64,000 threads.
EXECUTOR_THREADS = 2
#: Hosts registering side by side at start-up (each waits on a few
#: conductor calls and on RabbitMQ declaring its queues).
START_WORKERS = 16
#: Hosts stopping side by side (each waits about a second for its
#: executor).
STOP_WORKERS = 64


def host_names(conf):
    """The simulated hosts' names, or a ConfigError naming the option."""
    count = conf.compute.simulated_hosts
    if conf.compute_driver != FAKE_DRIVER:
        raise exception.ConfigError(
            group='compute', option='simulated_hosts', value=count,
            reason='simulated hosts run on compute_driver = %s only, not %s'
                   % (FAKE_DRIVER, conf.compute_driver))
    template = conf.compute.simulated_host_name
    try:
        names = [template % {'host': conf.host, 'index': index}
                 for index in range(count)]
    except (KeyError, ValueError, TypeError) as e:
        raise exception.ConfigError(
            group='compute', option='simulated_host_name', value=template,
            reason='not a %%(host)s / %%(index)d template (%s)' % e)
    if len(set(names)) != count:
        raise exception.ConfigError(
            group='compute', option='simulated_host_name', value=template,
            reason='the names repeat: use %(index)d')
    return names


def build(conf, transport):
    """The service that runs ``[compute] simulated_hosts`` hosts."""
    names = host_names(conf)
    conf.set_default('executor_thread_pool_size', EXECUTOR_THREADS)
    conductor = conductor_api.API(conf, transport)
    records = servicegroup.ConductorServiceRecords(conductor)
    get_server = (shared_listener.SharedListener(transport).get_server
                  if shared_listener.supported(transport) else None)
    hosts = [service.Service(
        conf, 'minova-compute', 'compute',
        compute_manager.ComputeManager(conf, transport, host=name),
        transport, service_records=records, timers=False,
        get_server=get_server)
        for name in names]
    return SimulatedHosts(conf, hosts, conductor)


class SimulatedHosts:
    """Starts, heartbeats, runs the periodic tasks of and stops ``hosts``
    (services built with ``timers=False``)."""

    binary = 'minova-compute'

    def __init__(self, conf, hosts, conductor):
        self.conf = conf
        self.hosts = hosts
        self.conductor = conductor
        self.host = conf.host
        self.start_seconds = None
        self._stopping = threading.Event()
        self._threads = []

    def __repr__(self):
        return '<SimulatedHosts %d on %s>' % (len(self.hosts), self.host)

    def start(self):
        began = time.monotonic()
        # Heartbeating from the start: a thousand hosts take longer to
        # register than service_down_time, the first would look down.
        self._spawn(self._heartbeat_loop, 'heartbeat')
        with concurrent.futures.ThreadPoolExecutor(START_WORKERS) as pool:
            for _ in pool.map(lambda host: host.start(), self.hosts):
                pass
        self.start_seconds = time.monotonic() - began
        LOG.info('%d simulated compute hosts started in %.1f s',
                 len(self.hosts), self.start_seconds)
        self._spawn(self._periodic_loop, 'periodic')

    def _spawn(self, target, name):
        thread = threading.Thread(target=target, daemon=True,
                                  name='simulated-hosts-%s' % name)
        thread.start()
        self._threads.append(thread)

    def heartbeat(self, context):
        """One heartbeat of every registered host, in one conductor call."""
        ids = [host.service_ref.id for host in self.hosts
               if host.service_ref is not None]
        if not ids:
            return
        try:
            self.conductor.service_heartbeat_many(context, ids)
        except Exception as e:
            # As a single service's: keep trying, the bus or the database
            # will come back.
            LOG.warning('%d simulated hosts could not report their state: '
                        '%s', len(ids), e)

    def _heartbeat_loop(self):
        ctxt = minova_context.get_admin_context()
        while not self._stopping.wait(self.conf.report_interval):
            self.heartbeat(ctxt)

    def _periodic_loop(self):
        """Each host's periodic tasks when they are due, the hosts' first
        runs spread over periodic_interval (not a thousand at once)."""
        ctxt = minova_context.get_admin_context()
        now = time.monotonic()
        spread = self.conf.periodic_interval / max(len(self.hosts), 1)
        due = [(now + index * spread, index)
               for index in range(len(self.hosts))]
        heapq.heapify(due)
        while due:
            when, index = due[0]
            if self._stopping.wait(max(when - time.monotonic(), 0)):
                return
            heapq.heappop(due)
            idle = self.hosts[index].manager.run_periodic_tasks(ctxt)
            heapq.heappush(due, (time.monotonic() + idle, index))

    def stop(self):
        if self._stopping.is_set():
            return
        self._stopping.set()
        with concurrent.futures.ThreadPoolExecutor(STOP_WORKERS) as pool:
            for _ in pool.map(lambda host: host.stop(), self.hosts):
                pass
        for thread in self._threads:
            thread.join(timeout=5)

    def wait(self):
        self._stopping.wait()
