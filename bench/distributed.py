#!/usr/bin/env python3
"""Boot benchmark on a distributed minova, with the CPU each process spent.

Starts a deployment with tools/deploy.py in a temporary directory (ten fake
computes by default; or uses the running one of ``--dir``), runs
bench/boot.py's boot phase against it, and reads the CPU time (utime +
stime of /proc/PID/stat, children included) of every minova process,
RabbitMQ's beam.smp and PostgreSQL's postmaster with its backends before
and after the boot phase (the deletes that follow are not counted):

    .venv/bin/python bench/distributed.py -n 100 -c 10

It prints the CPU milliseconds per boot of each process, then the last
line ``servers_per_s=X p50_s=Y p95_s=Z errors=E cpu_ms_per_boot=C``, C
the sum over all of them. RabbitMQ and PostgreSQL are the machine's: what
other users of them do on the machine meanwhile is counted too.
"""

import glob
import json
import os
import subprocess
import sys
import tempfile

import boot

HERE = os.path.dirname(os.path.abspath(__file__))
DEPLOY = os.path.join(os.path.dirname(HERE), 'tools', 'deploy.py')
TICKS = os.sysconf('SC_CLK_TCK')
#: What bench/minova-all-bench.conf sets for the all-in-one, for every
#: service here.
SETTINGS = ('quota.instances=-1', 'quota.cores=-1', 'quota.ram=-1',
            'filter_scheduler.host_subset_size=3')


def stat(pid):
    """``(comm, ppid, cpu seconds of it and its reaped children)``, or None
    when the process is gone."""
    try:
        with open('/proc/%d/stat' % pid) as f:
            data = f.read()
    except OSError:
        return None
    comm = data[data.index('(') + 1:data.rindex(')')]
    fields = data[data.rindex(')') + 2:].split()
    # fields[0] is field 3 (state): utime..cstime are fields 14 to 17.
    return comm, int(fields[1]), sum(map(int, fields[11:15])) / TICKS


def all_stats():
    found = {}
    for entry in os.listdir('/proc'):
        if entry.isdigit():
            info = stat(int(entry))
            if info:
                found[int(entry)] = info
    return found


def cpu_by_process(run_dir):
    """``{label: cpu seconds}``: each minova service (by its pid file), all
    of RabbitMQ's beam.smp, PostgreSQL's postmaster and its children."""
    stats = all_stats()
    cpu = {}
    for pid_file in sorted(glob.glob(os.path.join(run_dir, '*.pid'))):
        with open(pid_file) as f:
            pid = int(f.read())
        if pid in stats:
            cpu['minova-' + os.path.basename(pid_file)[:-4]] = stats[pid][2]
    cpu['rabbitmq (beam.smp)'] = sum(
        s[2] for s in stats.values() if s[0] == 'beam.smp')
    postmasters = {pid for pid, s in stats.items() if s[0] == 'postgres'
                   and stats.get(s[1], ('',))[0] != 'postgres'}
    # A backend that exits during the run is counted in its postmaster's
    # children's time; one alive at the end, by itself.
    cpu['postgresql (postmaster+backends)'] = sum(
        s[2] for pid, s in stats.items()
        if pid in postmasters or s[1] in postmasters)
    return cpu


def up(directory, computes):
    subprocess.run([sys.executable, DEPLOY, 'up', '--dir', directory,
                    '--computes', str(computes)] +
                   ['--set=' + s for s in SETTINGS], check=True,
                   stdout=subprocess.DEVNULL)


def down(directory):
    subprocess.run([sys.executable, DEPLOY, 'down', '--purge', '--dir',
                    directory], check=False, stdout=subprocess.DEVNULL)


def main():
    parser = boot.build_parser()
    parser.description = __doc__.splitlines()[0]
    for action in parser._actions:
        if action.dest in ('url', 'token'):
            action.required = False
    parser.add_argument('--dir', help='a running deployment of '
                        'tools/deploy.py (default: start one, then stop it)')
    parser.add_argument('--computes', type=int, default=10,
                        help='fake computes of the deployment started')
    args = parser.parse_args()
    own = args.dir is None
    directory = args.dir or tempfile.mkdtemp(prefix='minova-distributed-')
    if own:
        up(directory, args.computes)
    try:
        with open(os.path.join(directory, 'deployment.json')) as f:
            port = json.load(f)['api_port']
        args.url = args.url or 'http://127.0.0.1:%d/v2.1' % port
        args.token = args.token or 'admin:admin'
        before = cpu_by_process(os.path.join(directory, 'run'))
        results, seconds, watcher = boot.boot_phase(args)
        after = cpu_by_process(os.path.join(directory, 'run'))
        delete_errors = boot.delete_phase(args, results)
    finally:
        if own:
            down(directory)
    last = boot.report(args, results, seconds, watcher, delete_errors)
    total = 0.0
    for label in sorted(after):
        ms = (after[label] - before.get(label, 0.0)) * 1000 / args.n
        total += ms
        print('%-36s %8.2f cpu_ms/boot' % (label, ms))
    print('%s cpu_ms_per_boot=%.1f' % (last, total))


if __name__ == '__main__':
    main()
