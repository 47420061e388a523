#!/usr/bin/env python3
"""A distributed minova on one machine: each service its own process, over
the system's RabbitMQ and PostgreSQL (run as root; Debian's
rabbitmq-server and postgresql packages).

    .venv/bin/python tools/deploy.py up --dir /tmp/cloud --computes 2
    .venv/bin/python tools/deploy.py status --dir /tmp/cloud
    .venv/bin/python tools/deploy.py add-compute --dir /tmp/cloud compute3
    .venv/bin/python tools/deploy.py down --dir /tmp/cloud --purge

``up`` gives the deployment a RabbitMQ vhost and user and a PostgreSQL
database and role of its own, writes DIR/etc/*.conf from etc/minova's
examples, syncs the database, registers the default flavors and a small
image (``minova-manage flavor bootstrap``, ``image bootstrap``), starts
minova-conductor, -scheduler, -api (noauth2, on 127.0.0.1) and the
computes (fake driver) with logs in DIR/log and pid files in DIR/run, and
waits until the API answers and every compute has reported its hypervisor.
``down`` stops the processes by their pid files; ``--purge`` also drops the
vhost, the database and DIR/state. See doc/source/deployment.rst.
"""

import argparse
import glob
import json
import os
import secrets
import shutil
import sys
import urllib.error
import urllib.request

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
# This tree's minova, for the tool and for the services it starts.
sys.path.insert(0, REPO)
os.environ['PYTHONPATH'] = os.pathsep.join(
    [REPO] + [p for p in os.environ.get('PYTHONPATH', '').split(os.pathsep)
              if p])

from minova.deployment.bus_and_database import PostgreSQL  # noqa: E402
from minova.deployment.bus_and_database import RabbitMQ  # noqa: E402
from minova.deployment import config_files  # noqa: E402
from minova.deployment import processes  # noqa: E402

CONTROLLER = 'controller'
TOKEN = 'admin:admin'
STATE_FILE = 'deployment.json'


class Deployment:
    """The files of a deployment under ``root``: etc/, log/, run/, state/
    and deployment.json (its vhost, database and passwords)."""

    def __init__(self, root):
        self.root = os.path.abspath(root)
        self.state = {}

    def path(self, *parts):
        return os.path.join(self.root, *parts)

    def load(self):
        try:
            with open(self.path(STATE_FILE)) as f:
                self.state = json.load(f)
        except FileNotFoundError:
            sys.exit('deploy.py: no deployment in %s (no %s)' % (
                self.root, STATE_FILE))
        return self

    def save(self):
        fd = os.open(self.path(STATE_FILE),
                     os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, 'w') as f:
            json.dump(self.state, f, indent=2)

    @property
    def api_url(self):
        return 'http://127.0.0.1:%d' % self.state['api_port']

    def config_files(self, service):
        """The files ``service`` (api, conductor, ..., compute-HOST) reads."""
        return [self.path('etc', config_files.SHARED),
                self.path('etc', 'minova-%s.conf' % service)]

    def pids(self):
        """``{name: pid}`` of the pid files in run/."""
        found = {}
        for pid_file in sorted(glob.glob(self.path('run', '*.pid'))):
            pid = processes.read_pid(pid_file)
            if pid:
                found[os.path.basename(pid_file)[:-4]] = pid
        return found

    # -- configuration --------------------------------------------------

    def write_configs(self, settings):
        s = self.state
        shared = {'DEFAULT': {
            'transport_url': RabbitMQ.url(s['name'], s['name'],
                                          s['rabbit_password']),
            'state_path': self.path('state'),
            'report_interval': 2, 'service_down_time': 10},
            'image': {'local_image_dir': self.path('state', 'images')},
            # Below service_down_time, or the scheduler refuses to start.
            'filter_scheduler': {'host_state_reload_interval': 3}}
        for section, options in settings.items():
            shared.setdefault(section, {}).update(options)
        config_files.write(self.path('etc', config_files.SHARED),
                           config_files.SHARED, shared)
        database = {'connection': PostgreSQL.url(
            s['name'], s['name'], s['db_password'])}
        config_files.write(self.path('etc', 'minova-api.conf'),
                           'minova-api.conf', {
                               'DEFAULT': {
                                   'osapi_compute_listen': '127.0.0.1',
                                   'osapi_compute_listen_port':
                                       s['api_port'],
                                   'host': CONTROLLER},
                               'api': {'auth_strategy': 'noauth2'},
                               'database': database})
        for service in ('conductor', 'scheduler'):
            config_files.write(
                self.path('etc', 'minova-%s.conf' % service),
                'minova-%s.conf' % service,
                {'DEFAULT': {'host': CONTROLLER}, 'database': database})

    def write_compute_config(self, host):
        config_files.write(
            self.path('etc', 'minova-compute-%s.conf' % host),
            'minova-compute.conf', {'DEFAULT': {
                'host': host, 'compute_driver': 'fake.FakeDriver',
                'state_path': self.path('state', host)}})

    # -- processes --------------------------------------------------------

    def manage(self, *args):
        return processes.run(
            processes.command('minova-manage') + [
                a for f in self.config_files('api')
                for a in ('--config-file', f)] + list(args))

    def start(self, name, prog, service=None):
        popen = processes.spawn(prog, self.config_files(service or name),
                                self.path('log', '%s.log' % name))
        with open(self.path('run', '%s.pid' % name), 'w') as f:
            f.write('%d\n' % popen.pid)
        return popen

    def log_tail(self, name, lines=15):
        try:
            with open(self.path('log', '%s.log' % name),
                      errors='replace') as f:
                return ''.join(f.readlines()[-lines:])
        except OSError:
            return ''

    def api(self, path):
        """The decoded answer of an admin GET, or None if it fails."""
        request = urllib.request.Request(
            self.api_url + '/v2.1' + path,
            headers={'X-Auth-Token': TOKEN, 'Accept': 'application/json'})
        try:
            with urllib.request.urlopen(request, timeout=10) as response:
                return json.loads(response.read())
        except (OSError, ValueError):
            return None

    def hypervisors_up(self):
        body = self.api('/os-hypervisors/detail') or {}
        return {h['hypervisor_hostname'] for h in body.get('hypervisors', ())
                if h.get('state') == 'up'}

    def wait_for(self, what, predicate, timeout, service):
        if not processes.wait_until(predicate, timeout, interval=0.5):
            raise processes.SetupError('%s after %d s; the end of %s:\n%s' % (
                what, timeout, self.path('log', service + '.log'),
                self.log_tail(service)))


