"""The machine's RabbitMQ and PostgreSQL for the integration tests, and
the small process and socket helpers they need.

- :class:`RabbitMQVhost` starts the broker if it is not running (no systemd:
  ``rabbitmq-server -detached``) and gives the test a vhost of its own.
- :class:`PostgreSQLDatabase` starts the cluster if need be
  (``pg_ctlcluster``) and gives the test a fresh database owned by the
  ``minova`` role.

Both servers are left running for the next test (as a system service
would be); everything a test creates in them is removed.
"""

import os
import secrets
import shutil
import socket
import subprocess
import time

import fixtures

DB_ROLE = 'minova'
DB_PASSWORD = 'minova'


class SetupError(Exception):
    """The machine cannot give the test what it needs; says what to do."""


def run(cmd, timeout=120, check=True):
    """Run ``cmd`` and return the CompletedProcess (text). With ``check``, a
    non-zero exit raises :class:`SetupError` with what it printed."""
    try:
        proc = subprocess.run(cmd, stdin=subprocess.DEVNULL,
                              capture_output=True, text=True, timeout=timeout)
    except subprocess.TimeoutExpired:
        raise SetupError('%s did not finish within %d s' % (' '.join(cmd),
                                                            timeout))
    if check and proc.returncode:
        raise SetupError('%s failed (exit %d): %s' % (
            ' '.join(cmd), proc.returncode,
            (proc.stderr.strip() or proc.stdout.strip())[-2000:]))
    return proc


def start_daemon(cmd):
    """Run a command that leaves a daemon behind. Its output goes nowhere:
    a pipe would be held open by the daemon and never reach end of file."""
    proc = subprocess.run(cmd, stdin=subprocess.DEVNULL,
                          stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                          start_new_session=True, timeout=120)
    return proc.returncode


def wait_until(predicate, timeout, interval=0.25):
    """Poll ``predicate`` until it returns something true (returned) or
    ``timeout`` seconds pass (then the last value is returned)."""
    deadline = time.monotonic() + timeout
    while True:
        value = predicate()
        if value or time.monotonic() >= deadline:
            return value
        time.sleep(interval)


def _listening(port):
    with socket.socket() as sock:
        sock.settimeout(2)
        return sock.connect_ex(('127.0.0.1', port)) == 0


def free_port():
    with socket.socket() as sock:
        sock.bind(('127.0.0.1', 0))
        return sock.getsockname()[1]


def _require(binary, package):
    if os.geteuid() != 0:
        raise SetupError('the integration tests run as root: they start '
                         'RabbitMQ and PostgreSQL and create users in them')
    if shutil.which(binary) is None:
        raise SetupError('%s not found: install the Debian package %s '
                         '(tools/run-tests.sh does)' % (binary, package))


# -- RabbitMQ ---------------------------------------------------------------


class RabbitMQ:
    """The machine's RabbitMQ broker, driven with rabbitmqctl."""

    PORT = 5672

    @staticmethod
    def ctl(*args, timeout=120, check=True):
        return run(['rabbitmqctl', '-q'] + list(args), timeout=timeout,
                   check=check)

    @classmethod
    def is_running(cls):
        # Cheaper than `rabbitmqctl status` (two seconds of Erlang start).
        return _listening(cls.PORT) and cls.ctl(
            'await_startup', '--timeout', '10', timeout=30,
            check=False).returncode == 0

    @classmethod
    def await_startup(cls, timeout=120):
        ok = wait_until(lambda: cls.ctl('await_startup', '--timeout', '10',
                                        timeout=30, check=False
                                        ).returncode == 0,
                        timeout, interval=1)
        if not ok:
            raise SetupError('RabbitMQ did not start within %d s; see '
                             '/var/log/rabbitmq/' % timeout)

    @classmethod
    def ensure_running(cls):
        _require('rabbitmq-server', 'rabbitmq-server')
        if cls.is_running():
            return
        start_daemon(['rabbitmq-server', '-detached'])
        cls.await_startup()

    @classmethod
    def restart_app(cls):
        """Stop and start the broker application: every connection drops,
        every non-durable queue is gone, the vhosts stay."""
        cls.ctl('stop_app')
        cls.ctl('start_app')
        cls.await_startup()


