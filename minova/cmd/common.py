"""What the console scripts share: start-up errors and signal handling."""

import gc
import logging
import os
import signal
import sys
import threading

from oslo_config import cfg
from oslo_log import log as oslo_logging

from minova.cmd import launcher
from minova import config
from minova.db import migration
from minova.db import session
from minova import exception
from minova import rpc
from minova import service as minova_service

LOG = oslo_logging.getLogger(__name__)

# New container objects between two collections of the youngest generation
# (Python's default is 700): see tune_garbage_collector.
YOUNG_COLLECTION_THRESHOLD = 10000


def fail(prog, message):
    """Print one line naming the problem and exit non-zero."""
    sys.stderr.write('%s: error: %s\n' % (prog, message))
    sys.exit(1)


def configure_database(conf):
    """Open the database and check its schema is the code's."""
    session.configure(conf)
    migration.check_current()


def start(prog, argv, build, defaults=None, workers=None, prefork=None):
    """Parse the config, run ``build(conf, transport)`` to get services,
    start them and wait for SIGTERM/SIGINT to stop them gracefully.

    ``defaults`` maps options (``name`` in ``[DEFAULT]``, ``group.name``
    in a group) to this program's own defaults (a config file still
    overrides them). Configuration errors become one line on stderr and
    exit status 1.

    ``workers(conf)``, when given, is how many processes to run: above 1,
    :mod:`minova.cmd.launcher` forks them and each builds its services;
    ``prefork(conf)`` then runs once in the parent before the fork and
    returns the build the children run (the API binds its socket there).
    """
    conf = config.new_conf()
    for key, value in (defaults or {}).items():
        group, _sep, name = key.rpartition('.')
        conf.set_default(name, value, group=group or None)
    try:
        config.parse_args(conf, sys.argv[1:] if argv is None else argv)
        processes = workers(conf) if workers else 1
        if processes > 1 and prefork:
            build = prefork(conf)
    except (cfg.Error, exception.ConfigError) as e:
        fail(prog, _one_line(e))
    if processes > 1:
        sys.exit(launcher.ProcessLauncher(
            prog, processes, lambda: start_services(prog, conf, build),
            lambda services: run(conf, services, parent=os.getppid()),
            conf.graceful_shutdown_timeout).launch())
    run(conf, start_services(prog, conf, build))


def start_services(prog, conf, build):
    """Build and start the services; a start-up error is one line on
    stderr and exit status 1."""
    started = []
    try:
        transport = rpc.get_transport(conf)
        for service in build(conf, transport):
            service.start()
            started.append(service)
    except (cfg.Error, exception.ConfigError,
            exception.DatabaseUnreachable) as e:
        minova_service.stop_all(started)
        fail(prog, _one_line(e))
    return started


def run(conf, services, parent=None):
    """Run started ``services`` until a signal (or, in a worker process,
    until its ``parent`` pid is gone)."""
    tune_garbage_collector()
    run_until_signalled(services, conf.graceful_shutdown_timeout,
                        parent=parent)


def _one_line(error):
    return str(error).splitlines()[0] if str(error) else repr(error)


def tune_garbage_collector():
    """Keep the garbage collector out of the requests' way.

    The modules, plugins, config and services built so far live as long as
    the process, yet each full collection walked them all again: on
    minova-all (about 200,000 objects) one took 0.2 s of CPU, with the
    interpreter lock held. Frozen, a collection walks only what requests
    made since.

    A request leaves almost nothing for the collector (minova's objects
    make no reference cycles: :mod:`minova.objects.fields`), but the
    default threshold still started a collection of the young every 700
    new container objects, about every second boot, each walking all the
    young objects alive at that moment. Every 10,000, the collector costs
    0.1 ms of CPU a boot under the boot benchmark, not 0.4.
    """
    gc.collect()
    gc.freeze()
    gc.set_threshold(YOUNG_COLLECTION_THRESHOLD, *gc.get_threshold()[1:])


def run_until_signalled(services, timeout=0, parent=None):
    """Block until SIGTERM or SIGINT, then stop ``services`` gracefully,
    in ``timeout`` seconds at most (0: no bound); a second signal exits at
    once. A worker process also stops when its ``parent`` pid is gone (the
    launcher was killed), rather than run on unsupervised.

    The bound covers the whole exit: a request still running when the
    services have stopped (a call to a conductor that is gone, a slow
    spawn) would otherwise keep the interpreter from exiting, since it
    joins the executors' worker threads.
    """
    stop = threading.Event()

    def on_signal(signum, frame):
        if stop.is_set():
            LOG.warning('Signal %d again: exiting now', signum)
            os._exit(1)
        stop.set()

    signal.signal(signal.SIGTERM, on_signal)
    if parent is None:
        # A worker process leaves SIGINT (Ctrl-C, sent to the whole
        # process group) to its parent, which forwards a SIGTERM.
        signal.signal(signal.SIGINT, on_signal)
    LOG.info('Started; SIGTERM or SIGINT stops it (%s)',
             'within %d s' % timeout if timeout else 'when its requests end')
    while not stop.wait(1):
        if parent is not None and os.getppid() != parent:
            LOG.warning('Parent process %d is gone: stopping', parent)
            break
    if timeout:
        watchdog = threading.Timer(timeout, _exit_now, args=(timeout,))
        watchdog.daemon = True
        watchdog.start()
    minova_service.stop_all(services)
    session.reset()


def _exit_now(timeout):
    LOG.warning('Not stopped within graceful_shutdown_timeout (%d s): '
                'exiting with requests still running', timeout)
    logging.shutdown()
    os._exit(1)
