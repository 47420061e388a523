"""Ping a pooled database connection only when it sat idle.

oslo.db turns on SQLAlchemy's pre-ping: a ``SELECT 1`` round trip before
every transaction. Most transactions of a boot are one or two statements,
so it was one round trip in three (27 pings for 60 statements per boot, in
PostgreSQL's CPU as in the services'). A connection given back to the pool
a moment ago is as alive as the ping would say; a restarted or timed-out
server shows on one that sat idle, and only those are pinged. A server that
goes away under a busy pool fails the statements in flight, as it does with
pre-ping, and SQLAlchemy then drops the pool's other connections.
"""

import time

import sqlalchemy

# Seconds in the pool after which a connection is pinged on checkout.
IDLE = 1.0

_CHECKIN = 'minova_checked_in'


def install(engine):
    """Replace ``engine``'s ping on every checkout by a ping of the
    connections idle for more than :data:`IDLE` seconds."""
    # The pool's pre-ping flag: create_engine(pool_pre_ping=True) set it,
    # and oslo.db always passes True.
    engine.pool._pre_ping = False
    error = engine.dialect.loaded_dbapi.Error

    def checkout(dbapi_connection, record, proxy):
        since = record.info.get(_CHECKIN)
        if since is None or time.monotonic() - since < IDLE:
            return  # new, or back from a transaction a moment ago
        try:
            cursor = dbapi_connection.cursor()
            try:
                cursor.execute('SELECT 1')
            finally:
                cursor.close()
        except error as e:
            # The pool drops this connection and checks out another.
            raise sqlalchemy.exc.DisconnectionError(str(e))

    def checkin(dbapi_connection, record):
        if dbapi_connection is not None:
            record.info[_CHECKIN] = time.monotonic()

    sqlalchemy.event.listen(engine, 'checkout', checkout)
    sqlalchemy.event.listen(engine, 'checkin', checkin)
