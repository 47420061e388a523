"""The machine's RabbitMQ and PostgreSQL, as a deployment and the
integration tests use them.

- :class:`RabbitMQ` starts the broker if it is not running (no systemd:
  ``rabbitmq-server -detached``) and makes a vhost, with a user of its own
  when asked.
- :class:`PostgreSQL` starts the cluster if need be (``pg_ctlcluster``, or
  ``pg_createcluster`` on a machine with none) and makes a database owned
  by a role.

Both servers are left running when a deployment goes (as system services
would be); what it made in them is removed on request.
"""

import os
import shutil

from minova.deployment.processes import listening
from minova.deployment.processes import run
from minova.deployment.processes import SetupError
from minova.deployment.processes import start_daemon
from minova.deployment.processes import wait_until

#: The role the integration tests' databases belong to.
DB_ROLE = 'minova'
DB_PASSWORD = 'minova'


def require(binary, package):
    """Fail with what to install unless ``binary`` is there and we are
    root (we start the servers and create users in them)."""
    if os.geteuid() != 0:
        raise SetupError('run as root: RabbitMQ and PostgreSQL are started '
                         'and users are created in them')
    if shutil.which(binary) is None:
        raise SetupError('%s not found: install the Debian package %s '
                         '(apt-get install rabbitmq-server postgresql)' % (
                             binary, package))


def _sql_literal(value):
    return "'%s'" % value.replace("'", "''")


class RabbitMQ:
    """The machine's RabbitMQ broker, driven with rabbitmqctl."""

    PORT = 5672
    #: Open files for a broker started here (systemd's unit for Debian's
    #: rabbitmq-server sets 65536): one per connection, and each service
    #: opens several. A shell's default of 1024 ran out on a machine
    #: running a few deployments and benchmarks at once, and the broker
    #: then failed every queue declaration until restarted.
    OPEN_FILES = 65536

    @staticmethod
    def ctl(*args, timeout=120, check=True):
        return run(['rabbitmqctl', '-q'] + list(args), timeout=timeout,
                   check=check)

    @classmethod
    def is_running(cls):
        # Cheaper than `rabbitmqctl status` (two seconds of Erlang start).
        return listening(cls.PORT) and cls.ctl(
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
        require('rabbitmq-server', 'rabbitmq-server')
        if cls.is_running():
            return
        # As its own user: Debian's rabbitmq-server run by root switches
        # with su, whose PAM session puts the open files back to 1024.
        start_daemon(['rabbitmq-server', '-detached'],
                     open_files_limit=cls.OPEN_FILES, user='rabbitmq')
        cls.await_startup()

    @classmethod
    def restart_app(cls):
        """Stop and start the broker application: every connection drops,
        every non-durable queue is gone, the vhosts stay."""
        cls.ctl('stop_app')
        cls.ctl('start_app')
        cls.await_startup()

    @classmethod
    def add_vhost(cls, vhost, user='guest', password=None):
        """Make ``vhost`` and give ``user`` (made with ``password`` when
        given) every permission on it."""
        cls.ctl('add_vhost', vhost)
        if password is not None:
            cls.ctl('add_user', user, password)
        cls.ctl('set_permissions', '-p', vhost, user, '.*', '.*', '.*')

    @classmethod
    def delete_vhost(cls, vhost, user=None):
        cls.ctl('delete_vhost', vhost, check=False)
        if user is not None:
            cls.ctl('delete_user', user, check=False)

    @classmethod
    def queues(cls, vhost):
        return cls.ctl('list_queues', '-p', vhost, '--no-table-headers',
                       'name').stdout.split()

    @classmethod
    def url(cls, vhost, user='guest', password='guest', host='127.0.0.1'):
        return 'rabbit://%s:%s@%s:%d/%s' % (user, password, host, cls.PORT,
                                            vhost)


class PostgreSQL:
    """The machine's PostgreSQL cluster (Debian's pg_* wrappers)."""

    port = None

    @staticmethod
    def clusters():
        """``[(version, name, port, status)]`` from pg_lsclusters."""
        out = run(['pg_lsclusters', '-h']).stdout
        return [(f[0], f[1], int(f[2]), f[3])
                for f in (line.split() for line in out.splitlines()) if f]

    @classmethod
    def ensure_running(cls):
        """Start (or create) a cluster and the tests' minova role; return
        its port."""
        require('pg_ctlcluster', 'postgresql')
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
        cls.create_role(DB_ROLE, DB_PASSWORD)
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
    def psql(cls, sql, check=True, database=None):
        cmd = ['runuser', '-u', 'postgres', '--', 'psql', '-X', '-q',
               '-v', 'ON_ERROR_STOP=1', '-p', str(cls.port), '-Atc', sql]
        if database:
            cmd[-2:-2] = ['-d', database]
        return run(cmd, check=check)

    @classmethod
    def create_role(cls, role, password):
        """Make the login role ``role`` unless it exists."""
        cls.psql("DO $$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE "
                 "rolname = %s) THEN CREATE ROLE %s LOGIN PASSWORD %s; "
                 "END IF; END $$" % (_sql_literal(role), role,
                                     _sql_literal(password)))

    @classmethod
    def create_database(cls, name, owner=DB_ROLE):
        cls.psql('CREATE DATABASE %s OWNER %s' % (name, owner))

    @classmethod
    def drop_database(cls, name, role=None):
        """Drop database ``name`` (its connections cut) and ``role``."""
        cls.psql('DROP DATABASE IF EXISTS %s WITH (FORCE)' % name,
                 check=False)
        if role is not None:
            cls.psql('DROP ROLE IF EXISTS %s' % role, check=False)

    @classmethod
    def url(cls, name, role=DB_ROLE, password=DB_PASSWORD,
            host='127.0.0.1'):
        return 'postgresql+psycopg2://%s:%s@%s:%d/%s' % (
            role, password, host, cls.port, name)
