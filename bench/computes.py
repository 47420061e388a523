#!/usr/bin/env python3
"""Scale benchmark: a cloud of N simulated computes over RabbitMQ and
PostgreSQL, and boot+delete cycles against it over HTTP.

Starts (with the integration tests' fixtures: a RabbitMQ vhost and a
PostgreSQL database of its own, then minova-conductor, minova-scheduler and
minova-api as processes) ONE minova-compute process with ``[compute]
simulated_hosts = N``, waits until all N are up, and measures:

- start-up: seconds until the N hosts registered and reported their nodes;
- idle cost: CPU seconds per second of the compute and of the conductor
  (``/proc/<pid>/stat`` utime+stime over ``--idle`` seconds), the
  heartbeats, AMQP polling and periodic tasks of N hosts;
- the scheduler's host reads: a full read of N nodes and an incremental
  read, timed in this process with the scheduler's own HostManager;
- C concurrent clients running boot+delete cycles (boot, wait ACTIVE with
  bench/boot.py's watcher, delete, wait 404).

Run as root (the fixtures start RabbitMQ and PostgreSQL if they are down),
from the repository::

    PYTHONPATH=$PWD python bench/computes.py --computes 1000 -n 1000 -c 50

The last line is ``cycles_per_s=X boot_p50_s=Y boot_p95_s=Z errors=E
computes=N``.
"""

import argparse
import os
import statistics
import sys
import threading
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import boot  # noqa: E402
from minova.tests.integration import fixtures as cloud_fixtures  # noqa: E402

# Production-like timers (the fixtures' are seconds, for tests).
CONFIG = """
[DEFAULT]
report_interval = 10
service_down_time = 60
periodic_interval = 60
[filter_scheduler]
host_state_reload_interval = 20
[compute]
simulated_hosts = %(computes)d
[quota]
instances = -1
cores = -1
ram = -1
"""


#: File descriptors the cloud needs in the broker, with room for its other
#: clients: the simulated hosts listen on one AMQP connection (they had one
#: each), the services hold a few dozen, and a broker out of descriptors
#: breaks (its memory monitor dies, then every queue declare fails).
BROKER_FD_MARGIN = 200


def broker_fds():
    """``(open, limit)`` file descriptors of the RabbitMQ broker (its
    beam.smp with the most open), or None when it cannot be read."""
    best = None
    for pid in filter(str.isdigit, os.listdir('/proc')):
        try:
            with open('/proc/%s/comm' % pid) as f:
                if f.read().strip() != 'beam.smp':
                    continue
            used = len(os.listdir('/proc/%s/fd' % pid))
            with open('/proc/%s/limits' % pid) as f:
                limit = int(next(line for line in f
                                 if line.startswith('Max open files')
                                 ).split()[3])
        except (OSError, StopIteration, ValueError):
            continue
        if best is None or used > best[0]:
            best = (used, limit)
    return best