def up(args):
    dep = Deployment(args.dir)
    if os.path.exists(dep.path(STATE_FILE)):
        sys.exit('deploy.py: %s holds a deployment: "down --purge" it first'
                 % dep.root)
    try:
        settings = config_files.parse_settings(
            args.set + ['osapi_compute_workers=%d' % args.api_workers])
    except ValueError as e:
        sys.exit('deploy.py: --set %s' % e)
    try:
        import psycopg2  # noqa: F401  (the services' PostgreSQL driver)
    except ImportError:
        sys.exit("deploy.py: psycopg2 is missing, which the services need "
                 "for PostgreSQL: pip install -e '.[postgresql]' in this "
                 "venv (%s)" % sys.prefix)
    for sub in ('etc', 'log', 'run', 'state'):
        os.makedirs(dep.path(sub), exist_ok=True)
    RabbitMQ.ensure_running()
    PostgreSQL.ensure_running()
    port = args.api_port or processes.free_port()
    if processes.listening(port):
        sys.exit('deploy.py: port %d is taken: --api-port another' % port)
    name = 'minova_%s' % secrets.token_hex(4)
    dep.state = {'name': name, 'rabbit_password': secrets.token_hex(16),
                 'db_password': secrets.token_hex(16), 'api_port': port,
                 'computes': ['compute%d' % n
                              for n in range(1, args.computes + 1)]}
    dep.save()
    try:
        RabbitMQ.add_vhost(name, name, dep.state['rabbit_password'])
        PostgreSQL.create_role(name, dep.state['db_password'])
        PostgreSQL.create_database(name, owner=name)
        dep.write_configs(settings)
        for host in dep.state['computes']:
            dep.write_compute_config(host)
        for command in (('db', 'sync'), ('flavor', 'bootstrap'),
                        ('image', 'bootstrap')):
            print(dep.manage(*command).stdout.strip().splitlines()[-1])
        start_services(dep, args.conductors, args.schedulers)
    except (processes.SetupError, KeyboardInterrupt) as e:
        down_deployment(dep, purge=True)
        sys.exit('deploy.py: %s\n(stopped and removed; logs in %s)' % (
            e, dep.path('log')))
    print_usage(dep)


def start_services(dep, conductors, schedulers):
    for number in range(1, conductors + 1):
        dep.start(_numbered('conductor', number), 'minova-conductor',
                  'conductor')
    # A compute's first call, published before the conductor declared its
    # queue, would be dropped by the broker.
    dep.wait_for('no conductor queue', lambda: 'conductor' in
                 RabbitMQ.queues(dep.state['name']), 60, 'conductor')
    for number in range(1, schedulers + 1):
        dep.start(_numbered('scheduler', number), 'minova-scheduler',
                  'scheduler')
    dep.start('api', 'minova-api')
    for host in dep.state['computes']:
        dep.start('compute-%s' % host, 'minova-compute')
    dep.wait_for('minova-api does not answer on %s' % dep.api_url,
                 lambda: dep.api('/') is not None, 60, 'api')
    wanted = set(dep.state['computes'])
    dep.wait_for('not every compute reported its hypervisor',
                 lambda: wanted <= dep.hypervisors_up(), 60,
                 'compute-' + sorted(wanted)[-1])


