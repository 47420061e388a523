#!/usr/bin/env python3
"""Scheduler benchmark: one decision for one instance over N hosts.

Writes N synthetic compute nodes with their compute services to a fresh
database (SQLite in a temporary directory, or ``--db-url``), builds the
FilterScheduler with the default filters and weighers, and times
``select_destinations`` for one instance, ``--repeat`` times: the code path
of a real request minus the bus (read the changes since the last request,
filter, weigh, claim). The claim is released after each timed call, outside
the timing, so every decision sees the same cloud. The first call, which
reads every host, is not timed: it happens once per
``[filter_scheduler] host_state_reload_interval``.

The hosts differ (4–64 CPUs, 8–512 GB RAM, some full, some disabled, some
down), so every filter removes some and the weighers have work to do.

    python3 bench/scheduler.py --hosts 100 1000 10000

prints one line per N; the last line is ``hosts=N median_ms=X p95_ms=Y``
for the last N.
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


def run(count, repeat, db_url, rng):
    conf = config.new_conf()
    conf([], project='minova')
    conf.set_override('connection', db_url, group='database')
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
    spec = request()

    def decide():
        instance = uuidutils.generate_uuid()
        started = time.perf_counter()
        scheduler.select_destinations(None, spec, [instance])
        elapsed = time.perf_counter() - started
        allocations.release(instance)
        return elapsed * 1000

    decide()    # the full read
    times = sorted(decide() for _ in range(repeat))
    session.reset()
    return statistics.median(times), times[int(0.95 * (len(times) - 1))]


def main():
    parser = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    parser.add_argument('--hosts', type=int, nargs='+', default=[10000],
                        help='number(s) of hosts, one run each')
    parser.add_argument('--repeat', type=int, default=200,
                        help='timed decisions per run')
    parser.add_argument('--db-url', help='a database to fill (emptied '
                        'first!); default: SQLite in a temporary directory')
    parser.add_argument('--seed', type=int, default=1)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    for count in args.hosts:
        with tempfile.TemporaryDirectory() as tmp:
            url = args.db_url or 'sqlite:///' + os.path.join(
                tmp, 'bench.sqlite')
            median, p95 = run(count, args.repeat, url, rng)
        print('hosts=%d median_ms=%.2f p95_ms=%.2f' % (count, median, p95))
        sys.stdout.flush()


if __name__ == '__main__':
    main()