def cpu_seconds(pid):
    """utime+stime of ``pid`` in seconds."""
    with open('/proc/%d/stat' % pid) as f:
        fields = f.read().rsplit(')', 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf('SC_CLK_TCK')


def idle_cpu(pids, seconds):
    """CPU seconds per second of each of ``pids`` over ``seconds``."""
    before = {name: cpu_seconds(pid) for name, pid in pids.items()}
    time.sleep(seconds)
    return {name: (cpu_seconds(pid) - before[name]) / seconds
            for name, pid in pids.items()}


def up_computes(cloud, down_time=60):
    """Compute services that heartbeated within ``down_time`` s and have
    their node: what the scheduler can place on (one psql, not a
    minova-manage process per look)."""
    return int(cloud.database.query(
        "SELECT count(*) FROM services s JOIN compute_nodes n "
        "ON n.service_id = s.id AND n.deleted = 0 "
        "WHERE s.binary = 'minova-compute' AND s.deleted = 0 AND "
        "s.last_seen_up > (now() at time zone 'utc') - interval '%d s'"
        % down_time)[0][0])


def host_reads(cloud, repeat=5):
    """Milliseconds of the scheduler's full and incremental host reads
    (medians), and the hosts read."""
    from minova.db import session
    from minova.scheduler import host_manager
    from minova.tests import fixtures as minova_fixtures
    conf = cloud.useFixture(minova_fixtures.ConfFixture()).conf
    conf.set_override('connection', cloud.database_url, group='database')
    session.reset()
    session.configure(conf)
    manager = host_manager.HostManager(conf)
    full, changes = [], []
    for _ in range(repeat):
        started = time.perf_counter()
        manager._swap(*manager._read_table())
        full.append(time.perf_counter() - started)
        started = time.perf_counter()
        manager._read_changes()
        changes.append(time.perf_counter() - started)
    return (statistics.median(full) * 1000, statistics.median(changes) * 1000,
            len(manager._table.all()))


def cycle_worker(args, flavor, image, todo, lock, results, watcher):
    client = boot.Client(args.url, args.token)
    while True:
        with lock:
            if not todo:
                return
            index = todo.pop()
        server_id, booted, error = boot.boot_one(
            client, args, flavor, image, 'cycle-%d' % index, watcher)
        if server_id is None:
            results.append((None, error))
            continue
        if error:
            error = 'boot %s: %s' % (server_id, error)
        status, _ = client.request('DELETE', '/servers/%s' % server_id)
        code, _ = boot.wait_for(client, server_id,
                                lambda code, s: code == 404, args.timeout)
        if status != 204 or code != 404:
            error = error or 'delete %s: %s, then %s' % (server_id, status,
                                                         code)
        results.append((None if error else booted, error))


def start_cloud(args):
    cloud = cloud_fixtures.DistributedCloud(
        compute_hosts=('sim',), config=CONFIG % {'computes': args.computes})
    started = time.monotonic()
    cloud.setUp()
    compute = cloud.services['compute:sim']
    while up_computes(cloud) < args.computes:
        if not compute.alive:
            sys.exit('computes.py: the compute exited: %s' % compute.log(20))
        if time.monotonic() - started > args.timeout:
            sys.exit('computes.py: %d of %d computes up after %d s' % (
                up_computes(cloud), args.computes, args.timeout))
        time.sleep(1)
    return cloud, time.monotonic() - started


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('--computes', type=int, default=1000,
                        help='simulated compute hosts (one process)')
    parser.add_argument('-n', type=int, default=1000,
                        help='boot+delete cycles')
    parser.add_argument('-c', type=int, default=50, help='concurrent clients')
    parser.add_argument('--idle', type=float, default=30,
                        help='seconds the idle CPU is measured over')
    parser.add_argument('--timeout', type=float, default=600,
                        help='seconds a start-up or one server may take')
    boot.add_watcher_arguments(parser)
    args = parser.parse_args()

    fds = broker_fds()
    if fds and fds[0] + BROKER_FD_MARGIN > fds[1]:
        sys.exit('computes.py: RabbitMQ has %d of %d file descriptors open: '
                 'too few left for the cloud and its other clients; raise '
                 'its limit (LimitNOFILE)' % fds)
    cloud, startup = start_cloud(args)
    try:
        args.url = cloud.api_url + '/v2.1'
        args.token = 'admin:admin'
        compute = cloud.services['compute:sim']
        print('startup_s=%.1f (all %d computes up with their nodes; the '
              'compute says: %s)' % (
                  startup, args.computes,
                  [line.split('] ', 1)[-1] for line in compute.log(
                      100000).splitlines() if 'hosts started in' in line]))
        pids = {name: cloud.services[name if name != 'compute'
                                     else 'compute:sim'].pid
                for name in ('api', 'compute', 'conductor', 'scheduler')}
        cpu = idle_cpu(pids, args.idle)
        print('idle_cpu_s_per_s ' + ' '.join(
            '%s=%.3f' % item for item in sorted(cpu.items())))
        with open('/proc/%d/status' % compute.pid) as f:
            print('compute ' + ' '.join(
                line.split()[0] + line.split()[1] for line in f
                if line.startswith(('Threads:', 'VmRSS:'))))
        full_ms, changes_ms, hosts = host_reads(cloud)
        print('scheduler_full_read_ms=%.1f incremental_read_ms=%.1f '
              'hosts=%d' % (full_ms, changes_ms, hosts))

        image = cloud.register_image()
        status, body = cloud.api_request('/v2.1/flavors', 'POST', {
            'flavor': {'name': 'cycle', 'ram': 64, 'vcpus': 1, 'disk': 1}})
        if status != 200:
            sys.exit('computes.py: POST /flavors answered %s' % status)
        flavor = body['flavor']['id']

        lock, results = threading.Lock(), []
        watcher = boot.Watcher(args)
        watcher.start()
        before = {name: cpu_seconds(pid) for name, pid in pids.items()}
        started = time.monotonic()
        boot.run(args.c, cycle_worker, args, flavor, image,
                 list(range(args.n)), lock, results, watcher)
        seconds = time.monotonic() - started
        watcher.stopped.set()
        print('cpu_ms_per_cycle ' + ' '.join(
            '%s=%.1f' % (name, (cpu_seconds(pid) - before[name]) * 1000
                         / max(len(results), 1))
            for name, pid in sorted(pids.items())))
        booted = [result[0] for result in results if result[1] is None]
        errors = [result[1] for result in results if result[1]]
        for message in errors[:5]:
            print('error: %s' % message, file=sys.stderr)
        if errors:
            # What the services logged of it, before the cloud's logs go.
            for name, service in sorted(cloud.services.items()):
                for line in service.log(100000).splitlines():
                    if ' ERROR ' in line or ' WARNING ' in line:
                        print('%s: %s' % (name, line[:300]), file=sys.stderr)
        with open('/proc/%d/status' % compute.pid) as f:
            print('compute after ' + ' '.join(
                line.split()[0] + line.split()[1] for line in f
                if line.startswith(('Threads:', 'VmRSS:'))))
        nan = float('nan')
        print('cycles_per_s=%.1f boot_p50_s=%.3f boot_p95_s=%.3f errors=%d '
              'computes=%d' % (
                  len(booted) / seconds,
                  statistics.median(booted) if booted else nan,
                  boot.percentile(booted, 0.95) if booted else nan,
                  len(errors), args.computes))
    finally:
        cloud.cleanUp()


if __name__ == '__main__':
    main()
