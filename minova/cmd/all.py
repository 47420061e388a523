"""minova-all: the whole cloud in one process, for a laptop or a test.

The conductor, the scheduler, one compute per ``[all_in_one] compute_hosts``
and the API share one ``inproc://`` bus and one SQLite database under
``state_path`` (both can be changed in the config like any service's); its
API answers noauth2 tokens on 127.0.0.1 unless the config says otherwise. With
``[all_in_one] bootstrap`` it syncs the database and, on a new one, registers
a few flavors and a small image, so the first POST /servers needs nothing.

It is one process by design (the ``inproc://`` bus links its services):
``[DEFAULT] osapi_compute_workers``, ``[conductor] workers`` and
``[scheduler] workers`` are ignored here, with a log line when set.
"""

from oslo_log import log as logging

from minova.cmd import api
from minova.cmd import common
from minova.cmd import compute
from minova.cmd import conductor
from minova.cmd import scheduler
from minova import context
from minova import cpu_affinity
from minova.db import migration
from minova.db import session
from minova import flavors
from minova.image import local as image_local
from minova import rpc

LOG = logging.getLogger(__name__)

#: Threads per RPC server's executor (oslo.messaging's
#: ``executor_thread_pool_size``, 64 by default, sized for a service alone in
#: its process). Here a dozen servers share one interpreter lock, and
#: oslo.messaging's executor starts a new thread for each message until it
#: has them all: a fresh minova-all started some 500 threads during its
#: first few hundred boots, and booted 11 to 14% fewer servers a second.
#: Sixteen still let ten boots, their computes' calls and the heartbeats run
#: side by side (no service waits on one that waits on it).
EXECUTOR_THREADS = 16
#: A cloud on a laptop: noauth2 tokens, served on loopback only (minova-api
#: refuses noauth2 elsewhere). A config file may say otherwise.
LISTEN = '127.0.0.1'
AUTH_STRATEGY = 'noauth2'


def build(conf, transport):
    _note_process_workers_ignored(conf)
    if conf.all_in_one.bootstrap:
        session.configure(conf)
        migration.db_sync()
        flavors.bootstrap_flavors()
        image_local.bootstrap(conf, context.get_admin_context())
    # The API binds its port first, so a port already taken stops the start
    # before any service registers; it serves last, once every compute has
    # reported its node, so the first POST /servers finds them.
    api_services = api.build(conf, transport)
    services = conductor.build(conf, transport)
    services += scheduler.build(conf, transport)
    for host in conf.all_in_one.compute_hosts:
        services.append(compute.build_compute(conf, transport, host=host))
    return services + api_services


def _note_process_workers_ignored(conf):
    ignored = ['%s = %d' % (name, value) for name, value in (
        ('[DEFAULT] osapi_compute_workers', conf.osapi_compute_workers),
        ('[conductor] workers', conf.conductor.workers),
        ('[scheduler] workers', conf.scheduler.workers)) if value > 1]
    if ignored:
        LOG.info('minova-all runs in one process: ignoring %s',
                 ', '.join(ignored))


def _pinned_build(conf, transport):
    # Before any service starts a thread: threads inherit the affinity.
    cpu_affinity.pin(conf.all_in_one.cpu_affinity)
    return build(conf, transport)


def main(argv=None):
    common.start('minova-all', argv, _pinned_build,
                 defaults={'transport_url': rpc.IN_PROCESS_URL,
                           'executor_thread_pool_size': EXECUTOR_THREADS,
                           'osapi_compute_listen': LISTEN,
                           'api.auth_strategy': AUTH_STRATEGY})