class RabbitMQVhost(fixtures.Fixture):
    """A vhost of its own on the running broker, for ``guest``."""

    def _setUp(self):
        RabbitMQ.ensure_running()
        self.vhost = 'minova_%s' % secrets.token_hex(4)
        RabbitMQ.ctl('add_vhost', self.vhost)
        self.addCleanup(RabbitMQ.ctl, 'delete_vhost', self.vhost,
                        check=False)
        RabbitMQ.ctl('set_permissions', '-p', self.vhost, 'guest', '.*', '.*',
                     '.*')
        # guest may log in only from the loopback address: fine here.
        self.url = 'rabbit://guest:guest@127.0.0.1:%d/%s' % (RabbitMQ.PORT,
                                                             self.vhost)


# -- PostgreSQL -------------------------------------------------------------


class PostgreSQL:
    """The machine's PostgreSQL cluster (Debian's pg_* wrappers)."""

    @staticmethod
    def clusters():
        """``[(version, name, port, status)]`` from pg_lsclusters."""
        out = run(['pg_lsclusters', '-h']).stdout
        return [(f[0], f[1], int(f[2]), f[3])
                for f in (line.split() for line in out.splitlines()) if f]

    @classmethod
    def ensure_running(cls):
        """Start (or create) a cluster and the minova role; return its port."""
        _require('pg_ctlcluster', 'postgresql')
        clusters = cls.clusters()
        if not clusters:
            versions = sorted(os.listdir('/usr/lib/postgresql'),
                              key=lambda v: float(v))
            run(['pg_createcluster', versions[-1], 'main'])
            clusters = cls.clusters()
        version, name, port, status = clusters[0]
        if status != 'online':
            start_daemon(['pg_ctlcluster', version, name, 'start'])
        cls.port = port
        if not wait_until(lambda: cls.psql('SELECT 1', check=False)
                          .returncode == 0, 60, interval=0.5):
            raise SetupError('PostgreSQL %s/%s did not start; see '
                             '/var/log/postgresql/' % (version, name))
        cls.psql("DO $$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE "
                 "rolname = '%s') THEN CREATE ROLE %s LOGIN PASSWORD '%s'; "
                 "END IF; END $$" % (DB_ROLE, DB_ROLE, DB_PASSWORD))
        return port

    @classmethod
    def restart(cls):
        """Stop the cluster (fast: every connection cut) and start it."""
        version, name, _port, _status = cls.clusters()[0]
        run(['pg_ctlcluster', version, name, 'stop', '-m', 'fast'])
        start_daemon(['pg_ctlcluster', version, name, 'start'])
        if not wait_until(lambda: cls.psql('SELECT 1', check=False)
                          .returncode == 0, 60, interval=0.5):
            raise SetupError('PostgreSQL %s/%s did not come back' % (
                version, name))

    @classmethod
    def psql(cls, sql, check=True):
        return run(['runuser', '-u', 'postgres', '--', 'psql', '-X', '-q',
                    '-v', 'ON_ERROR_STOP=1', '-p', str(cls.port), '-Atc',
                    sql], check=check)


class PostgreSQLDatabase(fixtures.Fixture):
    """A fresh database owned by the minova role; ``url`` for SQLAlchemy."""

    def _setUp(self):
        port = PostgreSQL.ensure_running()
        self.name = 'minova_%s' % secrets.token_hex(4)
        PostgreSQL.psql('CREATE DATABASE %s OWNER %s' % (self.name, DB_ROLE))
        self.addCleanup(PostgreSQL.psql, 'DROP DATABASE IF EXISTS %s '
                        'WITH (FORCE)' % self.name, check=False)
        self.url = 'postgresql+psycopg2://%s:%s@127.0.0.1:%d/%s' % (
            DB_ROLE, DB_PASSWORD, port, self.name)

    def query(self, sql):
        """Rows of ``sql`` as lists of strings (psql's unaligned output)."""
        out = run(['runuser', '-u', 'postgres', '--', 'psql', '-X', '-q',
                   '-v', 'ON_ERROR_STOP=1', '-p', str(PostgreSQL.port),
                   '-d', self.name, '-At', '-F', '\t', '-c', sql]).stdout
        return [line.split('\t') for line in out.splitlines()]
