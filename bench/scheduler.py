#!/usr/bin/env python3
"""Scheduler benchmark: one decision for one instance over N hosts.

Writes N synthetic compute nodes with their compute services to a fresh
database (SQLite in a temporary directory, or ``--db-url``), builds the
FilterScheduler with the default filters and weighers, and times
``select_destinations`` for one instance, at least ``--repeat`` times and
for at least ``--duration`` seconds: the code path of a real request minus
the bus (read the changes since the last request, filter, weigh, claim).
The claim is released after each timed call, outside the timing, so every
decision sees the same cloud. The first call, which reads every host, is
not timed; then the background full read starts, as with the service, every
``--reload-interval`` seconds: a run of several intervals times the
decisions made while it reads too.

The hosts differ (4–64 CPUs, 8–512 GB RAM, some full, some disabled, some
down), so every filter removes some and the weighers have work to do.

    python3 bench/scheduler.py --hosts 10000 100000 --duration 60 \
        --reload-interval 5

prints two lines per N: the decisions made, the untimed first one, the
median CPU time of a decision (its thread's) and the largest, and the background reads
(how many, their median wall and CPU seconds); then
``hosts=N median_ms=X p95_ms=Y p99_ms=Z max_ms=W`` (wall times).
"""

import argparse
import datetime
import os
import random
import statistics
import sys
import tempfile
import time

from oslo_utils import timeutils
from oslo_utils import uuidutils
import sqlalchemy as sa

from minova import config
from minova.db import allocations
from minova.db import migration
from minova.db import models
from minova.db import session
from minova.objects import flavor as flavor_obj
from minova.objects import image_meta
from minova.objects import request_spec
from minova.scheduler import filter_scheduler
from minova.scheduler import host_manager


