"""A distributed minova on one machine: real RabbitMQ, real PostgreSQL, and
every service as its own OS process.

- :class:`RabbitMQVhost` and :class:`PostgreSQLDatabase`
  (:mod:`.bus_and_database`, re-exported here) give the test a vhost and
  a database of its own on the machine's broker and cluster.
- :class:`DistributedCloud` writes the config files, runs
  ``minova-manage db sync`` and starts ``minova-conductor``,
  ``minova-scheduler`` and one ``minova-compute`` per host, each with its own
  log file, and ``minova-api`` on a free port of 127.0.0.1 (noauth2). The
  computes get a ``[database] connection`` that cannot work, so a compute
  that touched the database would fail.

The broker and the database server are left running for the next test (as a
system service would be); everything a test creates in them is removed, and
every process it starts is stopped by its pid.
"""

import datetime
import json
import os
import signal
import subprocess
import time
import urllib.error
import urllib.request

import fixtures
from testtools import content

from minova.deployment import config_files
from minova.deployment import processes
from minova.deployment.bus_and_database import (  # noqa: F401
    PostgreSQL, RabbitMQ)
from minova.deployment.processes import (  # noqa: F401
    command, free_port, listening as _listening, run, SetupError, spawn,
    start_daemon, wait_until)
from minova.tests.integration.bus_and_database import (  # noqa: F401
    PostgreSQLDatabase, RabbitMQVhost)

REPORT_INTERVAL = 1
SERVICE_DOWN_TIME = 6
PERIODIC_INTERVAL = 2

# What a compute gets as [database] connection: nothing listens on port 1.
UNUSABLE_DATABASE = 'postgresql://nobody@127.0.0.1:1/none'


def compute_request(port, method, path, body=None):
    """The decoded JSON answer of one admin request to the compute API of
    a minova on 127.0.0.1:``port`` (an HTTP error raises)."""
    request = urllib.request.Request(
        'http://127.0.0.1:%d/v2.1%s' % (port, path), method=method,
        data=None if body is None else json.dumps(body).encode(),
        headers={'X-Auth-Token': 'admin:admin',
                 'Content-Type': 'application/json'})
    with urllib.request.urlopen(request, timeout=30) as response:
        return json.loads(response.read() or b'null')


# -- minova's services ------------------------------------------------------


class ServiceProcess:
    """One console script running as its own process, logging to a file."""

    def __init__(self, prog, config_file, log_file):
        self.prog = prog
        self.config_file = config_file
        self.log_file = log_file
        self.popen = None

    def start(self):
        self.popen = spawn(self.prog, [self.config_file], self.log_file)
        return self

    @property
    def pid(self):
        return self.popen.pid

    @property
    def alive(self):
        return self.popen is not None and self.popen.poll() is None

    def send(self, signum):
        self.popen.send_signal(signum)

    def wait(self, timeout):
        """The exit status, or None if still running after ``timeout`` s."""
        try:
            return self.popen.wait(timeout)
        except subprocess.TimeoutExpired:
            return None

    def terminate(self):
        if self.alive:
            self.send(signal.SIGTERM)

    def stop(self):
        """SIGTERM, then SIGKILL if it does not go within 15 s."""
        if not self.alive:
            return
        self.send(signal.SIGTERM)
        if self.wait(15) is None:
            self.send(signal.SIGKILL)
            self.wait(15)

    def log(self, lines=200):
        try:
            with open(self.log_file, errors='replace') as f:
                return ''.join(f.readlines()[-lines:])
        except OSError:
            return ''


def parse_table(text):
    """Rows of a ``+---+`` table as printed by minova-manage, as dicts."""
    rows = [[cell.strip() for cell in line.strip().strip('|').split('|')]
            for line in text.splitlines() if line.startswith('|')]
    if not rows:
        return []
    header = rows[0]
    return [dict(zip(header, row)) for row in rows[1:]]


