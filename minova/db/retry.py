"""Riding out a short database outage (a restart, a failover).

The conductor is where a compute's every state change reaches the
database. When PostgreSQL restarts under it, the statements in flight fail
with a lost or refused connection; without a retry, a build that had
spawned its guest could not record it, nor its failure, and would stay in
flight. :func:`retry_on_disconnect` gives an RPC endpoint's methods
oslo.db's retry on those errors only, with the ``[database] db_max_retries``
and ``db_*retry_interval`` options (oslo.db's own, default about three
minutes in all). Other errors, and a refusal by the database itself, pass
at once.
"""

import functools

from oslo_db import api as oslo_db_api
from oslo_db import exception as db_exc
import sqlalchemy.exc


def _lost_connection(error):
    """A connection dropped or refused: what a retry may cure."""
    if isinstance(error, db_exc.DBConnectionError):
        return True
    if isinstance(error, sqlalchemy.exc.DBAPIError):
        return error.connection_invalidated or isinstance(
            error, sqlalchemy.exc.OperationalError)
    return False


def retry_on_disconnect(conf, endpoint, skip=()):
    """Wrap the public methods of RPC endpoint ``endpoint`` (in place, but
    those named in ``skip``): each is run again while the database
    connection is lost."""
    options = conf.database
    retry = oslo_db_api.wrap_db_retry(
        max_retries=options.db_max_retries,
        retry_interval=options.db_retry_interval,
        inc_retry_interval=options.db_inc_retry_interval,
        max_retry_interval=options.db_max_retry_interval,
        exception_checker=_lost_connection)
    for name in dir(type(endpoint)):
        method = getattr(type(endpoint), name)
        if name.startswith('_') or name in skip or not callable(method) \
                or isinstance(method, type):
            continue
        bound = getattr(endpoint, name)
        setattr(endpoint, name, functools.wraps(bound)(retry(bound)))
    return endpoint
