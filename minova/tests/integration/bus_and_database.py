"""A vhost and a database of the test's own on the machine's RabbitMQ and
PostgreSQL (started by :mod:`minova.deployment.bus_and_database` if need
be, and left running for the next test, as a system service would be);
everything a test creates in them is removed."""

import secrets

import fixtures

from minova.deployment.bus_and_database import PostgreSQL
from minova.deployment.bus_and_database import RabbitMQ
from minova.deployment.processes import run


class RabbitMQVhost(fixtures.Fixture):
    """A vhost of its own on the running broker, for ``guest``."""

    def _setUp(self):
        RabbitMQ.ensure_running()
        self.vhost = 'minova_%s' % secrets.token_hex(4)
        self.addCleanup(RabbitMQ.delete_vhost, self.vhost)
        RabbitMQ.add_vhost(self.vhost)
        # guest may log in only from the loopback address: fine here.
        self.url = RabbitMQ.url(self.vhost)


class PostgreSQLDatabase(fixtures.Fixture):
    """A fresh database owned by the minova role; ``url`` for SQLAlchemy."""

    def _setUp(self):
        PostgreSQL.ensure_running()
        self.name = 'minova_%s' % secrets.token_hex(4)
        PostgreSQL.create_database(self.name)
        self.addCleanup(PostgreSQL.drop_database, self.name)
        self.url = PostgreSQL.url(self.name)

    def query(self, sql):
        """Rows of ``sql`` as lists of strings (psql's unaligned output)."""
        out = run(['runuser', '-u', 'postgres', '--', 'psql', '-X', '-q',
                   '-v', 'ON_ERROR_STOP=1', '-p', str(PostgreSQL.port),
                   '-d', self.name, '-At', '-F', '\t', '-c', sql]).stdout
        return [line.split('\t') for line in out.splitlines()]