class DistributedCloud(fixtures.Fixture):
    """api, conductor, scheduler and computes as processes over RabbitMQ and
    PostgreSQL. ``services`` maps a name (``api``, ``conductor``,
    ``scheduler``, ``compute:<host>``) to its :class:`ServiceProcess`.

    ``config`` is added to every service's config file,
    ``scheduler_config`` to the schedulers' only. With ``schedulers`` > 1,
    the others are ``scheduler2``, ... on hosts ``controller2``, ...: all
    take requests from the one ``scheduler`` queue, as several scheduler
    workers of a cloud do.

    ``api_workers``, ``conductor_workers`` and ``scheduler_workers`` set
    ``[DEFAULT] osapi_compute_workers``, ``[conductor] workers`` and
    ``[scheduler] workers``: each of those services is then a parent
    process with that many children.
    """

    CONTROLLER = 'controller'

    def __init__(self, compute_hosts=('compute1', 'compute2'), config='',
                 computes_first=False, schedulers=1, scheduler_config='',
                 api_workers=1, conductor_workers=1, scheduler_workers=1):
        super().__init__()
        self.workers_config = (
            '[DEFAULT]\nosapi_compute_workers = %d\n'
            '[conductor]\nworkers = %d\n[scheduler]\nworkers = %d\n' % (
                api_workers, conductor_workers, scheduler_workers))
        self.compute_hosts = compute_hosts
        self.extra_config = config
        self.computes_first = computes_first
        self.schedulers = schedulers
        self.scheduler_config = scheduler_config

    def _setUp(self):
        self.tmp = self.useFixture(fixtures.TempDir()).path
        self.services = {}
        self._logs = {}
        vhost = self.useFixture(RabbitMQVhost())
        self.vhost, self.transport_url = vhost.vhost, vhost.url
        self.database = self.useFixture(PostgreSQLDatabase())
        self.database_url = self.database.url
        self.api_port = free_port()
        self.api_url = 'http://127.0.0.1:%d' % self.api_port
        self.config_file = self.write_config(
            'controller', self.CONTROLLER, self.database_url,
            extra='[DEFAULT]\n'
                  'osapi_compute_listen = 127.0.0.1\n'
                  'osapi_compute_listen_port = %d\n'
                  '[api]\nauth_strategy = noauth2\n' % self.api_port +
                  self.workers_config)
        self.manage('db', 'sync')
        # Stop the processes before their vhost and database go.
        self.addCleanup(self._stop_all)
        if self.computes_first:
            self.start_computes()
            # Long enough for their first call to the conductor to be lost.
            time.sleep(3)
            self.start_controller()
        else:
            self.start_controller()
            # A call published before the conductor declared its queue is
            # dropped by the broker: start the computes after that.
            self.wait_for_queue('conductor', 30)
            self.start_computes()
        self.wait_for_api(30)

    def start_controller(self):
        self.start_service('conductor', 'minova-conductor', self.config_file)
        for number in range(1, self.schedulers + 1):
            suffix = '' if number == 1 else str(number)
            self.start_service(
                'scheduler' + suffix, 'minova-scheduler', self.write_config(
                    'scheduler' + suffix, self.CONTROLLER + suffix,
                    self.database_url,
                    extra=self.workers_config + self.scheduler_config))
        self.start_service('api', 'minova-api', self.config_file)

    def start_computes(self):
        for host in self.compute_hosts:
            self.start_service(
                'compute:%s' % host, 'minova-compute',
                self.write_config('compute-%s' % host, host,
                                  UNUSABLE_DATABASE))

    def children(self, name):
        """The pids of the worker processes of service ``name``."""
        return processes.child_pids(self.services[name].pid)

    def consumers(self):
        """``{queue: number of consumers}`` in this cloud's vhost."""
        return {name: int(count) for name, count in (
            line.split() for line in RabbitMQ.ctl(
                'list_queues', '-p', self.vhost, '--no-table-headers',
                'name', 'consumers').stdout.splitlines() if line.strip())}

    def queues(self):
        return RabbitMQ.queues(self.vhost)

    def wait_for_queue(self, name, timeout):
        if not wait_until(lambda: name in self.queues(), timeout,
                          interval=0.5):
            raise SetupError('no queue %r in vhost %s after %d s: %s' % (
                name, self.vhost, timeout, self.services['conductor'].log(20)))

    def api_request(self, path, method='GET', body=None, token='admin:admin',
                    headers=None):
        """``(status, decoded JSON body or text)`` of one API request."""
        request = urllib.request.Request(
            self.api_url + path, method=method,
            data=None if body is None else json.dumps(body).encode(),
            headers=dict({'X-Auth-Token': token,
                          'Content-Type': 'application/json'},
                         **(headers or {})))
        try:
            with urllib.request.urlopen(request, timeout=30) as response:
                status, data = response.status, response.read()
        except urllib.error.HTTPError as e:
            status, data = e.code, e.read()
        try:
            return status, json.loads(data)
        except ValueError:
            return status, data.decode(errors='replace')

    def wait_for_api(self, timeout):
        def answers():
            try:
                return self.api_request('/')[0] in (200, 300)
            except OSError:
                return False
        if not wait_until(answers, timeout, interval=0.25):
            raise SetupError('minova-api does not answer on %s after %d s: %s'
                             % (self.api_url, timeout,
                                self.services['api'].log(20)))

    def _stop_all(self):
        # Together, so that stopping five processes takes as long as one.
        services = list(self.services.values())
        for service in services:
            service.terminate()
        deadline = time.monotonic() + 15
        for service in services:
            if service.wait(max(0.1, deadline - time.monotonic())) is None:
                service.stop()
        for name, service in self.services.items():
            self._logs[name] = service.log()

    def write_config(self, name, host, database_url, extra=''):
        """One service's config file, written as tools/deploy.py writes
        them; ``extra`` (and the fixture's ``config``) come after, so they
        win."""
        values = {
            'DEFAULT': {
                'host': host,
                'state_path': os.path.join(self.tmp, 'state-' + name),
                'transport_url': self.transport_url,
                'compute_driver': 'fake.FakeDriver',
                'report_interval': REPORT_INTERVAL,
                'service_down_time': SERVICE_DOWN_TIME,
                'periodic_interval': PERIODIC_INTERVAL,
                'graceful_shutdown_timeout': 10},
            # Under the short service_down_time, or the scheduler refuses
            # to start.
            'filter_scheduler': {
                'host_state_reload_interval': SERVICE_DOWN_TIME // 3},
            'database': {'connection': database_url}}
        path = os.path.join(self.tmp, '%s.conf' % name)
        with open(path, 'w') as f:
            f.write(config_files.render('', values))
            f.write('%s\n%s\n' % (self.extra_config, extra))
        return path

    def start_service(self, name, prog, config_file):
        log_file = os.path.join(self.tmp, '%s.log' % name.replace(':', '-'))
        service = ServiceProcess(prog, config_file, log_file).start()
        self.services[name] = service
        # A failing test shows the end of every service's log.
        self.addDetail('%s.log' % name.replace(':', '-'), content.Content(
            content.UTF8_TEXT, lambda: [self._log_text(name).encode()]))
        return service

    def _log_text(self, name):
        if name in self._logs:
            return self._logs[name]
        return self.services[name].log()

    def manage(self, *args, check=True):
        return run(command('minova-manage') + ['--config-file',
                                               self.config_file] + list(args),
                   check=check)

    def register_image(self):
        """The small image minova-all registers, written to this cloud's
        database from the test's process (there is no image upload API);
        its id."""
        from minova import context as minova_context
        from minova.db import session
        from minova.image import local as local_image
        from minova.tests import fixtures as minova_fixtures
        conf = self.useFixture(minova_fixtures.ConfFixture()).conf
        conf.set_override('connection', self.database_url, group='database')
        session.reset()
        self.addCleanup(session.reset)
        session.configure(conf)
        return local_image.bootstrap(conf,
                                     minova_context.get_admin_context())

    def service_list(self):
        """The rows of ``minova-manage service list``."""
        return parse_table(self.manage('service', 'list').stdout)

    def states(self):
        """``{name: (state, updated_at)}`` per service, named as in
        ``services``."""
        result = {}
        for row in self.service_list():
            binary, host = row['Binary'], row['Host']
            name = ('compute:%s' % host if binary == 'minova-compute'
                    else binary.replace('minova-', '') +
                    host[len(self.CONTROLLER):])
            updated = None
            if row.get('Updated At', '-') not in ('-', ''):
                updated = datetime.datetime.strptime(row['Updated At'],
                                                     '%Y-%m-%dT%H:%M:%S')
            result[name] = (row['State'], updated)
        return result

    def wait_for_states(self, expected, timeout, since=None):
        """Wait until each service named in ``expected`` shows its state
        (``'up'``/``'down'``) and, with ``since`` (naive UTC), heartbeated
        after it. Returns the last :meth:`states`."""
        last = {}

        def done():
            last.clear()
            last.update(self.states())
            for name, state in expected.items():
                got, updated = last.get(name, (None, None))
                if got != state:
                    return False
                if since is not None and (updated is None or
                                          updated < since):
                    return False
            return True
        wait_until(done, timeout, interval=0.5)
        return last