def synthetic_hosts(count, rng):
    """(service, compute node) rows of ``count`` hosts."""
    now = timeutils.utcnow()
    long_ago = now - datetime.timedelta(days=1)
    services, nodes = [], []
    for i in range(1, count + 1):
        host = 'host%05d' % i
        vcpus = rng.choice((4, 8, 16, 32, 64))
        memory_mb = rng.choice((8, 16, 64, 128, 256, 512)) * 1024
        full = rng.random() < 0.1
        services.append(dict(
            id=i, uuid=uuidutils.generate_uuid(), host=host,
            binary=host_manager.COMPUTE_BINARY, topic='compute',
            report_count=1, disabled=rng.random() < 0.02,
            forced_down=False, version=0, deleted=0, created_at=long_ago,
            # 2% have not heartbeated for an hour: down.
            last_seen_up=long_ago if rng.random() < 0.02 else now))
        nodes.append(dict(
            id=i, uuid=uuidutils.generate_uuid(), service_id=i, host=host,
            hypervisor_hostname=host, hypervisor_type='fake',
            hypervisor_version=1, vcpus=vcpus, memory_mb=memory_mb,
            local_gb=rng.choice((100, 500, 2000)),
            vcpus_used=vcpus * 16 if full else rng.randrange(vcpus * 4),
            memory_mb_used=(memory_mb if full
                            else rng.randrange(memory_mb // 2)),
            local_gb_used=rng.randrange(50), running_vms=rng.randrange(20),
            cpu_info='{}', supported_instances='[]',
            cpu_allocation_ratio=16.0, ram_allocation_ratio=1.5,
            disk_allocation_ratio=1.0, reserved_host_memory_mb=512,
            reserved_host_disk_mb=0, generation=0, deleted=0,
            created_at=long_ago))
    return services, nodes


def request():
    flavor = flavor_obj.Flavor(
        flavorid='bench', name='bench', memory_mb=2048, vcpus=2, root_gb=20,
        ephemeral_gb=0, swap=0, extra_specs={})
    return request_spec.RequestSpec(
        instance_uuid=uuidutils.generate_uuid(), flavor=flavor,
        image=image_meta.ImageMeta(properties={}), num_instances=1,
        availability_zone=None)


def _refreshes(manager):
    """Record the background reads of ``manager`` (if it has them):
    (wall seconds, CPU seconds of their thread) of each."""
    done = []
    refresh = getattr(manager, '_refresh', None)
    if refresh is None:     # an older scheduler, without them
        return done

    def timed():
        wall, cpu = time.perf_counter(), time.thread_time()
        refresh()
        done.append((time.perf_counter() - wall, time.thread_time() - cpu))

    manager._refresh = timed
    return done


def run(count, args, db_url, rng):
    conf = config.new_conf()
    conf([], project='minova')
    conf.set_override('connection', db_url, group='database')
    conf.set_override('host_state_reload_interval', args.reload_interval,
                      group='filter_scheduler')
    # No compute heartbeats here: the hosts up stay up for the run.
    conf.set_override('service_down_time', 3600)
    session.reset()
    engine = session.configure(conf)
    if engine.dialect.name != 'sqlite':
        models.Base.metadata.drop_all(engine)
        with engine.begin() as connection:
            connection.execute(sa.text('DROP TABLE IF EXISTS alembic_version'))
    migration.db_sync()
    services, nodes = synthetic_hosts(count, rng)
    with session.writer() as s:
        s.execute(sa.insert(models.Service.__table__), services)
        s.execute(sa.insert(models.ComputeNode.__table__), nodes)
    scheduler = filter_scheduler.FilterScheduler(conf)
    refreshes = _refreshes(scheduler.host_manager)
    spec = request()
    cpu = []

    def decide():
        instance = uuidutils.generate_uuid()
        started, thread_cpu = time.perf_counter(), time.thread_time()
        scheduler.select_destinations(None, spec, [instance])
        elapsed = time.perf_counter() - started
        cpu.append(time.thread_time() - thread_cpu)
        allocations.release(instance)
        return elapsed * 1000

    first = decide()    # the first full read
    # The background read, as the service starts it (an older scheduler
    # reads everything in a request every interval instead).
    getattr(scheduler, 'start', lambda: None)()
    cpu.clear()
    times = []
    end = time.monotonic() + (args.duration or 0)
    while len(times) < args.repeat or time.monotonic() < end:
        times.append(decide())
    getattr(scheduler, 'stop', lambda: None)()
    session.reset()
    times.sort()

    def at(fraction):
        return times[int(fraction * (len(times) - 1))]

    return dict(
        decisions=len(times), first_ms=first,
        cpu_median_ms=statistics.median(cpu) * 1000,
        cpu_max_ms=max(cpu) * 1000,
        refreshes=len(refreshes),
        refresh_s=statistics.median([w for w, _ in refreshes] or [0]),
        refresh_cpu_s=statistics.median([c for _, c in refreshes] or [0]),
        median_ms=statistics.median(times), p95_ms=at(0.95),
        p99_ms=at(0.99), max_ms=times[-1])


def main():
    parser = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    parser.add_argument('--hosts', type=int, nargs='+', default=[10000],
                        help='number(s) of hosts, one run each')
    parser.add_argument('--repeat', type=int, default=200,
                        help='timed decisions per run, at least')
    parser.add_argument('--duration', type=float, default=0,
                        help='seconds of timed decisions per run, at least '
                        '(make it several reload intervals to time the '
                        'decisions that overlap the background reads)')
    parser.add_argument('--reload-interval', type=int, default=10,
                        help='[filter_scheduler] host_state_reload_interval')
    parser.add_argument('--db-url', help='a database to fill (emptied '
                        'first!); default: SQLite in a temporary directory')
    parser.add_argument('--seed', type=int, default=1)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    for count in args.hosts:
        with tempfile.TemporaryDirectory() as tmp:
            url = args.db_url or 'sqlite:///' + os.path.join(
                tmp, 'bench.sqlite')
            result = run(count, args, url, rng)
        print('hosts=%d decisions=%d first_ms=%.0f cpu_median_ms=%.2f '
              'cpu_max_ms=%.2f refreshes=%d refresh_s=%.2f '
              'refresh_cpu_s=%.2f' % (
                  count, result['decisions'], result['first_ms'],
                  result['cpu_median_ms'], result['cpu_max_ms'],
                  result['refreshes'],
                  result['refresh_s'], result['refresh_cpu_s']))
        print('hosts=%d median_ms=%.2f p95_ms=%.2f p99_ms=%.2f '
              'max_ms=%.2f' % (count, result['median_ms'], result['p95_ms'],
                               result['p99_ms'], result['max_ms']))
        sys.stdout.flush()


if __name__ == '__main__':
    main()