def _numbered(service, number):
    return service if number == 1 else '%s-%d' % (service, number)


def print_usage(dep):
    url = dep.api_url
    print('minova is up in %s (logs in log/, pid files in run/)\n'
          '  compute API: %s/v2.1 (noauth2: X-Auth-Token: %s)\n'
          '  minova-manage --config-file %s --config-file %s service list\n'
          'For the openstack CLI (doc/source/api.rst):\n'
          '  export OS_AUTH_TYPE=admin_token OS_TOKEN=%s '
          'OS_ENDPOINT=%s/v2.1 \\\n'
          '    OS_IDENTITY_ENDPOINT_OVERRIDE=%s/v2.1 '
          'OS_IDENTITY_API_VERSION=3 \\\n'
          '    OS_IMAGE_ENDPOINT_OVERRIDE=%s/image'
          % ((dep.root, url, TOKEN) + tuple(dep.config_files('api'))
             + (TOKEN, url, url, url)))


def add_compute(args):
    dep = Deployment(args.dir).load()
    host = args.host
    if host in dep.state['computes']:
        sys.exit('deploy.py: %s is a compute of this deployment already'
                 % host)
    dep.write_compute_config(host)
    dep.start('compute-%s' % host, 'minova-compute')
    dep.state['computes'].append(host)
    dep.save()
    try:
        dep.wait_for('%s did not report its hypervisor' % host,
                     lambda: host in dep.hypervisors_up(), 60,
                     'compute-' + host)
    except processes.SetupError as e:
        sys.exit('deploy.py: %s' % e)
    print('%s is up' % host)


def status(args):
    dep = Deployment(args.dir).load()
    for name, pid in dep.pids().items():
        print('%-20s pid %-8d %s' % (name, pid, 'running' if
                                     processes.is_minova_process(pid)
                                     else 'NOT RUNNING'))
    print('compute API %s: %s' % (dep.api_url, 'answers'
                                  if dep.api('/') is not None
                                  else 'DOES NOT ANSWER'))
    try:
        print(dep.manage('service', 'list').stdout.rstrip())
    except processes.SetupError as e:
        print(e)


def down_deployment(dep, purge):
    pids = dep.pids()
    killed = processes.stop_pids(pids.values())
    for name, pid in pids.items():
        os.unlink(dep.path('run', '%s.pid' % name))
        if pid in killed:
            print('%s (pid %d) did not stop on SIGTERM: killed' % (name, pid))
    if purge:
        name = dep.state['name']
        RabbitMQ.delete_vhost(name, user=name)
        PostgreSQL.ensure_running()
        PostgreSQL.drop_database(name, role=name)
        shutil.rmtree(dep.path('state'), ignore_errors=True)
        os.unlink(dep.path(STATE_FILE))
    return pids


def down(args):
    dep = Deployment(args.dir).load()
    pids = down_deployment(dep, args.purge)
    print('stopped %d processes%s' % (
        len(pids), '; vhost, database and state removed' if args.purge
        else ''))


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    commands = parser.add_subparsers(dest='command', required=True)
    for name, func, text in (
            ('up', up, 'start a deployment'),
            ('down', down, 'stop its processes'),
            ('status', status, 'show its processes and services'),
            ('add-compute', add_compute, 'start one more compute')):
        sub = commands.add_parser(name, help=text)
        sub.set_defaults(func=func)
        sub.add_argument('--dir', required=True,
                         help='the deployment\'s directory')
    up_parser = commands.choices['up']
    up_parser.add_argument('--computes', type=int, default=1,
                           help='compute processes (hosts compute1...)')
    up_parser.add_argument('--conductors', type=int, default=1)
    up_parser.add_argument('--schedulers', type=int, default=1)
    up_parser.add_argument('--api-workers', type=int, default=1,
                           help='minova-api processes, all on its port '
                           '([DEFAULT] osapi_compute_workers)')
    up_parser.add_argument('--api-port', type=int, default=0,
                           help='default: a free port')
    up_parser.add_argument('--set', action='append', default=[],
                           metavar='SECTION.OPTION=VALUE',
                           help='an option for every service (minova.conf)')
    commands.choices['down'].add_argument(
        '--purge', action='store_true',
        help='also drop the vhost, the database and DIR/state')
    commands.choices['add-compute'].add_argument('host')
    args = parser.parse_args(argv)
    try:
        args.func(args)
    except processes.SetupError as e:
        sys.exit('deploy.py: %s' % e)


if __name__ == '__main__':
    main()
